import { describe, expect, it } from "vitest";
import { MAX_THRESHOLD, parseThreshold } from "./threshold";

const credits = { dollars: false, name: "AI credits" };
const usd = { dollars: true, name: "dollars" };

describe("parseThreshold", () => {
  it("keeps custom units as typed", () => {
    expect(parseThreshold("10", credits)).toEqual({ ok: true, value: 10 });
    expect(parseThreshold(" 12.5 ", credits)).toEqual({ ok: true, value: 12.5 });
    expect(parseThreshold("1,000", credits)).toEqual({ ok: true, value: 1000 });
    expect(parseThreshold("0", credits)).toEqual({ ok: true, value: 0 });
  });

  it("turns dollars into cents", () => {
    expect(parseThreshold("25.50", usd)).toEqual({ ok: true, value: 2550 });
    expect(parseThreshold("$1,234.56", usd)).toEqual({ ok: true, value: 123456 });
    expect(parseThreshold("0.1", usd)).toEqual({ ok: true, value: 10 });
    expect(parseThreshold("19.99", usd)).toEqual({ ok: true, value: 1999 });
  });

  it("refuses empty, negative, non-numeric and absurd values with specific messages", () => {
    expect(parseThreshold("", credits)).toEqual({ ok: false, message: "Enter a threshold in AI credits." });
    expect(parseThreshold("  ", usd)).toEqual({ ok: false, message: "Enter a threshold in dollars." });
    expect(parseThreshold("-5", credits)).toEqual({ ok: false, message: "The threshold cannot be negative." });
    expect(parseThreshold("ten", credits)).toEqual({ ok: false, message: '"ten" is not a number. Use digits, e.g. 10.' });
    expect(parseThreshold("1e5", credits).ok).toBe(false);
    expect(parseThreshold("12,34", credits).ok).toBe(false);
    expect(parseThreshold("Infinity", credits).ok).toBe(false);
    expect(parseThreshold(String(MAX_THRESHOLD), credits)).toEqual({ ok: true, value: MAX_THRESHOLD });
    expect(parseThreshold("1000000000001", credits)).toMatchObject({ ok: false, message: expect.stringContaining("too large") });
    expect(parseThreshold("12.345", usd)).toEqual({ ok: false, message: "Dollar amounts have at most two decimals (cents)." });
    expect(parseThreshold("1.1234567", credits)).toEqual({ ok: false, message: "Use at most 6 decimals." });
  });
});
