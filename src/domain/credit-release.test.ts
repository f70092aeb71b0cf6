import { describe, expect, it } from "vitest";
import { computeCreditGrants, linkedCredits, seatGrantsPerSeat, type LinkedCredit } from "./credit-release";
import { aiCredit, teamContract } from "./test-fixtures";
import type { Timeline } from "./timeline";

const t = (iso: string) => Date.parse(iso);
const JUNE = t("2025-06-01T00:00:00Z");
const JULY = t("2025-07-01T00:00:00Z");
const ABC = ["alice", "bob", "carol"];

function linked(credit = aiCredit(), sub: Parameters<typeof teamContract>[0] = {}): LinkedCredit {
  const contract = teamContract(sub, [credit]);
  return linkedCredits(contract, contract.subscriptions![0]!, { start: t(contract.subscriptions![0]!.starting_at), end: null })[0]!;
}

const grants = (g: ReturnType<typeof computeCreditGrants>) => g.map((x) => [x.kind, x.seat_id ?? x.quantity, x.amount, x.at.slice(0, 10)]);

// The worked example: a, b, c assigned plus one unassigned seat; dave and erin join June 16; bob leaves June 20.
const seats: Timeline = {
  steps: [
    { start: JUNE, total: 4, assigned: ABC },
    { start: t("2025-06-16T00:00:00Z"), total: 5, assigned: [...ABC, "dave", "erin"] },
    { start: t("2025-06-20T00:00:00Z"), total: 4, assigned: ["alice", "carol", "dave", "erin"] },
  ],
  end: null,
};

describe("credits released by linked recurring credits (§4.7, worked example §8)", () => {
  it("INDIVIDUAL: 1000 to each assigned seat at the period start, 1000 × 0.5 to dave and erin on June 16", () => {
    expect(grants(computeCreditGrants(linked(), seats, JUNE, JULY + 1))).toEqual([
      ["segment_start", "alice", 1000, "2025-06-01"],
      ["segment_start", "bob", 1000, "2025-06-01"],
      ["segment_start", "carol", 1000, "2025-06-01"],
      ["seat_increase", "dave", 500, "2025-06-16"],
      ["seat_increase", "erin", 500, "2025-06-16"],
      ["segment_start", "alice", 1000, "2025-07-01"],
      ["segment_start", "carol", 1000, "2025-07-01"],
      ["segment_start", "dave", 1000, "2025-07-01"],
      ["segment_start", "erin", 1000, "2025-07-01"],
    ]);
  });

  it("INDIVIDUAL without seat-increase proration gives dave and erin 1000 each", () => {
    const credit = linked(aiCredit({ subscription_config: { apply_seat_increase_config: { is_prorated: false } } }));
    const june = computeCreditGrants(credit, seats, JUNE, JULY).filter((g) => g.kind === "seat_increase");
    expect(june.map((g) => [g.seat_id, g.amount, g.is_prorated])).toEqual([
      ["dave", 1000, false],
      ["erin", 1000, false],
    ]);
  });

  it("INDIVIDUAL grants a seat once per period, even if it leaves and comes back", () => {
    const flapping: Timeline = {
      steps: [
        { start: JUNE, total: 1, assigned: ["alice"] },
        { start: t("2025-06-10T00:00:00Z"), total: 0, assigned: [] },
        { start: t("2025-06-20T00:00:00Z"), total: 1, assigned: ["alice"] },
      ],
      end: null,
    };
    expect(grants(computeCreditGrants(linked(), flapping, JUNE, JULY))).toEqual([["segment_start", "alice", 1000, "2025-06-01"]]);
  });

  it("POOLED on a quantity subscription: 4 × 1000 at the start, +1 on June 16 releases 500 on the contract", () => {
    const credit = linked(aiCredit({ subscription_config: { allocation: "POOLED" } }), {
      quantity_management_mode: "QUANTITY_ONLY",
    });
    const quantity: Timeline = {
      steps: [
        { start: JUNE, total: 4, assigned: null },
        { start: t("2025-06-16T00:00:00Z"), total: 5, assigned: null },
        { start: t("2025-06-20T00:00:00Z"), total: 3, assigned: null },
        { start: t("2025-06-25T00:00:00Z"), total: 6, assigned: null },
      ],
      end: null,
    };
    // 06-25 → 07-01 is 144 of 720 hours: 1 seat above the high-water mark of 5 releases 200.
    expect(grants(computeCreditGrants(credit, quantity, JUNE, JULY))).toEqual([
      ["segment_start", 4, 4000, "2025-06-01"],
      ["seat_increase", 1, 500, "2025-06-16"],
      ["seat_increase", 1, 200, "2025-06-25"],
    ]);
  });

  it("POOLED counts unassigned seats of a seat-based subscription (A19)", () => {
    const credit = linked(aiCredit({ subscription_config: { allocation: "POOLED" } }));
    expect(grants(computeCreditGrants(credit, seats, JUNE, JULY))).toEqual([
      ["segment_start", 4, 4000, "2025-06-01"],
      ["seat_increase", 1, 500, "2025-06-16"],
    ]);
  });

  it("prorates a partial first credit period only when the credit's proration says so, with rounding", () => {
    // Credits follow the contract's statement schedule (no recurrence_frequency) and start mid-June.
    const start = "2025-06-11T00:00:00.000Z";
    const make = (proration: "NONE" | "FIRST_AND_LAST") =>
      linked(
        aiCredit({
          starting_at: start,
          recurrence_frequency: undefined,
          proration,
          proration_rounding: { access: { rounding_method: "HALF_UP", decimal_places: 0 } },
        }),
      );
    const from = t(start);
    expect(grants(computeCreditGrants(make("FIRST_AND_LAST"), seats, from, JULY))).toEqual([
      ["segment_start", "alice", 667, "2025-06-11"],
      ["segment_start", "bob", 667, "2025-06-11"],
      ["segment_start", "carol", 667, "2025-06-11"],
      ["seat_increase", "dave", 500, "2025-06-16"],
      ["seat_increase", "erin", 500, "2025-06-16"],
    ]);
    expect(computeCreditGrants(make("NONE"), seats, from, JULY)[0]?.amount).toBe(1000);
  });

  it("links only recurring credits attached to this subscription", () => {
    const other = aiCredit({ id: "other", subscription_config: { subscription_id: "another-subscription" } });
    const contract = teamContract({}, [aiCredit(), other]);
    const list = linkedCredits(contract, contract.subscriptions![0]!, { start: JUNE, end: null });
    expect(list.map((c) => c.id)).toEqual([aiCredit().id]);
  });
});

