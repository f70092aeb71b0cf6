import { describe, expect, it } from "vitest";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import { alertUniquenessKey } from "./uniqueness-key";

const base = {
  customer_id: "3f1d2c4b-8a9e-4b7c-9d1e-2a3b4c5d6e7f",
  alert_type: "low_remaining_seat_balance_reached",
  credit_type_id: "d3cb2827-dcb5-44af-9354-947a7197b9a6",
  threshold: 15,
  seat_filter: { seat_group_key: "user_id", seat_group_value: "ada@acme.example" },
};

describe("alertUniquenessKey", () => {
  it("is the same for the same definition, whatever the field order or case", () => {
    const key = alertUniquenessKey(base);
    expect(key).toMatch(/^alert-[0-9a-f]{28}$/);
    expect(alertUniquenessKey({ ...base, seat_filter: { seat_group_value: "ada@acme.example", seat_group_key: "user_id" } })).toBe(key);
    expect(alertUniquenessKey({ ...base, credit_type_id: base.credit_type_id.toUpperCase() })).toBe(key);
  });

  it("differs when anything that defines the alert differs", () => {
    const key = alertUniquenessKey(base);
    const variants = [
      { ...base, customer_id: "00000000-0000-4000-8000-000000000000" },
      { ...base, threshold: 16 },
      { ...base, credit_type_id: USD_CENTS_CREDIT_TYPE_ID },
      { ...base, seat_filter: { seat_group_key: "user_id" } },
      { ...base, seat_filter: { seat_group_key: "user_id", seat_group_value: "bob@acme.example" } },
      { ...base, alert_type: "low_remaining_contract_credit_balance_reached", seat_filter: undefined },
    ];
    const keys = new Set(variants.map(alertUniquenessKey));
    expect(keys.size).toBe(variants.length);
    expect(keys.has(key)).toBe(false);
  });
});
