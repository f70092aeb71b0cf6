import { describe, expect, it } from "vitest";
import { FIRST_BATCH, NEXT_BATCH, seatBatches, seatsCovered } from "./seat-batches";

const seats = Array.from({ length: 130 }, (_, i) => ({ seatId: `seat-${String(i).padStart(3, "0")}`, balance: (i * 37) % 130 }));

describe("seatBatches", () => {
  it("checks the lowest balances first, in batches", () => {
    const first = seatBatches(seats, 10, 1);
    expect(first).toHaveLength(1);
    expect(first[0]).toHaveLength(FIRST_BATCH);
    const balances = new Map(seats.map((s) => [s.seatId, s.balance]));
    expect(first[0]?.map((id) => balances.get(id))).toEqual(Array.from({ length: FIRST_BATCH }, (_, i) => i));
    const three = seatBatches(seats, 10, 3);
    expect(three.map((b) => b.length)).toEqual([FIRST_BATCH, NEXT_BATCH, 130 - FIRST_BATCH - NEXT_BATCH]);
    expect(new Set(three.flat()).size).toBe(130);
    expect(seatsCovered(three)).toBe(130);
    expect(seatBatches(seats, 10, 9)).toHaveLength(3);
  });

  it("puts every seat at or below the threshold in the first batch", () => {
    const [first] = seatBatches(seats, 99, 1);
    expect(first).toHaveLength(100);
    expect(seatBatches(seats, 99, 2)[1]).toHaveLength(30);
  });

  it("keeps the order stable for equal balances", () => {
    expect(seatBatches([{ seatId: "b", balance: 0 }, { seatId: "a", balance: 0 }], 5, 1)).toEqual([["a", "b"]]);
    expect(seatBatches([], 5, 1)).toEqual([]);
  });
});
