import { describe, expect, it } from "vitest";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { DAILY_BURN_MAX_SEATS, readsDailyBurn, windowStartDay } from "./read-windows";

const now = Date.parse("2026-11-24T12:00:00.000Z");
const contract = (seats: number, mode: "SEAT_BASED" | "QUANTITY_ONLY" = "SEAT_BASED") =>
  ({
    subscriptions: [
      {
        quantity_management_mode: mode,
        quantity_schedule: [
          { starting_at: "2026-01-01T00:00:00.000Z", ending_before: "2026-11-01T00:00:00.000Z", quantity: 5 },
          { starting_at: "2026-11-01T00:00:00.000Z", quantity: seats },
        ],
      },
    ],
  }) as unknown as ContractV2;

describe("readsDailyBurn", () => {
  it("reads the daily breakdowns up to 100 seats now, not past them, and not before the contract is known", () => {
    expect(readsDailyBurn(contract(43), now)).toBe(true);
    expect(readsDailyBurn(contract(DAILY_BURN_MAX_SEATS), now)).toBe(true);
    expect(readsDailyBurn(contract(1000), now)).toBe(false);
    // A quantity-only subscription has no seat-scoped lines.
    expect(readsDailyBurn(contract(1000, "QUANTITY_ONLY"), now)).toBe(true);
    expect(readsDailyBurn(undefined, now)).toBe(false);
  });
});

describe("windowStartDay", () => {
  it("is the earliest day asked for, never before the subscription's start day", () => {
    expect(windowStartDay("2026-10-03T09:00:00.000Z", "2026-08-26")).toBe("2026-10-03");
    expect(windowStartDay("2025-01-01T00:00:00.000Z", "2026-08-26")).toBe("2026-08-26");
  });
});
