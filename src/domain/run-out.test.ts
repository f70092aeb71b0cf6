import { describe, expect, it } from "vitest";
import { forecastAt, forecastFromUsage, forecastRunOut, projectionPoints, readingInstant, type ForecastGrant } from "./run-out";
import { balanceAt, type HeldGrant } from "./balance-at";

const DAY = 24 * 3600_000;
const t = (iso: string) => Date.parse(iso);
const nov1 = t("2026-11-01T00:00:00.000Z");
const dec1 = t("2026-12-01T00:00:00.000Z");

function grant(entries: ForecastGrant["entries"], start = nov1, end: number | null = dec1): ForecastGrant {
  return { start, end, entries };
}

describe("forecastRunOut", () => {
  it("uses the pending (future-dated) deduction as consumption so far", () => {
    // 2,000 granted on Nov 1; 1,000 used by Nov 11 (10 days) → 100/day; 1,000 left → Nov 21.
    const now = nov1 + 10 * DAY;
    const f = forecastRunOut(
      [grant([
        { type: "CREDIT_SEGMENT_START", amount: 2000, timestamp: "2026-11-01T00:00:00.000Z" },
        { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -1000, timestamp: "2026-12-01T00:00:00.000Z" },
      ])],
      1000,
      now,
    );
    expect(f.status).toBe("runs_out");
    expect(f.ratePerDay).toBeCloseTo(100);
    expect(f.runOutAt).toBe(now + 10 * DAY);
    expect(f.endsAt).toBe(dec1);
    expect(f.since).toBe(nov1);
  });

  it("says the balance lasts when the grant ends first", () => {
    const now = nov1 + 20 * DAY;
    const f = forecastRunOut(
      [grant([{ type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -400, timestamp: "2026-12-01T00:00:00.000Z" }])],
      1600,
      now,
    );
    expect(f.status).toBe("lasts");
    expect(f.ratePerDay).toBeCloseTo(20);
    expect(f.runOutAt).toBe(now + 80 * DAY);
  });

  it("reports no usage, an empty balance, and no active grant", () => {
    const now = nov1 + 5 * DAY;
    expect(forecastRunOut([grant([{ type: "CREDIT_SEGMENT_START", amount: 10, timestamp: "2026-11-01T00:00:00.000Z" }])], 10, now).status).toBe("no_usage");
    const empty = forecastRunOut([grant([{ type: "CREDIT_MANUAL", amount: -10, timestamp: "2026-11-02T00:00:00.000Z" }])], 0, now);
    expect(empty.status).toBe("empty");
    expect(empty.runOutAt).toBe(now);
    expect(forecastRunOut([grant([], nov1 - 40 * DAY, nov1)], 10, now).status).toBe("no_balance");
  });

  it("ignores expired grants and expirations when measuring the rate", () => {
    const now = nov1 + 10 * DAY;
    const old = grant(
      [
        { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -5000, timestamp: "2026-11-01T00:00:00.000Z" },
        { type: "CREDIT_EXPIRATION", amount: -100, timestamp: "2026-11-01T00:00:00.000Z" },
      ],
      nov1 - 31 * DAY,
      nov1,
    );
    const current = grant([{ type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -100, timestamp: "2026-12-01T00:00:00.000Z" }]);
    const f = forecastRunOut([old, current], 900, now);
    expect(f.ratePerDay).toBeCloseTo(10);
    expect(f.status).toBe("lasts");
  });

  it("never ends for a grant without an end", () => {
    const now = nov1 + 10 * DAY;
    const f = forecastRunOut([grant([{ type: "PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", amount: -50, timestamp: "2026-11-05T00:00:00.000Z" }], nov1, null)], 500, now);
    expect(f.endsAt).toBeNull();
    expect(f.status).toBe("runs_out");
    expect(f.runOutAt).toBe(now + 100 * DAY);
  });
});

describe("projectionPoints", () => {
  it("falls to zero at the run-out date, or to what is left when the grant ends", () => {
    const now = nov1 + 10 * DAY;
    expect(projectionPoints({ status: "runs_out", ratePerDay: 100, runOutAt: now + 10 * DAY, endsAt: dec1, since: nov1 }, 1000, now)).toEqual([
      { t: now, value: 1000 },
      { t: now + 10 * DAY, value: 0 },
    ]);
    expect(projectionPoints({ status: "lasts", ratePerDay: 10, runOutAt: now + 100 * DAY, endsAt: dec1, since: nov1 }, 1000, now)).toEqual([
      { t: now, value: 1000 },
      { t: dec1, value: 800 },
    ]);
    expect(projectionPoints({ status: "no_usage", ratePerDay: 0, runOutAt: null, endsAt: dec1, since: nov1 }, 1000, now)).toEqual([]);
  });
});

describe("forecastFromUsage", () => {
  it("reads the rate from totals (starting balance minus balance)", () => {
    const now = nov1 + 23.5 * DAY;
    const f = forecastFromUsage({ used: 2000 - 947.63, balance: 947.63, since: nov1, endsAt: dec1, now });
    expect(f.ratePerDay).toBeCloseTo(44.78, 2);
    expect(f.status).toBe("lasts");
    const fast = forecastFromUsage({ used: 1800, balance: 200, since: nov1, endsAt: dec1, now: nov1 + 9 * DAY });
    expect(fast.status).toBe("runs_out");
    expect(fast.runOutAt).toBe(nov1 + 10 * DAY);
  });
  it("needs at least an hour of history", () => {
    expect(forecastFromUsage({ used: 10, balance: 10, since: nov1, endsAt: dec1, now: nov1 + 60_000 }).status).toBe("no_usage");
  });
});

describe("forecastAt", () => {
  const slice: HeldGrant = {
    id: "c1",
    creditTypeId: "ai",
    start: nov1,
    end: dec1,
    entries: [
      { type: "CREDIT_SEGMENT_START", amount: 2000, timestamp: "2026-11-01T00:00:00.000Z" },
      { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -1000, timestamp: "2026-12-01T00:00:00.000Z" },
    ],
  };
  const readAt = nov1 + 10 * DAY + 25 * 60_000; // read at 00:25 on Nov 11
  it("measures the rate to the hour the balances were read at, so later minutes change nothing", () => {
    const asOf = readingInstant(readAt);
    expect(asOf).toBe(nov1 + 10 * DAY);
    const at = balanceAt([slice], "ai", asOf, asOf);
    const f = forecastAt(at, asOf);
    // 1,000 used in 10 days → 100/day; 1,000 left → 10 days later, Nov 21.
    expect(f).toMatchObject({ status: "runs_out", ratePerDay: 100, runOutAt: nov1 + 20 * DAY, endsAt: dec1 });
    expect(forecastAt(balanceAt([slice], "ai", readingInstant(readAt + 30 * 60_000), asOf), readingInstant(readAt + 30 * 60_000))).toEqual(f);
  });
  it("gives a removed seat no forecast: nothing draws its slice down", () => {
    const asOf = readingInstant(readAt);
    expect(forecastAt(balanceAt([slice], "ai", asOf, asOf), asOf, false)).toBeNull();
  });
  it("gives no forecast when nothing was held at the instant", () => {
    expect(forecastAt(balanceAt([slice], "ai", nov1 - DAY, nov1), nov1 - DAY)).toBeNull();
  });
});
