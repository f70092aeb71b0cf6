import { beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../../contract/bff";
import { setLocales } from "../../../lib/format";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import {
  auditByEditId,
  changeSummary,
  describeEdit,
  editsById,
  editSubscriptionIds,
  matchEdit,
  claimedChargeText,
  previewedChargeCsv,
  previewedChargeText,
  previewedCreditsPhrases,
  previewedCreditsText,
  seatTotalsChanges,
  seatTotalsText,
  sortedEdits,
  type ContractEdit,
} from "./audit-rows";

beforeAll(() => setLocales("en-US"));

const AI = "ai-credits";
const names = new Map([[AI, { name: "AI credits" }]]);

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: "row-1",
    at: "2026-11-24T12:00:00.000Z",
    actor: { id: "u1", name: "Ada Admin", email: "ada@acme.com" },
    role: "customer_admin",
    customer_id: "c1",
    contract_id: "k1",
    subscription_ids: ["s1"],
    edit_id: "e1",
    outcome: "applied",
    error: null,
    request: {
      customer_id: "c1",
      contract_id: "k1",
      update_subscriptions: [
        { subscription_id: "s1", seat_updates: { add_seat_ids: [{ seat_ids: ["dave@acme.com", "erin@acme.com"], starting_at: "2026-11-24T12:00:00.000Z" }] } },
      ],
    },
    seats_before: { s1: 40 },
    seats_after: { s1: 42 },
    preview: null,
    claimed_preview: null,
    ...overrides,
  };
}

describe("describeEdit", () => {
  it("names added and removed seat ids with their date", () => {
    expect(describeEdit(entry().request)).toBe("+2 seats: dave@acme.com, erin@acme.com from Nov 24, 2026");
    expect(
      describeEdit({ update_subscriptions: [{ subscription_id: "s1", seat_updates: { remove_seat_ids: [{ seat_ids: ["a", "b", "c", "d", "e"], starting_at: "2026-12-01T00:00:00Z" }] } }] }),
    ).toBe("\u22125 seats: a, b, c and 2 more from Dec 1, 2026");
  });
  it("describes quantities, deltas, unassigned seats and end dates", () => {
    const body = {
      update_subscriptions: [
        {
          subscription_id: "s1",
          quantity_updates: [
            { quantity: 250, starting_at: "2026-11-24T00:00:00Z" },
            { quantity_delta: -1, starting_at: "2026-12-01T00:00:00Z" },
          ],
          seat_updates: { add_unassigned_seats: [{ quantity: 3, starting_at: "2026-11-24T00:00:00Z" }] },
          ending_before: "2027-01-01T00:00:00Z",
        },
      ],
    };
    expect(describeEdit(body)).toBe(
      "Quantity set to 250 from Nov 24, 2026; \u22121 seat from Dec 1, 2026; +3 unassigned seats from Nov 24, 2026; Ends Jan 1, 2027",
    );
  });
  it("reads Metronome's echo (id instead of subscription_id) and keeps to one subscription when asked", () => {
    const echo = {
      id: "e1",
      update_subscriptions: [
        { id: "s1", quantity_updates: [{ quantity_delta: 2, starting_at: "2026-11-24T00:00:00Z" }] },
        { id: "s2", quantity_updates: [{ quantity: 9, starting_at: "2026-11-24T00:00:00Z" }] },
      ],
    };
    expect(describeEdit(echo, "s2")).toBe("Quantity set to 9 from Nov 24, 2026");
    expect(describeEdit(echo)).toBe("+2 seats from Nov 24, 2026; Quantity set to 9 from Nov 24, 2026");
  });
  it("says so when nothing readable is there", () => {
    expect(describeEdit(null)).toBe("No seat change recorded");
    expect(describeEdit({ update_subscriptions: "x" })).toBe("No seat change recorded");
  });
});

describe("changeSummary", () => {
  it("prefers the summary the person saw in the preview", () => {
    const preview = { previewed_charge: 1500, fiat_credit_type_id: USD_CENTS_CREDIT_TYPE_ID, previewed_credits: {}, summary: "40 → 42 seats from Nov 24, 2026" };
    expect(changeSummary(entry({ preview }))).toBe("40 → 42 seats from Nov 24, 2026");
    expect(changeSummary(entry({ preview: { ...preview, summary: "No change" } }))).toMatch(/^\+2 seats/);
    expect(changeSummary(entry())).toMatch(/^\+2 seats: dave@acme.com/);
  });
});

