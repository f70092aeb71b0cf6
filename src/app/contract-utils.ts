import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { ContractStatus } from "../domain/contract-status";
import type { Subscription } from "../domain/subscription";
import { formatDate } from "../lib/format";
import { translate } from "../lib/i18n-core";
import { appMessages } from "../locales/en/app";

/** A contract status in the person's language. */
export function contractStatusLabel(status: ContractStatus): string {
  return translate(appMessages, `app.status.${status}`);
}

export function contractTitle(contract: Pick<ContractV2, "name" | "starting_at">): string {
  return contract.name?.trim() || translate(appMessages, "app.contractFrom", { date: formatDate(contract.starting_at) });
}

export function subscriptionTitle(subscription: Subscription): string {
  return subscription.name?.trim() || subscription.subscription_rate.product.name || translate(appMessages, "app.subscriptionFallback");
}
