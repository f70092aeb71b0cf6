import { describe, expect, it } from "vitest";
import { quantityAt, quantityChartPoints, quantityPoints, quantitySteps, scheduledChangeCount, seatsAt, stepsInRange } from "./quantity-over-time";
import { existingQuantityEvents, replayQuantity } from "./quantity-timeline";
import { totalAt } from "./timeline";

const t = (iso: string) => Date.parse(iso);
const now = t("2025-06-25T00:00:00.000Z");
const history = [
  { starting_at: "2025-06-01T00:00:00.000Z", data: [{ quantity: 4, unit_price: 3000, total: 12000 }] },
  { starting_at: "2025-06-16T00:00:00.000Z", data: [{ quantity: 5, unit_price: 3000, total: 15000 }] },
  { starting_at: "2025-06-20T00:00:00.000Z", data: [{ quantity: 4, unit_price: 3000, total: 12000 }] },
];

describe("quantitySteps (quantity subscriptions)", () => {
  it("joins the past history and the scheduled changes, with price and total per step", () => {
    const steps = quantitySteps({
      history,
      schedule: [
        { quantity: 4, starting_at: "2025-06-20T00:00:00.000Z", ending_before: "2025-07-10T00:00:00.000Z" },
        { quantity: 7, starting_at: "2025-07-10T00:00:00.000Z" },
      ],
      now,
      end: null,
    });
    expect(steps).toEqual([
      { start: t("2025-06-01T00:00:00.000Z"), end: t("2025-06-16T00:00:00.000Z"), quantity: 4, assigned: null, unitPrice: 3000, total: 12000, scheduled: false },
      { start: t("2025-06-16T00:00:00.000Z"), end: t("2025-06-20T00:00:00.000Z"), quantity: 5, assigned: null, unitPrice: 3000, total: 15000, scheduled: false },
      { start: t("2025-06-20T00:00:00.000Z"), end: t("2025-07-10T00:00:00.000Z"), quantity: 4, assigned: null, unitPrice: 3000, total: 12000, scheduled: false },
      { start: t("2025-07-10T00:00:00.000Z"), end: null, quantity: 7, assigned: null, unitPrice: 3000, total: 21000, scheduled: true },
    ]);
  });

  it("ends at a schedule item's end when nothing follows it", () => {
    const steps = quantitySteps({
      history: history.slice(0, 1),
      schedule: [{ quantity: 4, starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-08-01T00:00:00.000Z" }],
      now,
      end: null,
    });
    expect(steps).toHaveLength(1);
    expect(steps[0]!.end).toBe(t("2025-08-01T00:00:00.000Z"));
  });

  it("uses the schedule alone when there is no history yet", () => {
    const steps = quantitySteps({ history: [], schedule: [{ quantity: 3, starting_at: "2025-07-01T00:00:00.000Z" }], now, end: null });
    expect(steps).toEqual([{ start: t("2025-07-01T00:00:00.000Z"), end: null, quantity: 3, assigned: null, unitPrice: null, total: null, scheduled: true }]);
  });
});

describe("quantitySteps (seat-based subscriptions)", () => {
  it("takes future steps from seat segments and assigned counts for the past", () => {
    const steps = quantitySteps({
      history: history.slice(0, 1),
      segments: [
        { starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z", total_quantity: 4, assigned_seat_ids: ["a", "b", "c"] },
        { starting_at: "2025-07-01T00:00:00.000Z", ending_before: null, total_quantity: "6" as unknown as number, assigned_seat_ids: ["a", "b", "c", "d"] },
      ],
      now,
      end: null,
    });
    expect(steps.map((s) => [s.quantity, s.assigned, s.total, s.scheduled])).toEqual([
      [4, 3, 12000, false],
      [6, 4, 18000, true],
    ]);
  });

  it("starts a step where only the assigned seats changed (no history entry of its own)", () => {
    const steps = quantitySteps({
      history: history.slice(0, 1),
      segments: [
        { starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-06-10T00:00:00.000Z", total_quantity: 4, assigned_seat_ids: ["a", "b"] },
        { starting_at: "2025-06-10T00:00:00.000Z", ending_before: null, total_quantity: 4, assigned_seat_ids: ["a", "b", "c"] },
      ],
      now,
      end: null,
    });
    expect(steps.map((s) => [s.start, s.quantity, s.assigned, s.total])).toEqual([
      [t("2025-06-01T00:00:00.000Z"), 4, 2, 12000],
      [t("2025-06-10T00:00:00.000Z"), 4, 3, 12000],
    ]);
  });
});

describe("stepsInRange and quantityChartPoints", () => {
  const steps = quantitySteps({ history, schedule: [], now, end: null });
  it("keeps overlapping steps and clips the first to the range", () => {
    const from = t("2025-06-18T00:00:00.000Z");
    const to = t("2025-06-30T00:00:00.000Z");
    expect(stepsInRange(steps, from, to).map((s) => s.quantity)).toEqual([5, 4]);
    expect(quantityChartPoints(steps, from, to)).toEqual([
      { t: from, quantity: 5, total: 15000 },
      { t: t("2025-06-20T00:00:00.000Z"), quantity: 4, total: 12000 },
      { t: to, quantity: 4, total: 12000 },
    ]);
  });
  it("drops to zero where the subscription ends inside the range", () => {
    const ending = quantitySteps({ history: history.slice(0, 1), schedule: [], now, end: t("2025-06-10T00:00:00.000Z") });
    expect(quantityChartPoints(ending, t("2025-06-01T00:00:00.000Z"), t("2025-06-30T00:00:00.000Z")).at(-1)).toEqual({ t: t("2025-06-10T00:00:00.000Z"), quantity: 0, total: 0 });
  });
});

describe("quantityAt, scheduledChangeCount and quantityPoints", () => {
  const schedule = [
    { quantity: 4, starting_at: "2025-06-20T00:00:00.000Z", ending_before: "2025-07-10T00:00:00.000Z" },
    { quantity: 7, starting_at: "2025-07-10T00:00:00.000Z", ending_before: "2025-08-01T00:00:00.000Z" },
    { quantity: 9, starting_at: "2025-08-01T00:00:00.000Z", ending_before: "2025-09-01T00:00:00.000Z" },
  ];
  const steps = quantitySteps({ history, schedule, now, end: null });
  it("reads the step covering an instant, null before the start and after the end", () => {
    expect(quantityAt(steps, now)).toBe(4);
    expect(quantityAt(steps, t("2025-07-15T00:00:00.000Z"))).toBe(7);
    expect(quantityAt(steps, t("2025-01-01T00:00:00.000Z"))).toBeNull();
    expect(quantityAt(steps, t("2025-09-02T00:00:00.000Z"))).toBeNull();
  });
  it("counts the scheduled changes", () => {
    expect(scheduledChangeCount(steps)).toBe(2);
    expect(scheduledChangeCount(quantitySteps({ history, schedule: schedule.slice(0, 1), now, end: null }))).toBe(0);
  });
  it("gives chart points that drop to zero where the schedule ends", () => {
    expect(quantityPoints(steps).slice(-2)).toEqual([
      { t: t("2025-08-01T00:00:00.000Z"), value: 9 },
      { t: t("2025-09-01T00:00:00.000Z"), value: 0 },
    ]);
  });
  it("takes seat-based points from the segments alone", () => {
    const segments = [
      { starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z", total_quantity: 4, assigned_seat_ids: ["a"] },
      { starting_at: "2025-07-01T00:00:00.000Z", ending_before: "2025-07-20T00:00:00.000Z", total_quantity: 6, assigned_seat_ids: ["a", "b"] },
    ];
    expect(quantityPoints(quantitySteps({ history: [], segments, now, end: null }))).toEqual([
      { t: t("2025-06-01T00:00:00.000Z"), value: 4 },
      { t: t("2025-07-01T00:00:00.000Z"), value: 6 },
      { t: t("2025-07-20T00:00:00.000Z"), value: 0 },
    ]);
    expect(seatsAt(segments, now)).toMatchObject({ assigned: 1, unassigned: 3, total: 4, until: "2025-07-01T00:00:00.000Z" });
  });
});

describe("quantityPoints (the strip's series)", () => {
  it("sums tier rows of one history entry and ends at 0 when the subscription ends", () => {
    const tiers = [{ starting_at: "2025-06-01T00:00:00.000Z", data: [{ quantity: 100, unit_price: 30, total: 3000 }, { quantity: 200, unit_price: 20, total: 4000 }] }];
    const schedule = [{ quantity: 300, starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-08-01T00:00:00.000Z" }];
    expect(quantityPoints(quantitySteps({ history: tiers, schedule, now, end: null }))).toEqual([
      { t: t("2025-06-01T00:00:00.000Z"), value: 300 },
      { t: t("2025-08-01T00:00:00.000Z"), value: 0 },
    ]);
  });
  it("reads a segment's total_quantity with Number() (it may arrive as a string)", () => {
    const segments = [
      { starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-06-16T00:00:00.000Z", total_quantity: "4", assigned_seat_ids: [] },
      { starting_at: "2025-06-16T00:00:00.000Z", ending_before: null, total_quantity: 5, assigned_seat_ids: [] },
    ];
    expect(quantityPoints(quantitySteps({ history: [], segments, now, end: null }))).toEqual([
      { t: t("2025-06-01T00:00:00.000Z"), value: 4 },
      { t: t("2025-06-16T00:00:00.000Z"), value: 5 },
    ]);
  });
});

describe("quantitySteps agrees with the preview's replay (domain/quantity-timeline)", () => {
  it("gives the same seat count at every change point and between them", () => {
    const schedule = [
      { quantity: 4, starting_at: "2025-06-20T00:00:00.000Z", ending_before: "2025-07-10T00:00:00.000Z" },
      { quantity: 7, starting_at: "2025-07-10T00:00:00.000Z", ending_before: "2025-08-01T00:00:00.000Z" },
      { quantity: 9, starting_at: "2025-08-01T00:00:00.000Z" },
    ];
    const steps = quantitySteps({ history, schedule, now, end: null });
    const start = t("2025-06-01T00:00:00.000Z");
    const { timeline } = replayQuantity(existingQuantityEvents(history, schedule), start, null);
    const instants = [...steps.map((s) => s.start), ...steps.map((s) => s.start + 3600_000), now, t("2025-09-01T00:00:00.000Z")];
    for (const at of instants) expect(quantityAt(steps, at)).toBe(totalAt(timeline, at));
  });
});
