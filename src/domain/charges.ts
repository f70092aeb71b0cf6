/**
 * Subscription charges (see docs/metronome.md, "Proration and invoices"). For each billing period
 * [S, E): the quantity in force at S is
 * charged once (ADVANCE: at S; ARREARS: at E; a partial first/last period prorated when
 * is_prorated). Inside the period, each rise above the highest quantity already charged (the
 * high-water mark) is charged for the added seats at the unit price × whole hours left / whole
 * hours in the natural period (rounded as configured), billed at the change (ADVANCE +
 * BILL_IMMEDIATELY) or at E. Decreases are free: they only lower the next period's quantity.
 */
import {
  hoursRemaining,
  isPartial,
  naturalHours,
  periodsOverlapping,
  prorate,
  type BillingPeriod,
  type ClipRange,
  type PeriodSchedule,
} from "./billing-periods";
import { roundAmount, tidy } from "./money";
import type { ChargeSettings, PricePoint } from "./subscription";
import { unitPriceAt } from "./subscription";
import { stepIndexAt, totalAt, type Timeline } from "./timeline";
import { toIso } from "./time";

export type ChargeKind = "period_start" | "increase";

/**
 * When a charge is invoiced: "immediately" (on an invoice dated at the change), on the
 * "next_collection_date" (the end of the period, with the next advance charge), "in_arrears"
 * (at the end of the period), or "in_advance" (the period's own charge, at its start).
 */
export type Billed = "immediately" | "next_collection_date" | "in_arrears" | "in_advance";

export interface ChargeLine {
  kind: ChargeKind;
  /** quantity × prorated_unit_price, in the subscription's fiat credit type (USD cents); may be fractional. */
  amount: number;
  /** Seats charged by this line (the added seats for an increase). */
  quantity: number;
  /** Full-period price per seat. */
  unit_price: number;
  /** Price per seat for the part of the period charged (after rounding, when configured). */
  prorated_unit_price: number;
  is_prorated: boolean;
  /**
   * The proration, when prorated: whole hours charged (the service period) of the whole hours in
   * the natural billing period; prorated_unit_price is unit_price × charged_hours / period_hours
   * (before rounding). Equal when the whole period is charged.
   */
  charged_hours: number;
  period_hours: number;
  service_period: { starting_at: string; ending_before: string };
  issued_at: string;
  billed: Billed;
}

export interface ChargeInputs {
  timeline: Timeline;
  settings: ChargeSettings;
  schedule: PeriodSchedule;
  /** The subscription's life. */
  clip: ClipRange;
  /** Price per seat over time (quantity history); the price at a period's start applies to all of it. */
  prices: readonly PricePoint[];
}

/** Price per seat for the part of `period` from t to its end (the whole price when not prorated). */
export function proratedUnitPrice(
  unitPrice: number,
  period: BillingPeriod,
  t: number,
  settings: Pick<ChargeSettings, "isProrated" | "rounding">,
): number {
  return settings.isProrated ? roundAmount(prorate(unitPrice, period, t), settings.rounding) : unitPrice;
}

function issue(settings: ChargeSettings, period: BillingPeriod, t: number): { issuedAt: number; billed: Billed } {
  if (settings.collection === "ARREARS") return { issuedAt: period.end, billed: "in_arrears" };
  if (settings.invoiceBehavior === "BILL_IMMEDIATELY") return { issuedAt: t, billed: "immediately" };
  return { issuedAt: period.end, billed: "next_collection_date" };
}

/** The hours a line charges of its period's natural hours (all of them when not prorated). */
function chargedHours(period: BillingPeriod, t: number, prorated: boolean): Pick<ChargeLine, "charged_hours" | "period_hours"> {
  const periodHours = naturalHours(period);
  return { charged_hours: prorated ? hoursRemaining(period, t) : periodHours, period_hours: periodHours };
}

/** Every charge of one billing period, in time order. */
export function chargesForPeriod(inputs: ChargeInputs, period: BillingPeriod): ChargeLine[] {
  const { timeline, settings } = inputs;
  const unitPrice = unitPriceAt(inputs.prices, period.start) ?? 0;
  const lines: ChargeLine[] = [];
  const servicePeriod = (from: number) => ({ starting_at: toIso(from), ending_before: toIso(period.end) });

  const q0 = totalAt(timeline, period.start);
  if (q0 > 0) {
    const prorated = settings.isProrated && isPartial(period);
    const unit = prorated ? proratedUnitPrice(unitPrice, period, period.start, settings) : unitPrice;
    const advance = settings.collection === "ADVANCE";
    lines.push({
      kind: "period_start",
      amount: tidy(q0 * unit),
      quantity: q0,
      unit_price: unitPrice,
      prorated_unit_price: unit,
      is_prorated: prorated,
      ...chargedHours(period, period.start, prorated),
      service_period: servicePeriod(period.start),
      issued_at: toIso(advance ? period.start : period.end),
      billed: advance ? "in_advance" : "in_arrears",
    });
  }

  let highWater = Math.max(0, q0);
  const { steps } = timeline;
  for (let i = Math.max(0, stepIndexAt(timeline, period.start) + 1); i < steps.length; i += 1) {
    const step = steps[i]!;
    if (step.start <= period.start) continue;
    if (step.start >= period.end) break;
    if (step.total <= highWater) continue;
    const added = step.total - highWater;
    highWater = step.total;
    const unit = proratedUnitPrice(unitPrice, period, step.start, settings);
    const { issuedAt, billed } = issue(settings, period, step.start);
    lines.push({
      kind: "increase",
      amount: tidy(added * unit),
      quantity: added,
      unit_price: unitPrice,
      prorated_unit_price: unit,
      is_prorated: settings.isProrated,
      ...chargedHours(period, step.start, settings.isProrated),
      service_period: servicePeriod(step.start),
      issued_at: toIso(issuedAt),
      billed,
    });
  }
  return lines;
}

/** Every charge of the billing periods overlapping [from, to), in time order. */
export function computeCharges(inputs: ChargeInputs, from: number, to: number): ChargeLine[] {
  return periodsOverlapping(inputs.schedule, from, to, inputs.clip).flatMap((p) => chargesForPeriod(inputs, p));
}
