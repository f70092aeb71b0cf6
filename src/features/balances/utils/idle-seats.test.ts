import { describe, expect, it } from "vitest";
import type { SeatBalance } from "../../../domain/balance-at";
import { idleSeats, idleWindowStart, parseIdleDays, removalSearch } from "./idle-seats";

const DAY = 24 * 3600_000;
const now = Date.parse("2026-11-24T12:00:00.000Z");

function seat(id: string, entries: Array<{ type: "CREDIT_SEGMENT_START" | "CREDIT_AUTOMATED_INVOICE_DEDUCTION" | "CREDIT_EXPIRATION"; amount: number; timestamp: string }>): SeatBalance {
  return { seat_id: id, balances: [], credits: [{ id: "c", balance: 0, start_date: "2026-10-01T00:00:00.000Z", ledger_entries: entries }] };
}

describe("idleSeats", () => {
  const since = idleWindowStart(now, 30);
  const seats = [
    seat("busy", [{ type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -5, timestamp: "2026-12-01T00:00:00.000Z" }]),
    seat("old", [
      { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -5, timestamp: "2026-10-01T00:00:00.000Z" },
      { type: "CREDIT_EXPIRATION", amount: -100, timestamp: "2026-11-01T00:00:00.000Z" },
    ]),
    seat("fresh", [{ type: "CREDIT_SEGMENT_START", amount: 100, timestamp: "2026-11-01T00:00:00.000Z" }]),
  ];
  it("finds assigned seats with no consumption in the window (expirations are not use)", () => {
    expect(idleSeats(["fresh", "busy", "old", "nobody"], seats, since)).toEqual([
      { seatId: "fresh", lastUsedAt: null },
      { seatId: "nobody", lastUsedAt: null },
      { seatId: "old", lastUsedAt: Date.parse("2026-10-01T00:00:00.000Z") },
    ]);
  });
  it("a longer window can make a seat active", () => {
    expect(idleSeats(["old"], seats, idleWindowStart(now, 60))).toEqual([]);
    expect(since).toBe(now - 30 * DAY);
  });
});

describe("parseIdleDays", () => {
  it("accepts whole days from 1 to 365", () => {
    expect(parseIdleDays("30")).toBe(30);
    expect(parseIdleDays(" 7 ")).toBe(7);
    expect(parseIdleDays("0")).toBeNull();
    expect(parseIdleDays("366")).toBeNull();
    expect(parseIdleDays("2.5")).toBeNull();
    expect(parseIdleDays("abc")).toBeNull();
    expect(parseIdleDays(null)).toBeNull();
  });
});

describe("removalSearch", () => {
  it("writes the seat editor's prefill parameters", () => {
    expect(removalSearch(["a@x.com", "b@x.com"], 2)).toBe("?remove=a%40x.com&remove=b%40x.com&remove_unassigned=2&at=next-period");
    expect(removalSearch([], 0)).toBe("?at=next-period");
  });
  it("keeps a seat ID with a comma whole", () => {
    const params = new URLSearchParams(removalSearch(["doe, jane", "a&b=c"], 0));
    expect(params.getAll("remove")).toEqual(["doe, jane", "a&b=c"]);
    expect(params.has("remove_unassigned")).toBe(false);
  });
});
