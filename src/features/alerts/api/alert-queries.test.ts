import { describe, expect, it } from "vitest";
import { mapWithConcurrency, sortSeatStatuses } from "./alert-queries";

describe("mapWithConcurrency", () => {
  it("keeps the input order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
  });

  it("handles an empty list and fails when one item fails", async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
    await expect(mapWithConcurrency([1, 2], 2, async (n) => (n === 2 ? Promise.reject(new Error("no")) : n))).rejects.toThrow("no");
  });
});

describe("sortSeatStatuses", () => {
  it("puts seats in alarm first, then by seat id", () => {
    const sorted = sortSeatStatuses([
      { seatId: "carol", status: "ok", updatedAt: null },
      { seatId: "bob", status: "in_alarm", updatedAt: null },
      { seatId: "alice", status: "ok", updatedAt: null },
      { seatId: "dave", status: "evaluating", updatedAt: null },
      { seatId: "aaron", status: "in_alarm", updatedAt: null },
    ]);
    expect(sorted.map((s) => s.seatId)).toEqual(["aaron", "bob", "dave", "alice", "carol"]);
  });
});