describe("seat totals", () => {
  it("shows before → after, unchanged for refused edits, and a dash for unknown totals", () => {
    expect(seatTotalsChanges(entry()).map(seatTotalsText)).toEqual(["40 → 42"]);
    expect(seatTotalsChanges(entry({ outcome: "rejected", edit_id: null, seats_after: { s1: 40 } })).map(seatTotalsText)).toEqual(["40 (unchanged)"]);
    expect(seatTotalsChanges(entry({ seats_after: {} })).map(seatTotalsText)).toEqual(["40 → —"]);
    expect(seatTotalsChanges(entry({ seats_before: {}, seats_after: { s1: 1000 } })).map(seatTotalsText)).toEqual(["— → 1,000"]);
  });
});

describe("previewed cost", () => {
  const preview = { previewed_charge: 1234.5, fiat_credit_type_id: USD_CENTS_CREDIT_TYPE_ID, previewed_credits: { [AI]: 500, other: 0 }, summary: "x" };
  it("formats the charge as money and the released credits in their unit", () => {
    // 1,234.5 cents is $12.345: shown in the currency's two decimals.
    expect(previewedChargeText(entry({ preview }), names)).toBe("$12.35");
    expect(previewedCreditsText(entry({ preview }), names)).toEqual(["500 AI credits"]);
  });
  it("exports the charge as dollars in the currency's two digits beside its currency", () => {
    expect(previewedChargeCsv(preview, names)).toEqual({ amount: "12.35", currency: "USD" });
    expect(previewedChargeCsv({ ...preview, previewed_charge: -1588.709677 }, names)).toEqual({ amount: "-15.89", currency: "USD" });
    expect(previewedChargeCsv({ ...preview, previewed_charge: 4500 }, names)).toEqual({ amount: "45.00", currency: "USD" });
    expect(previewedChargeCsv({ ...preview, previewed_charge: -0.2 }, names)).toEqual({ amount: "0.00", currency: "USD" });
    expect(previewedChargeCsv(null)).toEqual({ amount: null, currency: "" });
  });
  it("words released credits and cancelled releases", () => {
    const mixed = { ...preview, previewed_credits: { [AI]: -1000, other: 0 } };
    expect(previewedCreditsPhrases(entry({ preview }), names)).toEqual(["releases 500 AI credits"]);
    expect(previewedCreditsPhrases(entry({ preview: mixed }), names)).toEqual(["cancels scheduled releases of 1,000 AI credits"]);
  });
  it("is empty without a preview", () => {
    expect(previewedChargeText(entry())).toBeNull();
    expect(previewedCreditsText(entry())).toEqual([]);
  });
});

describe("matching with Metronome's edit history", () => {
  const edits: ContractEdit[] = [
    { contractId: "k1", edit: { id: "e1", timestamp: "2026-11-24T12:00:00.000Z", update_subscriptions: [{ id: "s1" }] } },
    { contractId: "k1", edit: { id: "e0", timestamp: "2026-11-01T00:00:00.000Z", update_subscriptions: [{ id: "s2" }] } },
  ];
  const byId = editsById(edits);
  it("finds an applied row's edit by id, and says when it is missing or not loaded", () => {
    expect(matchEdit(entry(), byId, new Set(["k1"]))).toEqual({ kind: "recorded", edit: edits[0]?.edit });
    expect(matchEdit(entry({ edit_id: "zzz" }), byId, new Set(["k1"]))).toEqual({ kind: "missing" });
    expect(matchEdit(entry(), byId, new Set())).toEqual({ kind: "unknown" });
    expect(matchEdit(entry({ outcome: "rejected", edit_id: null }), byId, new Set(["k1"]))).toEqual({ kind: "not_applied" });
  });
  it("gives each Metronome edit its actor from applied rows only", () => {
    const map = auditByEditId([entry(), entry({ id: "row-2", outcome: "rejected", edit_id: "e0" })]);
    expect(map.get("e1")?.actor.name).toBe("Ada Admin");
    expect(map.has("e0")).toBe(false);
  });
  it("filters Metronome's edits by subscription and sorts them newest first", () => {
    expect(sortedEdits(edits, null).map((e) => e.edit.id)).toEqual(["e1", "e0"]);
    expect(sortedEdits([...edits].reverse(), "s2").map((e) => e.edit.id)).toEqual(["e0"]);
    expect(editSubscriptionIds({ id: "x", add_subscriptions: [{ id: "s9" }] } as never)).toEqual(["s9"]);
  });
});

describe("the charge the page claimed", () => {
  const server = { previewed_charge: 2000, fiat_credit_type_id: USD_CENTS_CREDIT_TYPE_ID, previewed_credits: {}, summary: "x" };
  it("is shown only when it differs from the server's own preview", () => {
    expect(claimedChargeText(entry({ preview: server, claimed_preview: { ...server, previewed_charge: 0 } }))).toBe("$0.00");
    expect(claimedChargeText(entry({ preview: server, claimed_preview: server }))).toBeNull();
    expect(claimedChargeText(entry({ preview: server, claimed_preview: null }))).toBeNull();
  });
});
