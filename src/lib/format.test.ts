import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  amountValue,
  csvAmount,
  creditValue,
  currencyFractionDigits,
  formatAmount,
  formatCompactNumber,
  formatCredits,
  formatDate,
  formatDateRange,
  formatDateTime,
  formatDateTimeWithUtc,
  formatMoney,
  formatNumber,
  formatPercent,
  formatRelativeTime,
  formatSeats,
  getLocales,
  moneyValue,
  setLocales,
  setTimeZone,
  showsUtc,
} from "./format";
import { USD_CENTS_CREDIT_TYPE_ID } from "../domain/money";

// Intl output uses narrow no-break spaces in places; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f\u2009]/g, " ");

describe("format (en-US)", () => {
  beforeEach(() => setLocales("en-US"));
  afterEach(() => setLocales(null));

  it("numbers, seats and percentages", () => {
    expect(formatNumber(1234.5)).toBe("1,234.5");
    expect(formatNumber(1234.5678)).toBe("1,234.57");
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(Number.NaN)).toBe("—");
    expect(formatCompactNumber(1_250_000)).toBe("1.3M");
    expect(formatSeats(1)).toBe("1 seat");
    expect(formatSeats(1000)).toBe("1,000 seats");
    expect(formatSeats(0)).toBe("0 seats");
    expect(formatPercent(0.256)).toBe("26%");
    expect(formatPercent(0.2564, 1)).toBe("25.6%");
  });

  it("money from cents, in the currency's own digits", () => {
    expect(formatMoney(123456)).toBe("$1,234.56");
    expect(formatMoney(3000)).toBe("$30.00");
    // A prorated charge (fractional cents) is shown in cents: 29 of 31 days of $31.81.
    expect(formatMoney(2975.806451612903)).toBe("$29.76");
    expect(formatMoney(297580645.16129)).toBe("$2,975,806.45");
    expect(formatMoney(-1588.709677)).toBe("-$15.89");
    expect(formatMoney(0.8)).toBe("$0.01");
    expect(formatMoney(0.2)).toBe("$0.00");
    expect(formatMoney(-0.2)).toBe("$0.00");
    expect(formatMoney(-1550)).toBe("-$15.50");
    expect(formatMoney(12345, "JPY")).toBe("¥123");
    expect(formatMoney(undefined)).toBe("—");
  });

  it("money and credits as CSV numbers", () => {
    expect(moneyValue(2975.806451612903)).toBe(29.76);
    expect(moneyValue(-0.3)).toBe(0);
    expect(Object.is(moneyValue(-0.3), -0)).toBe(false);
    expect(moneyValue(null)).toBeNull();
    expect(currencyFractionDigits("USD")).toBe(2);
    expect(currencyFractionDigits("JPY")).toBe(0);
    expect(creditValue(1988722.7349)).toBe(1988722.73);
    expect(creditValue(-0.001)).toBe(0);
    expect(amountValue(2975.8, USD_CENTS_CREDIT_TYPE_ID)).toBe(29.76);
    expect(amountValue(12.345, "ai")).toBe(12.35);
    // CSV cells keep the precision fixed: two digits for USD and for credits, never "-0.00".
    expect(csvAmount(4500, USD_CENTS_CREDIT_TYPE_ID)).toBe("45.00");
    expect(csvAmount(243.7, "ai")).toBe("243.70");
    expect(csvAmount(-0.3, USD_CENTS_CREDIT_TYPE_ID)).toBe("0.00");
    expect(csvAmount(null, "ai")).toBeNull();
  });

  it("custom credit units and amounts by credit type", () => {
    expect(formatCredits(1234.5, "AI credits")).toBe("1,234.5 AI credits");
    expect(formatCredits(1234.5678, "AI credits")).toBe("1,234.57 AI credits");
    expect(formatCredits(-0.0001, "AI credits")).toBe("0 AI credits");
    expect(formatCredits(-0, "AI credits")).toBe("0 AI credits");
    expect(formatNumber(-0.001)).toBe("0");
    expect(formatAmount(2500, USD_CENTS_CREDIT_TYPE_ID)).toBe("$25.00");
    expect(formatAmount(42, "ai", new Map([["ai", { name: "AI credits" }]]))).toBe("42 AI credits");
    expect(formatAmount(42, "ai", { ai: "AI credits" })).toBe("42 AI credits");
    expect(formatAmount(42, "unknown")).toBe("42 credits");
  });

  it("dates are UTC calendar dates; date-times name their zone", () => {
    expect(formatDate("2025-06-01T00:00:00.000Z")).toBe("Jun 1, 2025");
    expect(formatDate("2025-06-30T23:00:00.000Z", "long")).toBe("June 30, 2025");
    expect(formatDate("not a date")).toBe("—");
    expect(plain(formatDateTime("2025-06-01T14:00:00.000Z", { timeZone: "UTC" }))).toBe("Jun 1, 2025, 2:00 PM UTC");
    expect(plain(formatDateRange("2025-06-01T00:00:00Z", "2025-07-01T00:00:00Z"))).toBe("Jun 1 – Jul 1, 2025");
    expect(formatDateRange("2025-06-01T00:00:00Z", undefined)).toBe("from Jun 1, 2025");
  });

  it("relative times", () => {
    const now = "2025-06-25T12:00:00Z";
    expect(formatRelativeTime("2025-06-28T12:00:00Z", now)).toBe("in 3 days");
    expect(formatRelativeTime("2025-06-25T10:00:00Z", now)).toBe("2 hours ago");
    expect(formatRelativeTime("2025-06-24T12:00:00Z", now)).toBe("yesterday");
    expect(formatRelativeTime(now, now)).toBe("now");
    expect(formatRelativeTime("2025-06-25T12:00:03Z", now, { past: true })).toBe("now");
    expect(formatRelativeTime("2025-06-25T11:00:00Z", now, { past: true })).toBe("1 hour ago");
  });
});

