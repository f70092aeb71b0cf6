import { describe, expect, it } from "vitest";
import type { SeatBalance } from "../../../domain/balance-at";
import type { BalanceItem } from "../../../domain/credit-figures";
import { seatBalanceSeries, settleExpirations, subscriptionBalanceSeries } from "./balance-sources";
import { valueAt } from "./strip-series";

const now = Date.parse("2026-11-24T12:00:00.000Z");

function credit(id: string, balance: number, ledger: Array<[string, string, number]>): BalanceItem {
  return {
    id,
    type: "CREDIT",
    balance,
    product: { id: "p", name: "AI credits per seat" },
    access_schedule: { credit_type: { id: "ai", name: "AI credits" }, schedule_items: [] },
    subscription_config: { subscription_id: "sub", allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } },
    ledger: ledger.map(([timestamp, type, amount]) => ({ timestamp, type, amount })),
  } as unknown as BalanceItem;
}

describe("settleExpirations", () => {
  it("makes an expiration take exactly what was left", () => {
    const settled = settleExpirations([
      { timestamp: "2026-10-01T00:00:00.000Z", type: "CREDIT_SEGMENT_START", amount: 2000 },
      { timestamp: "2026-11-01T00:00:00.000Z", type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -743.0057 },
      { timestamp: "2026-11-01T00:00:00.000Z", type: "CREDIT_EXPIRATION", amount: -1257 },
    ]);
    expect(settled.reduce((sum, e) => sum + e.amount, 0)).toBeCloseTo(0, 10);
  });
});

describe("subscriptionBalanceSeries", () => {
  it("ends at Metronome's balance, so the headline and the series agree", () => {
    const expired = credit("old", 0, [
      ["2026-10-01T00:00:00.000Z", "CREDIT_SEGMENT_START", 2000],
      ["2026-11-01T00:00:00.000Z", "CREDIT_AUTOMATED_INVOICE_DEDUCTION", -743.0057],
      ["2026-11-01T00:00:00.000Z", "CREDIT_EXPIRATION", -1257],
    ]);
    const current = credit("new", 2000, [["2026-11-01T00:00:00.000Z", "CREDIT_SEGMENT_START", 2000]]);
    const series = subscriptionBalanceSeries([expired, current], "sub", now);
    expect(series?.current).toBe(2000);
    expect(valueAt(series?.points ?? [], now)).toBe(2000);
  });
});

describe("seatBalanceSeries", () => {
  it("heads with the seat's balance now (balanceAt): pending usage counted, the expired slice's residue not", () => {
    const seat: SeatBalance = {
      seat_id: "ada@acme.example",
      balances: [{ credit_type_id: "ai", balance: 809.57, starting_balance: 1000 }],
      credits: [
        {
          id: "oct",
          balance: 0,
          start_date: "2026-10-01T00:00:00.000Z",
          end_date: "2026-11-01T00:00:00.000Z",
          ledger_entries: [
            { type: "CREDIT_SEGMENT_START", amount: 16.129, timestamp: "2026-10-01T00:00:00.000Z" },
            { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION" as const, amount: -16.13, timestamp: "2026-11-01T00:00:00.000Z" },
          ],
        },
        {
          id: "nov",
          balance: 809.57,
          start_date: "2026-11-01T00:00:00.000Z",
          end_date: "2026-12-01T00:00:00.000Z",
          ledger_entries: [
            { type: "CREDIT_SEGMENT_START", amount: 1000, timestamp: "2026-11-01T00:00:00.000Z" },
            { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -190.43, timestamp: "2026-12-01T00:00:00.000Z" },
          ],
        },
      ],
    };
    expect(seatBalanceSeries(seat, () => undefined, now)?.current).toBe(809.57);
  });
});
