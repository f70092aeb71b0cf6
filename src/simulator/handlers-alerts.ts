/** /v1/alerts/create, /v1/alerts/archive, /v1/customer-alerts/list and /get. */
import type { AlertArchiveResponse, AlertCreateResponse } from "@metronome/sdk/resources/v1/alerts";
import type { AlertRetrieveResponse, CustomerAlert } from "@metronome/sdk/resources/v1/customers/alerts";
import { evaluateAlerts, EVALUATED_TYPES, SEAT_ALERT } from "./alerts";
import { conflict, findCustomer, type Ctx, type Handler } from "./context";
import { badRequest, notFound } from "./errors";
import { asBody, optArray, optBool, optObject, optString, optUuid, reqNumber, reqString, reqUuid, optStringArray } from "./input";
import { readOffsetCursor, pageOf } from "./handlers-catalog";
import { creditTypeData } from "./render";
import type { AlertRecord, AlertStatus } from "./state";
import { USD_CENTS_ID } from "./state";
import { iso } from "./time";

export const ALERT_TYPES = [
  "low_credit_balance_reached", "spend_threshold_reached", "monthly_invoice_total_spend_threshold_reached",
  "low_remaining_days_in_plan_reached", "low_remaining_credit_percentage_reached", "usage_threshold_reached",
  "low_remaining_days_for_commit_segment_reached", "low_remaining_commit_balance_reached", "low_remaining_commit_percentage_reached",
  "low_remaining_days_for_contract_credit_segment_reached", "low_remaining_contract_credit_balance_reached",
  "low_remaining_contract_credit_percentage_reached", "low_remaining_contract_credit_and_commit_balance_reached",
  "invoice_total_reached", "low_remaining_seat_balance_reached",
] as const;

export const createAlert: Handler = (ctx, req) => {
  const body = req.body;
  const typeRaw = reqString(body, "alert_type");
  const alertType = ALERT_TYPES.find((t) => t === typeRaw.toLowerCase());
  if (!alertType) throw badRequest(`alert_type must be one of ${ALERT_TYPES.join(", ")}, got "${typeRaw}"`);
  const name = reqString(body, "name");
  const threshold = reqNumber(body, "threshold");
  const creditTypeId = optUuid(body, "credit_type_id") ?? USD_CENTS_ID;
  if (!ctx.state.credit_types.some((t) => t.id === creditTypeId)) throw badRequest(`credit_type_id ${creditTypeId} not found`);
  const customerId = optUuid(body, "customer_id");
  if (customerId !== undefined) findCustomer(ctx, customerId, "plain404");
  const evaluateOnCreate = optBool(body, "evaluate_on_create") ?? true;
  const uniquenessKey = optString(body, "uniqueness_key");
  if (uniquenessKey !== undefined && (uniquenessKey.length < 1 || uniquenessKey.length > 128)) throw badRequest("uniqueness_key must be 1 to 128 characters");
  const seatFilterBody = optObject(body, "seat_filter");
  let seatFilter: AlertRecord["seat_filter"];
  if (seatFilterBody) {
    const key = reqString(seatFilterBody, "seat_group_key", "seat_filter.seat_group_key");
    const value = optString(seatFilterBody, "seat_group_value", "seat_filter.seat_group_value");
    seatFilter = { seat_group_key: key, ...(value !== undefined ? { seat_group_value: value } : {}) };
  }
  if (alertType === SEAT_ALERT && !seatFilter) throw badRequest("seat_filter is required for low_remaining_seat_balance_reached alerts");
  if (alertType !== SEAT_ALERT && seatFilter) throw badRequest("seat_filter is only allowed for low_remaining_seat_balance_reached alerts");
  const specifiers = optArray(body, "alert_specifiers");
  if (specifiers && alertType !== "low_remaining_contract_credit_and_commit_balance_reached") {
    throw badRequest("alert_specifiers is only allowed for low_remaining_contract_credit_and_commit_balance_reached alerts");
  }
  const customFilters = optArray(body, "custom_field_filters");
  if (uniquenessKey !== undefined) {
    const holder = ctx.state.alerts.find((a) => a.uniqueness_key === uniquenessKey && !a.uniqueness_key_released);
    if (holder) {
      throw conflict("This uniqueness key has already been used.", { conflicting_id: holder.id, conflicting_value: uniquenessKey });
    }
  }
  const now = ctx.now();
  const alert: AlertRecord = {
    id: ctx.newId(), name, alert_type: alertType, threshold, credit_type_id: creditTypeId, customer_id: customerId,
    seat_filter: seatFilter, alert_specifiers: specifiers, custom_field_filters: customFilters, uniqueness_key: uniquenessKey,
    uniqueness_key_released: false, evaluate_on_create: evaluateOnCreate, status: "enabled", created_at: now, updated_at: now,
  };
  ctx.state.alerts.push(alert);
  evaluateAlerts(ctx, { alertId: alert.id, initialQuiet: !evaluateOnCreate });
  return { data: { id: alert.id } } satisfies AlertCreateResponse;
};

