import { describe, expect, it } from "vitest";
import type { InvoiceListBreakdownsResponse } from "@metronome/sdk/resources/v1/customers/invoices";
import type { HeldGrant } from "./balance-at";
import { balanceOverTime, holderWindows, spreadDeductions, usageWindows, type UsageWindow } from "./balance-over-time";

const AI = "ai";
const d = (day: string) => Date.parse(`2025-${day}T00:00:00.000Z`);
const iso = (t: number) => new Date(t).toISOString();

/** A seat's June credit: 1,000 granted on 06-01, 300 used in June (deducted on 07-01), the rest expiring; July's 1,000 with 40 pending. */
const june: HeldGrant = {
  id: "june", creditTypeId: AI, start: d("06-01"), end: d("07-01"),
  entries: [
    { type: "CREDIT_SEGMENT_START", amount: 1000, timestamp: iso(d("06-01")) },
    { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -300, timestamp: iso(d("07-01")) },
    { type: "CREDIT_EXPIRATION", amount: -700, timestamp: iso(d("07-01")) },
  ],
};
const july: HeldGrant = {
  id: "july", creditTypeId: AI, start: d("07-01"), end: d("08-01"),
  entries: [
    { type: "CREDIT_SEGMENT_START", amount: 1000, timestamp: iso(d("07-01")) },
    { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -40, timestamp: iso(d("08-01")) },
  ],
};

/** 10 a day through June (30 windows, finalized) and 10 a day for July's first 4 days (draft). */
function windows(): UsageWindow[] {
  const out: UsageWindow[] = [];
  for (let t = d("06-01"); t < d("07-01"); t += 86_400_000) out.push({ grantId: "june", seat: "alice", start: t, end: t + 86_400_000, invoiceEnd: d("07-01"), amount: 10, pending: false });
  for (let t = d("07-01"); t < d("07-05"); t += 86_400_000) out.push({ grantId: "july", seat: "alice", start: t, end: t + 86_400_000, invoiceEnd: d("08-01"), amount: 10, pending: true });
  return out;
}

describe("balanceOverTime", () => {
  const now = d("07-05");

  it("falls by the day's usage within a period instead of staying flat until its end", () => {
    const { points, settledUntil } = balanceOverTime([june, july], AI, windows(), { from: d("06-01"), to: d("07-10") }, now);
    const at = (t: number) => points.find((p) => p.t === t);
    expect(at(d("06-01"))).toEqual({ t: d("06-01"), balance: 1000, pending: false });
    expect(at(d("06-02"))?.balance).toBe(990);
    expect(at(d("06-16"))?.balance).toBe(850);
    expect(at(d("06-30"))?.balance).toBe(710);
    // July 1: June's credit has expired, July's 1,000 starts; then 10 a day, pending.
    expect(at(d("07-01"))).toEqual({ t: d("07-01"), balance: 1000, pending: false });
    expect(at(d("07-02"))).toEqual({ t: d("07-02"), balance: 990, pending: true });
    expect(points.at(-1)).toEqual({ t: now, balance: 960, pending: true });
    expect(settledUntil).toBe(d("07-01"));
    // The balance now is Metronome's (the pending deduction counted): 1,000 − 40.
    expect(points.filter((p) => p.t === now)).toHaveLength(1);
  });

  it("keeps a period's deduction as one step where no windows were read, and what windows miss at their first start", () => {
    const partial = windows().filter((w) => w.start >= d("06-21"));
    const spread = spreadDeductions(june, partial);
    // 10 windows × 10 = 100 read; 200 of June's 300 happened before them.
    expect(spread.entries.filter((e) => e.type.endsWith("DEDUCTION")).reduce((s, e) => s + e.amount, 0)).toBe(-300);
    expect(spread.entries).toContainEqual({ type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -200, timestamp: iso(d("06-21")) });
    const { points } = balanceOverTime([june], AI, [], { from: d("06-01"), to: d("07-01") }, now);
    expect(new Set(points.map((p) => p.balance))).toEqual(new Set([1000]));
  });

  it("reads breakdown credit lines as windows, per seat, pending while the invoice is a draft", () => {
    const line = (seat: string, total: number) => ({
      credit_type: { id: AI, name: "AI credits" }, name: "Included AI credits", type: "credit", total, group_key: "user_id", group_value: seat,
      applied_commit_or_credit: { id: "july", type: "CREDIT" as const },
    });
    const breakdown = {
      id: "inv", customer_id: "c", credit_type: { id: "usd", name: "USD" }, status: "DRAFT", total: 0, type: "USAGE",
      start_timestamp: iso(d("07-01")), end_timestamp: iso(d("08-01")),
      breakdown_start_timestamp: iso(d("07-02")), breakdown_end_timestamp: iso(d("07-03")),
      line_items: [line("alice", -12.5), line("bob", -3), { ...line("alice", 12.5), type: "usage" }],
    } as unknown as InvoiceListBreakdownsResponse;
    const read = usageWindows([breakdown]);
    expect(read).toEqual([
      { grantId: "july", seat: "alice", start: d("07-02"), end: d("07-03"), invoiceEnd: d("08-01"), amount: 12.5, pending: true },
      { grantId: "july", seat: "bob", start: d("07-02"), end: d("07-03"), invoiceEnd: d("08-01"), amount: 3, pending: true },
    ]);
    expect(holderWindows(read, "bob").map((w) => w.amount)).toEqual([3]);
    expect(holderWindows(read, undefined)).toHaveLength(2);
  });
});
