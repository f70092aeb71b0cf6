import type { AlertCreateParams } from "@metronome/sdk/resources/v1/alerts";
import { isSeatBased, type Subscription } from "../../../domain/subscription";
import { formatAmount, type CreditTypeNames } from "../../../lib/format";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import type { CreditTypeInfo } from "../../../lib/metronome-queries";
import { SEAT_ALERT_TYPE, type ContractAlertType } from "./alert-model";
import { parseThreshold, type ThresholdUnit } from "./threshold";
import { alertUniquenessKey } from "./uniqueness-key";
import { translate } from "../../../lib/i18n-core";
import { alertsMessages } from "../../../locales/en/alerts";
import { commonMessages } from "../../../locales/en/common";

/** Contract level (customer and contract credits) or seat level (each seat's own credits). */
export type AlertScope = "contract" | "seat";
/** A seat alert watches every seat of the subscription, or one seat. */
export type SeatTarget = "all" | "one";

/** The form exactly as typed (strings stay strings so nothing a person typed is lost). */
export interface AlertFormValues {
  scope: AlertScope;
  contractType: ContractAlertType;
  creditTypeId: string;
  threshold: string;
  name: string;
  subscriptionId: string;
  seatTarget: SeatTarget;
  seatId: string;
}

export interface AlertFormContext {
  customerId: string;
  /** Credit types from /v1/credit-types/list, by id. */
  creditTypes: ReadonlyMap<string, CreditTypeInfo>;
  /** The contract's subscriptions. */
  subscriptions: readonly Subscription[];
  /** The current seats of the chosen subscription; null while they load. */
  seatIds: ReadonlySet<string> | null;
}

export type AlertFormField = "creditTypeId" | "threshold" | "name" | "subscriptionId" | "seatId";
export type AlertFormErrors = Partial<Record<AlertFormField, string>>;

export type AlertFormResult = { ok: true; params: AlertCreateParams & { customer_id: string; uniqueness_key: string } } | { ok: false; errors: AlertFormErrors };

export const MAX_NAME_LENGTH = 200;

/** How the threshold of a credit type is typed: USD in dollars, anything else in its own unit. */
export function thresholdUnit(creditTypeId: string, creditTypes: ReadonlyMap<string, CreditTypeInfo>): ThresholdUnit {
  if (creditTypeId === USD_CENTS_CREDIT_TYPE_ID) return { dollars: true, name: "dollars" };
  return { dollars: false, name: creditTypes.get(creditTypeId)?.name ?? translate(commonMessages, "common.credits") };
}

/** A credit type's name for pickers: USD reads as dollars (its amounts are typed in dollars here). */
export function creditTypeOptionLabel(type: CreditTypeInfo): string {
  return type.id === USD_CENTS_CREDIT_TYPE_ID ? translate(alertsMessages, "alerts.request.usdOption") : type.name;
}

/** Whether seat-scoped alerts can name the subscription's seats: seat-based, with a seat group key to filter by. */
export function takesSeatAlerts(subscription: Subscription): boolean {
  return isSeatBased(subscription) && Boolean(subscription.seat_config?.seat_group_key);
}

/** What the subscription is called in messages. */
export function subscriptionName(subscription: Subscription): string {
  return subscription.name?.trim() || subscription.subscription_rate.product.name || translate(alertsMessages, "alerts.request.thisSubscription");
}

/** Why a subscription cannot carry seat alerts. */
export function notSeatBasedMessage(subscription: Subscription): string {
  return translate(alertsMessages, "alerts.request.notSeatBased", { name: subscriptionName(subscription) });
}

/** "10 AI credits remaining", "$25.00 remaining on ada@acme.example", "… on any seat of Team Seat". */
export function suggestedAlertName(input: {
  threshold: number;
  creditTypeId: string;
  names: CreditTypeNames;
  scope: AlertScope;
  seatTarget: SeatTarget;
  seatId: string;
  subscriptionName: string;
}): string {
  const amount = formatAmount(input.threshold, input.creditTypeId, input.names);
  if (input.scope === "contract") return translate(alertsMessages, "alerts.request.nameContract", { amount });
  if (input.seatTarget === "one") return translate(alertsMessages, "alerts.request.nameSeat", { amount, seat: input.seatId });
  return translate(alertsMessages, "alerts.request.nameEverySeat", { amount, subscription: input.subscriptionName });
}

/**
 * Checks the form and builds the /v1/alerts/create body (customer_id from the session's scope,
 * uniqueness_key derived from the definition). Every problem gets its own message, per field.
 */
export function validateAlertForm(values: AlertFormValues, context: AlertFormContext): AlertFormResult {
  const errors: AlertFormErrors = {};
  const creditType = context.creditTypes.get(values.creditTypeId);
  if (!values.creditTypeId) errors.creditTypeId = translate(alertsMessages, "alerts.request.chooseCreditType");
  else if (!creditType) errors.creditTypeId = translate(alertsMessages, "alerts.request.unknownCreditType");

  const unit = thresholdUnit(values.creditTypeId, context.creditTypes);
  const threshold = parseThreshold(values.threshold, unit);
  if (!threshold.ok) errors.threshold = threshold.message;

  const name = values.name.trim();
  if (name.length > MAX_NAME_LENGTH) errors.name = translate(alertsMessages, "alerts.request.nameTooLong", { max: MAX_NAME_LENGTH, length: name.length });

  let subscription: Subscription | undefined;
  if (values.scope === "seat") {
    subscription = context.subscriptions.find((s) => s.id === values.subscriptionId);
    if (!subscription) errors.subscriptionId = translate(alertsMessages, "alerts.request.chooseSubscription");
    else if (!takesSeatAlerts(subscription)) errors.subscriptionId = notSeatBasedMessage(subscription);
    else if (values.seatTarget === "one") {
      const seatId = values.seatId.trim();
      if (!seatId) errors.seatId = translate(alertsMessages, "alerts.request.chooseSeat");
      else if (context.seatIds === null) errors.seatId = translate(alertsMessages, "alerts.request.seatsLoading");
      else if (!context.seatIds.has(seatId)) errors.seatId = translate(alertsMessages, "alerts.request.notCurrentSeat", { seat: seatId, name: subscriptionName(subscription) });
    }
  }

  if (Object.keys(errors).length > 0 || !threshold.ok || !creditType) return { ok: false, errors };

  const seatFilter =
    values.scope === "seat" && subscription?.seat_config
      ? {
          seat_group_key: subscription.seat_config.seat_group_key,
          ...(values.seatTarget === "one" ? { seat_group_value: values.seatId.trim() } : {}),
        }
      : undefined;
  const alertType: AlertCreateParams["alert_type"] = values.scope === "seat" ? SEAT_ALERT_TYPE : values.contractType;
  const names = new Map([[creditType.id, { name: creditType.name }]]);
  const definition = {
    customer_id: context.customerId,
    alert_type: alertType,
    credit_type_id: creditType.id,
    threshold: threshold.value,
    ...(seatFilter ? { seat_filter: seatFilter } : {}),
  };
  return {
    ok: true,
    params: {
      ...definition,
      name:
        name ||
        suggestedAlertName({
          threshold: threshold.value,
          creditTypeId: creditType.id,
          names,
          scope: values.scope,
          seatTarget: values.seatTarget,
          seatId: values.seatId.trim(),
          subscriptionName: subscription ? subscriptionName(subscription) : "",
        }),
      uniqueness_key: alertUniquenessKey(definition),
    },
  };
}