export const archiveAlert: Handler = (ctx, req) => {
  const id = reqUuid(req.body, "id");
  const release = optBool(req.body, "release_uniqueness_key") ?? false;
  const alert = ctx.state.alerts.find((a) => a.id === id);
  if (!alert) throw notFound(`Alert ${id} not found`);
  if (alert.status === "archived") throw badRequest("Alert already archived");
  alert.status = "archived";
  alert.updated_at = ctx.now();
  if (release) alert.uniqueness_key_released = true;
  ctx.state.alert_states = ctx.state.alert_states.filter((s) => s.alert_id !== id);
  return { data: { id } } satisfies AlertArchiveResponse;
};

function customerStatus(ctx: Ctx, alert: AlertRecord, customerId: string, seat?: string): { status: AlertStatus | null; updated_at: number; triggered_by: string | null } {
  if (alert.status === "archived") return { status: null, updated_at: alert.updated_at, triggered_by: null };
  if (!EVALUATED_TYPES.includes(alert.alert_type)) return { status: "evaluating", updated_at: alert.updated_at, triggered_by: null };
  const states = ctx.state.alert_states.filter((s) => s.alert_id === alert.id && s.customer_id === customerId && (seat === undefined || s.seat === seat));
  if (states.length === 0) return { status: seat === undefined ? "ok" : "ok", updated_at: alert.updated_at, triggered_by: null };
  const alarm = states.filter((s) => s.status === "in_alarm");
  if (alarm.length) {
    const latest = alarm.reduce((a, b) => (b.updated_at > a.updated_at ? b : a));
    return { status: "in_alarm", updated_at: latest.updated_at, triggered_by: latest.triggered_by };
  }
  const latest = states.reduce((a, b) => (b.updated_at > a.updated_at ? b : a));
  return { status: latest.status, updated_at: Math.max(latest.updated_at, alert.updated_at), triggered_by: null };
}

function renderCustomerAlert(ctx: Ctx, alert: AlertRecord, customerId: string, seat?: string): CustomerAlert {
  const st = customerStatus(ctx, alert, customerId, seat);
  const seatFilter = alert.seat_filter
    ? { seat_group_key: alert.seat_filter.seat_group_key, ...(seat !== undefined ? { seat_group_value: seat } : alert.seat_filter.seat_group_value !== undefined ? { seat_group_value: alert.seat_filter.seat_group_value } : {}) }
    : undefined;
  return {
    customer_status: st.status,
    triggered_by: st.triggered_by,
    alert: {
      id: alert.id,
      name: alert.name,
      type: alert.alert_type as CustomerAlert["alert"]["type"],
      status: alert.status,
      threshold: alert.threshold,
      updated_at: iso(st.updated_at),
      credit_type: creditTypeData(ctx.state, alert.credit_type_id),
      ...(alert.uniqueness_key !== undefined ? { uniqueness_key: alert.uniqueness_key } : {}),
      ...(seatFilter ? { seat_filter: seatFilter } : {}),
      ...(alert.alert_specifiers ? { alert_specifiers: alert.alert_specifiers as NonNullable<CustomerAlert["alert"]["alert_specifiers"]> } : {}),
      ...(alert.custom_field_filters ? { custom_field_filters: alert.custom_field_filters as NonNullable<CustomerAlert["alert"]["custom_field_filters"]> } : {}),
    },
  };
}

