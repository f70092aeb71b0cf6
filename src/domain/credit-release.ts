/**
 * Credits released by recurring credits linked to a subscription (see docs/metronome.md, "Recurring
 * credits and seat-scoped allocation"). Each credit
 * period [Cs, Ce) starts with access_amount.unit_price per seat (POOLED: per billed seat, on the
 * contract; INDIVIDUAL: per assigned seat ID, on that seat), prorated for a partial first/last
 * period as the credit's `proration` says. Inside the period, POOLED releases unit_price per seat
 * above the highest quantity already credited, INDIVIDUAL releases unit_price to each seat ID that
 * becomes assigned and has no allocation in the period yet; both × whole hours left / whole hours
 * in the natural period when apply_seat_increase_config.is_prorated. Decreases claw nothing back.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import {
  isPartial,
  partialSide,
  periodsOverlapping,
  prorationFraction,
  toFrequency,
  type BillingPeriod,
  type ClipRange,
  type PeriodSchedule,
} from "./billing-periods";
import { roundAmount, tidy, type RoundingConfig } from "./money";
import { subscriptionRange, type Subscription } from "./subscription";
import { stepAt, stepIndexAt, type Timeline } from "./timeline";
import { parseTime, requireTime, toIso } from "./time";

export type Allocation = "POOLED" | "INDIVIDUAL";
export type CreditProration = "NONE" | "FIRST" | "LAST" | "FIRST_AND_LAST";

/** A recurring credit linked to the subscription, with its settings resolved. */
export interface LinkedCredit {
  id: string;
  creditTypeId: string;
  /** Credit per seat per period. */
  unitPrice: number;
  allocation: Allocation;
  /** apply_seat_increase_config.is_prorated */
  seatIncreaseProrated: boolean;
  proration: CreditProration;
  rounding: RoundingConfig | null;
  schedule: PeriodSchedule;
  /** The credit's life within the subscription's. */
  clip: ClipRange;
}

export interface CreditGrant {
  recurring_credit_id: string;
  credit_type_id: string;
  allocation: Allocation;
  /** "segment_start": the period's opening allocation; "seat_increase": released by a seat increase (CREDIT_SEAT_BASED_ADJUSTMENT). */
  kind: "segment_start" | "seat_increase";
  /** In the credit type's unit; may be fractional. */
  amount: number;
  /** Seats this grant is for (POOLED: the added seats; INDIVIDUAL: 1). */
  quantity: number;
  /** INDIVIDUAL only: the seat that receives it. */
  seat_id?: string;
  /** When the balance becomes available. */
  at: string;
  is_prorated: boolean;
  credit_period: { starting_at: string; ending_before: string };
}

function toProration(value: string | undefined): CreditProration {
  const upper = String(value ?? "FIRST_AND_LAST").toUpperCase();
  return upper === "NONE" || upper === "FIRST" || upper === "LAST" ? upper : "FIRST_AND_LAST";
}

/** The recurring credits of the contract linked to `sub`, resolved. */
export function linkedCredits(contract: ContractV2, sub: Subscription, subClip: ClipRange): LinkedCredit[] {
  const out: LinkedCredit[] = [];
  for (const rc of contract.recurring_credits ?? []) {
    const config = rc.subscription_config;
    if (!config || !sub.id || config.subscription_id !== sub.id) continue;
    const start = parseTime(rc.starting_at);
    if (start === null) continue;
    const ownFrequency = toFrequency(rc.recurrence_frequency);
    const schedule: PeriodSchedule = ownFrequency
      ? { anchor: start, frequency: ownFrequency }
      : {
          anchor: requireTime(contract.usage_statement_schedule.billing_anchor_date, "statement anchor"),
          frequency: toFrequency(contract.usage_statement_schedule.frequency) ?? "MONTHLY",
        };
    const rcEnd = rc.ending_before ? parseTime(rc.ending_before) : null;
    const ends = [rcEnd, subClip.end].filter((e): e is number => e !== null);
    out.push({
      id: rc.id,
      creditTypeId: rc.access_amount.credit_type_id,
      unitPrice: Number(rc.access_amount.unit_price),
      allocation: String(config.allocation).toUpperCase() === "INDIVIDUAL" ? "INDIVIDUAL" : "POOLED",
      seatIncreaseProrated: config.apply_seat_increase_config?.is_prorated ?? true,
      proration: toProration(rc.proration),
      rounding: rc.proration_rounding?.access ?? null,
      schedule,
      clip: { start: Math.max(start, subClip.start), end: ends.length > 0 ? Math.min(...ends) : null },
    });
  }
  return out;
}

