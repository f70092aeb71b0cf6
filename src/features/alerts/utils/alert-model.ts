import type { CustomerAlert } from "@metronome/sdk/resources/v1/customers/alerts";
import type { Tone } from "../../../components/badge";

export type { CustomerAlert };
export type AlertType = CustomerAlert["alert"]["type"];

/** The per-seat balance notification (seat-scoped credits only). */
export const SEAT_ALERT_TYPE = "low_remaining_seat_balance_reached" satisfies AlertType;

/** The contract-level balance types this page creates. */
export type ContractAlertType =
  | "low_remaining_contract_credit_balance_reached"
  | "low_remaining_contract_credit_and_commit_balance_reached";

export const CONTRACT_ALERT_TYPES: readonly ContractAlertType[] = [
  "low_remaining_contract_credit_balance_reached",
  "low_remaining_contract_credit_and_commit_balance_reached",
];

/**
 * Types whose alarm means the customer's (or contract's) own balance is low: the ones that gate
 * access for the whole contract. Seat alerts gate one seat and are not among them.
 */
const CONTRACT_LEVEL_TYPES: ReadonlySet<AlertType> = new Set<AlertType>([
  ...CONTRACT_ALERT_TYPES,
  "low_credit_balance_reached",
]);

export function isContractLevelAlert(type: AlertType): boolean {
  return CONTRACT_LEVEL_TYPES.has(type);
}

export function isSeatAlert(type: AlertType): boolean {
  return type === SEAT_ALERT_TYPE;
}

/** What each notification type watches, in plain words. */
export const alertTypeLabels: Record<AlertType, string> = {
  low_remaining_contract_credit_balance_reached: "Contract credit balance",
  low_remaining_contract_credit_and_commit_balance_reached: "Contract credit and commit balance",
  low_remaining_seat_balance_reached: "Seat credit balance",
  low_credit_balance_reached: "Credit balance",
  spend_threshold_reached: "Spend",
  monthly_invoice_total_spend_threshold_reached: "Monthly invoice total",
  low_remaining_days_in_plan_reached: "Days left in plan",
  low_remaining_credit_percentage_reached: "Credit percentage left",
  usage_threshold_reached: "Usage",
  low_remaining_days_for_commit_segment_reached: "Days left in commit",
  low_remaining_commit_balance_reached: "Commit balance",
  low_remaining_commit_percentage_reached: "Commit percentage left",
  low_remaining_days_for_contract_credit_segment_reached: "Days left in contract credit",
  low_remaining_contract_credit_percentage_reached: "Contract credit percentage left",
  invoice_total_reached: "Invoice total",
};

/** The status a person sees: Metronome's customer_status, or the alert's own status once it stops evaluating. */
export type AlertDisplayStatus = "ok" | "in_alarm" | "evaluating" | "archived" | "disabled";

export const alertStatusLabels: Record<AlertDisplayStatus, { label: string; tone: Tone }> = {
  in_alarm: { label: "In alarm", tone: "danger" },
  ok: { label: "OK", tone: "success" },
  evaluating: { label: "Evaluating", tone: "brand" },
  archived: { label: "Archived", tone: "neutral" },
  disabled: { label: "Disabled", tone: "neutral" },
};

export function displayStatus(item: Pick<CustomerAlert, "customer_status"> & { alert: Pick<CustomerAlert["alert"], "status"> }): AlertDisplayStatus {
  if (item.alert.status === "archived") return "archived";
  if (item.alert.status === "disabled") return "disabled";
  return item.customer_status ?? "evaluating";
}

/** In alarm first, then evaluating, ok, disabled, archived. */
const STATUS_ORDER: Record<AlertDisplayStatus, number> = { in_alarm: 0, evaluating: 1, ok: 2, disabled: 3, archived: 4 };

export function compareStatus(a: AlertDisplayStatus, b: AlertDisplayStatus): number {
  return STATUS_ORDER[a] - STATUS_ORDER[b];
}

/** Enabled contract-level alerts that are in alarm now (what the low-balance banner is about). */
export function contractAlertsInAlarm(alerts: readonly CustomerAlert[]): CustomerAlert[] {
  return alerts.filter((a) => a.alert.status === "enabled" && a.customer_status === "in_alarm" && isContractLevelAlert(a.alert.type));
}
