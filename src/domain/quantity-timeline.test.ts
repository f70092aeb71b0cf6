import { describe, expect, it } from "vitest";
import { applyQuantityUpdates, existingQuantityEvents, replayQuantity } from "./quantity-timeline";
import { quantityHistory } from "./test-fixtures";
import { toSchedule } from "./timeline";

const t = (iso: string) => Date.parse(iso);
const START = t("2025-05-01T00:00:00Z");
const totals = (steps: Array<{ starting_at: string; total: number }>) => steps.map((s) => [s.starting_at.slice(0, 13), s.total]);

describe("quantity replay", () => {
  it("applies same-hour updates in submission order (docs: set 12, then delta −1 → 11)", () => {
    const existing = existingQuantityEvents(quantityHistory([["2025-05-01T00:00:00.000Z", 5]]).history, [], "absolute");
    const { timeline, negatives } = applyQuantityUpdates(
      existing,
      [
        { starting_at: "2025-05-21T00:00:00.000Z", quantity: 12 },
        { starting_at: "2025-05-21T00:00:00.000Z", quantity_delta: -1 },
      ],
      START,
      null,
    );
    expect(totals(toSchedule(timeline))).toEqual([
      ["2025-05-01T00", 5],
      ["2025-05-21T00", 11],
    ]);
    expect(negatives).toEqual([]);
  });

  it("orders by starting_at, not by position in the request", () => {
    const existing = existingQuantityEvents(quantityHistory([["2025-05-01T00:00:00.000Z", 5]]).history, [], "absolute");
    const { timeline } = applyQuantityUpdates(
      existing,
      [
        { starting_at: "2025-06-01T00:00:00.000Z", quantity_delta: 2 },
        { starting_at: "2025-05-10T00:00:00.000Z", quantity: 8 },
      ],
      START,
      null,
    );
    expect(totals(toSchedule(timeline))).toEqual([
      ["2025-05-01T00", 5],
      ["2025-05-10T00", 8],
      ["2025-06-01T00", 10],
    ]);
  });

  it("merges the quantity history (past) with the contract's schedule (now and future)", () => {
    const history = quantityHistory([
      ["2025-05-01T00:00:00.000Z", 5],
      ["2025-05-10T00:00:00.000Z", 7],
      ["2025-05-20T00:00:00.000Z", 7], // price-only entry: no quantity change
    ]).history;
    const schedule = [
      { quantity: 7, starting_at: "2025-05-10T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z" },
      { quantity: 9, starting_at: "2025-07-01T00:00:00.000Z" },
    ];
    const events = existingQuantityEvents(history, schedule, "absolute");
    expect(events.map((e) => [e.op, e.value])).toEqual([
      ["set", 5],
      ["set", 7],
      ["set", 9],
    ]);
    expect(totals(toSchedule(replayQuantity(events, START, null).timeline))).toEqual([
      ["2025-05-01T00", 5],
      ["2025-05-10T00", 7],
      ["2025-07-01T00", 9],
    ]);
  });

  it("replays an already scheduled change after an earlier new one: as a total or as a delta", () => {
    const history = quantityHistory([["2025-05-01T00:00:00.000Z", 5]]).history;
    const schedule = [
      { quantity: 5, starting_at: "2025-05-01T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z" },
      { quantity: 8, starting_at: "2025-07-01T00:00:00.000Z" },
    ];
    const update = [{ starting_at: "2025-06-01T00:00:00.000Z", quantity_delta: 1 }];
    const absolute = applyQuantityUpdates(existingQuantityEvents(history, schedule, "absolute"), update, START, null);
    const relative = applyQuantityUpdates(existingQuantityEvents(history, schedule, "relative"), update, START, null);
    expect(totals(toSchedule(absolute.timeline)).at(-1)).toEqual(["2025-07-01T00", 8]);
    expect(totals(toSchedule(relative.timeline)).at(-1)).toEqual(["2025-07-01T00", 9]);
  });

  it("detects a count below zero, also when a later scheduled delta causes it, and blames the new update", () => {
    const history = quantityHistory([["2025-05-01T00:00:00.000Z", 3]]).history;
    const schedule = [
      { quantity: 3, starting_at: "2025-05-01T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z" },
      { quantity: 1, starting_at: "2025-07-01T00:00:00.000Z" },
    ];
    const { negatives } = applyQuantityUpdates(
      existingQuantityEvents(history, schedule, "relative"),
      [{ starting_at: "2025-06-01T00:00:00.000Z", quantity_delta: -2 }],
      START,
      null,
    );
    expect(negatives).toEqual([{ t: t("2025-07-01T00:00:00Z"), quantity: -1, path: "quantity_updates[0]" }]);
  });

  it("allows 0 and ignores updates outside the subscription", () => {
    const existing = existingQuantityEvents(quantityHistory([["2025-05-01T00:00:00.000Z", 3]]).history, [], "absolute");
    const { timeline, negatives } = applyQuantityUpdates(
      existing,
      [
        { starting_at: "2025-05-05T00:00:00.000Z", quantity: 0 },
        { starting_at: "2025-04-01T00:00:00.000Z", quantity: 50 },
        { starting_at: "2025-09-01T00:00:00.000Z", quantity: 50 },
      ],
      START,
      t("2025-08-01T00:00:00Z"),
    );
    expect(totals(toSchedule(timeline))).toEqual([
      ["2025-05-01T00", 3],
      ["2025-05-05T00", 0],
    ]);
    expect(negatives).toEqual([]);
  });
});
