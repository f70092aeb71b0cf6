import { describe, expect, it } from "vitest";
import {
  boundary,
  hoursRemaining,
  isPartial,
  naturalHours,
  partialSide,
  periodContaining,
  periodsOverlapping,
  toFrequency,
  type BillingPeriod,
} from "./billing-periods";
import { toIso } from "./time";

const t = (iso: string) => Date.parse(iso);
const iso = (p: BillingPeriod) => [toIso(p.start), toIso(p.end)];
const open = { start: t("2020-01-01T00:00:00Z"), end: null };

describe("billing periods", () => {
  it("steps calendar months from a Jan 31 anchor with clamping", () => {
    const schedule = { anchor: t("2025-01-31T00:00:00Z"), frequency: "MONTHLY" as const };
    const periods = periodsOverlapping(schedule, t("2025-01-31T00:00:00Z"), t("2025-05-01T00:00:00Z"), open);
    expect(periods.map(iso)).toEqual([
      ["2025-01-31T00:00:00.000Z", "2025-02-28T00:00:00.000Z"],
      ["2025-02-28T00:00:00.000Z", "2025-03-31T00:00:00.000Z"],
      ["2025-03-31T00:00:00.000Z", "2025-04-30T00:00:00.000Z"],
      ["2025-04-30T00:00:00.000Z", "2025-05-31T00:00:00.000Z"],
    ]);
    expect(naturalHours(periods[0]!)).toBe(28 * 24);
  });

  it("finds periods before the anchor too", () => {
    const schedule = { anchor: t("2025-06-01T00:00:00Z"), frequency: "MONTHLY" as const };
    const p = periodContaining(schedule, t("2025-03-10T05:00:00Z"), open)!;
    expect(iso(p)).toEqual(["2025-03-01T00:00:00.000Z", "2025-04-01T00:00:00.000Z"]);
    expect(toIso(boundary(schedule, -5))).toBe("2025-01-01T00:00:00.000Z");
  });

  it("handles weekly, quarterly and annual frequencies", () => {
    const anchor = t("2025-01-15T00:00:00Z");
    expect(iso(periodContaining({ anchor, frequency: "WEEKLY" }, t("2025-01-30T00:00:00Z"), open)!)).toEqual([
      "2025-01-29T00:00:00.000Z",
      "2025-02-05T00:00:00.000Z",
    ]);
    expect(iso(periodContaining({ anchor, frequency: "QUARTERLY" }, t("2025-06-30T00:00:00Z"), open)!)).toEqual([
      "2025-04-15T00:00:00.000Z",
      "2025-07-15T00:00:00.000Z",
    ]);
    expect(iso(periodContaining({ anchor, frequency: "ANNUAL" }, t("2026-01-14T23:00:00Z"), open)!)).toEqual([
      "2025-01-15T00:00:00.000Z",
      "2026-01-15T00:00:00.000Z",
    ]);
  });

  it("clips to the subscription's life and keeps the natural length for proration", () => {
    const schedule = { anchor: t("2025-06-01T00:00:00Z"), frequency: "MONTHLY" as const };
    const clip = { start: t("2025-06-16T00:00:00Z"), end: t("2025-08-10T00:00:00Z") };
    const periods = periodsOverlapping(schedule, clip.start, t("2025-12-01T00:00:00Z"), clip);
    expect(periods.map(iso)).toEqual([
      ["2025-06-16T00:00:00.000Z", "2025-07-01T00:00:00.000Z"],
      ["2025-07-01T00:00:00.000Z", "2025-08-01T00:00:00.000Z"],
      ["2025-08-01T00:00:00.000Z", "2025-08-10T00:00:00.000Z"],
    ]);
    const [first, full, last] = periods as [BillingPeriod, BillingPeriod, BillingPeriod];
    expect(isPartial(first)).toBe(true);
    expect(partialSide(first)).toEqual({ first: true, last: false });
    expect(isPartial(full)).toBe(false);
    expect(partialSide(last)).toEqual({ first: false, last: true });
    expect(naturalHours(first)).toBe(720);
    expect(hoursRemaining(first, t("2025-06-20T12:00:00Z"))).toBe(252);
    expect(periodContaining(schedule, t("2025-08-10T00:00:00Z"), clip)).toBeNull();
    expect(periodContaining(schedule, t("2025-06-15T23:00:00Z"), clip)).toBeNull();
  });

  it("reads Metronome's frequency spellings", () => {
    expect(toFrequency("monthly")).toBe("MONTHLY");
    expect(toFrequency("ANNUAL")).toBe("ANNUAL");
    expect(toFrequency("hourly")).toBeNull();
  });
});