describe("credit objects a seat holds in a window (sizes the seatBalances chunks)", () => {
  const sub = teamContract().subscriptions?.[0];
  if (!sub) throw new Error("fixture has a subscription");
  it("one per period overlapped by each INDIVIDUAL credit", () => {
    expect(seatGrantsPerSeat(teamContract(), sub, t("2025-06-15T00:00:00Z"), t("2025-06-15T00:00:00Z"))).toBe(1);
    expect(seatGrantsPerSeat(teamContract(), sub, t("2025-06-15T00:00:00Z"), t("2025-07-15T00:00:00Z"))).toBe(2);
    expect(seatGrantsPerSeat(teamContract(), sub, t("2025-06-15T00:00:00Z"), t("2025-09-15T00:00:00Z"))).toBe(4);
  });
  it("longer-lasting credits and several credits add up; pooled ones hold nothing per seat", () => {
    const twoPeriods = aiCredit({ commit_duration: { value: 2, unit: "PERIODS" } });
    expect(seatGrantsPerSeat(teamContract({}, [twoPeriods]), sub, JUNE + 1, JUNE + 1)).toBe(2);
    const second = aiCredit({ id: "0f0e0d0c-0b0a-4909-8807-060504030201" });
    expect(seatGrantsPerSeat(teamContract({}, [aiCredit(), second]), sub, JULY, JULY)).toBe(2);
    const pooled = aiCredit({ subscription_config: { allocation: "POOLED" } });
    expect(seatGrantsPerSeat(teamContract({}, [pooled]), sub, JULY, JULY)).toBe(1);
  });
});
