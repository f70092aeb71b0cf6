import { describe, expect, it } from "vitest";
import type { SeatChangePreview } from "../../../domain/preview";
import { chargeWhenText } from "./preview-text";

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
