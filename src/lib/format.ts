/**
 * The one formatting module: every number, seat count, percentage, date, time, money amount and
 * credit amount shown to a person goes through here, in the person's locale (navigator.languages).
 *
 * Dates: Metronome's billing dates are UTC midnights/hours, so `formatDate` shows the UTC calendar
 * date (June 1 00:00Z is "Jun 1" everywhere); `formatDateTime` shows the person's own time zone
 * unless `timeZone` is given.
 */
import { USD_CENTS_CREDIT_TYPE_ID } from "../domain/money";

type Locales = readonly string[];

/** The valid tags among `candidates`, canonicalised; en-US when none is usable. */
function validLocales(candidates: readonly string[]): Locales {
  const valid: string[] = [];
  for (const candidate of candidates) {
    try {
      valid.push(...Intl.getCanonicalLocales(candidate));
    } catch {
      // an invalid tag is skipped
    }
  }
  return valid.length > 0 ? valid : ["en-US"];
}

function detectLocales(): Locales {
  if (typeof navigator === "undefined") return validLocales([]);
  if (Array.isArray(navigator.languages) && navigator.languages.length > 0) return validLocales(navigator.languages);
  return validLocales(navigator.language ? [navigator.language] : []);
}

let locales: Locales = detectLocales();
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.PluralRules>();

/** The locales in use (the person's, from navigator.languages). */
export function getLocales(): Locales {
  return locales;
}

/** Overrides the locales (tests, or a host product that knows its user's locale). */
export function setLocales(next: string | readonly string[] | null): void {
  locales = next === null ? detectLocales() : validLocales(typeof next === "string" ? [next] : next);
  cache.clear();
}

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.PluralRules>(
  kind: string,
  options: object,
  make: (locales: string[], options: never) => T,
): T {
  const key = `${kind}|${JSON.stringify(options)}`;
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make([...locales], options as never);
    cache.set(key, formatter);
  }
  return formatter;
}

const numberFormat = (options: Intl.NumberFormatOptions) =>
  cached("number", options, (l, o: Intl.NumberFormatOptions) => new Intl.NumberFormat(l, o));
