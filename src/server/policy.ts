import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { SeatPolicy } from "../contract/bff";
import type { IssueCode } from "../domain/issues";
import type { SeatChangePreview } from "../domain/preview";
import type { ContractEditRecord } from "../domain/quantity-timeline";
import { isSeatBased, type QuantityHistory, type SeatSegment, type Subscription } from "../domain/subscription";
import { floorToHour, formatInstant } from "../domain/time";
import type { Role } from "../contract/bff";
import type { SeatPolicyConfig } from "./config";
import type { CustomerDirectory } from "./customers";
import { HttpError } from "./errors";
import { isObject } from "./json";
import { upstreamJson, type MetronomeUpstream } from "./upstream";

/** Seat-policy codes of the shared domain (src/domain/seat-policy.ts). */
export type PolicyCode = Extract<IssueCode, "below_min_seats" | "above_max_seats" | "below_assigned_seats" | "above_seat_cap">;

const POLICY_CODES: ReadonlySet<string> = new Set(["below_min_seats", "above_max_seats", "below_assigned_seats", "above_seat_cap"] satisfies PolicyCode[]);

/** The configured policy of a customer: an entry under its id, else under one of its ingest aliases. */
export async function resolveSeatPolicy(config: SeatPolicyConfig, customerId: string, directory: CustomerDirectory): Promise<SeatPolicy> {
  let limits = config[customerId];
  if (!limits) {
    const aliasKeys = Object.keys(config).filter((key) => key !== customerId);
    if (aliasKeys.length > 0) {
      const customer = await directory.get(customerId);
      const alias = customer?.ingest_aliases.find((a) => config[a] !== undefined);
      if (alias !== undefined) limits = config[alias];
    }
  }
  return { customer_id: customerId, min_seats: limits?.min_seats ?? null, max_seats: limits?.max_seats ?? null };
}

/**
 * What each role may write, beyond the customer scope and the seat policy that bind everyone:
 * a customer admin changes the quantity or seats of an existing subscription from the current hour
 * on; an account manager may also date a change earlier (back-date). Members write nothing.
 */
export const MAY_BACKDATE: Record<Role, boolean> = { customer_admin: false, customer_member: false, account_manager: true };

/** 403 when a change starts before the current hour and the role may not back-date. */
export function assertMayStartAt(role: Role, changeTimes: readonly number[], now: number): void {
  if (MAY_BACKDATE[role]) return;
  const hour = floorToHour(now);
  const early = changeTimes.filter((t) => t < hour).sort((a, b) => a - b)[0];
  if (early !== undefined) {
    throw new HttpError(
      403,
      `Changes can start at the current hour (${formatInstant(hour)}) or later; only an account manager can back-date a change to ${formatInstant(early)}`,
      "backdate_not_allowed",
    );
  }
}

/** Everything the preview of one subscription's change reads, as Metronome answers it now. */
interface SubscriptionState {
  contract: ContractV2;
  subscription: Subscription;
  quantityHistory: QuantityHistory | null;
  seatsHistory: SeatSegment[] | null;
  editHistory: ContractEditRecord[] | null;
}

const UNREADABLE = "The subscription's current seats could not be read from Metronome, so the change was not checked or sent; try again shortly";

function unreadable(status: number): HttpError {
  return new HttpError(status >= 500 || status === 0 ? 502 : status === 429 ? 503 : 502, UNREADABLE, "state_unreadable");
}

async function read(upstream: MetronomeUpstream, path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await upstreamJson(upstream, "POST", path, body);
  if (!result.ok || !isObject(result.body)) throw unreadable(result.status);
  return result.body;
}

async function allSeatSegments(upstream: MetronomeUpstream, key: Record<string, string>): Promise<SeatSegment[]> {
  const segments: SeatSegment[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page += 1) {
    const body = await read(upstream, "/v1/contracts/getSubscriptionSeatsHistory", { ...key, limit: 10, ...(cursor ? { cursor } : {}) });
    if (!Array.isArray(body.data)) throw unreadable(502);
    segments.push(...(body.data as SeatSegment[]));
    cursor = typeof body.next_page === "string" && body.next_page !== "" ? body.next_page : null;
    if (cursor === null) return segments;
  }
  throw unreadable(502);
}

/**
 * Reads one subscription's current state upstream: the contract, its quantity history, and every
 * seats-history segment (seat-based) or the contract's edit history (quantity-only: it tells
 * whether each scheduled change was a total or a delta). Fails closed: what cannot be read stops
 * the edit (502), and a contract or subscription that does not exist is a 404.
 */
export async function readSubscriptionState(upstream: MetronomeUpstream, key: { customer_id: string; contract_id: string; subscription_id: string }): Promise<SubscriptionState> {
  const found = await upstreamJson(upstream, "POST", "/v2/contracts/get", { customer_id: key.customer_id, contract_id: key.contract_id });
  if (found.status === 404 || found.status === 400) throw new HttpError(404, `contract_id ${key.contract_id} is not a contract of customer ${key.customer_id}`, "contract_not_found");
  if (!found.ok || !isObject(found.body) || !isObject(found.body.data)) throw unreadable(found.status);
  const contract = found.body.data as unknown as ContractV2;
  const subscription = contract.subscriptions?.find((s) => s.id === key.subscription_id);
  if (!subscription) throw new HttpError(404, `subscription_id ${key.subscription_id} is not a subscription of contract ${key.contract_id}`, "subscription_not_found");
  const seatBased = isSeatBased(subscription);
  const [history, seatsHistory, edits] = await Promise.all([
    read(upstream, "/v1/contracts/getSubscriptionQuantityHistory", key),
    seatBased ? allSeatSegments(upstream, key) : null,
    seatBased ? null : read(upstream, "/v2/contracts/getEditHistory", { customer_id: key.customer_id, contract_id: key.contract_id }),
  ]);
  return {
    contract,
    subscription,
    quantityHistory: isObject(history.data) ? (history.data as unknown as QuantityHistory) : null,
    seatsHistory,
    editHistory: edits && Array.isArray(edits.data) ? (edits.data as ContractEditRecord[]) : null,
  };
}

/** The seat-policy refusal of a previewed change (min/max seats, assigned seats, seat cap), or null. */
export function policyRefusal(preview: SeatChangePreview): { code: PolicyCode; message: string } | null {
  const refusal = preview.issues.find((i) => i.severity === "error" && POLICY_CODES.has(i.code));
  return refusal ? { code: refusal.code as PolicyCode, message: refusal.message } : null;
}
