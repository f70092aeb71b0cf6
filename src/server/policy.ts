import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { SeatPolicy } from "../contract/bff";
import type { IssueCode } from "../domain/issues";
import { previewSubscriptionChange } from "../domain/preview";
import type { UpdateSubscription } from "../domain/edit-validation";
import type { ContractEditRecord } from "../domain/quantity-timeline";
import { quantityMode, type QuantityHistory, type SeatSegment } from "../domain/subscription";
import { floorToHour, formatInstant, parseTime, toIso } from "../domain/time";
import type { SeatPolicyConfig } from "./config";
import type { CustomerDirectory } from "./customers";
import { isObject, type JsonObject } from "./json";
import { upstreamJson, upstreamNow, type MetronomeUpstream } from "./upstream";

/** Seat-policy codes of the shared domain (src/domain/seat-policy.ts), plus the back-dating rule. */
export type PolicyCode = Extract<IssueCode, "below_min_seats" | "above_max_seats" | "below_assigned_seats" | "above_seat_cap"> | "backdate_not_allowed";

/** A refusal: the HTTP status, the code and one plain sentence. */
export type PolicyVerdict = { ok: true } | { ok: false; status: 403 | 422; code: PolicyCode; message: string };

const POLICY_CODES: ReadonlySet<string> = new Set(["below_min_seats", "above_max_seats", "below_assigned_seats", "above_seat_cap"]);

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
 * The explicit-total check: an explicit new total (`quantity_updates[].quantity`) outside the
 * customer's min/max seats. Used when the subscription's current state cannot be read or replayed.
 */
export function checkExplicitTotals(policy: SeatPolicy, edit: JsonObject): PolicyVerdict {
  if (policy.min_seats === null && policy.max_seats === null) return { ok: true };
  const updates = Array.isArray(edit.update_subscriptions) ? edit.update_subscriptions : [];
  for (const update of updates) {
    if (!isObject(update) || !Array.isArray(update.quantity_updates)) continue;
    for (const change of update.quantity_updates) {
      if (!isObject(change) || typeof change.quantity !== "number") continue;
      if (policy.min_seats !== null && change.quantity < policy.min_seats) {
        return { ok: false, status: 422, code: "below_min_seats", message: `This customer's seat policy requires at least ${policy.min_seats} seats; ${change.quantity} is below it` };
      }
      if (policy.max_seats !== null && change.quantity > policy.max_seats) {
        return { ok: false, status: 422, code: "above_max_seats", message: `This customer's seat policy allows at most ${policy.max_seats} seats; ${change.quantity} is above it` };
      }
    }
  }
  return { ok: true };
}

export interface SeatEditGate {
  upstream: MetronomeUpstream;
  policy: SeatPolicy;
  /** Whether the person may date changes before the current hour (account managers). */
  canBackdate: boolean;
  /** The server's wall clock; the embedded simulator's own clock wins when it answers. */
  now: () => Date;
  /** Seat cap of seat-based subscriptions (default: the domain's, 1000). */
  maxSeats?: number | undefined;
}

function startTimes(update: JsonObject): string[] {
  const times: string[] = [];
  const push = (item: unknown) => {
    if (isObject(item) && typeof item.starting_at === "string") times.push(item.starting_at);
  };
  if (Array.isArray(update.quantity_updates)) update.quantity_updates.forEach(push);
  if (isObject(update.seat_updates)) {
    for (const list of Object.values(update.seat_updates)) if (Array.isArray(list)) list.forEach(push);
  }
  return times;
}

async function allSeatSegments(upstream: MetronomeUpstream, key: Record<string, string>): Promise<SeatSegment[] | null> {
  const segments: SeatSegment[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page += 1) {
    const result = await upstreamJson(upstream, "POST", "/v1/contracts/getSubscriptionSeatsHistory", { ...key, limit: 10, ...(cursor ? { cursor } : {}) });
    if (!result.ok || !isObject(result.body) || !Array.isArray(result.body.data)) return null;
    segments.push(...(result.body.data as SeatSegment[]));
    cursor = typeof result.body.next_page === "string" && result.body.next_page !== "" ? result.body.next_page : null;
    if (cursor === null) return segments;
  }
  return null;
}

