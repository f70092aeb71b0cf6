/**
 * Billing and credit periods: boundaries at anchor + k × frequency (calendar months with day
 * clamping, or whole days), clipped to the subscription's (or recurring credit's) life. The
 * natural, unclipped length is what proration fractions divide by.
 */
import { DAY_MS, addCalendarMonths, wholeHoursBetween } from "./time";

export type Frequency = "DAILY" | "WEEKLY" | "MONTHLY" | "QUARTERLY" | "ANNUAL";

export interface PeriodSchedule {
  /** Any boundary of the schedule (epoch ms); boundaries repeat from it in both directions. */
  anchor: number;
  frequency: Frequency;
}

/** A half-open period [start, end), clipped; naturalStart/naturalEnd are the unclipped boundaries. */
export interface BillingPeriod {
  start: number;
  end: number;
  naturalStart: number;
  naturalEnd: number;
}

/** Clip range: [start, end), end null for open-ended. */
export interface ClipRange {
  start: number;
  end: number | null;
}

const MONTHS_PER: Partial<Record<Frequency, number>> = { MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12 };
const DAYS_PER: Partial<Record<Frequency, number>> = { DAILY: 1, WEEKLY: 7 };
const AVERAGE_MS: Record<Frequency, number> = {
  DAILY: DAY_MS,
  WEEKLY: 7 * DAY_MS,
  MONTHLY: 30.436875 * DAY_MS,
  QUARTERLY: 91.310625 * DAY_MS,
  ANNUAL: 365.2425 * DAY_MS,
};

/** Accepts Metronome's enum spellings in either case; unknown values give null. */
export function toFrequency(value: string | null | undefined): Frequency | null {
  const upper = typeof value === "string" ? value.toUpperCase() : "";
  return upper in AVERAGE_MS ? (upper as Frequency) : null;
}

/** The k-th boundary of the schedule (k = 0 is the anchor). */
export function boundary(schedule: PeriodSchedule, k: number): number {
  const months = MONTHS_PER[schedule.frequency];
  if (months !== undefined) return addCalendarMonths(schedule.anchor, k * months);
  return schedule.anchor + k * (DAYS_PER[schedule.frequency] ?? 1) * DAY_MS;
}

/** Index k of the natural period [boundary(k), boundary(k+1)) containing t. */
export function periodIndex(schedule: PeriodSchedule, t: number): number {
  let k = Math.floor((t - schedule.anchor) / AVERAGE_MS[schedule.frequency]);
  while (boundary(schedule, k) > t) k -= 1;
  while (boundary(schedule, k + 1) <= t) k += 1;
  return k;
}

function clipped(schedule: PeriodSchedule, k: number, clip: ClipRange): BillingPeriod | null {
  const naturalStart = boundary(schedule, k);
  const naturalEnd = boundary(schedule, k + 1);
  const start = Math.max(naturalStart, clip.start);
  const end = clip.end === null ? naturalEnd : Math.min(naturalEnd, clip.end);
  return start < end ? { start, end, naturalStart, naturalEnd } : null;
}

/** The (clipped) period containing t, or null when t lies outside the clip range. */
export function periodContaining(schedule: PeriodSchedule, t: number, clip: ClipRange): BillingPeriod | null {
  if (t < clip.start || (clip.end !== null && t >= clip.end)) return null;
  return clipped(schedule, periodIndex(schedule, t), clip);
}

/** Every (clipped) period that overlaps [from, to), in time order. */
export function periodsOverlapping(
  schedule: PeriodSchedule,
  from: number,
  to: number,
  clip: ClipRange,
): BillingPeriod[] {
  const lo = Math.max(from, clip.start);
  const hi = clip.end === null ? to : Math.min(to, clip.end);
  const out: BillingPeriod[] = [];
  if (lo >= hi) return out;
  for (let k = periodIndex(schedule, lo); boundary(schedule, k) < hi; k += 1) {
    const p = clipped(schedule, k, clip);
    if (p) out.push(p);
  }
  return out;
}

/** Whole hours in the natural (unclipped) period. */
export function naturalHours(period: BillingPeriod): number {
  return wholeHoursBetween(period.naturalStart, period.naturalEnd);
}

/** Whole hours from t to the period's (clipped) end. */
export function hoursRemaining(period: BillingPeriod, t: number): number {
  return wholeHoursBetween(t, period.end);
}

/** Whether the clipped period is shorter than its natural length (a partial first or last period). */
export function isPartial(period: BillingPeriod): boolean {
  return period.start > period.naturalStart || period.end < period.naturalEnd;
}

/** Whether this partial period is the first (clipped at the start) or the last (clipped at the end). */
export function partialSide(period: BillingPeriod): { first: boolean; last: boolean } {
  return { first: period.start > period.naturalStart, last: period.end < period.naturalEnd };
}

/**
 * `amount` scaled to the part of the period from t to its (clipped) end: whole hours remaining /
 * whole hours in the natural period (the amount itself when the period has no whole hour).
 */
export function prorate(amount: number, period: BillingPeriod, t: number): number {
  const total = naturalHours(period);
  return total > 0 ? (amount * hoursRemaining(period, t)) / total : amount;
}

/** Whole hours from t to the period's (clipped) end over whole hours in the natural period (1 when it has none). */
export function prorationFraction(period: BillingPeriod, t: number): number {
  const total = naturalHours(period);
  return total > 0 ? hoursRemaining(period, t) / total : 1;
}
