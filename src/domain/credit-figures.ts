/**
 * The credit figures a customer reads, each named for what it is and computed here once:
 * - "This seat's credits": one seat's slice of the seat-scoped credits (seat ledger, seat strip).
 * - "Seats' credits in all": the seat-scoped credits of every seat added up.
 * - "Pooled credits": the contract's credits and commits shared by everyone (not per seat).
 * - "Spendable now": Metronome's net balance (getNetBalance), which leaves seat-scoped credits out.
 * No figure is called just "balance", so two figures that differ never share a name.
 */
import type { ContractListBalancesResponse } from "@metronome/sdk/resources/v1/contracts/contracts";

export type BalanceItem = ContractListBalancesResponse;

export type CreditFigure = "seat" | "seats" | "pooled" | "subscription" | "spendable";

/** Seat-scoped: a recurring credit allocated per seat (INDIVIDUAL). */
export function isSeatScoped(item: Pick<BalanceItem, "subscription_config">): boolean {
  return item.subscription_config?.allocation === "INDIVIDUAL";
}

/** Pooled: every commit and credit that is not allocated per seat. */
export function isPooled(item: Pick<BalanceItem, "subscription_config">): boolean {
  return !isSeatScoped(item);
}

/** What a set of commits and credits is, for naming its total: all per seat, all pooled, or both. */
export function figureOf(items: ReadonlyArray<Pick<BalanceItem, "subscription_config">>): Extract<CreditFigure, "seats" | "pooled" | "subscription"> {
  const seats = items.filter(isSeatScoped).length;
  if (seats === 0) return "pooled";
  return seats === items.length ? "seats" : "subscription";
}

export interface CreditTypeFigures {
  creditTypeId: string;
  creditTypeName: string | null;
  /** Pooled credits left now (Metronome's balance of each, summed). */
  pooled: number;
  /** Seat-scoped credits left now, every seat together. */
  seats: number;
  /** Whether any pooled / seat-scoped commit or credit of this type exists. */
  hasPooled: boolean;
  hasSeats: boolean;
}

/** Pooled credits and the seats' credits in all, per credit type, from customerBalances/list. */
export function creditFigures(items: readonly BalanceItem[]): CreditTypeFigures[] {
  const byType = new Map<string, CreditTypeFigures>();
  for (const item of items) {
    const type = item.access_schedule?.credit_type;
    if (!type?.id) continue;
    const figures = byType.get(type.id) ?? { creditTypeId: type.id, creditTypeName: type.name ?? null, pooled: 0, seats: 0, hasPooled: false, hasSeats: false };
    const balance = Number(item.balance ?? 0);
    if (isSeatScoped(item)) {
      figures.seats += balance;
      figures.hasSeats = true;
    } else {
      figures.pooled += balance;
      figures.hasPooled = true;
    }
    byType.set(type.id, figures);
  }
  return [...byType.values()];
}

export interface CreditTotal {
  creditTypeId: string;
  creditTypeName: string | null;
  balance: number;
  /** POOLED, INDIVIDUAL (per seat) or null for contract credits not linked to a subscription. */
  allocation: "POOLED" | "INDIVIDUAL" | null;
}

/**
 * Current balances of the commits and credits linked to a subscription (or, with
 * subscriptionId null, of those linked to none), summed per credit type and allocation.
 */
export function creditTotals(items: readonly BalanceItem[], subscriptionId: string | null): CreditTotal[] {
  const totals = new Map<string, CreditTotal>();
  for (const item of items) {
    const linkedTo = item.subscription_config?.subscription_id ?? null;
    if (linkedTo !== subscriptionId) continue;
    const type = item.access_schedule?.credit_type;
    if (!type?.id) continue;
    const allocation = item.subscription_config?.allocation ?? null;
    const key = `${type.id}|${allocation ?? ""}`;
    const total = totals.get(key) ?? { creditTypeId: type.id, creditTypeName: type.name ?? null, balance: 0, allocation };
    total.balance += Number(item.balance ?? 0);
    totals.set(key, total);
  }
  return [...totals.values()];
}