/** The contract's edits as Metronome recorded them (getEditHistory's `data`), or null when unreadable. */
async function editHistory(upstream: MetronomeUpstream, key: Record<string, string>): Promise<ContractEditRecord[] | null> {
  const result = await upstreamJson(upstream, "POST", "/v2/contracts/getEditHistory", key);
  return result.ok && isObject(result.body) && Array.isArray(result.body.data) ? (result.body.data as ContractEditRecord[]) : null;
}

/**
 * The seat-policy gate of a seat edit (POST /v2/contracts/edit), run before the edit goes upstream.
 * Reads each edited subscription's current state upstream (contract, quantity history, every seats
 * history segment; for a quantity-only subscription the contract's edit history, which tells whether
 * each scheduled change was a total or a delta), replays the edit on it with the shared domain preview and refuses (422) a
 * resulting schedule outside the customer's min/max seats, below the assigned seats or above the
 * seat cap; refuses (403) a change dated before the current hour from a role that may not back-date.
 * What Metronome itself validates (shapes, hours, subscription bounds) is left to Metronome. When
 * the state cannot be read, only explicit new totals are judged.
 */
export async function checkSeatEdit(gate: SeatEditGate, edit: JsonObject): Promise<PolicyVerdict> {
  const updates = (Array.isArray(edit.update_subscriptions) ? edit.update_subscriptions : []).filter(
    (u): u is JsonObject => isObject(u) && typeof u.subscription_id === "string",
  );
  if (updates.length === 0) return { ok: true };
  const now = await upstreamNow(gate.upstream, gate.now);

  if (!gate.canBackdate) {
    const hour = floorToHour(now);
    for (const update of updates) {
      for (const at of startTimes(update)) {
        const t = parseTime(at);
        if (t !== null && t < hour) {
          return {
            ok: false,
            status: 403,
            code: "backdate_not_allowed",
            message: `Changes can start at the current hour (${formatInstant(hour)}) or later; only an account manager can back-date a change to ${formatInstant(t)}`,
          };
        }
      }
    }
  }
  if (gate.policy.min_seats === null && gate.policy.max_seats === null && updates.every((u) => u.seat_updates === undefined)) {
    return { ok: true };
  }

  const customerId = edit.customer_id;
  const contractId = edit.contract_id;
  if (typeof customerId !== "string" || typeof contractId !== "string") return checkExplicitTotals(gate.policy, edit);
  const read = await upstreamJson(gate.upstream, "POST", "/v2/contracts/get", { customer_id: customerId, contract_id: contractId });
  const contract = isObject(read.body) && isObject(read.body.data) ? (read.body.data as unknown as ContractV2) : null;
  if (!read.ok || contract === null) return checkExplicitTotals(gate.policy, edit);

  // One read of the contract's edit history, shared by its quantity-only subscriptions.
  let edits: Promise<ContractEditRecord[] | null> | null = null;
  for (const update of updates) {
    const subscriptionId = update.subscription_id as string;
    const sub = contract.subscriptions?.find((s) => s.id === subscriptionId);
    if (!sub) continue; // Metronome answers an unknown subscription itself
    const key = { customer_id: customerId, contract_id: contractId, subscription_id: subscriptionId };
    const seatBased = quantityMode(sub) === "SEAT_BASED";
    if (!seatBased) edits ??= editHistory(gate.upstream, { customer_id: customerId, contract_id: contractId });
    const [history, seatsHistory, contractEdits] = await Promise.all([
      upstreamJson(gate.upstream, "POST", "/v1/contracts/getSubscriptionQuantityHistory", key),
      seatBased ? allSeatSegments(gate.upstream, key) : null,
      seatBased ? null : edits,
    ]);
    const quantityHistory = history.ok && isObject(history.body) && isObject(history.body.data) ? (history.body.data as QuantityHistory) : null;
    if (seatBased && seatsHistory === null) return checkExplicitTotals(gate.policy, edit);
    let issues;
    try {
      issues = previewSubscriptionChange({
        contract,
        update: update as unknown as UpdateSubscription,
        now: toIso(now),
        quantityHistory,
        seatsHistory,
        editHistory: contractEdits,
        policy: gate.policy,
        ...(gate.maxSeats !== undefined ? { maxSeats: gate.maxSeats } : {}),
      }).issues;
    } catch {
      return checkExplicitTotals(gate.policy, edit);
    }
    const refusal = issues.find((i) => i.severity === "error" && POLICY_CODES.has(i.code));
    if (refusal) return { ok: false, status: 422, code: refusal.code as PolicyCode, message: refusal.message };
  }
  return { ok: true };
}
