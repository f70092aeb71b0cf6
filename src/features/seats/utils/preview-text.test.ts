import { describe, expect, it } from "vitest";
import type { SeatChangePreview } from "../../../domain/preview";
import type { ChargeLine } from "../../../domain/charges";
import { allowedSeatRange } from "../../../domain/seat-policy";
import { chargeText, chargeWhenText, prorationText, reductionText, seatCountHint } from "./preview-text";

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const split = (total: number, now: number, dates: string[]) =>
  ({ total_charge: total, charge_due_now: now, charge_later: total - now, charge_later_dates: dates }) as SeatChangePreview;

describe("chargeWhenText", () => {
  it("says what is charged now and what later, with the date", () => {
    expect(chargeWhenText(split(7300, 1300, ["2026-12-01T00:00:00.000Z"]), money)).toBe("You will be charged $13.00 now and $60.00 on Dec 1, 2026.");
    expect(chargeWhenText(split(1300, 1300, []), money)).toBe("You will be charged $13.00 now.");
    expect(chargeWhenText(split(6000, 0, ["2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]), money)).toBe(
      "You will be charged $60.00 later (Dec 1, 2026, Jan 1, 2027).",
    );
    expect(chargeWhenText(split(0, 0, []), money)).toBeNull();
  });
});

const line = (over: Partial<ChargeLine>): ChargeLine => ({
  kind: "increase",
  amount: 5800,
  quantity: 2,
  unit_price: 3000,
  prorated_unit_price: 2900,
  is_prorated: true,
  charged_hours: 29 * 24,
  period_hours: 30 * 24,
  service_period: { starting_at: "2026-11-02T00:00:00.000Z", ending_before: "2026-12-01T00:00:00.000Z" },
  issued_at: "2026-11-02T00:00:00.000Z",
  billed: "immediately",
  ...over,
});

describe("charge lines say why", () => {
  it("names the seats, the full price and the proration", () => {
    expect(chargeText(line({}))).toBe("2 seats added × $30.00, prorated for 29 of 30 days");
    expect(chargeText(line({ kind: "period_start", quantity: 40, is_prorated: false, charged_hours: 720, prorated_unit_price: 3000 }))).toBe(
      "40 seats more on the period charge × $30.00",
    );
    // A whole period charged (not prorated) says nothing of proration.
    expect(chargeText(line({ quantity: 1, is_prorated: false, charged_hours: 720, prorated_unit_price: 3000 }))).toBe("1 seat added × $30.00");
    // Rounding configured: the rounded price per seat is named.
    expect(chargeText(line({ prorated_unit_price: 3000 }))).toBe("2 seats added × $30.00, prorated for 29 of 30 days ($30.00 a seat after rounding)");
  });

  it("counts days when the hours are whole days, else hours", () => {
    expect(prorationText(29 * 24, 30 * 24)).toBe("29 of 30 days");
    expect(prorationText(156, 720)).toBe("156 of 720 hours (6.5 of 30 days)");
    expect(prorationText(700, 730)).toBe("700 of 730 hours");
  });

  it("explains an upcoming charge lowered", () => {
    expect(reductionText(line({ kind: "period_start", quantity: -1, amount: -3000, is_prorated: false, charged_hours: 720, prorated_unit_price: 3000, issued_at: "2026-12-01T00:00:00.000Z", service_period: { starting_at: "2026-12-01T00:00:00.000Z", ending_before: "2027-01-01T00:00:00.000Z" } }))).toBe(
      "The period charge is for 1 seat fewer × $30.00, for Dec 1, 2026 – Jan 1, 2027: it is not invoiced yet (due Dec 1, 2026), so this change lowers it.",
    );
  });
});

describe("seat count hints state the policy", () => {
  it("Globex's 10–400 policy, none, and the seat cap", () => {
    const globex = allowedSeatRange({ min_seats: 10, max_seats: 400 }, false);
    expect(seatCountHint("total", globex)).toBe("A whole number from 10 to 400 (your seat policy).");
    expect(seatCountHint("change", globex)).toBe("E.g. +5 or -3; the total must stay from 10 to 400 (your seat policy).");
    expect(seatCountHint("total", allowedSeatRange(null, false))).toBe("A whole number, 0 or more.");
    expect(seatCountHint("change", allowedSeatRange({ min_seats: null, max_seats: null }, false))).toBe("E.g. +5 or -3.");
    expect(seatCountHint("total", allowedSeatRange({ min_seats: 5, max_seats: null }, false))).toBe("A whole number 5 or more (your seat policy).");
    expect(seatCountHint("total", allowedSeatRange(null, true))).toBe("A whole number from 0 to 1,000.");
  });
});
