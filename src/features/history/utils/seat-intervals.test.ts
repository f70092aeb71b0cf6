import { describe, expect, it } from "vitest";
import { intervalsInRange, seatChanges, seatIntervals, seatLifetime } from "./seat-intervals";

const t = (iso: string) => Date.parse(iso);
const segments = [
  { starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-06-16T00:00:00.000Z", total_quantity: 4, assigned_seat_ids: ["alice", "bob", "carol"] },
  { starting_at: "2025-06-16T00:00:00.000Z", ending_before: "2025-06-20T00:00:00.000Z", total_quantity: 5, assigned_seat_ids: ["alice", "bob", "carol", "dave", "erin"] },
  { starting_at: "2025-06-20T00:00:00.000Z", ending_before: null, total_quantity: 4, assigned_seat_ids: ["alice", "carol", "dave", "erin"] },
];

describe("seatChanges", () => {
  it("lists who was added and removed at each change, with totals", () => {
    expect(seatChanges(segments)).toEqual([
      { at: t("2025-06-01T00:00:00.000Z"), until: t("2025-06-16T00:00:00.000Z"), total: 4, assigned: 3, unassigned: 1, added: ["alice", "bob", "carol"], removed: [] },
      { at: t("2025-06-16T00:00:00.000Z"), until: t("2025-06-20T00:00:00.000Z"), total: 5, assigned: 5, unassigned: 0, added: ["dave", "erin"], removed: [] },
      { at: t("2025-06-20T00:00:00.000Z"), until: null, total: 4, assigned: 4, unassigned: 0, added: [], removed: ["bob"] },
    ]);
  });
});

describe("seatIntervals", () => {
  it("merges contiguous segments into one interval per holding", () => {
    const intervals = seatIntervals(segments);
    expect(intervals).toEqual([
      { seatId: "alice", start: t("2025-06-01T00:00:00.000Z"), end: null },
      { seatId: "bob", start: t("2025-06-01T00:00:00.000Z"), end: t("2025-06-20T00:00:00.000Z") },
      { seatId: "carol", start: t("2025-06-01T00:00:00.000Z"), end: null },
      { seatId: "dave", start: t("2025-06-16T00:00:00.000Z"), end: null },
      { seatId: "erin", start: t("2025-06-16T00:00:00.000Z"), end: null },
    ]);
  });
  it("starts a new interval when a seat comes back", () => {
    const back = [...segments.slice(0, 2), { ...segments[2]!, ending_before: "2025-07-01T00:00:00.000Z" }, { starting_at: "2025-07-01T00:00:00.000Z", ending_before: null, total_quantity: 5, assigned_seat_ids: ["alice", "bob"] }];
    expect(seatLifetime(back, "bob")).toEqual([
      { seatId: "bob", start: t("2025-06-01T00:00:00.000Z"), end: t("2025-06-20T00:00:00.000Z") },
      { seatId: "bob", start: t("2025-07-01T00:00:00.000Z"), end: null },
    ]);
  });
  it("filters by range", () => {
    expect(intervalsInRange(seatIntervals(segments), t("2025-06-21T00:00:00.000Z"), t("2025-06-30T00:00:00.000Z")).map((i) => i.seatId)).toEqual(["alice", "carol", "dave", "erin"]);
  });
});
