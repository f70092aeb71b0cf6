/** Where a contract stands at an instant, and which contract and subscription a customer-wide page draws. */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { Subscription } from "./subscription";

export type ContractStatus = "active" | "upcoming" | "ended" | "archived";

export function contractStatus(contract: Pick<ContractV2, "starting_at" | "ending_before" | "archived_at">, now: Date): ContractStatus {
  if (contract.archived_at) return "archived";
  if (new Date(contract.starting_at) > now) return "upcoming";
  if (contract.ending_before && new Date(contract.ending_before) <= now) return "ended";
  return "active";
}

/** The first contract active at `now` (contracts are listed chronologically). */
export function firstActiveContract(contracts: readonly ContractV2[], now: Date): ContractV2 | undefined {
  return contracts.find((c) => contractStatus(c, now) === "active");
}

/**
 * What a customer-wide page (the audit log) draws its seat and credit strip for: the filtered
 * subscription and its contract; else the filtered contract, or the first active one, or the first,
 * with its first subscription. Ids that name nothing of the customer are ignored.
 */
export function customerStripTarget(
  contracts: readonly ContractV2[],
  filter: { contractId: string | null; subscriptionId: string | null },
  now: Date,
): { contract: ContractV2; subscription: Subscription } | null {
  const filtered = filter.contractId ? contracts.find((c) => c.id === filter.contractId) : undefined;
  const owner = filter.subscriptionId ? (filtered ? [filtered] : contracts).find((c) => (c.subscriptions ?? []).some((s) => s.id === filter.subscriptionId)) : undefined;
  const contract = owner ?? filtered ?? firstActiveContract(contracts, now) ?? contracts[0];
  if (!contract) return null;
  const subscription = (contract.subscriptions ?? []).find((s) => owner && s.id === filter.subscriptionId) ?? contract.subscriptions?.[0];
  return subscription ? { contract, subscription } : null;
}
