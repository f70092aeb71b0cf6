import { describe, expect, it } from "vitest";
import type { TopUpPurchase } from "../../../contract/bff";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import { contractAutoRecharge, disabledByFailedPayment, parseDraft, toInput } from "./auto-recharge";

const AI = "d3cb2827-dcb5-44af-9354-947a7197b9a6";

function row(id: string, kind: TopUpPurchase["kind"], status: TopUpPurchase["status"]): TopUpPurchase {
  return { id, kind, status, at: "2026-11-20T10:00:00Z", updated_at: "2026-11-20T10:00:00Z", actor: null, role: null, customer_id: "c", contract_id: "k", pack: null, settings: null, status_message: null, edit_id: null, commit_id: null, invoice_id: null };
}
const off = { enabled: false, threshold: 1000, recharge_to: 5000 };

describe("auto-recharge", () => {
  it("reads the contract's threshold configuration", () => {
    expect(contractAutoRecharge({})).toBeNull();
    const config = { is_enabled: true, threshold_amount: 1000, recharge_to_amount: 5000, commit: { product_id: "p" }, payment_gate_config: { payment_gate_type: "NONE" as const } };
    expect(contractAutoRecharge({ prepaid_balance_threshold_configuration: config })).toEqual({ enabled: true, threshold: 1000, recharge_to: 5000 });
  });

  it("names the failed recharge that turned it off, newest first, until the settings change again", () => {
    const failed = row("r2", "recharge", "failed");
    expect(disabledByFailedPayment([failed, row("r1", "recharge", "paid")], off)).toBe(failed);
    expect(disabledByFailedPayment([failed], { ...off, enabled: true })).toBeNull();
    expect(disabledByFailedPayment([row("s1", "auto_recharge_settings", "applied"), failed], off)).toBeNull();
    expect(disabledByFailedPayment([row("p1", "pack", "paid"), failed], off)).toBe(failed);
    expect(disabledByFailedPayment([row("r3", "recharge", "paid")], off)).toBeNull();
  });

  it("parses the form's numbers in the credit type's units and names the fields that are not numbers", () => {
    expect(parseDraft({ enabled: true, threshold: "1,000", rechargeTo: " 5000 " }, AI)).toEqual({ settings: { enabled: true, threshold: 1000, recharge_to: 5000 }, bad: [] });
    expect(parseDraft({ enabled: true, threshold: "", rechargeTo: "abc" }, AI)).toEqual({ settings: null, bad: ["threshold", "recharge_to"] });
    // USD is typed in dollars and kept in cents: $12.34 → 1234, $0.105 → 10.5 (kept to a hundredth of a cent, the server's rounding decides).
    expect(parseDraft({ enabled: false, threshold: "12.34", rechargeTo: "0.105" }, USD_CENTS_CREDIT_TYPE_ID).settings).toEqual({ enabled: false, threshold: 1234, recharge_to: 10.5 });
    expect(toInput(1234, USD_CENTS_CREDIT_TYPE_ID)).toBe("12.34");
    expect(toInput(1500, AI)).toBe("1500");
  });
});
