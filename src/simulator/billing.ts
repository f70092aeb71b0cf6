/**
 * Subscription charges (A15/A16): one base charge per billing period from the quantity at its start,
 * and one charge per mid-period increase above the period's high-water mark, prorated by the hour.
 * Decreases never refund; they lower the next period's base quantity.
 */
import { roundAmount, tidy } from "./rounding";
import type { ContractRecord, RateCardRecord, SubscriptionRecord } from "./state";
import { hoursBetween, periodsBetween, type Period } from "./time";
import { quantityAt, type Segment } from "./timeline";

export interface Charge {
  subscription_id: string;
  product_id: string;
  product_name: string;
  kind: "base" | "increase";
  service_start: number;
  service_end: number;
  quantity: number;
  unit_price: number;
  amount: number;
  is_prorated: boolean;
  issue_at: number;
}

export function subscriptionEnd(sub: SubscriptionRecord, contract: ContractRecord): number {
  return sub.ending_before ?? contract.ending_before ?? Infinity;
}

/** Billing periods of a subscription clipped to its start/end (A6), up to `until` (exclusive start). */
export function billingPeriods(sub: SubscriptionRecord, contract: ContractRecord, until: number): Period[] {
  const end = subscriptionEnd(sub, contract);
  if (until <= sub.starting_at) return [];
  return periodsBetween(sub.billing_cycle_config.anchor_date, sub.billing_frequency, sub.starting_at, end, 100_000, until);
}

/** The list price per unit in force at `t` for a subscription product (0 when the rate card has none). */
export function unitPriceAt(sub: SubscriptionRecord, rateCard: RateCardRecord | undefined, t: number): number {
  if (!rateCard) return 0;
  let best: { starting_at: number; price: number } | undefined;
  for (const rate of rateCard.rates) {
    if (rate.product_id !== sub.product_id || !rate.entitled) continue;
    if (rate.billing_frequency !== null && rate.billing_frequency !== sub.billing_frequency) continue;
    if (rate.starting_at > t || (rate.ending_before !== null && rate.ending_before <= t)) continue;
    if (!best || rate.starting_at >= best.starting_at) best = rate;
  }
  return best?.price ?? 0;
}

/** All charges whose issue date is on or before `horizon`. */
export function subscriptionCharges(
  sub: SubscriptionRecord,
  contract: ContractRecord,
  segments: readonly Segment[],
  rateCard: RateCardRecord | undefined,
  horizon: number,
): Charge[] {
  const charges: Charge[] = [];
  const { is_prorated, invoice_behavior, rounding } = sub.proration;
  const advance = sub.collection_schedule === "ADVANCE";
  for (const p of billingPeriods(sub, contract, horizon + 1)) {
    const naturalHours = hoursBetween(p.naturalStart, p.naturalEnd);
    const price = unitPriceAt(sub, rateCard, p.start);
    const q0 = quantityAt(segments, p.start);
    const partial = p.start !== p.naturalStart || p.end !== p.naturalEnd;
    const baseProrated = is_prorated && partial;
    const baseUnit = baseProrated ? roundAmount((price * hoursBetween(p.start, p.end)) / naturalHours, rounding) : price;
    const baseIssue = advance ? p.start : p.end;
    if (q0 > 0 && baseIssue <= horizon) {
      charges.push({
        subscription_id: sub.id, product_id: sub.product_id, product_name: sub.product_name, kind: "base",
        service_start: p.start, service_end: p.end, quantity: q0, unit_price: baseUnit, amount: tidy(q0 * baseUnit),
        is_prorated: baseProrated, issue_at: baseIssue,
      });
    }
    let hwm = q0;
    for (const seg of segments) {
      if (seg.start <= p.start) continue;
      if (seg.start >= p.end) break;
      if (seg.total <= hwm) continue;
      const dq = seg.total - hwm;
      hwm = seg.total;
      const unit = is_prorated ? roundAmount((price * hoursBetween(seg.start, p.end)) / naturalHours, rounding) : price;
      // BILL_IMMEDIATELY: a scheduled invoice of its own at the change's instant. Otherwise the charge
      // joins the period-end invoice, unless that invoice was already issued when the change was
      // submitted (A16): then it lands on a new invoice at submission time.
      const immediate = advance && invoice_behavior === "BILL_IMMEDIATELY";
      const issue = immediate ? seg.start : p.end < seg.submitted_at ? seg.submitted_at : p.end;
      if (issue > horizon) continue;
      charges.push({
        subscription_id: sub.id, product_id: sub.product_id, product_name: sub.product_name, kind: "increase",
        service_start: seg.start, service_end: p.end, quantity: dq, unit_price: unit, amount: tidy(dq * unit),
        is_prorated, issue_at: issue,
      });
    }
  }
  return charges;
}
