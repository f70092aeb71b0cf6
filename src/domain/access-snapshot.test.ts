import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { CustomerAlert } from "@metronome/sdk/resources/v1/customers/alerts";
import { describe, expect, it } from "vitest";
import { accessSnapshot, nextGrants } from "./access-snapshot";
import type { SeatBalance } from "./balance-at";
import type { BalanceItem } from "./credit-figures";

const AI = "ai-credits";
const USD = "usd-cents";
const NOW = Date.parse("2026-11-24T12:00:00.000Z");
const NOV = { starting_at: "2026-11-01T00:00:00.000Z", ending_before: "2026-12-01T00:00:00.000Z" };
const SEATS = { subscription_id: "sub", allocation: "INDIVIDUAL" as const, apply_seat_increase_config: { is_prorated: true } };

function credit(id: string, creditType: string, item: { starting_at: string; ending_before: string }, extra: Partial<NonNullable<ContractV2["credits"]>[number]> = {}) {
  return { id, type: "CREDIT" as const, product: { id: "p", name: "AI" }, access_schedule: { credit_type: { id: creditType, name: creditType }, schedule_items: [{ id: `${id}-1`, amount: 100, ...item }] }, ...extra };
}

function recurring(id: string, creditType: string, extra: Partial<NonNullable<ContractV2["recurring_credits"]>[number]> = {}) {
  return {
    id, access_amount: { credit_type_id: creditType, unit_price: 1000 }, commit_duration: { value: 1, unit: "PERIODS" as const }, priority: 1,
    product: { id: "p", name: "AI" }, rate_type: "LIST_RATE" as const, starting_at: "2025-10-01T00:00:00.000Z", ...extra,
  };
}

/** Acme-like: a per-seat recurring credit and a pooled one, November's segments materialised; a USD commit in January. */
const contract = {
  id: "k1", customer_id: "c1", created_at: "", created_by: "", starting_at: "2025-10-01T00:00:00.000Z", overrides: [], scheduled_charges: [], transitions: [], usage_filter: [], usage_statement_schedule: { frequency: "MONTHLY" },
  commits: [
    { id: "usd-jan", type: "PREPAID" as const, created_at: "", product: { id: "p", name: "USD" }, access_schedule: { credit_type: { id: USD, name: "USD" }, schedule_items: [{ id: "u1", amount: 5000, starting_at: "2027-01-01T00:00:00.000Z", ending_before: "2027-02-01T00:00:00.000Z" }] } },
    { id: "postpaid", type: "POSTPAID" as const, created_at: "", product: { id: "p", name: "USD" }, access_schedule: { credit_type: { id: USD, name: "USD" }, schedule_items: [{ id: "u2", amount: 9000, starting_at: "2026-12-15T00:00:00.000Z", ending_before: "2027-02-01T00:00:00.000Z" }] } },
  ],
  credits: [credit("seat-nov", AI, NOV, { recurring_credit_id: "r-seat", subscription_config: SEATS }), credit("pool-nov", AI, NOV, { recurring_credit_id: "r-pool" })],
  recurring_credits: [recurring("r-seat", AI, { subscription_config: SEATS }), recurring("r-pool", AI)],
} as unknown as ContractV2;

const balances = [
  { id: "pool-nov", type: "CREDIT", balance: 80, access_schedule: { credit_type: { id: AI, name: "AI" }, schedule_items: [] } },
  { id: "seat-nov", type: "CREDIT", balance: 900, subscription_config: SEATS, access_schedule: { credit_type: { id: AI, name: "AI" }, schedule_items: [] } },
  { id: "postpaid-now", type: "POSTPAID", balance: 0, access_schedule: { credit_type: { id: USD, name: "USD" }, schedule_items: [] } },
] as unknown as BalanceItem[];

const seats: SeatBalance[] = [
  { seat_id: "ada", balances: [{ credit_type_id: AI, balance: 612.5, starting_balance: 1000 }] },
  { seat_id: "dennis", balances: [{ credit_type_id: AI, balance: 12, starting_balance: 1000 }] },
  { seat_id: "joan", balances: [{ credit_type_id: AI, balance: 100, starting_balance: 1000 }] },
];

