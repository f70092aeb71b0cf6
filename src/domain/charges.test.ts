import { describe, expect, it } from "vitest";
import { computeCharges, type ChargeInputs } from "./charges";
import type { ChargeSettings } from "./subscription";
import type { Timeline } from "./timeline";

const t = (iso: string) => Date.parse(iso);
const JUNE = t("2025-06-01T00:00:00Z");
const JULY = t("2025-07-01T00:00:00Z");

function steps(...points: Array<[string, number]>): Timeline {
  return { steps: points.map(([iso, total]) => ({ start: t(iso), total, assigned: null })), end: null };
}

const immediate: ChargeSettings = { collection: "ADVANCE", isProrated: true, invoiceBehavior: "BILL_IMMEDIATELY", rounding: null };

function inputs(timeline: Timeline, settings: Partial<ChargeSettings> = {}, unitPrice = 3000, anchor = JUNE): ChargeInputs {
  return {
    timeline,
    settings: { ...immediate, ...settings },
    schedule: { anchor, frequency: "MONTHLY" },
    clip: { start: timeline.steps[0]!.start, end: null },
    prices: [{ start: timeline.steps[0]!.start, unitPrice }],
  };
}

const summary = (lines: ReturnType<typeof computeCharges>) =>
  lines.map((l) => [l.kind, l.quantity, l.prorated_unit_price, l.amount, l.issued_at.slice(0, 10), l.billed]);

// The worked example: 4 seats from June 1; erin raises the total to 5 on June 16.
const worked = steps(["2025-06-01T00:00:00Z", 4], ["2025-06-16T00:00:00Z", 5]);

