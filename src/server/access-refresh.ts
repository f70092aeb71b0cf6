/**
 * Reads what the access projection needs of one customer from Metronome: the customer (404: not
 * known), its contracts, its commit and credit balances covering now, every seat's balances and its
 * alerts. Only the refresh calls these (on a first check, after a webhook or one of the server's own
 * writes, or when the projection has aged); a check never does.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { CustomerAlert } from "@metronome/sdk/resources/v1/customers/alerts";
import type { AccessReads } from "../domain/access-snapshot";
import type { SeatBalance } from "../domain/balance-at";
import type { BalanceItem } from "../domain/credit-figures";
import { toIso } from "../domain/time";
import { HttpError } from "./errors";
import { isObject } from "./json";
import { upstreamJson, type MetronomeUpstream } from "./upstream";

/** Enough for any customer (1,000 seats are 10 seat pages); a cursor that never ends is an upstream fault. */
const MAX_PAGES = 200;

async function read(upstream: MetronomeUpstream, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const result = await upstreamJson(upstream, method, path, body);
  if (!result.ok || !isObject(result.body)) throw new HttpError(502, `Metronome answered ${result.status} to ${path}`, "upstream_error");
  return result.body;
}

/** Every page of a list: `fetchPage` reads the page at a cursor (null: the first), `cursorOf` finds the next cursor in a page. */
async function allPages<T>(fetchPage: (cursor: string | null) => Promise<Record<string, unknown>>, cursorOf: (page: Record<string, unknown>) => unknown): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = await fetchPage(cursor);
    if (!Array.isArray(page.data)) throw new HttpError(502, "Metronome returned a list without data", "upstream_error");
    items.push(...(page.data as T[]));
    const next = cursorOf(page);
    if (typeof next !== "string" || next === "") return items;
    cursor = next;
  }
  throw new HttpError(502, `Metronome's list did not end within ${MAX_PAGES} pages`, "upstream_error");
}

function seatsOf(upstream: MetronomeUpstream, customerId: string, contract: ContractV2): Promise<SeatBalance[]> {
  if (!contract.subscriptions?.some((s) => s.quantity_management_mode === "SEAT_BASED")) return Promise.resolve([]);
  return allPages<SeatBalance>(
    (cursor) => read(upstream, "POST", "/v1/contracts/seatBalances/list", { customer_id: customerId, contract_id: contract.id, limit: 100, ...(cursor ? { cursor } : {}) }),
    (page) => (isObject(page.pagination) ? page.pagination.next_page : null),
  );
}

/** The customer's reads for accessSnapshot; null when Metronome does not know the customer. */
export async function readAccess(upstream: MetronomeUpstream, customerId: string, now: number): Promise<AccessReads | null> {
  const customer = await upstreamJson(upstream, "GET", `/v1/customers/${encodeURIComponent(customerId)}`);
  if (customer.status === 404 || customer.status === 400) return null;
  if (!customer.ok) throw new HttpError(502, `Metronome answered ${customer.status} while reading customer ${customerId}`, "upstream_error");
  const id = { customer_id: customerId };
  const [contracts, balances, alerts] = await Promise.all([
    read(upstream, "POST", "/v2/contracts/list", id).then((body) => (Array.isArray(body.data) ? (body.data as ContractV2[]) : [])),
    allPages<BalanceItem>(
      (cursor) =>
        read(upstream, "POST", "/v1/contracts/customerBalances/list", {
          ...id, include_contract_balances: true, include_balance: true, covering_date: toIso(now), limit: 25, ...(cursor ? { next_page: cursor } : {}),
        }),
      (page) => page.next_page,
    ),
    allPages<CustomerAlert>(
      (cursor) => read(upstream, "POST", `/v1/customer-alerts/list${cursor ? `?next_page=${encodeURIComponent(cursor)}` : ""}`, id),
      (page) => page.next_page,
    ),
  ]);
  const seats = (await Promise.all(contracts.map((contract) => seatsOf(upstream, customerId, contract)))).flat();
  return { contracts, balances, seats, alerts, now };
}