const alert = (id: string, type: string, status: CustomerAlert["customer_status"], threshold: number, extra: Partial<CustomerAlert["alert"]> = {}): CustomerAlert =>
  ({ customer_status: status, alert: { id, name: id, type, status: "enabled", threshold, updated_at: "", credit_type: { id: AI, name: "AI" }, ...extra } }) as CustomerAlert;

describe("nextGrants", () => {
  it("the next period of a running recurring credit, per holder; a scheduled commit's start; postpaid commits never", () => {
    const next = nextGrants([contract], NOW);
    expect(Object.fromEntries(next)).toEqual({
      [`seat|${AI}`]: Date.parse("2026-12-01T00:00:00.000Z"),
      [`pool|${AI}`]: Date.parse("2026-12-01T00:00:00.000Z"),
      [`pool|${USD}`]: Date.parse("2027-01-01T00:00:00.000Z"),
    });
  });

  it("a recurring credit that ends with this period has no next grant; one not yet started grants at its start", () => {
    const ending = { ...contract, recurring_credits: [recurring("r-pool", AI, { ending_before: "2026-12-01T00:00:00.000Z" }), recurring("r-later", AI, { starting_at: "2027-03-01T00:00:00.000Z", subscription_config: SEATS })] } as ContractV2;
    const next = nextGrants([ending], NOW);
    expect(next.get(`pool|${AI}`)).toBeUndefined();
    expect(next.get(`seat|${AI}`)).toBe(Date.parse("2027-03-01T00:00:00.000Z"));
  });
});

describe("accessSnapshot", () => {
  it("pooled credits per credit type (seat-scoped and postpaid left out) and each seat's own", () => {
    const snapshot = accessSnapshot({ contracts: [contract], balances, seats, alerts: [], now: NOW });
    expect(snapshot.customer).toEqual([{ credit_type_id: AI, balance: 80, next_grant_at: Date.parse("2026-12-01T00:00:00.000Z") }]);
    expect(snapshot.seats.get("dennis")).toEqual([{ credit_type_id: AI, balance: 12, next_grant_at: Date.parse("2026-12-01T00:00:00.000Z") }]);
    expect([...snapshot.seats.keys()]).toEqual(["ada", "dennis", "joan"]);
  });

  it("alarms: a contract alert gates the customer, a fanned-out seat alert the seats at or below its threshold, a one-seat alert its seat", () => {
    const alerts = [
      alert("pool", "low_remaining_contract_credit_balance_reached", "in_alarm", 100),
      alert("seats", "low_remaining_seat_balance_reached", "in_alarm", 100, { seat_filter: { seat_group_key: "user_id" } }),
      alert("ada-only", "low_remaining_seat_balance_reached", "in_alarm", 700, { seat_filter: { seat_group_key: "user_id", seat_group_value: "ada" } }),
      alert("quiet", "low_remaining_contract_credit_and_commit_balance_reached", "ok", 10),
      alert("spend", "spend_threshold_reached", "in_alarm", 10),
      alert("archived", "low_remaining_contract_credit_balance_reached", null, 10, { status: "archived" }),
    ];
    const snapshot = accessSnapshot({ contracts: [contract], balances, seats, alerts, now: NOW });
    expect(snapshot.alertIds).toEqual(["pool", "seats", "ada-only", "quiet"]);
    expect(snapshot.alarms).toEqual([
      { alert_id: "pool", scope: "", credit_type_id: AI },
      { alert_id: "seats", scope: "dennis", credit_type_id: AI },
      { alert_id: "seats", scope: "joan", credit_type_id: AI },
      { alert_id: "ada-only", scope: "ada", credit_type_id: AI },
    ]);
  });

  it("a fanned-out seat alert that is ok gates no seat, whatever the balances", () => {
    const snapshot = accessSnapshot({ contracts: [contract], balances, seats, alerts: [alert("seats", "low_remaining_seat_balance_reached", "ok", 100, { seat_filter: { seat_group_key: "user_id" } })], now: NOW });
    expect(snapshot.alarms).toEqual([]);
  });
});
