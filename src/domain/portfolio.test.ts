import { describe, expect, it } from "vitest";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { CustomerAlert } from "@metronome/sdk/resources/v1/customers/alerts";
import type { AccessDecision, CustomerAccess } from "../contract/bff";
import type { BalanceItem } from "./credit-figures";
import { portfolioRow, portfolioView, type PortfolioRow } from "./portfolio";

const NOW = Date.parse("2026-11-24T12:00:00.000Z");
const AI = { id: "ai", name: "AI credits" };

const contract = (schedules: Array<Array<[number, string, string | null]>>, ending: string | null = null) =>
  ({
    id: "k",
    starting_at: "2025-01-01T00:00:00.000Z",
    ending_before: ending,
    subscriptions: schedules.map((items, i) => ({
      id: `s${i}`,
      quantity_schedule: items.map(([quantity, starting_at, ending_before]) => ({ quantity, starting_at, ending_before })),
    })),
  }) as unknown as ContractV2;

const credit = (balance: number, allocation: "INDIVIDUAL" | null) =>
  ({ id: `c${balance}`, balance, access_schedule: { credit_type: AI }, ...(allocation ? { subscription_config: { allocation, subscription_id: "s0" } } : {}) }) as unknown as BalanceItem;

const decision = (allowed: boolean, resets_at: string | null = null): AccessDecision => ({ allowed, reason: allowed ? "ok" : "seat_balance_exhausted", balance: 0, credit_type_id: "ai", resets_at });

const base = { customerId: "c1", name: "Acme", contracts: null, balances: null, alerts: null, access: null, now: NOW };

describe("portfolioRow", () => {
  it("sums the seats in force now over contracts and subscriptions, and finds the next change of the total", () => {
    const row = portfolioRow({
      ...base,
      contracts: [
        contract([
          [
            [43, "2026-11-07T00:00:00.000Z", "2026-12-01T00:00:00.000Z"],
            [45, "2026-12-01T00:00:00.000Z", "2026-12-08T00:00:00.000Z"],
            [44, "2026-12-08T00:00:00.000Z", null],
          ],
          [[5, "2026-01-01T00:00:00.000Z", null]],
        ]),
        // Ended: not counted.
        contract([[[100, "2025-01-01T00:00:00.000Z", null]]], "2026-01-01T00:00:00.000Z"),
      ],
    });
    expect(row.seatsNow).toBe(48);
    expect(row.nextChange).toEqual({ quantity: 50, at: Date.parse("2026-12-01T00:00:00.000Z") });
  });

  it("has no next change when the schedule stays, and unknown figures before their reads", () => {
    expect(portfolioRow({ ...base, contracts: [contract([[[10, "2026-01-01T00:00:00.000Z", null]]])] }).nextChange).toBeNull();
    const unknown = portfolioRow(base);
    expect([unknown.seatsNow, unknown.credits, unknown.alertsInAlarm, unknown.seatsOutOfCredits, unknown.allowed]).toEqual([null, null, null, null, null]);
  });

  it("adds pooled and seat credits per credit type, counts alerts in alarm and the gated seats", () => {
    const access: CustomerAccess = {
      customer_id: "c1",
      customer: decision(false, "2026-12-01T00:00:00.000Z"),
      seats: { a: decision(true), b: decision(false), c: decision(false) },
      refreshed_at: "2026-11-24T11:00:00.000Z",
    };
    const alerts = [{ customer_status: "in_alarm" }, { customer_status: "ok" }, { customer_status: "in_alarm" }] as unknown as CustomerAlert[];
    const row = portfolioRow({ ...base, balances: [credit(120, null), credit(30, "INDIVIDUAL"), credit(5.5, "INDIVIDUAL")], alerts, access });
    expect(row.credits).toEqual([{ creditTypeId: "ai", creditTypeName: "AI credits", remaining: 155.5 }]);
    expect(row.alertsInAlarm).toBe(2);
    expect(row.seatsOutOfCredits).toBe(2);
    expect(row.allowed).toBe(false);
    expect(row.resetsAt).toBe("2026-12-01T00:00:00.000Z");
  });

  it("treats a projection never refreshed as unknown", () => {
    const access: CustomerAccess = { customer_id: "c1", customer: decision(false), seats: {}, refreshed_at: null };
    expect(portfolioRow({ ...base, access }).allowed).toBeNull();
  });
});

describe("portfolioView", () => {
  const row = (name: string, seats: number | null, credits: number | null): PortfolioRow => ({
    ...portfolioRow({ ...base, customerId: name.toLowerCase(), name }),
    seatsNow: seats,
    credits: credits === null ? null : [{ creditTypeId: "ai", creditTypeName: null, remaining: credits }],
  });
  const rows = [row("Globex", 400, 10), row("Åcme", 40, 500), row("Initech", 1000, null), row("Hooli", 40, 20)];

  it("sorts by a figure with unknown ones last, ties by name", () => {
    expect(portfolioView(rows, "seats", "desc", "", "en").map((r) => r.name)).toEqual(["Initech", "Globex", "Åcme", "Hooli"]);
    expect(portfolioView(rows, "credits", "asc", "", "en").map((r) => r.name)).toEqual(["Globex", "Hooli", "Åcme", "Initech"]);
    expect(portfolioView(rows, "credits", "desc", "", "en").map((r) => r.name)).toEqual(["Åcme", "Hooli", "Globex", "Initech"]);
  });

  it("sorts by name in the locale and searches without case or accents", () => {
    expect(portfolioView(rows, "name", "asc", "", "en").map((r) => r.name)).toEqual(["Åcme", "Globex", "Hooli", "Initech"]);
    expect(portfolioView(rows, "name", "asc", "ACME", "en").map((r) => r.name)).toEqual(["Åcme"]);
    expect(portfolioView(rows, "name", "asc", "  ", "en")).toHaveLength(4);
  });
});
