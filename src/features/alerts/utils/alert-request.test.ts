import { describe, expect, it } from "vitest";
import { teamSubscription } from "../../../domain/test-fixtures";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import { validateAlertForm, type AlertFormContext, type AlertFormValues } from "./alert-request";
import { alertUniquenessKey } from "./uniqueness-key";

const AI = "d3cb2827-dcb5-44af-9354-947a7197b9a6";
const CUSTOMER = "3f1d2c4b-8a9e-4b7c-9d1e-2a3b4c5d6e7f";
const seatSub = teamSubscription();
const quantitySub = teamSubscription({ id: "11111111-2222-4333-8444-555555555555", name: "Business seats", quantity_management_mode: "QUANTITY_ONLY", seat_config: undefined });

const context: AlertFormContext = {
  customerId: CUSTOMER,
  creditTypes: new Map([
    [USD_CENTS_CREDIT_TYPE_ID, { id: USD_CENTS_CREDIT_TYPE_ID, name: "USD (cents)", isCurrency: true }],
    [AI, { id: AI, name: "AI credits", isCurrency: false }],
  ]),
  subscriptions: [seatSub, quantitySub],
  seatIds: new Set(["alice", "bob"]),
};

const values: AlertFormValues = {
  scope: "contract",
  contractType: "low_remaining_contract_credit_balance_reached",
  creditTypeId: AI,
  threshold: "10",
  name: "",
  subscriptionId: seatSub.id ?? "",
  seatTarget: "all",
  seatId: "",
};

describe("validateAlertForm", () => {
  it("builds a contract-level alert with a suggested name and a key derived from the definition", () => {
    const result = validateAlertForm(values, context);
    expect(result).toEqual({
      ok: true,
      params: {
        customer_id: CUSTOMER,
        alert_type: "low_remaining_contract_credit_balance_reached",
        credit_type_id: AI,
        threshold: 10,
        name: "10 AI credits remaining",
        uniqueness_key: alertUniquenessKey({ customer_id: CUSTOMER, alert_type: "low_remaining_contract_credit_balance_reached", credit_type_id: AI, threshold: 10 }),
      },
    });
  });

  it("sends USD thresholds in cents and keeps a typed name", () => {
    const result = validateAlertForm({ ...values, creditTypeId: USD_CENTS_CREDIT_TYPE_ID, threshold: "25.50", name: "  Top up soon " }, context);
    expect(result).toMatchObject({ ok: true, params: { threshold: 2550, credit_type_id: USD_CENTS_CREDIT_TYPE_ID, name: "Top up soon" } });
    const suggested = validateAlertForm({ ...values, creditTypeId: USD_CENTS_CREDIT_TYPE_ID, threshold: "25.50" }, context);
    expect(suggested).toMatchObject({ ok: true, params: { name: "$25.50 remaining" } });
  });

  it("builds seat alerts for every seat and for one seat with the subscription's seat group key", () => {
    const all = validateAlertForm({ ...values, scope: "seat" }, context);
    expect(all).toMatchObject({
      ok: true,
      params: { alert_type: "low_remaining_seat_balance_reached", seat_filter: { seat_group_key: "user_id" }, name: "10 AI credits remaining on any seat of Team Seat" },
    });
    expect(all.ok && all.params.seat_filter).toEqual({ seat_group_key: "user_id" });
    const one = validateAlertForm({ ...values, scope: "seat", seatTarget: "one", seatId: "bob" }, context);
    expect(one).toMatchObject({ ok: true, params: { seat_filter: { seat_group_key: "user_id", seat_group_value: "bob" }, name: "10 AI credits remaining on bob" } });
    expect(one.ok && all.ok && one.params.uniqueness_key !== all.params.uniqueness_key).toBe(true);
  });

  it("refuses an unknown credit type, a bad threshold and a long name, each with its own message", () => {
    const result = validateAlertForm({ ...values, creditTypeId: "00000000-0000-4000-8000-000000000000", threshold: "-1", name: "x".repeat(201) }, context);
    expect(result).toEqual({
      ok: false,
      errors: {
        creditTypeId: "That credit type is not one of this account's credit types. Choose one from the list.",
        threshold: "The threshold cannot be negative.",
        name: "Keep the name under 200 characters (it has 201).",
      },
    });
    expect(validateAlertForm({ ...values, creditTypeId: "" }, context)).toMatchObject({ ok: false, errors: { creditTypeId: "Choose a credit type." } });
  });

  it("refuses a seat alert on a subscription without named seats", () => {
    const result = validateAlertForm({ ...values, scope: "seat", subscriptionId: quantitySub.id ?? "" }, context);
    expect(result).toEqual({
      ok: false,
      errors: { subscriptionId: expect.stringContaining("Business seats counts seats by quantity, not by name") },
    });
  });

  it("refuses a missing, unknown or not yet loaded seat", () => {
    const seat = { ...values, scope: "seat" as const, seatTarget: "one" as const };
    expect(validateAlertForm(seat, context)).toMatchObject({ ok: false, errors: { seatId: "Choose the seat to watch." } });
    expect(validateAlertForm({ ...seat, seatId: "zoe" }, context)).toMatchObject({ ok: false, errors: { seatId: '"zoe" is not a current seat of Team Seat.' } });
    expect(validateAlertForm({ ...seat, seatId: "bob" }, { ...context, seatIds: null })).toMatchObject({ ok: false, errors: { seatId: expect.stringContaining("still loading") } });
  });
});
