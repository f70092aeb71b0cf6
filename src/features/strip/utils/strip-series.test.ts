import { describe, expect, it } from "vitest";
import { clipSteps, nextChange, runningBalance, valueAt } from "./strip-series";

const T = (iso: string) => new Date(iso).getTime();

describe("runningBalance", () => {
  it("sums signed ledger amounts in time order", () => {
    const points = runningBalance([
      { timestamp: "2025-07-01T00:00:00Z", amount: -350 },
      { timestamp: "2025-06-01T00:00:00Z", amount: 1000 },
      { timestamp: "2025-06-16T00:00:00Z", amount: 500 },
    ]);
    expect(points.map((p) => p.value)).toEqual([1000, 1500, 1150]);
  });
});

describe("clipSteps, valueAt, nextChange", () => {
  const points = [
    { t: 10, value: 1 },
    { t: 20, value: 2 },
    { t: 40, value: 3 },
  ];
  it("adds edge points with the value in force", () => {
    expect(clipSteps(points, 15, 30)).toEqual([
      { t: 15, value: 1 },
      { t: 20, value: 2 },
      { t: 30, value: 2 },
    ]);
  });
  it("has no value before the first point", () => {
    expect(valueAt(points, 5)).toBeNull();
    expect(clipSteps(points, 0, 15)).toEqual([
      { t: 10, value: 1 },
      { t: 15, value: 1 },
    ]);
  });
  it("finds the next change after now", () => {
    expect(nextChange(points, 25)).toEqual({ t: 40, value: 3 });
    expect(nextChange(points, 45)).toBeNull();
  });
});

describe("pendingDeductionsAtNow", () => {
  it("draws future-dated usage deductions at now and leaves the rest", async () => {
    const { pendingDeductionsAtNow } = await import("./balance-sources");
    const now = T("2026-11-24T12:00:00Z");
    const out = pendingDeductionsAtNow(
      [
        { type: "CREDIT_SEGMENT_START", timestamp: "2026-11-01T00:00:00Z", amount: 43000 },
        { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", timestamp: "2026-12-01T00:00:00Z", amount: -21843.27 },
        { type: "CREDIT_EXPIRATION", timestamp: "2026-12-01T00:00:00Z", amount: -100 },
      ],
      now,
    );
    expect(out.map((e) => e.timestamp)).toEqual(["2026-11-01T00:00:00Z", "2026-11-24T12:00:00.000Z", "2026-12-01T00:00:00Z"]);
    expect(runningBalance(out).map((p) => p.value)).toEqual([43000, 21156.73, 21056.73]);
  });
});
