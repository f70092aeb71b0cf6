import { addDays, isIsoDate, toIsoDate, type DateRange } from "./date-range";
import { formatDate } from "./format";
import { translate } from "./i18n-core";
import { libMessages } from "../locales/en/lib";

/** The dates a range may cover (inclusive YYYY-MM-DD); null bound = unbounded. */
export interface RangeLimits {
  min: string | null;
  max: string | null;
  /** What the limits are, for messages (default: the contract). */
  what?: "contract" | "subscription";
}

export type RangeCheck = { ok: true; range: DateRange } | { ok: false; message: string };

function describeLimits(limits: RangeLimits): string {
  const values = { what: limits.what ?? "contract", from: formatDate(limits.min), to: formatDate(limits.max) };
  if (limits.min && limits.max) return translate(libMessages, "lib.range.limitsBoth", values);
  if (limits.min) return translate(libMessages, "lib.range.limitsStart", values);
  return translate(libMessages, "lib.range.limitsEnd", values);
}

/**
 * Checks a from/to pair (YYYY-MM-DD, inclusive) against the calendar and the limits. Unlike
 * parseDateRange it never swaps or clips silently: a wrong range gets a message in plain words.
 * With `oneDate` the pair is a single date (from = to) and the messages speak of one date.
 */
export function checkDateRange(from: string, to: string, limits: RangeLimits, options: { oneDate?: boolean } = {}): RangeCheck {
  const fail = (message: string): RangeCheck => ({ ok: false, message });
  if (!isIsoDate(from)) return fail(translate(libMessages, options.oneDate ? "lib.range.dateNotDate" : "lib.range.startNotDate", { value: from }));
  if (!isIsoDate(to)) return fail(translate(libMessages, options.oneDate ? "lib.range.dateNotDate" : "lib.range.endNotDate", { value: to }));
  if (to < from) return fail(translate(libMessages, "lib.range.endsBeforeStart", { from: formatDate(from), to: formatDate(to) }));
  if ((limits.min && to < limits.min) || (limits.max && from > limits.max)) {
    return fail(translate(libMessages, options.oneDate ? "lib.range.dateOutside" : "lib.range.outside", { limits: describeLimits(limits) }));
  }
  if ((limits.min && from < limits.min) || (limits.max && to > limits.max)) {
    return fail(translate(libMessages, "lib.range.reachesOutside", { limits: describeLimits(limits) }));
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
    make("3m", translate(libMessages, "lib.range.preset3m"), addDays(today, -91), end),
    make("1y", translate(libMessages, "lib.range.preset1y"), addDays(today, -365), end),
    make("all", translate(libMessages, "lib.range.presetAll"), limits.min ?? addDays(today, -3 * 365), clamp(options.allTo && options.allTo > end ? options.allTo : end, limits)),
  ];
}

/** The range as epoch ms [start of `from`, start of the day after `to`). */
export function rangeTimes(range: DateRange): [number, number] {
  return [Date.parse(`${range.from}T00:00:00.000Z`), Date.parse(`${addDays(range.to, 1)}T00:00:00.000Z`)];
}
