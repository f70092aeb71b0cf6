import { describe, expect, it } from "vitest";
import { seatGrants, type HeldGrant } from "../../../domain/balance-at";
import type { SeatBalance } from "../../../domain/balance-at";
import { seatIdsToFetch } from "../../../domain/seat-reads";
import { balancesInstant, creditTypesOf, selectRows, toRow, type BalanceRow, type RowInstant } from "./balance-rows";

const AI = "ai-credits";
const DAY = 24 * 3600_000;
const nov1 = Date.parse("2026-11-01T00:00:00.000Z");
const now = nov1 + 10 * DAY;

const live: RowInstant = { at: now, now, forecastAsOf: now };

/** A seat's row from Metronome: 2,000 granted on Nov 1, its usage so far pending (dated Dec 1). */
function seat(id: string, balance: number, starting = 2000): SeatBalance {
  const used = starting - balance;
  return {
    seat_id: id,
    balances: [{ credit_type_id: AI, balance, starting_balance: starting }],
    commits: [],
    credits: [
      {
        id: "c1",
        balance,
        start_date: "2026-11-01T00:00:00.000Z",
        end_date: "2026-12-01T00:00:00.000Z",
        ledger_entries: [
          { type: "CREDIT_SEGMENT_START", amount: starting, timestamp: "2026-11-01T00:00:00.000Z" },
          ...(used > 0 ? [{ type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION" as const, amount: -used, timestamp: "2026-12-01T00:00:00.000Z" }] : []),
        ],
      },
    ],
  };
}
const grants = (id: string, balance: number, starting = 2000): HeldGrant[] => seatGrants(seat(id, balance, starting), new Map());

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
    const row = toRow("a", true, grants("a", 500), AI, live, true);
    expect(row.balance).toBe(500);
    expect(row.startingBalance).toBe(2000);
    expect(row.usedShare).toBe(0.75);
    // 1,500 in 10 days = 150/day; 500 left → 3.33 days, before Dec 1.
    expect(row.forecast?.status).toBe("runs_out");
    expect(row.forecast?.runOutAt).toBeCloseTo(now + (500 / 150) * DAY, -3);
  });
  it("gives a removed seat its balance but no forecast: nothing draws its slice down", () => {
    const row = toRow("a", false, grants("a", 500), AI, live, true);
    expect(row).toMatchObject({ balance: 500, startingBalance: 2000, usedShare: 0.75, forecast: null });
  });
  it("on a past date reads the ledger then, with no forecast", () => {
    // Nov 5: the grant is in force, its usage is booked on Dec 1.
    const row = toRow("a", true, grants("a", 0), AI, { at: Date.parse("2026-11-05T23:59:59.999Z"), now, forecastAsOf: null }, true);
    expect(row).toMatchObject({ balance: 2000, startingBalance: 2000, usedShare: 0, forecast: null });
  });
  it("has no balance for a seat that held nothing at the instant (its slice came later)", () => {
    const later: SeatBalance = {
      ...seat("a", 400, 400),
      credits: [{ id: "c1", balance: 400, start_date: "2026-11-01T00:00:00.000Z", end_date: "2026-12-01T00:00:00.000Z", ledger_entries: [{ type: "CREDIT_SEAT_BASED_ADJUSTMENT", amount: 400, timestamp: "2026-11-20T00:00:00.000Z" }] }],
    };
    const at = Date.parse("2026-11-10T23:59:59.999Z");
    expect(toRow("a", false, seatGrants(later, new Map()), AI, { at, now, forecastAsOf: null }, true)).toMatchObject({ balance: null, startingBalance: null });
  });
  it("is empty for a seat without that credit type, and pending before its chunk arrives", () => {
    expect(toRow("a", true, grants("a", 500), "usd", live, true)).toMatchObject({ balance: null, usedShare: null, forecast: null, loaded: true });
    expect(toRow("a", true, undefined, AI, live, false)).toMatchObject({ loaded: false, balance: null });
  });
});

describe("balancesInstant", () => {
  it("is now for no date or today, else the end of the chosen day (UTC)", () => {
    expect(balancesInstant(null, now)).toEqual({ at: now, live: true });
    expect(balancesInstant("2026-11-11", now)).toEqual({ at: now, live: true });
    expect(balancesInstant("2026-09-20", now)).toEqual({ at: Date.parse("2026-09-20T23:59:59.999Z"), live: false });
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
    toRow("carol@x.com", true, grants("carol@x.com", 1900), AI, live, true),
    toRow("alice@x.com", true, grants("alice@x.com", 100), AI, live, true),
    toRow("bob@x.com", false, grants("bob@x.com", 2000), AI, live, true),
    toRow("dave@x.com", true, undefined, AI, live, false),
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