const dateFormat = (options: Intl.DateTimeFormatOptions) =>
  cached("date", options, (l, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(l, o));

const DASH = "—";

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** 1234.5 → "1,234.5" (at most `maximumFractionDigits`, default 2). null/NaN → "—". */
export function formatNumber(value: number | null | undefined, options: { maximumFractionDigits?: number; minimumFractionDigits?: number } = {}): string {
  if (!isFiniteNumber(value)) return DASH;
  const maximumFractionDigits = options.maximumFractionDigits ?? 2;
  return numberFormat({
    maximumFractionDigits,
    minimumFractionDigits: Math.min(options.minimumFractionDigits ?? 0, maximumFractionDigits),
  }).format(value);
}

/** 1234567 → "1.2M" (chart axes, tight spaces). */
export function formatCompactNumber(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return DASH;
  return numberFormat({ notation: "compact", maximumFractionDigits: 1 }).format(value);
}

/** 40 → "40 seats", 1 → "1 seat". */
export function formatSeats(count: number | null | undefined): string {
  if (!isFiniteNumber(count)) return DASH;
  const rule = cached("plural", {}, (_l, o: Intl.PluralRulesOptions) => new Intl.PluralRules("en", o)).select(count);
  return `${formatNumber(count, { maximumFractionDigits: 0 })} ${rule === "one" ? "seat" : "seats"}`;
}

/** A ratio: 0.256 → "26%" (`fractionDigits` decimals, default 0). */
export function formatPercent(ratio: number | null | undefined, fractionDigits = 0): string {
  if (!isFiniteNumber(ratio)) return DASH;
  return numberFormat({ style: "percent", maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(ratio);
}

// ---------------------------------------------------------------------------------------------
// Money and credits

/**
 * An amount in a currency's minor unit (USD cents) → "$1,234.56". Fractional cents (prorations)
 * keep up to four decimals of the major unit instead of being truncated: 0.8 cents → "$0.008".
 */
export function formatMoney(cents: number | null | undefined, currency = "USD"): string {
  if (!isFiniteNumber(cents)) return DASH;
  const major = cents / 100;
  const hasFractionalCents = Math.abs(cents - Math.round(cents)) > 1e-9;
  return numberFormat({
    style: "currency",
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: hasFractionalCents ? 4 : 2,
  }).format(major);
}

/** 1234.5 and "AI credits" → "1,234.5 AI credits". */
export function formatCredits(amount: number | null | undefined, unitName: string): string {
  if (!isFiniteNumber(amount)) return DASH;
  return `${formatNumber(amount, { maximumFractionDigits: 2 })} ${unitName}`;
}

/** What formatAmount needs to know about credit types: a Map or record id → name. */
export type CreditTypeNames = ReadonlyMap<string, { name: string }> | Readonly<Record<string, string>>;

function creditTypeName(creditTypeId: string, names?: CreditTypeNames): string | undefined {
  if (!names) return undefined;
  if (names instanceof Map) return (names as ReadonlyMap<string, { name: string }>).get(creditTypeId)?.name;
  return (names as Readonly<Record<string, string>>)[creditTypeId];
}

/** The display name of a credit type ("USD", "AI credits"); "credits" when unknown. */
export function formatCreditTypeName(creditTypeId: string | null | undefined, names?: CreditTypeNames): string {
  if (!creditTypeId) return "credits";
  if (creditTypeId === USD_CENTS_CREDIT_TYPE_ID) return "USD";
  return creditTypeName(creditTypeId, names) ?? "credits";
}

/**
 * An amount in a credit type: USD cents as money, any other credit type as "1,234.5 <name>"
 * (names from creditTypesQuery()).
 */
export function formatAmount(amount: number | null | undefined, creditTypeId: string | null | undefined, names?: CreditTypeNames): string {
  if (creditTypeId === USD_CENTS_CREDIT_TYPE_ID) return formatMoney(amount, "USD");
  return formatCredits(amount, formatCreditTypeName(creditTypeId, names));
}

// ---------------------------------------------------------------------------------------------
// Dates and times

type DateInput = string | number | Date;

function toDate(value: DateInput | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The UTC calendar date: "2025-06-01T00:00:00Z" → "Jun 1, 2025". `style` "long" → "June 1, 2025". */
export function formatDate(value: DateInput | null | undefined, style: "short" | "medium" | "long" = "medium"): string {
  const date = toDate(value);
  if (!date) return DASH;
  return dateFormat({ dateStyle: style, timeZone: "UTC" }).format(date);
}

/** A short date for chart axes: "Jun 1" (UTC). */
export function formatShortDate(value: DateInput | null | undefined): string {
  const date = toDate(value);
  if (!date) return DASH;
  return dateFormat({ month: "short", day: "numeric", timeZone: "UTC" }).format(date);
}

/** Date and time in the person's time zone (or `timeZone`), with the zone named: "Jun 1, 2025, 2:00 AM GMT+2". */
export function formatDateTime(value: DateInput | null | undefined, options: { timeZone?: string } = {}): string {
  const date = toDate(value);
  if (!date) return DASH;
  return dateFormat({
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(date);
}

/** The time of day in the person's time zone: "14:05" or "2:05 PM" (by locale). */
export function formatTime(value: DateInput | null | undefined): string {
  const date = toDate(value);
  if (!date) return DASH;
  return dateFormat({ hour: "numeric", minute: "2-digit" }).format(date);
}

/** "Jun 1 – Jul 1, 2025" (UTC dates; the end shown as given). */
export function formatDateRange(start: DateInput | null | undefined, end: DateInput | null | undefined): string {
  const a = toDate(start);
  const b = toDate(end);
  if (!a && !b) return DASH;
  if (!a) return `until ${formatDate(b)}`;
  if (!b) return `from ${formatDate(a)}`;
  return dateFormat({ dateStyle: "medium", timeZone: "UTC" }).formatRange(a, b);
}

const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600_000],
  ["month", 30 * 24 * 3600_000],
  ["week", 7 * 24 * 3600_000],
  ["day", 24 * 3600_000],
  ["hour", 3600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** "in 3 days", "2 hours ago", "now", relative to `now` (default: the current time). */
export function formatRelativeTime(value: DateInput | null | undefined, now: DateInput = Date.now()): string {
  const date = toDate(value);
  const reference = toDate(now);
  if (!date || !reference) return DASH;
  const diff = date.getTime() - reference.getTime();
  const format = cached("relative", { numeric: "auto" }, (l, o: Intl.RelativeTimeFormatOptions) => new Intl.RelativeTimeFormat(l, o));
  for (const [unit, ms] of RELATIVE_UNITS) {
    if (Math.abs(diff) >= ms || unit === "second") return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, "second");
}
