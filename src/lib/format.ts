/**
 * The one formatting module: every number, seat count, percentage, date, time, money amount and
 * credit amount shown to a person goes through here, in the person's locale (navigator.languages).
 *
 * Dates: Metronome's billing dates are UTC midnights/hours, so `formatDate` shows the UTC calendar
 * date (June 1 00:00Z is "Jun 1" everywhere); `formatDateTime` shows the person's own time zone
 * (the session's, else the browser's; set by the locale gate in ./i18n.tsx) unless `timeZone` is
 * given.
 */
import { USD_CENTS_CREDIT_TYPE_ID } from "../domain/money";
import { commonMessages } from "../locales/en/common";
import { translate } from "./i18n-core";

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
/** The person's IANA time zone; undefined: the browser's own. */
let timeZone: string | undefined;
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

/** The time zone times are shown in (the session's or the browser's); null: the browser's. */
export function setTimeZone(next: string | null): void {
  timeZone = next ?? undefined;
  cache.clear();
}

/** The time zone times are shown in. */
export function getTimeZone(): string {
  return timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
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

/** 1234.5 → "1,234.5" (at most `maximumFractionDigits`, default 2; never "-0"). null/NaN → "—". */
export function formatNumber(value: number | null | undefined, options: { maximumFractionDigits?: number; minimumFractionDigits?: number } = {}): string {
  if (!isFiniteNumber(value)) return DASH;
  const maximumFractionDigits = options.maximumFractionDigits ?? 2;
  return numberFormat({
    maximumFractionDigits,
    minimumFractionDigits: Math.min(options.minimumFractionDigits ?? 0, maximumFractionDigits),
    // −0.001 with two decimals is "0", never "-0".
    signDisplay: "negative",
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
  return translate(commonMessages, "common.seats", { count: Math.round(count) });
}

/** A ratio: 0.256 → "26%" (`fractionDigits` decimals, default 0). */
export function formatPercent(ratio: number | null | undefined, fractionDigits = 0): string {
  if (!isFiniteNumber(ratio)) return DASH;
  return numberFormat({ style: "percent", maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(ratio);
}

// ---------------------------------------------------------------------------------------------
// Money and credits

/** Decimals a currency is written with (USD 2, JPY 0), from Intl; 2 when the code is unknown. */
export function currencyFractionDigits(currency = "USD"): number {
  try {
    return numberFormat({ style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Rounds half away from zero to `digits` decimals; never returns −0. */
function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * scale + 1e-9)) / scale;
  return rounded === 0 ? 0 : rounded;
}

/**
 * An amount in a currency's minor unit (USD cents) as a number of the major unit, rounded to the
 * currency's own digits: 2975.806 cents → 29.76. The one rounding of money for screens and CSVs
 * (prorated charges are fractional cents; they are kept unrounded in the domain and rounded here).
 */
export function moneyValue(cents: number | null | undefined, currency = "USD"): number | null {
  if (!isFiniteNumber(cents)) return null;
  return roundTo(cents / 100, currencyFractionDigits(currency));
}

/** An amount in a currency's minor unit (USD cents) → "$1,234.56", in the currency's digits; never "-$0.00". */
export function formatMoney(cents: number | null | undefined, currency = "USD"): string {
  const major = moneyValue(cents, currency);
  if (major === null) return DASH;
  return numberFormat({ style: "currency", currency }).format(major);
}

/**
 * Custom credit units (AI credits, tokens…) are shown and exported with at most this many
 * decimals: 1,234.57 AI credits. Ledgers carry fractional credits (prorated grants, metered usage).
 */
export const CREDIT_FRACTION_DIGITS = 2;

/** A credit amount rounded to CREDIT_FRACTION_DIGITS (CSV cells); never −0. */
export function creditValue(amount: number | null | undefined): number | null {
  if (!isFiniteNumber(amount)) return null;
  return roundTo(amount, CREDIT_FRACTION_DIGITS);
}

/** 1234.5 and "AI credits" → "1,234.5 AI credits" (at most CREDIT_FRACTION_DIGITS decimals; never "-0"). */
export function formatCredits(amount: number | null | undefined, unitName: string): string {
  const value = creditValue(amount);
  if (value === null) return DASH;
  return `${formatNumber(value, { maximumFractionDigits: CREDIT_FRACTION_DIGITS })} ${unitName}`;
}

/** What formatAmount needs to know about credit types: a Map or record id → name. */
export type CreditTypeNames = ReadonlyMap<string, { name: string }> | Readonly<Record<string, string>>;

function creditTypeName(creditTypeId: string, names?: CreditTypeNames): string | undefined {
  if (!names) return undefined;
  if (names instanceof Map) return (names as ReadonlyMap<string, { name: string }>).get(creditTypeId)?.name;
  return (names as Readonly<Record<string, string>>)[creditTypeId];
}

/** The display name of a credit type ("USD", "AI credits"); "credits" (in the person's language) when unknown. */
export function formatCreditTypeName(creditTypeId: string | null | undefined, names?: CreditTypeNames): string {
  if (!creditTypeId) return translate(commonMessages, "common.credits");
  if (creditTypeId === USD_CENTS_CREDIT_TYPE_ID) return "USD";
  return creditTypeName(creditTypeId, names) ?? translate(commonMessages, "common.credits");
}

/**
 * An amount in a credit type: USD cents as money, any other credit type as "1,234.5 <name>"
 * (names from creditTypesQuery()).
 */
export function formatAmount(amount: number | null | undefined, creditTypeId: string | null | undefined, names?: CreditTypeNames): string {
  if (creditTypeId === USD_CENTS_CREDIT_TYPE_ID) return formatMoney(amount, "USD");
  return formatCredits(amount, formatCreditTypeName(creditTypeId, names));
}

/**
 * An amount in a credit type as a CSV number: USD cents as dollars in two decimals, any other
 * credit type at CREDIT_FRACTION_DIGITS. Pair it with a column of formatCreditTypeName.
 */
export function amountValue(amount: number | null | undefined, creditTypeId: string | null | undefined): number | null {
  return creditTypeId === USD_CENTS_CREDIT_TYPE_ID ? moneyValue(amount, "USD") : creditValue(amount);
}

/**
 * An amount for a CSV cell, at a fixed precision: USD cents → "45.00" (the currency's digits),
 * credits → CREDIT_FRACTION_DIGITS decimals ("243.70"); null when missing. Never "-0.00".
 */
export function csvAmount(amount: number | null | undefined, creditTypeId: string | null | undefined): string | null {
  const value = amountValue(amount, creditTypeId);
  if (value === null) return null;
  const digits = creditTypeId === USD_CENTS_CREDIT_TYPE_ID ? currencyFractionDigits("USD") : CREDIT_FRACTION_DIGITS;
  const text = value.toFixed(digits);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
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
    timeZone: options.timeZone ?? timeZone,
  }).format(date);
}

/** Whether times are shown in UTC (the person's zone is UTC). */
export function showsUtc(): boolean {
  return dateFormat({ timeZone }).resolvedOptions().timeZone === "UTC";
}

/**
 * A billing boundary (a period's start or end, a change's hour, an invoice's date): the time in the
 * person's zone with the UTC time beside it, "Dec 1, 2026, 1:00 AM GMT+1 (Dec 1, 2026, 12:00 AM UTC)";
 * only the UTC time when the person's zone is UTC.
 */
export function formatDateTimeWithUtc(value: DateInput | null | undefined): string {
  const date = toDate(value);
  if (!date) return DASH;
  const utc = formatDateTime(date, { timeZone: "UTC" });
  return showsUtc() ? utc : translate(commonMessages, "common.withUtc", { local: formatDateTime(date), utc });
}

/** The time of day in the person's time zone: "14:05" or "2:05 PM" (by locale). */
export function formatTime(value: DateInput | null | undefined): string {
  const date = toDate(value);
  if (!date) return DASH;
  return dateFormat({ hour: "numeric", minute: "2-digit", timeZone }).format(date);
}

/** "Jun 1 – Jul 1, 2025" (UTC dates; the end shown as given). */
export function formatDateRange(start: DateInput | null | undefined, end: DateInput | null | undefined): string {
  const a = toDate(start);
  const b = toDate(end);
  if (!a && !b) return DASH;
  if (!a) return translate(commonMessages, "common.until", { date: formatDate(b) });
  if (!b) return translate(commonMessages, "common.from", { date: formatDate(a) });
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

/**
 * "in 3 days", "2 hours ago", "now", relative to `now` (default: the current time). With
 * `{ past: true }` (things that have happened: events, edits) a time after `now` reads "now",
 * never "in 3 seconds": the clock `now` comes from ticks only every so often.
 */
export function formatRelativeTime(value: DateInput | null | undefined, now: DateInput = Date.now(), options: { past?: boolean } = {}): string {
  const date = toDate(value);
  const reference = toDate(now);
  if (!date || !reference) return DASH;
  const raw = date.getTime() - reference.getTime();
  const diff = options.past ? Math.min(0, raw) : raw;
  const format = cached("relative", { numeric: "auto" }, (l, o: Intl.RelativeTimeFormatOptions) => new Intl.RelativeTimeFormat(l, o));
  for (const [unit, ms] of RELATIVE_UNITS) {
    if (Math.abs(diff) >= ms || unit === "second") return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, "second");
}
