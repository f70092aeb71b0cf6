import { describe, expect, it } from "vitest";
import { balanceAt, countsFrom, grantCreditTypes, isConsumption, seatGrants, type HeldGrant, type SeatBalance } from "./balance-at";

const AI = "ai-credits";
const t = (iso: string) => Date.parse(iso);
const sep1 = t("2026-09-01T00:00:00.000Z");
const oct1 = t("2026-10-01T00:00:00.000Z");
const nov1 = t("2026-11-01T00:00:00.000Z");
const dec1 = t("2026-12-01T00:00:00.000Z");
const now = t("2026-11-24T12:00:00.000Z");

/** Initech's seat in September (settled) and November (pending usage dated Dec 1). */
const september: HeldGrant = {
  id: "sep",
  creditTypeId: AI,
  start: sep1,
  end: oct1,
  entries: [
    { type: "CREDIT_SEGMENT_START", amount: 2000, timestamp: "2026-09-01T00:00:00.000Z" },
    { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -1306.54, timestamp: "2026-10-01T00:00:00.000Z" },
    { type: "CREDIT_EXPIRATION", amount: -693.46, timestamp: "2026-10-01T00:00:00.000Z" },
  ],
};
const november: HeldGrant = {
  id: "nov",
  creditTypeId: AI,
  start: nov1,
  end: dec1,
  entries: [
    { type: "CREDIT_SEGMENT_START", amount: 2000, timestamp: "2026-11-01T00:00:00.000Z" },
    { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -1500, timestamp: "2026-12-01T00:00:00.000Z" },
  ],
};

describe("isConsumption", () => {
  it("counts deductions and manual debits, not expirations, cancellations or rollovers", () => {
    expect(isConsumption({ type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -5 })).toBe(true);
    expect(isConsumption({ type: "CREDIT_MANUAL", amount: -5 })).toBe(true);
    expect(isConsumption({ type: "CREDIT_MANUAL", amount: 5 })).toBe(false);
    expect(isConsumption({ type: "CREDIT_EXPIRATION", amount: -5 })).toBe(false);
    expect(isConsumption({ type: "PREPAID_COMMIT_CANCELED", amount: -5 })).toBe(false);
    expect(isConsumption({ type: "PREPAID_COMMIT_ROLLOVER", amount: -5 })).toBe(false);
  });
});

describe("countsFrom", () => {
  it("counts pending usage and manual entries dated ahead from now; the rest at their time", () => {
    expect(countsFrom({ type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", timestamp: "2026-12-01T00:00:00.000Z" }, now)).toBe(now);
    expect(countsFrom({ type: "CREDIT_MANUAL", timestamp: "2026-11-30T00:00:00.000Z" }, now)).toBe(now);
    expect(countsFrom({ type: "CREDIT_EXPIRATION", timestamp: "2026-12-01T00:00:00.000Z" }, now)).toBe(dec1);
    expect(countsFrom({ type: "CREDIT_SEAT_BASED_ADJUSTMENT", timestamp: "2026-11-30T00:00:00.000Z" }, now)).toBe(t("2026-11-30T00:00:00.000Z"));
    expect(countsFrom({ type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", timestamp: "2026-10-01T00:00:00.000Z" }, now)).toBe(oct1);
  });
});

describe("balanceAt", () => {
  it("on a past date is the ledger's running balance then, not today's (expired) balance", () => {
    // Sep 20: the September grant is in force and its usage is booked on Oct 1.
    expect(balanceAt([september, november], AI, t("2026-09-20T23:59:59.999Z"), now)).toMatchObject({ balance: 2000, granted: 2000, used: 0, held: true });
  });
  it("now counts the pending deduction, as Metronome's balance does", () => {
    expect(balanceAt([september, november], AI, now, now)).toMatchObject({ balance: 500, granted: 2000, used: 1500, held: true });
  });
  it("at a period boundary is the new period's grant (the old one has ended)", () => {
    expect(balanceAt([september, november], AI, oct1, now)).toMatchObject({ balance: 0, held: false });
    expect(balanceAt([september, november], AI, nov1, now)).toMatchObject({ balance: 2000, held: true });
  });
  it("does not count a seat's slice before the seat got it", () => {
    const added: HeldGrant = {
      ...november,
      id: "nov-added",
      entries: [{ type: "CREDIT_SEAT_BASED_ADJUSTMENT", amount: 400, timestamp: "2026-11-20T00:00:00.000Z" }],
    };
    expect(balanceAt([added], AI, t("2026-11-10T23:59:59.999Z"), now)).toMatchObject({ balance: 0, granted: 0, held: false, grants: [] });
    expect(balanceAt([added], AI, t("2026-11-20T00:00:00.000Z"), now)).toMatchObject({ balance: 400, granted: 400, held: true });
  });
  it("keeps credit types apart and shows a net negative grant as 0", () => {
    const usd: HeldGrant = { ...november, id: "usd", creditTypeId: "usd", entries: [{ type: "CREDIT_MANUAL", amount: -5, timestamp: "2026-11-02T00:00:00.000Z" }] };
    expect(balanceAt([november, usd], "usd", now, now)).toMatchObject({ balance: 0, used: 5, held: true });
    expect(balanceAt([november, usd], AI, now, now).balance).toBe(500);
  });
});

describe("seatGrants", () => {
  const seat: SeatBalance = {
    seat_id: "ada@initech.example",
    balances: [{ credit_type_id: AI, balance: 500, starting_balance: 2000 }],
    commits: [],
    credits: [
      {
        id: "nov",
        balance: 500,
        start_date: "2026-11-01T00:00:00.000Z",
        end_date: "2026-12-01T00:00:00.000Z",
        ledger_entries: [{ type: "CREDIT_SEGMENT_START", amount: 2000, timestamp: "2026-11-01T00:00:00.000Z" }],
      },
    ],
  };
  it("reads the seat's credits with the contract's credit type, else the seat's only one", () => {
    expect(seatGrants(seat, new Map())).toEqual([
      { id: "nov", creditTypeId: AI, start: nov1, end: dec1, entries: [{ type: "CREDIT_SEGMENT_START", amount: 2000, timestamp: "2026-11-01T00:00:00.000Z" }] },
    ]);
    const types = grantCreditTypes({ commits: [], credits: [{ id: "nov", access_schedule: { credit_type: { id: "other", name: "Other" }, schedule_items: [] } } as never] });
    expect(seatGrants(seat, types)[0]?.creditTypeId).toBe("other");
  });
});
