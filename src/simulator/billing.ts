/**
 * Subscription charges (see docs/metronome.md, "Proration and invoices"): one base charge per
 * billing period from the quantity at its start,
 * and one charge per mid-period increase above the period's high-water mark, prorated by the hour.
 * Decreases never refund; they lower the next period's base quantity.
 */
import { roundAmount, tidy } from "./rounding";
import type { ContractRecord, RateCardRecord, SubscriptionRecord } from "./state";
import { hoursBetween, periodsBetween, type Period } from "./time";
import { quantityAt, replay, type Segment } from "./timeline";

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

/** Billing periods of a subscription clipped to its start and end, up to `until` (exclusive start). */
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

/** The charges one seat timeline produces, each dated at its natural issue date. */
function naturalCharges(sub: SubscriptionRecord, contract: ContractRecord, segments: readonly Segment[], rateCard: RateCardRecord | undefined, until: number): Charge[] {
  const charges: Charge[] = [];
  const { is_prorated, invoice_behavior, rounding } = sub.proration;
  const advance = sub.collection_schedule === "ADVANCE";
  const immediate = advance && invoice_behavior === "BILL_IMMEDIATELY";
  for (const p of billingPeriods(sub, contract, until)) {
    const naturalHours = hoursBetween(p.naturalStart, p.naturalEnd);
    const price = unitPriceAt(sub, rateCard, p.start);
    const q0 = quantityAt(segments, p.start);
    const partial = p.start !== p.naturalStart || p.end !== p.naturalEnd;
    const baseProrated = is_prorated && partial;
    const baseUnit = baseProrated ? roundAmount((price * hoursBetween(p.start, p.end)) / naturalHours, rounding) : price;
    if (q0 > 0) {
      charges.push({
        subscription_id: sub.id, product_id: sub.product_id, product_name: sub.product_name, kind: "base",
        service_start: p.start, service_end: p.end, quantity: q0, unit_price: baseUnit, amount: tidy(q0 * baseUnit),
        is_prorated: baseProrated, issue_at: advance ? p.start : p.end,
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
      charges.push({
        subscription_id: sub.id, product_id: sub.product_id, product_name: sub.product_name, kind: "increase",
        service_start: seg.start, service_end: p.end, quantity: dq, unit_price: unit, amount: tidy(dq * unit),
        is_prorated, issue_at: immediate ? seg.start : p.end,
      });
    }
  }
  return charges;
}

const chargeKey = (c: Charge): string => `${c.kind}|${c.service_start}`;

/**
 * All charges whose issue date is on or before `horizon`. Finalized invoices never change and an
 * invoice is never issued in the past: a line is billed on its natural issue date (the
 * change for ADVANCE + BILL_IMMEDIATELY, the period start for an ADVANCE base charge, the period
 * end otherwise) from what was known then. When an edit reaches back (an event dated before its
 * submission), every line whose natural issue date had already passed is compared with what was
 * billed for it (per kind and service start): more is billed as a new line with the same service
 * period, on an invoice issued when the edit was submitted; less changes nothing (no refund).
 * Lines not yet issued simply follow the edited schedule. src/domain/preview.ts applies the same rule.
 */
export function subscriptionCharges(
  sub: SubscriptionRecord,
  contract: ContractRecord,
  segments: readonly Segment[],
  rateCard: RateCardRecord | undefined,
  horizon: number,
): Charge[] {
  const until = horizon + 1;
  const reachBack = [...new Set(sub.events.filter((e) => e.at < e.submitted_at).map((e) => e.submitted_at))].sort((a, b) => a - b);
  if (reachBack.length === 0) return naturalCharges(sub, contract, segments, rateCard, until).filter((c) => c.issue_at <= horizon);

  // Epoch k covers submissions up to reachBack[k] (exclusive); lines dated in [reachBack[k-1], reachBack[k]) come from it.
  const known = (before: number): readonly Segment[] => {
    try {
      return replay({ ...sub, events: sub.events.filter((e) => e.submitted_at < before) }, { maxSeats: Number.MAX_SAFE_INTEGER });
    } catch {
      return segments;
    }
  };
  const billed = new Map<string, { amount: number; quantity: number }>();
  const out: Charge[] = [];
  const bill = (c: Charge) => {
    const prev = billed.get(chargeKey(c));
    billed.set(chargeKey(c), { amount: tidy((prev?.amount ?? 0) + c.amount), quantity: (prev?.quantity ?? 0) + c.quantity });
    out.push(c);
  };
  for (let k = 0; k <= reachBack.length; k++) {
    const from = reachBack[k - 1] ?? -Infinity;
    const to = reachBack[k] ?? Infinity;
    const epoch = naturalCharges(sub, contract, to === Infinity ? segments : known(to), rateCard, Math.min(until, to));
    if (k > 0) {
      // What the reaching-back edit adds to lines whose natural date had passed: a new line at submission.
      for (const c of epoch) {
        if (c.issue_at >= from) continue;
        const prev = billed.get(chargeKey(c));
        const amount = tidy(c.amount - (prev?.amount ?? 0));
        if (amount > 0 && from <= horizon) bill({ ...c, quantity: c.quantity - (prev?.quantity ?? 0), amount, issue_at: from });
      }
    }
    for (const c of epoch) if (c.issue_at >= from && c.issue_at < to && c.issue_at <= horizon) bill(c);
  }
  return out.sort((a, b) => a.issue_at - b.issue_at || a.service_start - b.service_start);
}
