/**
 * H3/H7: the seat balances table as pure data — one row per seat with, for one credit type, its
 * balance, starting balance, share used and run-out forecast; search, filter and sort.
 */
import { forecastFromUsage, type Forecast } from "../../../domain/run-out";
import type { SeatBalance } from "../../../lib/metronome-queries";
import type { SeatSegment } from "../../../domain/subscription";

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

export const filterLabels: Record<BalanceFilter, string> = {
  all: "All seats",
  runs_out: "Runs out this period",
  low: "Used 80% or more",
  unused: "Nothing used",
  removed: "Removed, still holding credits",
};

/** The segment in force at `t` (segments ascending); undefined before the first or after an end. */
export function segmentAt(segments: readonly SeatSegment[], t: number): SeatSegment | undefined {
  return segments.find((s) => Date.parse(s.starting_at) <= t && (s.ending_before === null || Date.parse(s.ending_before) > t));
}

/**
 * The seat IDs to ask for, in the order rows should appear first: the seats assigned at `t`
 * (sorted), then every other seat ever assigned (a removed seat may still hold a credit slice;
 * unknown ones are skipped by the API).
 */
export function seatIdsToFetch(segments: readonly SeatSegment[], t: number): { assigned: string[]; others: string[] } {
  const assigned = [...new Set(segmentAt(segments, t)?.assigned_seat_ids ?? [])].sort();
  const known = new Set(assigned);
  const others = new Set<string>();
  for (const s of segments) for (const id of s.assigned_seat_ids) if (!known.has(id)) others.add(id);
  return { assigned, others: [...others].sort() };
}

/** The credit types the seats hold, most common first. */
export function creditTypesOf(seats: readonly SeatBalance[]): string[] {
  const counts = new Map<string, number>();
  for (const seat of seats) for (const b of seat.balances) counts.set(b.credit_type_id, (counts.get(b.credit_type_id) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

/**
 * One seat's row for `creditTypeId` at time `at`. The run-out rate is what the seat used of its
 * starting balance since its earliest active credit or commit started.
 */
export function toRow(seatId: string, assigned: boolean, seat: SeatBalance | undefined, creditTypeId: string | null, at: number, loaded: boolean): BalanceRow {
  const empty: BalanceRow = { seatId, assigned, loaded, balance: null, startingBalance: null, usedShare: null, forecast: null };
  if (!seat || !creditTypeId) return empty;
  const b = seat.balances.find((x) => x.credit_type_id === creditTypeId);
  if (!b) return empty;
  const balance = Number(b.balance);
  const startingBalance = Number(b.starting_balance);
  const used = Math.max(0, startingBalance - balance);
  const grants = [...(seat.credits ?? []), ...(seat.commits ?? [])]
    .map((g) => ({ start: Date.parse(g.start_date), end: g.end_date ? Date.parse(g.end_date) : null }))
    .filter((g) => g.start <= at && (g.end === null || g.end > at));
  const forecast =
    grants.length === 0
      ? null
      : forecastFromUsage({
          used,
          balance,
          since: Math.min(...grants.map((g) => g.start)),
          endsAt: grants.some((g) => g.end === null) ? null : Math.max(...grants.map((g) => g.end as number)),
          now: at,
        });
  return {
    seatId,
    assigned,
    loaded,
    balance,
    startingBalance,
    usedShare: startingBalance > 0 ? used / startingBalance : null,
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
