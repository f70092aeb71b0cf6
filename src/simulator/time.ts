/** UTC time arithmetic on epoch milliseconds. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export type Frequency = "MONTHLY" | "QUARTERLY" | "ANNUAL" | "WEEKLY" | "DAILY";

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function parseIso(value: string): number | null {
  // RFC 3339 with a date part; Date.parse accepts a wide range, so check the shape first.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return null;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? null : ms;
}

export const isHourAligned = (ms: number): boolean => ms % HOUR_MS === 0;
export const floorHour = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS;
export const floorDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Adds calendar months keeping the anchor's day of month, clamped to the month's end. */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(ty, tm));
  return Date.UTC(ty, tm, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

export function monthStart(ms: number, monthsBack = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1);
}

/** The k-th boundary of a schedule anchored at `anchor` (k may be negative). */
export function boundary(anchor: number, frequency: Frequency, k: number): number {
  switch (frequency) {
    case "MONTHLY":
      return addMonths(anchor, k);
    case "QUARTERLY":
      return addMonths(anchor, 3 * k);
    case "ANNUAL":
      return addMonths(anchor, 12 * k);
    case "WEEKLY":
      return anchor + 7 * k * DAY_MS;
    case "DAILY":
      return anchor + k * DAY_MS;
  }
}

/** Index k of the natural period [boundary(k), boundary(k+1)) containing t. */
export function periodIndex(anchor: number, frequency: Frequency, t: number): number {
  const approxLen = frequency === "WEEKLY" ? 7 * DAY_MS : frequency === "DAILY" ? DAY_MS
    : (frequency === "MONTHLY" ? 1 : frequency === "QUARTERLY" ? 3 : 12) * 30.436875 * DAY_MS;
  let k = Math.floor((t - anchor) / approxLen);
  while (boundary(anchor, frequency, k) > t) k--;
  while (boundary(anchor, frequency, k + 1) <= t) k++;
  return k;
}

export interface Period {
  start: number;
  end: number;
  /** The unclipped calendar period the clipped one belongs to. */
  naturalStart: number;
  naturalEnd: number;
  index: number;
}

/**
 * Periods of a schedule clipped to [from, to), in order, that start before `startsBefore`;
 * `to` may be Infinity, `limit` caps the walk.
 */
export function periodsBetween(anchor: number, frequency: Frequency, from: number, to: number, limit: number, startsBefore = Infinity): Period[] {
  const out: Period[] = [];
  let k = periodIndex(anchor, frequency, from);
  while (out.length < limit) {
    const ns = boundary(anchor, frequency, k);
    const ne = boundary(anchor, frequency, k + 1);
    if (ns >= to || Math.max(ns, from) >= startsBefore) break;
    out.push({ start: Math.max(ns, from), end: Math.min(ne, to), naturalStart: ns, naturalEnd: ne, index: k });
    k++;
  }
  return out;
}

export const hoursBetween = (a: number, b: number): number => (b - a) / HOUR_MS;
