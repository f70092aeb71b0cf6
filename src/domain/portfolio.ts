/**
 * An account manager's portfolio: one row per assigned customer, composed from the reads the
 * customer's own pages make (the contract list, the customer's balances, its alerts and its access
 * state), through the same derivations those pages use:
 *
 * - Seats now: every subscription in force now of every contract in force now, the quantity of its
 *   quantity_schedule item covering now (Metronome's quantity: assigned and unassigned seats alike).
 * - Trend: the next scheduled change of that total (the schedule's next item that differs).
 * - Credits left: creditFigures (pooled and every seat's credits, per credit type), the customer's
 *   contract-level and customer-level commits and credits together, as the credits page sums them.
 * - Alerts in alarm: the customer's enabled alerts whose customer_status is "in_alarm".
 * - Seats out of credits: the seats the access check gates now (domain/access on the projection).
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { CustomerAlert } from "@metronome/sdk/resources/v1/customers/alerts";
import type { CustomerAccess } from "../contract/bff";
import type { CustomerBalancesParams } from "../contract/metronome-reads";
import { creditFigures, type BalanceItem } from "./credit-figures";
import { parseTime } from "./time";

/** The most customers one portfolio shows (one page of the customer directory). */
export const PORTFOLIO_LIMIT = 100;

/** The balances a portfolio row sums: every commit and credit of the customer, contract-level and customer-level. */
export const PORTFOLIO_BALANCES: CustomerBalancesParams = { contractId: null, includeBalance: true, includeLedgers: false, coveringDate: null, startingAt: null, effectiveBefore: null };

export interface PortfolioInput {
  customerId: string;
  name: string;
  contracts: readonly ContractV2[] | null;
  balances: readonly BalanceItem[] | null;
  alerts: readonly CustomerAlert[] | null;
  access: CustomerAccess | null;
  /** epoch ms (the upstream's now) */
  now: number;
}

export interface PortfolioCredit {
  creditTypeId: string;
  creditTypeName: string | null;
  /** Pooled and seat-scoped credits left now, together. */
  remaining: number;
}

export interface PortfolioRow {
  customerId: string;
  name: string;
  /** null until the contracts are read (or when the customer has no subscription in force). */
  seatsNow: number | null;
  /** The next scheduled change of the seat total, if any. */
  nextChange: { quantity: number; at: number } | null;
  /** Per credit type, largest first; null until read. */
  credits: PortfolioCredit[] | null;
  alertsInAlarm: number | null;
  /** Seats the access check gates now; null while the access state is unknown. */
  seatsOutOfCredits: number | null;
  /** Whether the customer as a whole may use the product now; null while unknown. */
  allowed: boolean | null;
  /** When a gated customer's access returns on its own (ISO), if it does. */
  resetsAt: string | null;
}

const inForce = (start: string | null | undefined, end: string | null | undefined, t: number) => {
  const from = parseTime(start);
  const to = parseTime(end);
  return from !== null && from <= t && (to === null || t < to);
};

type ScheduleItem = NonNullable<ContractV2.Subscription["quantity_schedule"]>[number];

/** Every instant at which some subscription's quantity changes after now, with the total then. */
function seatTotals(contracts: readonly ContractV2[], now: number): { now: number | null; next: { quantity: number; at: number } | null } {
  const schedules: ScheduleItem[][] = [];
  for (const contract of contracts) {
    if (parseTime(contract.ending_before) !== null && (parseTime(contract.ending_before) as number) <= now) continue;
    for (const sub of contract.subscriptions ?? []) schedules.push(sub.quantity_schedule ?? []);
  }
  const totalAt = (t: number): number | null => {
    let total: number | null = null;
    for (const schedule of schedules) {
      const item = schedule.find((q) => inForce(q.starting_at, q.ending_before, t));
      if (item) total = (total ?? 0) + Number(item.quantity);
    }
    return total;
  };
  const current = totalAt(now);
  const changes = [...new Set(schedules.flat().map((q) => parseTime(q.starting_at)).filter((t): t is number => t !== null && t > now))].sort((a, b) => a - b);
  for (const at of changes) {
    const quantity = totalAt(at);
    if (quantity !== null && quantity !== current) return { now: current, next: { quantity, at } };
  }
  return { now: current, next: null };
}

export function portfolioRow(input: PortfolioInput): PortfolioRow {
  const seats = input.contracts ? seatTotals(input.contracts, input.now) : { now: null, next: null };
  const credits = input.balances
    ? creditFigures(input.balances)
        .map((f) => ({ creditTypeId: f.creditTypeId, creditTypeName: f.creditTypeName, remaining: f.pooled + f.seats }))
        .sort((a, b) => b.remaining - a.remaining)
    : null;
  const access = input.access?.refreshed_at ? input.access : null;
  return {
    customerId: input.customerId,
    name: input.name,
    seatsNow: seats.now,
    nextChange: seats.next,
    credits,
    alertsInAlarm: input.alerts ? input.alerts.filter((a) => a.customer_status === "in_alarm").length : null,
    seatsOutOfCredits: access ? Object.values(access.seats).filter((d) => !d.allowed).length : null,
    allowed: access ? access.customer.allowed : null,
    resetsAt: access && !access.customer.allowed ? access.customer.resets_at : null,
  };
}

export const PORTFOLIO_SORTS = ["name", "seats", "credits", "alerts", "out"] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];
export type SortDirection = "asc" | "desc";

const sortValue: Record<Exclude<PortfolioSort, "name">, (row: PortfolioRow) => number | null> = {
  seats: (r) => r.seatsNow,
  credits: (r) => r.credits?.[0]?.remaining ?? null,
  alerts: (r) => r.alertsInAlarm,
  out: (r) => r.seatsOutOfCredits,
};

/** The rows matching `query` (by name or id, case- and accent-insensitive), sorted; unknown figures last either way, then by name. */
export function portfolioView(rows: readonly PortfolioRow[], sort: PortfolioSort, dir: SortDirection, query: string, locale: string): PortfolioRow[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase(locale);
  const q = fold(query.trim());
  const matching = q ? rows.filter((r) => fold(r.name).includes(q) || r.customerId.toLowerCase().includes(q)) : [...rows];
  const byName = (a: PortfolioRow, b: PortfolioRow) => a.name.localeCompare(b.name, locale, { sensitivity: "base" });
  const sign = dir === "asc" ? 1 : -1;
  return matching.sort((a, b) => {
    if (sort === "name") return sign * byName(a, b) || a.customerId.localeCompare(b.customerId);
    const va = sortValue[sort](a);
    const vb = sortValue[sort](b);
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return sign * (va - vb) || byName(a, b);
  });
}
