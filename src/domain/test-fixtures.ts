/**
 * Wire-shaped fixtures for the domain tests: the worked example — a "Team Seat"
 * subscription from 2025-06-01, monthly, ADVANCE, 3000 cents per seat, prorated, billed
 * immediately, seat-based with alice, bob, carol and one unassigned seat, and 1000 AI credits per
 * seat a month (INDIVIDUAL, seat increases prorated).
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { QuantityHistory, SeatSegment } from "./subscription";
import { USD_CENTS_CREDIT_TYPE_ID } from "./money";

export const CONTRACT_ID = "7b2e9f10-4c3d-4e5f-8a6b-1c2d3e4f5a6b";
export const SUB_ID = "9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f";
export const CREDIT_ID = "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c";
export const AI_CREDITS = "d3cb2827-dcb5-44af-9354-947a7197b9a6";

export type SubscriptionOverrides = Partial<ContractV2.Subscription>;
export type CreditOverrides = Partial<Omit<ContractV2.RecurringCredit, "subscription_config">> & {
  subscription_config?: Partial<NonNullable<ContractV2.RecurringCredit["subscription_config"]>>;
};

export function teamSubscription(overrides: SubscriptionOverrides = {}): ContractV2.Subscription {
  return {
    id: SUB_ID,
    name: "Team Seat",
    subscription_rate: { billing_frequency: "MONTHLY", product: { id: "76f29162-7f5c-4ee6-89ed-ebbd592d767e", name: "Team Seat" } },
    collection_schedule: "ADVANCE",
    proration: { is_prorated: true, invoice_behavior: "BILL_IMMEDIATELY" },
    quantity_management_mode: "SEAT_BASED",
    seat_config: { seat_group_key: "user_id" },
    quantity_schedule: [{ quantity: 4, starting_at: "2025-06-01T00:00:00.000Z" }],
    billing_periods: {},
    billing_cycle_config: { anchor_date: "2025-06-01T00:00:00.000Z", invoice_placement: "ON_USAGE_INVOICE" },
    starting_at: "2025-06-01T00:00:00.000Z",
    fiat_credit_type_id: USD_CENTS_CREDIT_TYPE_ID,
    ...overrides,
  };
}

export function aiCredit(overrides: CreditOverrides = {}): ContractV2.RecurringCredit {
  const { subscription_config, ...rest } = overrides;
  return {
    id: CREDIT_ID,
    product: { id: "652e1298-7638-45a8-b691-cdf47e46cbc8", name: "Included AI credits" },
    access_amount: { credit_type_id: AI_CREDITS, unit_price: 1000 },
    commit_duration: { value: 1, unit: "PERIODS" },
    priority: 1,
    rate_type: "LIST_RATE",
    starting_at: "2025-06-01T00:00:00.000Z",
    recurrence_frequency: "MONTHLY",
    proration: "FIRST_AND_LAST",
    ...rest,
    subscription_config: {
      subscription_id: SUB_ID,
      allocation: "INDIVIDUAL",
      apply_seat_increase_config: { is_prorated: true },
      ...subscription_config,
    },
  };
}

export function teamContract(
  sub: SubscriptionOverrides = {},
  credits: ContractV2.RecurringCredit[] = [aiCredit()],
  overrides: Partial<ContractV2> = {},
): ContractV2 {
  return {
    id: CONTRACT_ID,
    customer_id: "3f1d2c4b-8a9e-4b7c-9d1e-2a3b4c5d6e7f",
    name: "Team plan",
    starting_at: "2025-06-01T00:00:00.000Z",
    created_at: "2025-05-31T12:00:00.000Z",
    created_by: "api",
    usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: "2025-06-01T00:00:00.000Z" },
    commits: [],
    overrides: [],
    scheduled_charges: [],
    transitions: [],
    usage_filter: [],
    subscriptions: [teamSubscription(sub)],
    recurring_credits: credits,
    ...overrides,
  };
}

/** Quantity history with one entry per [starting_at, quantity] at the given price per seat. */
export function quantityHistory(points: Array<[string, number]>, unitPrice = 3000): QuantityHistory {
  return {
    subscription_id: SUB_ID,
    fiat_credit_type_id: USD_CENTS_CREDIT_TYPE_ID,
    history: points.map(([starting_at, quantity]) => ({
      starting_at,
      data: [{ quantity, unit_price: unitPrice, total: quantity * unitPrice }],
    })),
  };
}

/** The worked example's seat segments before any edit. */
export function initialSegments(): SeatSegment[] {
  return [
    {
      starting_at: "2025-06-01T00:00:00.000Z",
      ending_before: null,
      total_quantity: 4,
      assigned_seat_ids: ["alice@acme.com", "bob@acme.com", "carol@acme.com"],
    },
  ];
}