describe("subscription charges (§4.5, worked example §8)", () => {
  it("charges 4 × 3000 in advance, then 1 × 3000 × 360/720 = 1500 on June 16, billed immediately", () => {
    const lines = computeCharges(inputs(worked), JUNE, JULY);
    expect(summary(lines)).toEqual([
      ["period_start", 4, 3000, 12000, "2025-06-01", "in_advance"],
      ["increase", 1, 1500, 1500, "2025-06-16", "immediately"],
    ]);
    expect(lines[1]).toMatchObject({
      is_prorated: true,
      unit_price: 3000,
      service_period: { starting_at: "2025-06-16T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z" },
    });
  });

  it("with BILL_ON_NEXT_COLLECTION_DATE issues the 1500 on July 1, with July's 15000", () => {
    const lines = computeCharges(inputs(worked, { invoiceBehavior: "BILL_ON_NEXT_COLLECTION_DATE" }), JUNE, JULY + 1);
    expect(summary(lines)).toEqual([
      ["period_start", 4, 3000, 12000, "2025-06-01", "in_advance"],
      ["increase", 1, 1500, 1500, "2025-07-01", "next_collection_date"],
      ["period_start", 5, 3000, 15000, "2025-07-01", "in_advance"],
    ]);
  });

  it("without proration charges the full 3000", () => {
    const lines = computeCharges(inputs(worked, { isProrated: false }), JUNE, JULY);
    expect(summary(lines)[1]).toEqual(["increase", 1, 3000, 3000, "2025-06-16", "immediately"]);
    expect(lines[1]?.is_prorated).toBe(false);
  });

  it("rounds the prorated unit price (2999 × 360/720 = 1499.5), then multiplies by the seats added", () => {
    const two = steps(["2025-06-01T00:00:00Z", 4], ["2025-06-16T00:00:00Z", 6]);
    const at = (rounding: ChargeSettings["rounding"]) =>
      computeCharges(inputs(two, { rounding }, 2999), JUNE, JULY).find((l) => l.kind === "increase")!;
    expect([at(null).prorated_unit_price, at(null).amount]).toEqual([1499.5, 2999]);
    expect(at({ rounding_method: "HALF_UP", decimal_places: -2 }).prorated_unit_price).toBe(1500);
    expect(at({ rounding_method: "FLOOR", decimal_places: -2 }).amount).toBe(2800);
    expect(at({ rounding_method: "CEILING", decimal_places: -2 }).prorated_unit_price).toBe(1500);
    expect(at({ rounding_method: "HALF_UP", decimal_places: 0 }).prorated_unit_price).toBe(1500);
  });

  it("prorates by whole hours remaining", () => {
    const midday = steps(["2025-06-01T00:00:00Z", 4], ["2025-06-16T13:00:00Z", 5]);
    const line = computeCharges(inputs(midday), JUNE, JULY)[1]!;
    expect(line.prorated_unit_price).toBeCloseTo((3000 * 347) / 720, 10);
    expect(line.amount).toBeCloseTo(1445.8333333, 6);
  });

  it("charges nothing for a decrease, and only rises above the high-water mark", () => {
    const wobble = steps(
      ["2025-06-01T00:00:00Z", 4],
      ["2025-06-06T00:00:00Z", 6],
      ["2025-06-11T00:00:00Z", 3],
      ["2025-06-16T00:00:00Z", 6],
      ["2025-06-21T00:00:00Z", 7],
    );
    const lines = computeCharges(inputs(wobble, { isProrated: false }), JUNE, JULY + 1);
    expect(summary(lines)).toEqual([
      ["period_start", 4, 3000, 12000, "2025-06-01", "in_advance"],
      ["increase", 2, 3000, 6000, "2025-06-06", "immediately"],
      ["increase", 1, 3000, 3000, "2025-06-21", "immediately"],
      ["period_start", 7, 3000, 21000, "2025-07-01", "in_advance"],
    ]);
    const down = steps(["2025-06-01T00:00:00Z", 4], ["2025-06-20T00:00:00Z", 3]);
    expect(summary(computeCharges(inputs(down), JUNE, JULY))).toEqual([["period_start", 4, 3000, 12000, "2025-06-01", "in_advance"]]);
  });

  it("in ARREARS issues everything at the period's end", () => {
    const lines = computeCharges(inputs(worked, { collection: "ARREARS", invoiceBehavior: "BILL_ON_NEXT_COLLECTION_DATE" }), JUNE, JULY);
    expect(summary(lines)).toEqual([
      ["period_start", 4, 3000, 12000, "2025-07-01", "in_arrears"],
      ["increase", 1, 1500, 1500, "2025-07-01", "in_arrears"],
    ]);
  });

  it("uses calendar months: from a Jan 31 anchor February has 672 hours", () => {
    const feb = steps(["2025-01-31T00:00:00Z", 1], ["2025-02-14T00:00:00Z", 2]);
    const lines = computeCharges(inputs(feb, {}, 2800, t("2025-01-31T00:00:00Z")), t("2025-01-31T00:00:00Z"), t("2025-02-28T00:00:00Z"));
    expect(summary(lines)).toEqual([
      ["period_start", 1, 2800, 2800, "2025-01-31", "in_advance"],
      ["increase", 1, 1400, 1400, "2025-02-14", "immediately"],
    ]);
    expect(lines[1]?.service_period.ending_before).toBe("2025-02-28T00:00:00.000Z");
  });

  it("prorates a partial first period and uses the price in force at each period's start", () => {
    const late = steps(["2025-06-16T00:00:00Z", 2]);
    const priced: ChargeInputs = {
      ...inputs(late),
      prices: [
        { start: t("2025-06-16T00:00:00Z"), unitPrice: 3000 },
        { start: t("2025-07-10T00:00:00Z"), unitPrice: 4000 },
      ],
    };
    expect(summary(computeCharges(priced, JUNE, t("2025-08-01T00:00:00Z") + 1))).toEqual([
      ["period_start", 2, 1500, 3000, "2025-06-16", "in_advance"],
      ["period_start", 2, 3000, 6000, "2025-07-01", "in_advance"],
      ["period_start", 2, 4000, 8000, "2025-08-01", "in_advance"],
    ]);
  });
});
