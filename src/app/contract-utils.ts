import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { Subscription } from "../domain/subscription";
import { formatDate } from "../lib/format";
import { translate } from "../lib/i18n-core";
import { appMessages } from "../locales/en/app";

export type ContractStatus = "active" | "upcoming" | "ended" | "archived";

/** A contract status in the person's language. */
export function contractStatusLabel(status: ContractStatus): string {
  return translate(appMessages, `app.status.${status}`);
}

export function contractStatus(contract: Pick<ContractV2, "starting_at" | "ending_before" | "archived_at">, now: Date): ContractStatus {
  if (contract.archived_at) return "archived";
  if (new Date(contract.starting_at) > now) return "upcoming";
  if (contract.ending_before && new Date(contract.ending_before) <= now) return "ended";
  return "active";
}

/** The first contract active at `now` (contracts are listed chronologically). */
export function firstActiveContract(contracts: ContractV2[], now: Date): ContractV2 | undefined {
  return contracts.find((c) => contractStatus(c, now) === "active");
}

export function contractTitle(contract: Pick<ContractV2, "name" | "starting_at">): string {
  return contract.name?.trim() || translate(appMessages, "app.contractFrom", { date: formatDate(contract.starting_at) });
}

export function subscriptionTitle(subscription: Subscription): string {
  return subscription.name?.trim() || subscription.subscription_rate.product.name || translate(appMessages, "app.subscriptionFallback");
}