describe("format follows the locale", () => {
  afterEach(() => setLocales(null));

  it("German grouping, decimal comma and euro-style currency placement", () => {
    setLocales("de-DE");
    expect(formatNumber(1234.5)).toBe("1.234,5");
    expect(plain(formatMoney(123456))).toBe("1.234,56 $");
    expect(formatCredits(1234.5, "AI credits")).toBe("1.234,5 AI credits");
    expect(formatDate("2025-06-01T00:00:00Z")).toBe("01.06.2025");
  });

  it("de-DE in Europe/Berlin: money in the currency's digits, numbers, dates and times across DST, UTC beside", () => {
    setLocales("de-DE");
    setTimeZone("Europe/Berlin");
    try {
      expect(plain(formatMoney(2975.806451612903))).toBe("29,76 $");
      expect(plain(formatMoney(-1550))).toBe("-15,50 $");
      expect(plain(formatMoney(12345, "JPY"))).toBe("123 ¥");
      expect(plain(formatMoney(12345, "EUR"))).toBe("123,45 €");
      expect(formatCredits(1234.5678, "AI credits")).toBe("1.234,57 AI credits");
      expect(formatNumber(-0.001)).toBe("0");
      expect(plain(formatPercent(0.2564, 1))).toBe("25,6 %");
      // a billing date is the UTC calendar date; a time is Berlin's, summer and winter
      expect(formatDate("2026-11-01T00:00:00Z", "long")).toBe("1. November 2026");
      expect(formatDateTime("2026-07-01T10:00:00Z")).toBe("1. Juli 2026, 12:00 MESZ");
      expect(formatDateTime("2026-12-01T10:00:00Z")).toBe("1. Dez. 2026, 11:00 MEZ");
      expect(formatDateTime("2026-03-29T01:00:00Z")).toBe("29. März 2026, 03:00 MESZ");
      expect(formatDateTime("2026-10-25T00:30:00Z")).toBe("25. Okt. 2026, 02:30 MESZ");
      expect(formatDateTime("2026-10-25T01:30:00Z")).toBe("25. Okt. 2026, 02:30 MEZ");
      expect(showsUtc()).toBe(false);
      expect(formatDateTimeWithUtc("2026-12-01T00:00:00Z")).toBe("1. Dez. 2026, 01:00 MEZ (1. Dez. 2026, 00:00 UTC)");
      setTimeZone("UTC");
      expect(showsUtc()).toBe(true);
      expect(formatDateTimeWithUtc("2026-12-01T00:00:00Z")).toBe("1. Dez. 2026, 00:00 UTC");
    } finally {
      setTimeZone(null);
    }
  });

  it("falls back to en-US without usable locales", () => {
    setLocales(["not_a_locale!!"]);
    expect(getLocales()).toEqual(["en-US"]);
    setLocales([]);
    expect(getLocales()).toEqual(["en-US"]);
    setLocales(null);
    expect(getLocales().length).toBeGreaterThan(0);
  });
});
