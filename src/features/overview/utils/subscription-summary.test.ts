import { describe, expect, it } from "vitest";
import type { BalanceItem } from "../../../lib/metronome-queries";
import { creditTotals } from "./subscription-summary";

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
