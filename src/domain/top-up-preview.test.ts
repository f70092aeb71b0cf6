import { describe, expect, it } from "vitest";
import type { AutoRechargeBounds, TopUpPack } from "../contract/bff";
import { autoRechargeBoundsProblem, previewAutoRecharge, previewTopUp } from "./top-up-preview";

const USD = "usd-cents";
const AI = "ai-credits";
const pack: TopUpPack = { id: "p5k", name: "5,000 AI credits", credits: 5_000, credit_type_id: AI, price: { amount: 4_500, credit_type_id: USD }, product_id: "prod", duration_months: 3, scope: "contract" };
const bounds: AutoRechargeBounds = { credit_type_id: USD, product_id: "prod", min_threshold: 500, max_threshold: 50_000, min_recharge_step: 1_000, max_recharge_to: 200_000, unit_price: { amount: 1, credit_type_id: USD } };

describe("previewTopUp", () => {
  it("starts the credits at the current hour, ends them duration_months later, invoices the price then", () => {
    const preview = previewTopUp(pack, Date.parse("2026-11-30T17:42:10.000Z"), 1_250);
    expect(preview).toEqual({
      pack_id: "p5k",
      credits: 5_000,
      credit_type_id: AI,
      price: { amount: 4_500, credit_type_id: USD },
      starts_at: "2026-11-30T17:00:00.000Z",
      // Nov 30 + 3 months: Feb has 28 days in 2027, so the day is clamped.
      expires_at: "2027-02-28T17:00:00.000Z",
      balance_before: 1_250,
      balance_after: 6_250,
      invoice_line: { name: "5,000 AI credits", amount: 4_500, credit_type_id: USD, issued_at: "2026-11-30T17:00:00.000Z" },
    });
  });

  it("leaves the balance after unknown when the balance is", () => {
    expect(previewTopUp(pack, Date.parse("2026-11-24T12:00:00.000Z"), null)).toMatchObject({ balance_before: null, balance_after: null });
  });
});

describe("autoRechargeBoundsProblem", () => {
  const at = (threshold: number, recharge_to: number) => autoRechargeBoundsProblem({ enabled: true, threshold, recharge_to }, bounds);
  it("names the bound each setting breaks", () => {
    expect(at(499, 5_000)).toEqual({ field: "threshold", message: "threshold must be at least 500 (the operator's min_threshold)" });
    expect(at(50_001, 60_000)).toEqual({ field: "threshold", message: "threshold must be at most 50000 (the operator's max_threshold)" });
    expect(at(600, 600)?.message).toBe("recharge_to must be above threshold (a recharge brings the balance back up to it)");
    expect(at(600, 1_599)?.message).toBe("recharge_to must be at least 1000 above threshold (the operator's min_recharge_step)");
    expect(at(600, 200_001)?.message).toBe("recharge_to must be at most 200000 (the operator's max_recharge_to)");
  });
  it("accepts the edges", () => {
    expect(at(500, 1_500)).toBeNull();
    expect(at(50_000, 200_000)).toBeNull();
  });
});

describe("previewAutoRecharge", () => {
  const settings = { enabled: true, threshold: 1_000, recharge_to: 6_000 };
  it("recharges at once when the balance is at or below the threshold", () => {
    expect(previewAutoRecharge(settings, bounds, 250)).toEqual({
      now: { credits: 5_750, price: { amount: 5_750, credit_type_id: USD }, balance_after: 6_000 },
      at_threshold: { credits: 5_000, price: { amount: 5_000, credit_type_id: USD }, balance_after: 6_000 },
    });
    expect(previewAutoRecharge(settings, bounds, 1_000).now?.credits).toBe(5_000);
  });
  it("does not recharge now above the threshold, when off, or when the balance is unknown", () => {
    expect(previewAutoRecharge(settings, bounds, 1_001).now).toBeNull();
    expect(previewAutoRecharge({ ...settings, enabled: false }, bounds, 0).now).toBeNull();
    expect(previewAutoRecharge(settings, bounds, null).now).toBeNull();
  });
  it("prices credits at the unit price", () => {
    expect(previewAutoRecharge(settings, { ...bounds, unit_price: { amount: 0.5, credit_type_id: USD } }, 2_000).at_threshold.price.amount).toBe(2_500);
  });
});