export const listCustomerAlerts: Handler = (ctx, req) => {
  const customerId = reqUuid(req.body, "customer_id");
  const statuses = optStringArray(req.body, "alert_statuses")?.map((s) => s.toUpperCase());
  if (statuses && statuses.length === 0) throw badRequest("alert_statuses must contain at least one status");
  for (const s of statuses ?? []) if (!["ENABLED", "DISABLED", "ARCHIVED"].includes(s)) throw badRequest(`alert_statuses contains unknown status "${s}"`);
  findCustomer(ctx, customerId, "plain404");
  const wanted = new Set((statuses ?? ["ENABLED"]).map((s) => s.toLowerCase()));
  const offset = readOffsetCursor(req.query.get("next_page") ?? (typeof req.body.next_page === "string" ? req.body.next_page : null));
  const alerts = ctx.state.alerts
    .filter((a) => a.customer_id === undefined || a.customer_id === customerId)
    .filter((a) => wanted.has(a.status))
    .sort((a, b) => a.created_at - b.created_at);
  const page = pageOf(alerts, offset, 100);
  return { data: page.data.map((a) => renderCustomerAlert(ctx, a, customerId)), next_page: page.next_page };
};

/**
 * Whether a seat is one a seat alert covers for this customer: a seat assigned at some time (past,
 * present or scheduled) on one of the customer's SEAT_BASED subscriptions with the alert's
 * seat_group_key, and the alert's own seat when it names one.
 */
function alertCoversSeat(ctx: Ctx, alert: AlertRecord, customerId: string, seat: string): boolean {
  const filter = alert.seat_filter;
  if (filter?.seat_group_value !== undefined && filter.seat_group_value !== seat) return false;
  if (ctx.state.alert_states.some((s) => s.alert_id === alert.id && s.customer_id === customerId && s.seat === seat)) return true;
  return ctx.state.contracts
    .filter((c) => c.customer_id === customerId)
    .some((contract) => {
      const timelines = ctx.engine.timelines(contract).timelines;
      return contract.subscriptions
        .filter((sub) => sub.quantity_management_mode === "SEAT_BASED" && sub.seat_group_key === filter?.seat_group_key)
        .some((sub) => (timelines.get(sub.id) ?? []).some((segment) => segment.assigned.includes(seat)));
    });
}

export const getCustomerAlert: Handler = (ctx, req) => {
  const alertId = reqUuid(req.body, "alert_id");
  const customerId = reqUuid(req.body, "customer_id");
  const seatBody = optObject(req.body, "seat_filter");
  findCustomer(ctx, customerId, "plain404");
  const alert = ctx.state.alerts.find((a) => a.id === alertId && (a.customer_id === undefined || a.customer_id === customerId));
  if (!alert) throw notFound(`Alert ${alertId} not found for customer ${customerId}`);
  let seat: string | undefined;
  if (seatBody) {
    if (alert.alert_type !== SEAT_ALERT) throw badRequest("seat_filter is only allowed for low_remaining_seat_balance_reached alerts");
    const fb = asBody(seatBody, "seat_filter");
    const key = reqString(fb, "seat_group_key", "seat_filter.seat_group_key");
    seat = reqString(fb, "seat_group_value", "seat_filter.seat_group_value");
    if (key !== alert.seat_filter?.seat_group_key) throw badRequest(`seat_filter.seat_group_key "${key}" does not match the alert's "${alert.seat_filter?.seat_group_key ?? ""}"`);
    // A seat the alert never covered has no status to report (see docs/metronome.md, "Alerts and webhooks").
    if (!alertCoversSeat(ctx, alert, customerId, seat)) throw notFound(`Seat ${key}=${seat} not found for alert ${alertId} and customer ${customerId}`);
  }
  return { data: renderCustomerAlert(ctx, alert, customerId, seat) } satisfies AlertRetrieveResponse;
};
