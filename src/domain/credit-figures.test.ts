import { describe, expect, it } from "vitest";
import { creditFigures, creditTotals, figureOf, type BalanceItem } from "./credit-figures";

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

describe("creditFigures and figureOf", () => {
  const item = (allocation: "POOLED" | "INDIVIDUAL" | null, balance: number) =>
    ({
      id: `${allocation}-${balance}`,
      type: "CREDIT",
      balance,
      product: { id: "p", name: "AI" },
      access_schedule: { credit_type: { id: "ai", name: "AI credits" }, schedule_items: [] },
      ...(allocation ? { subscription_config: { subscription_id: "s1", allocation, apply_seat_increase_config: { is_prorated: true } } } : {}),
    }) as unknown as BalanceItem;
  it("splits pooled credits from the seats' credits in all, per credit type", () => {
    expect(creditFigures([item("INDIVIDUAL", 2000), item("INDIVIDUAL", 1500), item("POOLED", 300), item(null, 20)])).toEqual([
      { creditTypeId: "ai", creditTypeName: "AI credits", pooled: 320, seats: 3500, hasPooled: true, hasSeats: true },
    ]);
  });
  it("names a set of credits for what it holds", () => {
    expect(figureOf([item("INDIVIDUAL", 1)])).toBe("seats");
    expect(figureOf([item("POOLED", 1), item(null, 1)])).toBe("pooled");
    expect(figureOf([item("POOLED", 1), item("INDIVIDUAL", 1)])).toBe("subscription");
  });
});
