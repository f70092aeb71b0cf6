/** T2: the contract's auto-recharge settings as Metronome holds them, and whether a failed payment turned them off. */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { AutoRechargeSettings, TopUpPurchase } from "../../../contract/bff";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";

/** The settings from the contract's prepaid_balance_threshold_configuration; null when it has none. */
export function contractAutoRecharge(contract: Pick<ContractV2, "prepaid_balance_threshold_configuration">): AutoRechargeSettings | null {
  const config = contract.prepaid_balance_threshold_configuration;
  if (!config) return null;
  return { enabled: config.is_enabled, threshold: Number(config.threshold_amount), recharge_to: Number(config.recharge_to_amount) };
}

/**
 * The failed recharge that turned auto-recharge off (Metronome disables it when a recharge's payment
 * fails), while it is still off; null when it is on, or was turned off for another reason or after
 * the failure (a settings change later than the failure).
 */
export function disabledByFailedPayment(purchases: readonly TopUpPurchase[], settings: AutoRechargeSettings | null): TopUpPurchase | null {
  if (!settings || settings.enabled) return null;
  // Newest first: the first recharge or settings change decides.
  const latest = purchases.find((p) => p.kind === "recharge" || (p.kind === "auto_recharge_settings" && p.status === "applied"));
  return latest?.kind === "recharge" && latest.status === "failed" ? latest : null;
}

export interface AutoRechargeDraft {
  enabled: boolean;
  threshold: string;
  rechargeTo: string;
}

/**
 * How many of the credit type's units one typed unit is: amounts in a currency's minor unit (USD
 * cents) are typed in the major unit (dollars), custom credits as they are.
 */
export function inputScale(creditTypeId: string): number {
  return creditTypeId === USD_CENTS_CREDIT_TYPE_ID ? 100 : 1;
}

/** An amount as the form shows it (dollars for USD cents). */
export function toInput(amount: number, creditTypeId: string): string {
  return String(amount / inputScale(creditTypeId));
}

/** The form's text as settings in the credit type's units (USD: cents, whole); null for a field that is not a finite number. */
export function parseDraft(draft: AutoRechargeDraft, creditTypeId: string): { settings: AutoRechargeSettings | null; bad: Array<"threshold" | "recharge_to"> } {
  const scale = inputScale(creditTypeId);
  const number = (text: string) => (text.trim() === "" ? Number.NaN : Math.round(Number(text.replace(/[\s,_]/g, "")) * scale * 100) / 100);
  const threshold = number(draft.threshold);
  const rechargeTo = number(draft.rechargeTo);
  const bad: Array<"threshold" | "recharge_to"> = [];
  if (!Number.isFinite(threshold)) bad.push("threshold");
  if (!Number.isFinite(rechargeTo)) bad.push("recharge_to");
  return { settings: bad.length > 0 ? null : { enabled: draft.enabled, threshold, recharge_to: rechargeTo }, bad };
}