/**
 * How many credit objects one seat holds that overlap [from, to] (from === to: the instant):
 * each linked INDIVIDUAL recurring credit grants a seat one per period it overlaps, and one that
 * lasts N periods is still open N − 1 periods after. seatBalances/list fills its pages by this
 * count, so it sizes the seat chunks that fit in one page. At least 1.
 */
export function seatGrantsPerSeat(contract: ContractV2, sub: Subscription, from: number, to: number): number {
  let count = 0;
  for (const credit of linkedCredits(contract, sub, subscriptionRange(contract, sub))) {
    if (credit.allocation !== "INDIVIDUAL") continue;
    const duration = contract.recurring_credits?.find((rc) => rc.id === credit.id)?.commit_duration;
    const periods = duration && String(duration.unit ?? "PERIODS").toUpperCase() === "PERIODS" ? Math.max(1, Math.ceil(Number(duration.value) || 1)) : 1;
    count += Math.max(1, periodsOverlapping(credit.schedule, from, Math.max(to, from + 1), credit.clip).length) + periods - 1;
  }
  return Math.max(1, count);
}

/** Per-seat amount for the part of the period from t to its end. */
function perSeat(credit: LinkedCredit, period: BillingPeriod, t: number, prorated: boolean): number {
  return prorated ? roundAmount(credit.unitPrice * prorationFraction(period, t), credit.rounding) : credit.unitPrice;
}

function openingProrated(credit: LinkedCredit, period: BillingPeriod): boolean {
  if (!isPartial(period)) return false;
  const { first, last } = partialSide(period);
  const p = credit.proration;
  return (first && (p === "FIRST" || p === "FIRST_AND_LAST")) || (last && (p === "LAST" || p === "FIRST_AND_LAST"));
}

/** Every grant of one credit period, in time order (INDIVIDUAL: per seat, in assignment order). */
export function creditGrantsForPeriod(credit: LinkedCredit, timeline: Timeline, period: BillingPeriod): CreditGrant[] {
  const grants: CreditGrant[] = [];
  const individual = credit.allocation === "INDIVIDUAL";
  const creditPeriod = { starting_at: toIso(period.start), ending_before: toIso(period.end) };
  const grant = (kind: CreditGrant["kind"], amount: number, quantity: number, at: string, isProrated: boolean, seatId?: string) => {
    const g: CreditGrant = {
      recurring_credit_id: credit.id,
      credit_type_id: credit.creditTypeId,
      allocation: credit.allocation,
      kind,
      amount,
      quantity,
      at,
      is_prorated: isProrated,
      credit_period: creditPeriod,
    };
    if (seatId !== undefined) g.seat_id = seatId;
    grants.push(g);
  };
  const opening = stepAt(timeline, period.start);
  if (individual && opening !== null && opening.assigned === null) return grants;

  const prorateOpening = openingProrated(credit, period);
  const openingAmount = perSeat(credit, period, period.start, prorateOpening);
  const at = toIso(period.start);
  const slices = new Set<string>();
  if (opening !== null) {
    if (individual) {
      for (const id of opening.assigned ?? []) {
        slices.add(id);
        grant("segment_start", openingAmount, 1, at, prorateOpening, id);
      }
    } else if (opening.total > 0) {
      grant("segment_start", tidy(opening.total * openingAmount), opening.total, at, prorateOpening);
    }
  }

  let highWater = Math.max(0, opening?.total ?? 0);
  const { steps } = timeline;
  for (let i = Math.max(0, stepIndexAt(timeline, period.start) + 1); i < steps.length; i += 1) {
    const step = steps[i]!;
    if (step.start <= period.start) continue;
    if (step.start >= period.end) break;
    const stepAtIso = toIso(step.start);
    const amount = perSeat(credit, period, step.start, credit.seatIncreaseProrated);
    if (individual) {
      for (const id of step.assigned ?? []) {
        if (slices.has(id)) continue;
        slices.add(id);
        grant("seat_increase", amount, 1, stepAtIso, credit.seatIncreaseProrated, id);
      }
    } else if (step.total > highWater) {
      const added = step.total - highWater;
      highWater = step.total;
      grant("seat_increase", tidy(added * amount), added, stepAtIso, credit.seatIncreaseProrated);
    }
  }
  return grants;
}

/** Every grant of the credit periods overlapping [from, to), in time order. */
export function computeCreditGrants(credit: LinkedCredit, timeline: Timeline, from: number, to: number): CreditGrant[] {
  return periodsOverlapping(credit.schedule, from, to, credit.clip).flatMap((p) => creditGrantsForPeriod(credit, timeline, p));
}
