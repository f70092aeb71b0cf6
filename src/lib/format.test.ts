import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  formatAmount,
  formatCompactNumber,
  formatCredits,
  formatDate,
  formatDateRange,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
  formatRelativeTime,
  formatSeats,
  getLocales,
  setLocales,
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

  it("money from cents, keeping fractional cents", () => {
    expect(formatMoney(123456)).toBe("$1,234.56");
    expect(formatMoney(3000)).toBe("$30.00");
    expect(formatMoney(0.8)).toBe("$0.008");
    expect(formatMoney(-1550)).toBe("-$15.50");
    expect(formatMoney(undefined)).toBe("—");
  });

  it("custom credit units and amounts by credit type", () => {
    expect(formatCredits(1234.5, "AI credits")).toBe("1,234.5 AI credits");
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

  it("falls back to en-US without usable locales", () => {
    setLocales(["not_a_locale!!"]);
    expect(getLocales()).toEqual(["en-US"]);
    setLocales([]);
    expect(getLocales()).toEqual(["en-US"]);
    setLocales(null);
    expect(getLocales().length).toBeGreaterThan(0);
  });
});
