import { describe, expect, it } from "vitest";
import { ledgerEntryLabel } from "./ledger-labels";
import { balancePoints, ledgerCreditTypes, ledgerRows, rowsInRange } from "./ledger-rows";

const t = (iso: string) => Date.parse(iso);
const now = t("2026-11-24T12:00:00.000Z");
const sources = [
  {
    grantId: "oct",
    grantName: "AI credits",
    creditTypeId: "ai",
    entries: [
      { type: "CREDIT_SEGMENT_START", amount: 1000, timestamp: "2026-10-01T00:00:00.000Z" },
      { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -400, timestamp: "2026-11-01T00:00:00.000Z" },
      { type: "CREDIT_EXPIRATION", amount: -600, timestamp: "2026-11-01T00:00:00.000Z" },
    ],
  },
  {
    grantId: "nov",
    grantName: "AI credits",
    creditTypeId: "ai",
    entries: [
      { type: "CREDIT_SEGMENT_START", amount: 1000, timestamp: "2026-11-01T00:00:00.000Z" },
      { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -250, timestamp: "2026-12-01T00:00:00.000Z" },
    ],
  },
];

describe("ledgerRows", () => {
  it("orders entries and keeps a running balance; future-dated entries are pending", () => {
    const rows = ledgerRows(sources, now);
    expect(rows.map((r) => [r.type, r.balanceAfter, r.pending])).toEqual([
      ["CREDIT_SEGMENT_START", 1000, false],
      ["CREDIT_EXPIRATION", 400, false],
      ["CREDIT_AUTOMATED_INVOICE_DEDUCTION", 0, false],
      ["CREDIT_SEGMENT_START", 1000, false],
      ["CREDIT_AUTOMATED_INVOICE_DEDUCTION", 750, true],
    ]);
    expect(ledgerCreditTypes(rows)).toEqual(["ai"]);
  });
  it("filters by range and draws the balance from the range start", () => {
    const rows = ledgerRows(sources, now);
    const from = t("2026-10-15T00:00:00.000Z");
    const to = t("2026-12-15T00:00:00.000Z");
    expect(rowsInRange(rows, "ai", from, to)).toHaveLength(4);
    expect(balancePoints(rows, "ai", from, to)).toEqual([
      { t: from, value: 1000 },
      { t: t("2026-11-01T00:00:00.000Z"), value: 1000 },
      { t: t("2026-12-01T00:00:00.000Z"), value: 750 },
      { t: to - 1, value: 750 },
    ]);
  });
});

describe("ledgerEntryLabel", () => {
  it("has a label for every type and makes unknown ones readable", () => {
    // every type of the SDK's unions has a catalogue message (a missing one fails the type check)
    expect(ledgerEntryLabel("POSTPAID_COMMIT_TRUEUP")).toBe("True-up");
    expect(ledgerEntryLabel("CREDIT_SEAT_BASED_ADJUSTMENT")).toBe("Added for new seats");
    expect(ledgerEntryLabel("SOMETHING_NEW")).toBe("Something new");
  });
});
