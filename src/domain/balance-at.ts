/**
 * Balance at an instant: what a holder (one seat, or the contract's pool) had left of one credit
 * type at time `t`, from Metronome's ledgers. The one derivation every view uses — the seat
 * balances table and its CSV, a seat's ledger page and the quantity and balance strip.
 *
 * Rules (see docs/metronome.md, "Balances and ledgers"):
 * - Only grants (commits, credits, or one seat's slice of a credit) whose access covers `t`
 *   count: "expired and upcoming segments contribute 0".
 * - Within them, an entry counts once it has happened: its timestamp is at or before `t`.
 * - Metronome's current balance already counts the pending usage of the current period, which is
 *   dated at the end of the usage invoice's service period (in the future), and manual entries
 *   dated ahead. Such entries dated after `now` count from `now`: the balance at `now` is
 *   Metronome's `balance`, and a past instant is the ledger's running balance then.
 * - A grant's net negative (manual debits) counts as 0, as in Metronome's balance.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { ContractListSeatBalancesResponse } from "@metronome/sdk/resources/v1/contracts/contracts";
import { parseTime } from "./time";

export type SeatBalance = ContractListSeatBalancesResponse.Data;

/** One ledger entry as Metronome reports it (`amount` signed). */
export interface LedgerMovement {
  type: string;
  amount: number;
  /** ISO time */
  timestamp: string;
}

/** A commit or credit (or one seat's slice of it) with its access window and ledger. */
export interface HeldGrant {
  id: string;
  /** null when it cannot be told (a seat holding several types of credits not on the contract). */
  creditTypeId: string | null;
  /** epoch ms */
  start: number;
  /** epoch ms; null when it does not expire */
  end: number | null;
  entries: readonly LedgerMovement[];
}

export interface BalanceAt {
  /** What is left at `t` (0 when nothing is held). */
  balance: number;
  /** Granted by `t` on the grants in force (segment starts and seat-based adjustments): Metronome's starting_balance. */
  granted: number;
  /** Consumed by `t` on the grants in force (usage deductions, manual debits). */
  used: number;
  /**
   * Whether the holder held any of these credits at `t`: a grant in force then had started for it
   * (a seat added later in the period has a slice of the same credit, but not yet).
   */
  held: boolean;
  /** The grants in force at `t` that had started for the holder, for the run-out forecast. */
  grants: HeldGrant[];
}

const GRANT = /(_SEGMENT_START|_SEAT_BASED_ADJUSTMENT)$/;
/** Entries Metronome's current balance counts although they are dated ahead. */
const COUNTED_AHEAD = /(_AUTOMATED_INVOICE_DEDUCTION|_MANUAL)$/;
/** Negative movements that are not consumption: the grant ending or being moved or cancelled. */
const NOT_CONSUMPTION = /(_EXPIRATION|_CANCELED|_ROLLOVER)$/;

/** True for a ledger movement that is consumption (usage deductions, manual debits). */
export function isConsumption(entry: Pick<LedgerMovement, "amount" | "type">): boolean {
  return Number(entry.amount) < 0 && !NOT_CONSUMPTION.test(entry.type);
}

/** When an entry starts to count (epoch ms): its timestamp, or `now` for pending entries dated after it. */
export function countsFrom(entry: Pick<LedgerMovement, "type" | "timestamp">, now: number): number {
  const t = Date.parse(entry.timestamp);
  return t > now && COUNTED_AHEAD.test(entry.type) ? now : t;
}

/** Whether a grant's access covers `t` ([start, end)). */
export function inForce(grant: Pick<HeldGrant, "start" | "end">, t: number): boolean {
  return grant.start <= t && (grant.end === null || t < grant.end);
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The balance of one credit type at `t` over `grants` (see the module's rules). */
export function balanceAt(grants: readonly HeldGrant[], creditTypeId: string | null, t: number, now: number): BalanceAt {
  let balance = 0;
  let granted = 0;
  let used = 0;
  const started: HeldGrant[] = [];
  for (const grant of grants) {
    if (grant.creditTypeId !== creditTypeId || !inForce(grant, t)) continue;
    let sum = 0;
    let counted = 0;
    for (const entry of grant.entries) {
      if (!(countsFrom(entry, now) <= t)) continue;
      const amount = Number(entry.amount);
      counted += 1;
      sum += amount;
      if (GRANT.test(entry.type) && amount > 0) granted += amount;
      if (isConsumption(entry)) used -= amount;
    }
    if (counted === 0) continue;
    started.push(grant);
    balance += Math.max(0, sum);
  }
  return { balance: round6(balance), granted: round6(granted), used: round6(used), held: started.length > 0, grants: started };
}

/** The credit type of each of the contract's commits and credits, by id. */
export function grantCreditTypes(contract: Pick<ContractV2, "credits" | "commits">): Map<string, { id: string | null; name: string | null }> {
  const map = new Map<string, { id: string | null; name: string | null }>();
  for (const g of [...(contract.credits ?? []), ...(contract.commits ?? [])]) {
    map.set(g.id, { id: g.access_schedule?.credit_type?.id ?? null, name: g.access_schedule?.credit_type?.name ?? null });
  }
  return map;
}

/**
 * One seat's grants from its seatBalances row (with ledgers), normalised once. Ledger entries of a
 * seat carry no credit type: the contract's credit decides it, else the seat's only credit type.
 */
export function seatGrants(seat: SeatBalance, creditTypes: ReadonlyMap<string, { id: string | null }>): HeldGrant[] {
  const single = seat.balances.length === 1 ? (seat.balances[0]?.credit_type_id ?? null) : null;
  const out: HeldGrant[] = [];
  for (const g of [...(seat.credits ?? []), ...(seat.commits ?? [])]) {
    const start = parseTime(g.start_date);
    if (start === null) continue;
    out.push({
      id: g.id,
      creditTypeId: creditTypes.get(g.id)?.id ?? single,
      start,
      end: g.end_date ? parseTime(g.end_date) : null,
      entries: (g.ledger_entries ?? []).map((e) => ({ type: e.type, amount: Number(e.amount), timestamp: e.timestamp })),
    });
  }
  return out;
}
