import { describe, expect, it } from "vitest";
import type { BalanceItem } from "../../../lib/metronome-queries";
import { creditTotals, currentQuantity, scheduledChangeCount } from "./subscription-summary";

const now = new Date("2025-06-25T00:00:00Z").getTime();
const schedule = [
  { quantity: 4, starting_at: "2025-06-20T00:00:00Z", ending_before: "2025-07-10T00:00:00Z" },
  { quantity: 7, starting_at: "2025-07-10T00:00:00Z", ending_before: "2025-08-01T00:00:00Z" },
  { quantity: 9, starting_at: "2025-08-01T00:00:00Z" },
];

describe("currentQuantity / scheduledChangeCount", () => {
  it("reads the item covering now and counts the later ones", () => {
    expect(currentQuantity(schedule, now)).toBe(4);
    expect(scheduledChangeCount(schedule, now)).toBe(2);
  });
  it("is null before the subscription starts", () => {
    expect(currentQuantity(schedule, new Date("2025-01-01T00:00:00Z").getTime())).toBeNull();
  });
});

describe("creditTotals", () => {
  const item = (id: string, sub: string | null, allocation: "POOLED" | "INDIVIDUAL", balance: number) =>
    ({
      id,
      type: "CREDIT",
      balance,
      product: { id: "p", name: "AI" },
      access_schedule: { credit_type: { id: "ai", name: "AI credits" }, schedule_items: [] },
      ...(sub ? { subscription_config: { subscription_id: sub, allocation, apply_seat_increase_config: { is_prorated: true } } } : {}),
    }) as unknown as BalanceItem;

  it("sums the balances linked to one subscription per credit type and allocation", () => {
    const items = [item("a", "s1", "POOLED", 100), item("b", "s1", "POOLED", 50.5), item("c", "s2", "POOLED", 7), item("d", null, "POOLED", 3)];
    expect(creditTotals(items, "s1")).toEqual([{ creditTypeId: "ai", creditTypeName: "AI credits", balance: 150.5, allocation: "POOLED" }]);
    expect(creditTotals(items, null)).toEqual([{ creditTypeId: "ai", creditTypeName: "AI credits", balance: 3, allocation: null }]);
  });
});
