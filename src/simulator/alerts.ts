/**
 * Alert evaluation (see docs/metronome.md, "Alerts and webhooks"): each enabled alert is
 * evaluated per customer (and per seat for
 * low_remaining_seat_balance_reached); every ok ↔ in_alarm change emits one webhook event,
 * `alerts.<type>` on entering alarm and its `_resolved` companion on leaving it.
 */
import type { Ctx } from "./context";
import type { AlertRecord, AlertStateRecord, CustomerRecord } from "./state";
import { iso } from "./time";
import { tidy } from "./rounding";
import { queueWebhook } from "./webhooks";

export const SEAT_ALERT = "low_remaining_seat_balance_reached";
export const CONTRACT_CREDIT_ALERTS = [
  "low_remaining_contract_credit_balance_reached",
  "low_remaining_contract_credit_and_commit_balance_reached",
  "low_credit_balance_reached",
] as const;
export const EVALUATED_TYPES: readonly string[] = [SEAT_ALERT, ...CONTRACT_CREDIT_ALERTS];

export function webhookType(alertType: string, resolved: boolean): string {
  const base = alertType === "low_credit_balance_reached" ? "low_remaining_credit_balance_reached" : alertType;
  return `alerts.${resolved ? base.replace(/_reached$/, "_resolved") : base}`;
}

/** Value per evaluation key ("" for customer-level, the seat id for seat alerts). */
export function alertValues(ctx: Ctx, alert: AlertRecord, customer: CustomerRecord, now: number): Map<string, number> {
  const out = new Map<string, number>();
  const contracts = ctx.state.contracts.filter((c) => c.customer_id === customer.id && c.archived_at === null);
  if (alert.alert_type === SEAT_ALERT) {
    const key = alert.seat_filter?.seat_group_key;
    for (const contract of contracts) {
      const subs = contract.subscriptions.filter((s) => s.quantity_management_mode === "SEAT_BASED" && s.seat_group_key === key);
      if (subs.length === 0) continue;
      const view = ctx.engine.view(contract, now);
      const subIds = new Set(subs.map((s) => s.id));
      const seats = new Set<string>();
      for (const sub of subs) {
        const segs = view.timelines.get(sub.id) ?? [];
        for (const seg of segs) if (seg.start <= now && (seg.end === null || now < seg.end)) for (const s of seg.assigned) seats.add(s);
      }
      for (const seat of seats) {
        if (alert.seat_filter?.seat_group_value !== undefined && alert.seat_filter.seat_group_value !== seat) continue;
        let value = 0;
        for (const { credit, slice } of view.seatSlices.get(seat) ?? []) {
          if (!credit.subscription || !subIds.has(credit.subscription.id)) continue;
          if (credit.terms.credit_type_id !== alert.credit_type_id) continue;
          if (!(credit.start <= now && now < credit.end)) continue;
          value += slice.balance;
        }
        out.set(seat, tidy((out.get(seat) ?? 0) + value));
      }
    }
    return out;
  }
  let total = 0;
  const withCommits = alert.alert_type === "low_remaining_contract_credit_and_commit_balance_reached";
  for (const contract of contracts) {
    for (const credit of ctx.engine.view(contract, now).credits) {
      if (credit.allocation === "INDIVIDUAL") continue; // seat-scoped credits are not included
      if (credit.kind !== "CREDIT" && !withCommits) continue;
      if (credit.terms.credit_type_id !== alert.credit_type_id) continue;
      if (!(credit.start <= now && now < credit.end)) continue;
      total += credit.balance;
    }
  }
  out.set("", tidy(total));
  return out;
}

function customersOf(ctx: Ctx, alert: AlertRecord): CustomerRecord[] {
  if (alert.customer_id) return ctx.state.customers.filter((c) => c.id === alert.customer_id);
  return ctx.state.customers.filter((c) => c.archived_at === null);
}

/**
 * Re-evaluates alerts (all, or those of one customer). `initialQuiet` marks the first pass of a new
 * alert created with evaluate_on_create false: each customer (and seat) it covers at creation is
 * recorded as ok with its current value as a baseline and is not evaluated until that value
 * changes; customers and seats that appear later are evaluated from the start (see
 * docs/metronome.md, "Alerts and webhooks").
 */
export function evaluateAlerts(ctx: Ctx, options: { customerId?: string; alertId?: string; initialQuiet?: boolean; triggeredBy?: string | null } = {}): number {
  const now = ctx.now();
  let emitted = 0;
  const index = new Map<string, AlertStateRecord>();
  for (const s of ctx.state.alert_states) index.set(`${s.alert_id}|${s.customer_id}|${s.seat}`, s);
  for (const alert of ctx.state.alerts) {
    if (alert.status !== "enabled" || !EVALUATED_TYPES.includes(alert.alert_type)) continue;
    if (options.alertId !== undefined && alert.id !== options.alertId) continue;
    for (const customer of customersOf(ctx, alert)) {
      if (options.customerId !== undefined && customer.id !== options.customerId) continue;
      const values = alertValues(ctx, alert, customer, now);
      const seen = new Set<string>();
      for (const [seat, value] of values) {
        seen.add(seat);
        const inAlarm = value <= alert.threshold;
        const key = `${alert.id}|${customer.id}|${seat}`;
        let rec = index.get(key);
        if (!rec) {
          rec = { alert_id: alert.id, customer_id: customer.id, seat, status: "ok", updated_at: now, triggered_by: null };
          if (options.initialQuiet === true) rec.baseline = value;
          ctx.state.alert_states.push(rec);
          index.set(key, rec);
        }
        if (rec.baseline !== undefined) {
          if (rec.baseline === value) continue;
          delete rec.baseline;
        }
        const next = inAlarm ? "in_alarm" : "ok";
        if (rec.status === next) continue;
        const wasEvaluating = rec.status === "evaluating";
        rec.status = next;
        rec.updated_at = now;
        rec.triggered_by = inAlarm ? options.triggeredBy ?? null : null;
        if (wasEvaluating && next === "ok") continue;
        emitWebhook(ctx, alert, customer, seat, value, next === "ok", rec.triggered_by);
        emitted++;
      }
      // seats no longer evaluated (removed) resolve silently
      for (const rec of ctx.state.alert_states) {
        if (rec.alert_id === alert.id && rec.customer_id === customer.id && !seen.has(rec.seat) && rec.status === "in_alarm") {
          rec.status = "ok";
          rec.updated_at = now;
        }
      }
    }
  }
  return emitted;
}

function emitWebhook(ctx: Ctx, alert: AlertRecord, customer: CustomerRecord, seat: string, value: number, resolved: boolean, triggeredBy: string | null): void {
  const properties: Record<string, unknown> = {
    customer_id: customer.id,
    alert_id: alert.id,
    timestamp: iso(ctx.now()),
    threshold: alert.threshold,
    alert_name: alert.name,
    credit_type_id: alert.credit_type_id,
    remaining_balance: value,
    ...(triggeredBy ? { triggered_by: triggeredBy } : {}),
  };
  if (alert.alert_type === SEAT_ALERT) {
    properties.seat_filter = { seat_group_key: alert.seat_filter?.seat_group_key, seat_group_value: seat };
  }
  queueWebhook(ctx, webhookType(alert.alert_type, resolved), properties);
}
