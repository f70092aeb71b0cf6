import { describe, expect, it } from "vitest";
import { checkSeatPolicy } from "./seat-policy";
import type { Timeline } from "./timeline";

const t = (iso: string) => Date.parse(iso);
const JUNE = t("2025-06-01T00:00:00Z");
const D16 = t("2025-06-16T00:00:00Z");

function counts(...points: Array<[number, number]>): Timeline {
  return { steps: points.map(([start, total]) => ({ start, total, assigned: null })), end: null };
}

const codes = (issues: ReturnType<typeof checkSeatPolicy>) => issues.map((i) => [i.code, i.message, i.status]);

describe("checkSeatPolicy (S5)", () => {
  it("stops seat-based subscriptions above the cap (default 1000)", () => {
    const before = counts([JUNE, 998]);
    const after = counts([JUNE, 998], [D16, 1004]);
    expect(codes(checkSeatPolicy(after, { seatBased: true, before }))).toEqual([
      ["above_seat_cap", "This would take the subscription to 1,004 seats; the cap is 1,000", 422],
    ]);
    expect(checkSeatPolicy(after, { seatBased: true, before, maxSeats: 2000 })).toEqual([]);
    expect(checkSeatPolicy(after, { seatBased: false, before })).toEqual([]);
  });

  it("applies the customer's minimum and maximum", () => {
    const before = counts([JUNE, 10]);
    const policy = { min_seats: 5, max_seats: 12 };
    expect(codes(checkSeatPolicy(counts([JUNE, 10], [D16, 13]), { seatBased: false, before, policy }))).toEqual([
      ["above_max_seats", "This would take the subscription to 13 seats on June 16, 2025; the most allowed for this customer is 12", 403],
    ]);
    expect(codes(checkSeatPolicy(counts([JUNE, 10], [D16, 4]), { seatBased: false, before, policy }))).toEqual([
      ["below_min_seats", "This would take the subscription down to 4 seats on June 16, 2025; the least allowed for this customer is 5", 403],
    ]);
    expect(checkSeatPolicy(counts([JUNE, 10], [D16, 12]), { seatBased: false, before, policy })).toEqual([]);
  });

  it("judges only what the change alters, and never blocks a move towards the limits", () => {
    const policy = { min_seats: 5, max_seats: 12 };
    // Already above the maximum: going down but still above is allowed; going further up is not.
    const before = counts([JUNE, 20]);
    expect(checkSeatPolicy(counts([JUNE, 20], [D16, 15]), { seatBased: false, before, policy })).toEqual([]);
    expect(checkSeatPolicy(counts([JUNE, 20], [D16, 21]), { seatBased: false, before, policy }).map((i) => i.code)).toEqual([
      "above_max_seats",
    ]);
    // Without a "before", every step is judged.
    expect(checkSeatPolicy(counts([JUNE, 20]), { seatBased: false, policy }).map((i) => i.code)).toEqual(["above_max_seats"]);
  });

  it("does not let a removal of unassigned seats reach into assigned seats", () => {
    const shortfalls = [{ t: D16, requested: 3, available: 1, assigned: 40, path: "seat_updates.remove_unassigned_seats[0]" }];
    expect(codes(checkSeatPolicy(counts([JUNE, 41], [D16, 40]), { seatBased: true, shortfalls }))).toEqual([
      [
        "below_assigned_seats",
        "Removing 3 unassigned seats on June 16, 2025 would go below the 40 assigned seats: only 1 is unassigned",
        403,
      ],
    ]);
  });

  it("blames the update that starts the problem", () => {
    const before = counts([JUNE, 10]);
    const after = counts([JUNE, 10], [D16, 30]);
    const issues = checkSeatPolicy(after, {
      seatBased: false,
      before,
      policy: { min_seats: null, max_seats: 20 },
      blame: (at) => (at >= D16 ? "quantity_updates[1]" : "quantity_updates[0]"),
    });
    expect(issues[0]?.path).toBe("quantity_updates[1]");
  });
});
