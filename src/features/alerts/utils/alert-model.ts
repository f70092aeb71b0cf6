import type { CustomerAlert } from "@metronome/sdk/resources/v1/customers/alerts";
import type { Tone } from "../../../components/badge";
import type { alertsMessages } from "../../../locales/en/alerts";

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

/** An id of the alerts catalogue. */
export type AlertsMessageId = keyof typeof alertsMessages;

/** What each notification type watches, in plain words (message ids). */
export const alertTypeLabels: Record<AlertType, AlertsMessageId> = {
  low_remaining_contract_credit_balance_reached: "alerts.type.contractCredit",
  low_remaining_contract_credit_and_commit_balance_reached: "alerts.type.contractCreditCommit",
  low_remaining_seat_balance_reached: "alerts.type.seatCredit",
  low_credit_balance_reached: "alerts.type.credit",
  spend_threshold_reached: "alerts.type.spend",
  monthly_invoice_total_spend_threshold_reached: "alerts.type.monthlyInvoiceTotal",
  low_remaining_days_in_plan_reached: "alerts.type.daysInPlan",
  low_remaining_credit_percentage_reached: "alerts.type.creditPercentage",
  usage_threshold_reached: "alerts.type.usage",
  low_remaining_days_for_commit_segment_reached: "alerts.type.daysInCommit",
  low_remaining_commit_balance_reached: "alerts.type.commitBalance",
  low_remaining_commit_percentage_reached: "alerts.type.commitPercentage",
  low_remaining_days_for_contract_credit_segment_reached: "alerts.type.daysInContractCredit",
  low_remaining_contract_credit_percentage_reached: "alerts.type.contractCreditPercentage",
  invoice_total_reached: "alerts.type.invoiceTotal",
};

/** The status a person sees: Metronome's customer_status, or the alert's own status once it stops evaluating. */
export type AlertDisplayStatus = "ok" | "in_alarm" | "evaluating" | "archived" | "disabled";

/** Each status's label (a message id) and badge tone. */
export const alertStatusLabels: Record<AlertDisplayStatus, { label: AlertsMessageId; tone: Tone }> = {
  in_alarm: { label: "alerts.status.inAlarm", tone: "danger" },
  ok: { label: "alerts.status.ok", tone: "success" },
  evaluating: { label: "alerts.status.evaluating", tone: "brand" },
  archived: { label: "alerts.status.archived", tone: "neutral" },
  disabled: { label: "alerts.status.disabled", tone: "neutral" },
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
