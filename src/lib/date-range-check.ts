import { addDays, isIsoDate, toIsoDate, type DateRange } from "./date-range";
import { formatDate } from "./format";

/** The dates a range may cover (inclusive YYYY-MM-DD); null bound = unbounded. */
export interface RangeLimits {
  min: string | null;
  max: string | null;
  /** What the limits are, for messages: "the contract". */
  what?: string;
}

export type RangeCheck = { ok: true; range: DateRange } | { ok: false; message: string };

function describeLimits(limits: RangeLimits): string {
  const what = limits.what ?? "the contract";
  if (limits.min && limits.max) return `${what} (it runs from ${formatDate(limits.min)} to ${formatDate(limits.max)})`;
  if (limits.min) return `${what} (it starts on ${formatDate(limits.min)})`;
  return `${what} (it ends on ${formatDate(limits.max)})`;
}

/**
 * Checks a from/to pair (YYYY-MM-DD, inclusive) against the calendar and the limits. Unlike
 * parseDateRange it never swaps or clips silently: a wrong range gets a message in plain words.
 */
export function checkDateRange(from: string, to: string, limits: RangeLimits): RangeCheck {
  if (!isIsoDate(from)) return { ok: false, message: `The start date "${from}" is not a date. Use the form YYYY-MM-DD.` };
  if (!isIsoDate(to)) return { ok: false, message: `The end date "${to}" is not a date. Use the form YYYY-MM-DD.` };
  if (to < from) {
    return {
      ok: false,
      message: `The range ends (${formatDate(to)}) before it starts (${formatDate(from)}). Choose an end date on or after the start date.`,
    };
  }
  if ((limits.min && to < limits.min) || (limits.max && from > limits.max)) {
    return { ok: false, message: `These dates are outside ${describeLimits(limits)}. Choose dates inside it.` };
  }
  if ((limits.min && from < limits.min) || (limits.max && to > limits.max)) {
    return { ok: false, message: `The range reaches outside ${describeLimits(limits)}. Choose dates inside it.` };
  }
  return { ok: true, range: { from, to } };
}

/** Reads ?from=&to= (each falling back to `fallback` when absent) and checks them. */
export function readDateRange(search: URLSearchParams, fallback: DateRange, limits: RangeLimits): RangeCheck & { from: string; to: string } {
  const from = search.get("from") ?? fallback.from;
  const to = search.get("to") ?? fallback.to;
  return { ...checkDateRange(from, to, limits), from, to };
}

export interface RangePreset {
  id: string;
  label: string;
  range: DateRange;
}

/** Moves a date into [min, max]. */
function clamp(date: string, limits: RangeLimits): string {
  if (limits.min && date < limits.min) return limits.min;
  if (limits.max && date > limits.max) return limits.max;
  return date;
}

/**
 * Presets ending `ahead` days after today (to show what is scheduled): the last 3 months, the
 * last year, and everything from the start (`allTo` is the end of "All"). Clipped to the limits.
 */
export function rangePresets(now: number, limits: RangeLimits, options: { ahead?: number; allTo?: string } = {}): RangePreset[] {
  const today = toIsoDate(now);
  const end = clamp(addDays(today, options.ahead ?? 31), limits);
  const make = (id: string, label: string, from: string, to: string): RangePreset => {
    const f = clamp(from, limits);
    return { id, label, range: { from: f, to: to < f ? f : to } };
  };
  return [
    make("3m", "3 months", addDays(today, -91), end),
    make("1y", "1 year", addDays(today, -365), end),
    make("all", "All", limits.min ?? addDays(today, -3 * 365), clamp(options.allTo && options.allTo > end ? options.allTo : end, limits)),
  ];
}

/** The range as epoch ms [start of `from`, start of the day after `to`). */
export function rangeTimes(range: DateRange): [number, number] {
  return [Date.parse(`${range.from}T00:00:00.000Z`), Date.parse(`${addDays(range.to, 1)}T00:00:00.000Z`)];
}
