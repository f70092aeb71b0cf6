import { describe, expect, it } from "vitest";
import { changeEffectiveAt, invoiceForChange, type InvoiceForMatching } from "./invoice-for-change";

const K = "contract-1";
const S = "sub-1";
const t = (iso: string) => Date.parse(iso);

function invoice(id: string, over: Partial<InvoiceForMatching> & { line?: [string, string] }): InvoiceForMatching {
  const [starting_at, ending_before] = over.line ?? ["2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"];
  return {
    id,
    contract_id: K,
    status: "FINALIZED",
    issued_at: starting_at,
    line_items: [{ type: "subscription", subscription_id: S, starting_at, ending_before }],
    ...over,
  };
}

// Advance billing: the period invoice issued Nov 1 bills Nov; the draft issued Dec 1 bills Dec.
const novAdvance = invoice("nov", { issued_at: "2026-11-01T00:00:00.000Z" });
const decDraft = invoice("dec", { status: "DRAFT", issued_at: "2026-12-01T00:00:00.000Z", line: ["2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"] });
// An increase on Nov 7 at 09:00 charged at once: a scheduled invoice issued then, its line from then to Dec 1.
const scheduled = invoice("sched", { issued_at: "2026-11-07T09:00:00.000Z", line: ["2026-11-07T09:00:00.000Z", "2026-12-01T00:00:00.000Z"] });
const all = [novAdvance, scheduled, decDraft];

describe("invoiceForChange", () => {
  it("an increase charged now lands on the scheduled invoice issued at its hour, not on the period invoice issued before it", () => {
    expect(invoiceForChange({ contractId: K, subscriptionIds: [S], effectiveAt: t("2026-11-07T09:00:00.000Z") }, all)?.id).toBe("sched");
  });

  it("a decrease at the next period start lands on the upcoming (draft) invoice opening that period", () => {
    expect(invoiceForChange({ contractId: K, subscriptionIds: [S], effectiveAt: t("2026-12-01T00:00:00.000Z") }, all)?.id).toBe("dec");
  });

  it("a change billed at the next collection date (no scheduled invoice) lands on the next invoice covering its hour", () => {
    const arrears = invoice("nov-arrears", { issued_at: "2026-12-01T00:00:00.000Z" });
    expect(invoiceForChange({ contractId: K, subscriptionIds: [S], effectiveAt: t("2026-11-20T10:00:00.000Z") }, [novAdvance, arrears])?.id).toBe("nov-arrears");
  });

  it("voided invoices, other contracts and other subscriptions never count", () => {
    const change = { contractId: K, subscriptionIds: [S], effectiveAt: t("2026-11-07T09:00:00.000Z") };
    expect(invoiceForChange(change, [{ ...scheduled, status: "VOID" }])).toBeNull();
    expect(invoiceForChange(change, [{ ...scheduled, contract_id: "other" }])).toBeNull();
    expect(invoiceForChange({ ...change, subscriptionIds: ["sub-2"] }, [scheduled])).toBeNull();
  });

  it("a change scheduled beyond every invoice has none yet", () => {
    expect(invoiceForChange({ contractId: K, subscriptionIds: [S], effectiveAt: t("2027-03-01T00:00:00.000Z") }, all)).toBeNull();
  });
});

describe("changeEffectiveAt", () => {
  const made = t("2026-11-24T12:00:00.000Z");

  it("reads the earliest starting_at of quantity and seat updates", () => {
    const request = {
      update_subscriptions: [
        {
          subscription_id: S,
          quantity_updates: [{ quantity_delta: 2, starting_at: "2026-12-01T00:00:00.000Z" }],
          seat_updates: { add_seat_ids: [{ seat_ids: ["a"], starting_at: "2026-11-24T12:00:00.000Z" }] },
        },
      ],
    };
    expect(changeEffectiveAt(request, 0)).toBe(made);
  });

  it("falls back to when the change was made for a request without times or an unreadable one", () => {
    expect(changeEffectiveAt({ update_subscriptions: [{ quantity_updates: [{ quantity: 3 }] }] }, made)).toBe(made);
    expect(changeEffectiveAt(null, made)).toBe(made);
    expect(changeEffectiveAt({ update_subscriptions: [{ quantity_updates: [{ starting_at: "not a date" }] }] }, made)).toBe(made);
  });
});
