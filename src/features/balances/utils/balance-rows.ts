/**
 * H3/H7: the seat balances table as pure data — one row per seat with, for one credit type, its
 * balance, starting balance, share used and run-out forecast; search, filter and sort.
 */
import { balanceAt, type HeldGrant } from "../../../domain/balance-at";
import { forecastAt, type Forecast } from "../../../domain/run-out";
import { toIsoDate } from "../../../lib/date-range";
import type { SeatBalance } from "../../../domain/balance-at";

export interface BalanceRow {
  seatId: string;
  /** Assigned at the date the balances cover. */
  assigned: boolean;
  /** False while the seat's chunk is still loading. */
  loaded: boolean;
  /** null once loaded: the seat holds nothing of this credit type. */
  balance: number | null;
  startingBalance: number | null;
  /** Share of the starting balance used (0..1); null when nothing was granted. */
  usedShare: number | null;
  forecast: Forecast | null;
}

export type SortKey = "seat" | "balance" | "starting" | "used" | "runout";
export type SortDir = "asc" | "desc";
export type BalanceFilter = "all" | "runs_out" | "low" | "unused" | "removed";

export const SORT_KEYS: readonly SortKey[] = ["seat", "balance", "starting", "used", "runout"];
export const FILTERS: readonly BalanceFilter[] = ["all", "runs_out", "low", "unused", "removed"];

/** The credit types the seats hold, most common first. */
export function creditTypesOf(seats: readonly SeatBalance[]): string[] {
  const counts = new Map<string, number>();
  for (const seat of seats) for (const b of seat.balances) counts.set(b.credit_type_id, (counts.get(b.credit_type_id) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

/** When the balances are for. */
export interface BalancesInstant {
  /** The instant (epoch ms). */
  at: number;
  /** True for now (no date chosen, or today): balances as Metronome reports them now, with forecasts. */
  live: boolean;
}

/**
 * The instant "Balances on <date>" shows: the end of that day (UTC, as dates are shown), so the
 * day's own grants and changes count; today (or no date) is now.
 */
export function balancesInstant(on: string | null, now: number): BalancesInstant {
  if (on === null || on >= toIsoDate(now)) return { at: now, live: true };
  return { at: Date.parse(`${on}T00:00:00.000Z`) + 24 * 3600_000 - 1, live: false };
}

export interface RowInstant {
  /** The instant the balances are for. */
  at: number;
  /** The upstream's now: pending usage, dated ahead, counts from it (see balanceAt). */
  now: number;
  /** The instant the seat's balances were read at (readingInstant), for its run-out; null for none (a past date). */
  forecastAsOf: number | null;
}

/**
 * One seat's row for `creditTypeId` at `when.at`, from its grants (seatGrants): the balance, what
 * was granted and used then (balanceAt), and, for a seat still assigned, its run-out forecast
 * measured to the instant its balances were read at. A seat that held nothing then has no balance.
 */
export function toRow(seatId: string, assigned: boolean, grants: readonly HeldGrant[] | undefined, creditTypeId: string | null, when: RowInstant, loaded: boolean): BalanceRow {
  const empty: BalanceRow = { seatId, assigned, loaded, balance: null, startingBalance: null, usedShare: null, forecast: null };
  if (!grants || !creditTypeId) return empty;
  const b = balanceAt(grants, creditTypeId, when.at, when.now);
  if (!b.held) return empty;
  const asOf = when.forecastAsOf;
  const forecast = asOf === null ? null : forecastAt(balanceAt(grants, creditTypeId, asOf, asOf), asOf, assigned);
  return {
    seatId,
    assigned,
    loaded,
    balance: b.balance,
    startingBalance: b.granted,
    usedShare: b.granted > 0 ? Math.min(1, b.used / b.granted) : null,
    forecast,
  };
}

export function matchesFilter(row: BalanceRow, filter: BalanceFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "runs_out":
      return row.forecast?.status === "runs_out" || row.forecast?.status === "empty";
    case "low":
      return row.usedShare !== null && row.usedShare >= 0.8;
    case "unused":
      return row.loaded && (row.usedShare === null || row.usedShare === 0);
    case "removed":
      return !row.assigned;
  }
}

function sortValue(row: BalanceRow, key: SortKey): number | string | null {
  switch (key) {
    case "seat":
      return row.seatId;
    case "balance":
      return row.balance;
    case "starting":
      return row.startingBalance;
    case "used":
      return row.usedShare;
    case "runout":
      return row.forecast?.status === "runs_out" || row.forecast?.status === "empty" ? row.forecast.runOutAt : null;
  }
}

/** Search (seat ID contains, case-insensitive), filter and sort; rows without a value sort last either way. */
export function selectRows(rows: readonly BalanceRow[], options: { search: string; filter: BalanceFilter; sort: SortKey; dir: SortDir }): BalanceRow[] {
  const needle = options.search.trim().toLowerCase();
  const kept = rows.filter((r) => (!needle || r.seatId.toLowerCase().includes(needle)) && matchesFilter(r, options.filter));
  const sign = options.dir === "asc" ? 1 : -1;
  return kept.sort((a, b) => {
    const va = sortValue(a, options.sort);
    const vb = sortValue(b, options.sort);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      return (va < vb ? -1 : 1) * sign;
    }
    return a.seatId < b.seatId ? -1 : a.seatId > b.seatId ? 1 : 0;
  });
}
