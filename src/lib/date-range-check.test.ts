import { beforeAll, describe, expect, it } from "vitest";
import { checkDateRange, rangePresets, rangeTimes, readDateRange } from "./date-range-check";
import { setLocales } from "./format";

beforeAll(() => setLocales("en-US"));

const limits = { min: "2025-01-01", max: "2025-12-31" };

describe("checkDateRange", () => {
  it("accepts a range inside the limits", () => {
    expect(checkDateRange("2025-02-01", "2025-03-01", limits)).toEqual({ ok: true, range: { from: "2025-02-01", to: "2025-03-01" } });
    expect(checkDateRange("2025-02-01", "2025-02-01", { min: null, max: null }).ok).toBe(true);
  });
  it("refuses a range that ends before it starts, saying so", () => {
    const check = checkDateRange("2025-03-01", "2025-02-01", limits);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toBe("The range ends (Feb 1, 2025) before it starts (Mar 1, 2025). Choose an end date on or after the start date.");
  });
  it("refuses dates that are not dates", () => {
    const check = checkDateRange("2025-02-30", "2025-03-01", limits);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain('"2025-02-30" is not a date');
  });
  it("refuses dates outside the contract", () => {
    const before = checkDateRange("2024-01-01", "2024-02-01", limits);
    expect(before.ok).toBe(false);
    if (!before.ok) expect(before.message).toBe("These dates are outside the contract (it runs from Jan 1, 2025 to Dec 31, 2025). Choose dates inside it.");
    const across = checkDateRange("2024-12-01", "2025-02-01", limits);
    expect(across.ok).toBe(false);
    if (!across.ok) expect(across.message).toContain("reaches outside the contract");
    expect(checkDateRange("2030-01-01", "2030-02-01", { min: "2025-01-01", max: null }).ok).toBe(true);
  });
});

describe("readDateRange", () => {
  it("falls back per bound", () => {
    const r = readDateRange(new URLSearchParams("from=2025-05-01"), { from: "2025-01-01", to: "2025-06-01" }, limits);
    expect(r).toMatchObject({ ok: true, from: "2025-05-01", to: "2025-06-01" });
  });
});

describe("rangePresets", () => {
  it("builds 3 months, 1 year and all, clipped to the contract", () => {
    const now = Date.parse("2025-06-15T12:00:00Z");
    const presets = rangePresets(now, limits);
    expect(presets.map((p) => p.id)).toEqual(["3m", "1y", "all"]);
    expect(presets[0]!.range).toEqual({ from: "2025-03-16", to: "2025-07-16" });
    expect(presets[1]!.range).toEqual({ from: "2025-01-01", to: "2025-07-16" });
    expect(rangePresets(now, limits, { allTo: "2025-09-01" })[2]!.range).toEqual({ from: "2025-01-01", to: "2025-09-01" });
  });
});

describe("rangeTimes", () => {
  it("covers whole UTC days", () => {
    expect(rangeTimes({ from: "2025-01-01", to: "2025-01-01" })).toEqual([Date.parse("2025-01-01T00:00:00Z"), Date.parse("2025-01-02T00:00:00Z")]);
  });
});
