import type { SeatBalance } from "../../../domain/balance-at";
import type { BalanceItem } from "../../../domain/credit-figures";
import { balanceAt, seatGrants, type HeldGrant } from "../../../domain/balance-at";
import { balanceItemGrant } from "../../../domain/balance-over-time";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import { figureOf, type CreditFigure } from "../../../domain/credit-figures";
import { runningBalance, type StepPoint } from "./strip-series";

export interface BalanceSeries {
  creditTypeId: string;
  /** Metronome's current balance (includes pending usage), summed over the chosen commits and credits. */
  current: number;
  /** Name from the balances themselves (access_schedule.credit_type.name) when known. */
  creditTypeName: string | null;
  points: StepPoint[];
  /** The commits and credits behind it, for the balance over time (domain/balance-over-time). */
  grants: HeldGrant[];
  /** What the series is, to name it (domain/credit-figures): one seat's, all seats', pooled, or both. */
  figure: CreditFigure;
}

interface LedgerEntryLike {
  timestamp: string;
  amount: number;
  type?: string;
}

/**
 * Usage is written to the ledger as a deduction dated at the end of the invoice's service period,
 * so the pending usage of the current period sits in the future. Metronome's balance already
 * counts it; to match, such future-dated deductions are drawn at `now`.
 */
export function pendingDeductionsAtNow(entries: readonly LedgerEntryLike[], now: number): LedgerEntryLike[] {
  const nowIso = new Date(now).toISOString();
  return entries.map((entry) =>
    entry.type?.endsWith("_AUTOMATED_INVOICE_DEDUCTION") && new Date(entry.timestamp).getTime() > now
      ? { ...entry, timestamp: nowIso }
      : entry,
  );
}

/**
 * One grant's entries with each expiration taking exactly what was left: an expired segment then
 * contributes 0 to the running balance, as it does to Metronome's balance, instead of the
 * rounding residue of its deductions (which summed over hundreds of seats moved the strip's
 * series away from its own headline).
 */
export function settleExpirations(entries: readonly LedgerEntryLike[]): LedgerEntryLike[] {
  const expires = (e: LedgerEntryLike) => Number(Boolean(e.type?.endsWith("_EXPIRATION")));
  const sorted = [...entries].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || expires(a) - expires(b));
  let left = 0;
  return sorted.map((entry) => {
    const amount = entry.type?.endsWith("_EXPIRATION") ? -left : Number(entry.amount);
    left += amount;
    return amount === entry.amount ? entry : { ...entry, amount };
  });
}

function creditTypeOf(item: BalanceItem): { id: string; name: string | null } | null {
  const type = item.access_schedule?.credit_type;
  return type?.id ? { id: type.id, name: type.name ?? null } : null;
}

interface Group {
  name: string | null;
  entries: LedgerEntryLike[];
  grants: HeldGrant[];
  current: number;
}

function toSeries(groups: Map<string, Group>, now: number, figure: (creditTypeId: string) => CreditFigure): BalanceSeries[] {
  return [...groups.entries()].map(([creditTypeId, g]) => ({
    creditTypeId,
    creditTypeName: g.name,
    current: g.current,
    points: runningBalance(pendingDeductionsAtNow(g.entries, now)),
    grants: g.grants,
    figure: figure(creditTypeId),
  }));
}

/** Custom units (AI credits) before fiat; then the one with the most ledger entries. */
function pickPrimary(series: BalanceSeries[], counts: Map<string, number>): BalanceSeries | null {
  const sorted = [...series].sort((a, b) => {
    const fiat = Number(a.creditTypeId === USD_CENTS_CREDIT_TYPE_ID) - Number(b.creditTypeId === USD_CENTS_CREDIT_TYPE_ID);
    return fiat || (counts.get(b.creditTypeId) ?? 0) - (counts.get(a.creditTypeId) ?? 0);
  });
  return sorted[0] ?? null;
}

/**
 * The balance over time of the commits and credits linked to `subscriptionId` (recurring credits
 * with a subscription_config), or of all the contract's commits and credits when none is linked:
 * the running sum of their ledgers, per credit type; returns the primary credit type's series.
 */
export function subscriptionBalanceSeries(items: readonly BalanceItem[], subscriptionId: string, now: number): BalanceSeries | null {
  const linked = items.filter((item) => item.subscription_config?.subscription_id === subscriptionId);
  const chosen = linked.length > 0 ? linked : items;
  const byType = new Map<string, Group>();
  for (const item of chosen) {
    const type = creditTypeOf(item);
    if (!type) continue;
    const group = byType.get(type.id) ?? { name: type.name, entries: [], grants: [], current: 0 };
    group.grants.push(balanceItemGrant(item));
    group.current += Number(item.balance ?? 0);
    group.entries.push(...settleExpirations((item.ledger ?? []).map((entry) => ({ timestamp: entry.timestamp, amount: entry.amount, type: entry.type }))));
    byType.set(type.id, group);
  }
  const series = toSeries(byType, now, (id) => figureOf(chosen.filter((item) => creditTypeOf(item)?.id === id)));
  return pickPrimary(series, new Map([...byType.entries()].map(([id, g]) => [id, g.entries.length])));
}

/**
 * One seat's balance over time from its seatBalances row (with ledgers). Ledger entries of the
 * seat's credits and commits carry no credit type, so the seat's `balances` decide it: with one
 * credit type every entry belongs to it; with several, `creditTypeOfCredit` (from the contract's
 * credits) assigns each credit.
 */
export function seatBalanceSeries(
  seat: SeatBalance,
  creditTypeOfCredit: (creditId: string) => { id: string; name: string | null } | undefined,
  now: number,
): BalanceSeries | null {
  const types = seat.balances.map((b) => b.credit_type_id);
  const single = types.length === 1 ? types[0] : undefined;
  const items = [...(seat.credits ?? []), ...(seat.commits ?? [])];
  // The headline is the seat's balance now, by the one rule of domain/balance-at.
  const held = seatGrants(seat, new Map(items.map((item) => [item.id, { id: creditTypeOfCredit(item.id)?.id ?? null }])));
  const byType = new Map<string, Group>();
  for (const item of items) {
    const known = creditTypeOfCredit(item.id);
    const typeId = known?.id ?? single;
    if (!typeId) continue;
    const group = byType.get(typeId) ?? { name: known?.name ?? null, entries: [], grants: held.filter((g) => g.creditTypeId === typeId), current: balanceAt(held, typeId, now, now).balance };
    group.entries.push(...settleExpirations(item.ledger_entries ?? []));
    byType.set(typeId, group);
  }
  const series = toSeries(byType, now, () => "seat");
  return pickPrimary(series, new Map([...byType.entries()].map(([id, g]) => [id, g.entries.length])));
}
