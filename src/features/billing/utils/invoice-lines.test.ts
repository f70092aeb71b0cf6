import { describe, expect, it } from "vitest";
import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";
import { contractInvoices, invoiceHolds, invoiceState, lineKind } from "./invoice-lines";

const usd = { id: "usd", name: "USD (cents)" };
function inv(id: string, status: string, issued_at: string, contract_id = "k1", types: string[] = ["subscription"]): Invoice {
  return { id, status, issued_at, contract_id, type: "USAGE", total: 100, customer_id: "c", credit_type: usd, line_items: types.map((type) => ({ type, name: type, total: 1, credit_type: usd })) };
}

describe("invoice lines", () => {
  it("classifies Metronome's line item types", () => {
    expect(["subscription", "commit_purchase", "usage", "credit", "applied_commit_or_credit", "cpu_conversion"].map((type) => lineKind({ type }))).toEqual([
      "seats",
      "top_up",
      "usage",
      "applied",
      "applied",
      "other",
    ]);
  });

  it("splits one contract's invoices into drafts (soonest first) and past ones (newest first), voided kept", () => {
    const list = [
      inv("oct", "FINALIZED", "2026-10-01T00:00:00Z"),
      inv("dec", "DRAFT", "2026-12-01T00:00:00Z"),
      inv("other", "FINALIZED", "2026-11-15T00:00:00Z", "k2"),
      inv("nov", "FINALIZED", "2026-11-01T00:00:00Z"),
      inv("void", "VOID", "2026-11-20T00:00:00Z", "k1", ["commit_purchase"]),
      inv("jan", "DRAFT", "2027-01-01T00:00:00Z"),
    ];
    const { upcoming, past } = contractInvoices(list, "k1");
    expect(upcoming.map((i) => i.id)).toEqual(["dec", "jan"]);
    expect(past.map((i) => i.id)).toEqual(["void", "nov", "oct"]);
    expect(invoiceState(past[0]!)).toBe("void");
    expect(invoiceHolds(past[0]!, "top_up")).toBe(true);
    expect(invoiceHolds(past[1]!, "top_up")).toBe(false);
  });
});
