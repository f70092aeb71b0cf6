/** T2: the contract's auto-recharge settings as Metronome holds them, and whether a failed payment turned them off. */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { AutoRechargeSettings, TopUpPurchase } from "../../../contract/bff";

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

/** The form's text as settings; null for a field that is not a finite number. */
export function parseDraft(draft: AutoRechargeDraft): { settings: AutoRechargeSettings | null; bad: Array<"threshold" | "recharge_to"> } {
  const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text.replace(/[\s,_]/g, "")));
  const threshold = number(draft.threshold);
  const rechargeTo = number(draft.rechargeTo);
  const bad: Array<"threshold" | "recharge_to"> = [];
  if (!Number.isFinite(threshold)) bad.push("threshold");
  if (!Number.isFinite(rechargeTo)) bad.push("recharge_to");
  return { settings: bad.length > 0 ? null : { enabled: draft.enabled, threshold, recharge_to: rechargeTo }, bad };
}
