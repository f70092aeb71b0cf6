import { describe, expect, it } from "vitest";
import type { SeatBalance } from "../../../lib/metronome-queries";
import { creditTypesOf, seatIdsToFetch, selectRows, toRow, type BalanceRow } from "./balance-rows";

const AI = "ai-credits";
const DAY = 24 * 3600_000;
const nov1 = Date.parse("2026-11-01T00:00:00.000Z");
const now = nov1 + 10 * DAY;

function seat(id: string, balance: number, starting = 2000): SeatBalance {
  return {
    seat_id: id,
    balances: [{ credit_type_id: AI, balance, starting_balance: starting }],
    commits: [],
    credits: [{ id: "c1", balance, start_date: "2026-11-01T00:00:00.000Z", end_date: "2026-12-01T00:00:00.000Z" }],
  };
}

describe("seatIdsToFetch", () => {
  it("puts the seats assigned at the date first, then every other seat ever assigned", () => {
    const segments = [
      { starting_at: "2026-10-01T00:00:00.000Z", ending_before: "2026-11-05T00:00:00.000Z", total_quantity: 3, assigned_seat_ids: ["c", "a", "x"] },
      { starting_at: "2026-11-05T00:00:00.000Z", ending_before: null, total_quantity: 3, assigned_seat_ids: ["c", "a", "b"] },
    ];
    expect(seatIdsToFetch(segments, now)).toEqual({ assigned: ["a", "b", "c"], others: ["x"] });
    expect(seatIdsToFetch(segments, Date.parse("2026-10-02T00:00:00.000Z"))).toEqual({ assigned: ["a", "c", "x"], others: ["b"] });
  });
});

describe("toRow", () => {
  it("computes share used and the run-out forecast", () => {
    const row = toRow("a", true, seat("a", 500), AI, now, true);
    expect(row.balance).toBe(500);
    expect(row.startingBalance).toBe(2000);
    expect(row.usedShare).toBe(0.75);
    // 1,500 in 10 days = 150/day; 500 left → 3.33 days, before Dec 1.
    expect(row.forecast?.status).toBe("runs_out");
    expect(row.forecast?.runOutAt).toBeCloseTo(now + (500 / 150) * DAY, -3);
  });
  it("is empty for a seat without that credit type, and pending before its chunk arrives", () => {
    expect(toRow("a", true, seat("a", 500), "usd", now, true)).toMatchObject({ balance: null, usedShare: null, forecast: null, loaded: true });
    expect(toRow("a", true, undefined, AI, now, false)).toMatchObject({ loaded: false, balance: null });
  });
});

describe("creditTypesOf", () => {
  it("orders credit types by how many seats hold them", () => {
    const usd: SeatBalance = { seat_id: "z", balances: [{ credit_type_id: "usd", balance: 1, starting_balance: 1 }] };
    expect(creditTypesOf([seat("a", 1), seat("b", 1), usd])).toEqual([AI, "usd"]);
  });
});

describe("selectRows", () => {
  const rows: BalanceRow[] = [
    toRow("carol@x.com", true, seat("carol@x.com", 1900), AI, now, true),
    toRow("alice@x.com", true, seat("alice@x.com", 100), AI, now, true),
    toRow("bob@x.com", false, seat("bob@x.com", 2000), AI, now, true),
    toRow("dave@x.com", true, undefined, AI, now, false),
  ];
  it("searches by seat ID", () => {
    expect(selectRows(rows, { search: "ALI", filter: "all", sort: "seat", dir: "asc" }).map((r) => r.seatId)).toEqual(["alice@x.com"]);
  });
  it("sorts by balance with missing values last, both directions", () => {
    expect(selectRows(rows, { search: "", filter: "all", sort: "balance", dir: "asc" }).map((r) => r.seatId)).toEqual(["alice@x.com", "carol@x.com", "bob@x.com", "dave@x.com"]);
    expect(selectRows(rows, { search: "", filter: "all", sort: "balance", dir: "desc" }).map((r) => r.seatId)).toEqual(["bob@x.com", "carol@x.com", "alice@x.com", "dave@x.com"]);
  });
  it("filters", () => {
    expect(selectRows(rows, { search: "", filter: "runs_out", sort: "seat", dir: "asc" }).map((r) => r.seatId)).toEqual(["alice@x.com"]);
    expect(selectRows(rows, { search: "", filter: "low", sort: "seat", dir: "asc" }).map((r) => r.seatId)).toEqual(["alice@x.com"]);
    expect(selectRows(rows, { search: "", filter: "unused", sort: "seat", dir: "asc" }).map((r) => r.seatId)).toEqual(["bob@x.com"]);
    expect(selectRows(rows, { search: "", filter: "removed", sort: "seat", dir: "asc" }).map((r) => r.seatId)).toEqual(["bob@x.com"]);
  });
});
