import type { Subscription } from "../../../domain/subscription";
import type { BalanceItem } from "../../../lib/metronome-queries";

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

export const billingFrequencyLabels: Record<Subscription["subscription_rate"]["billing_frequency"], string> = {
  MONTHLY: "Monthly",
  QUARTERLY: "Quarterly",
  ANNUAL: "Annual",
  WEEKLY: "Weekly",
};

export const collectionLabels: Record<Subscription["collection_schedule"], string> = {
  ADVANCE: "billed in advance",
  ARREARS: "billed in arrears",
};

export const modeLabels: Record<Subscription["quantity_management_mode"], string> = {
  SEAT_BASED: "Named seats",
  QUANTITY_ONLY: "Seat quantity",
};
