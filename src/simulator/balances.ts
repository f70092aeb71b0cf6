/**
 * A contract's commits and credits as the API lists them: each recurring period is one commit or
 * credit of one segment; a one-off commit or credit is one object over its whole access schedule,
 * whose started segments carry its ledger and balance.
 */
import type { MaterialCredit } from "./credits";
import { commitTerms, type BalanceKind, type GrantTerms } from "./grants";
import { isReleased } from "./payment-gates";
import type { CommitRecord, ContractRecord } from "./state";

export interface ScheduleItem {
  id: string;
  amount: number;
  start: number;
  end: number;
}

export interface ContractBalance {
  id: string;
  kind: BalanceKind;
  terms: GrantTerms;
  contract: ContractRecord;
  /** The one-off commit or credit; undefined for a recurring period. */
  record: CommitRecord | undefined;
  /** Its segments materialised so far (started by now), in schedule order. */
  segments: MaterialCredit[];
  /** Every access schedule item, started or not. */
  schedule: ScheduleItem[];
  /** "Expired and upcoming credit or commit segments contribute 0 to the balance." */
  balance: number;
}

/** The contract's commits and credits: recurring periods in the order they were made, then one-off ones in the order they were added. */
export function contractBalances(contract: ContractRecord, credits: readonly MaterialCredit[]): ContractBalance[] {
  const out: ContractBalance[] = [];
  const oneOff = new Map<string, MaterialCredit[]>();
  for (const credit of credits) {
    if (credit.commit) {
      const list = oneOff.get(credit.id);
      if (list) list.push(credit);
      else oneOff.set(credit.id, [credit]);
      continue;
    }
    out.push({
      id: credit.id, kind: credit.kind, terms: credit.terms, contract, record: undefined, segments: [credit],
      schedule: [{ id: credit.segment_id, amount: credit.amount, start: credit.start, end: credit.end }], balance: credit.balance,
    });
  }
  for (const record of [...contract.commits, ...contract.credits]) {
    // A payment-gated commit is not listed while its payment is pending or after it failed ("no commit is created").
    if (!isReleased(record)) continue;
    const segments = oneOff.get(record.id) ?? [];
    const terms = segments[0]?.terms;
    out.push({
      id: record.id, kind: record.type, terms: terms ?? commitTerms(record), contract, record, segments,
      schedule: record.access_schedule.map((i) => ({ id: i.id, amount: i.amount, start: i.starting_at, end: i.ending_before })),
      balance: segments.reduce((s, c) => s + c.balance, 0),
    });
  }
  return out;
}

/** Which access a list asks for: covering an instant, or any access on or after `starting`, before `before`. */
export interface AccessWindow {
  covering?: number;
  starting?: number;
  before?: number;
}

export function inWindow(start: number, end: number, w: AccessWindow): boolean {
  if (w.covering !== undefined) return start <= w.covering && w.covering < end;
  if (w.starting !== undefined && !(end > w.starting)) return false;
  if (w.before !== undefined && !(start < w.before)) return false;
  return true;
}

/** Whether any of a commit's or credit's schedule items has access in the window. */
export const hasAccessIn = (b: ContractBalance, w: AccessWindow): boolean => b.schedule.some((i) => inWindow(i.start, i.end, w));
