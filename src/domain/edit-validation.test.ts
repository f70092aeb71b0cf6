import { describe, expect, it } from "vitest";
import { validateSubscriptionUpdate, type EditValidationContext, type UpdateSubscription } from "./edit-validation";
import { SUB_ID } from "./test-fixtures";

const t = (iso: string) => Date.parse(iso);
const quantityOnly: EditValidationContext = {
  subscriptionId: SUB_ID,
  mode: "QUANTITY_ONLY",
  range: { start: t("2025-06-01T00:00:00Z"), end: t("2026-06-01T00:00:00Z") },
};
const seatBased: EditValidationContext = { ...quantityOnly, mode: "SEAT_BASED" };
const H = "2025-06-16T00:00:00.000Z";

const found = (update: Omit<UpdateSubscription, "subscription_id">, ctx = quantityOnly) =>
  validateSubscriptionUpdate({ subscription_id: SUB_ID, ...update }, ctx).map((i) => [i.path, i.code, i.message]);

describe("validateSubscriptionUpdate", () => {
  it("accepts a well-formed change", () => {
    expect(found({ quantity_updates: [{ starting_at: H, quantity: 0 }, { starting_at: H, quantity_delta: -1 }] })).toEqual([]);
    expect(
      found(
        {
          seat_updates: {
            add_seat_ids: [{ seat_ids: ["dave@acme.com"], starting_at: H }],
            remove_unassigned_seats: [{ quantity: 1, starting_at: H }],
          },
        },
        seatBased,
      ),
    ).toEqual([]);
  });

  it("explains quantity problems (V5, V6)", () => {
    expect(
      found({
        quantity_updates: [
          { starting_at: H, quantity: 2.5 },
          { starting_at: H, quantity: -1 },
          { starting_at: H, quantity_delta: 0 },
          { starting_at: H, quantity: 3, quantity_delta: 1 },
          { starting_at: H },
        ],
      }),
    ).toEqual([
      ["quantity_updates[0].quantity", "not_whole_number", "Quantity must be a whole number"],
      ["quantity_updates[1].quantity", "negative_quantity", "Quantity can't be negative"],
      ["quantity_updates[2].quantity_delta", "zero_delta", "A change of 0 seats does nothing"],
      ["quantity_updates[3]", "quantity_and_delta", "Give either a new total or a change in seats, not both"],
      ["quantity_updates[4].quantity", "quantity_missing", "Give a new total or a change in seats"],
    ]);
  });

  it("explains time problems (A1, V11, V12)", () => {
    expect(
      found({
        quantity_updates: [
          { starting_at: "2025-06-16T14:30:00.000Z", quantity: 1 },
          { starting_at: "2025-05-01T00:00:00.000Z", quantity: 1 },
          { starting_at: "2026-06-01T00:00:00.000Z", quantity: 1 },
          { starting_at: "16/06/2025", quantity: 1 },
        ],
      }),
    ).toEqual([
      ["quantity_updates[0].starting_at", "not_on_hour", "Times must be on the hour (e.g. 14:00, not 14:30)"],
      ["quantity_updates[1].starting_at", "before_subscription_start", "This change starts before the subscription starts (June 1, 2025)"],
      ["quantity_updates[2].starting_at", "after_subscription_end", "This change starts after the subscription has ended (June 1, 2026)"],
      ["quantity_updates[3].starting_at", "invalid_time", "This is not a valid date and time"],
    ]);
  });

  it("refuses the wrong kind of change for the subscription's mode (V9, V10)", () => {
    expect(found({ quantity_updates: [{ starting_at: H, quantity: 3 }] }, seatBased).map((r) => r[1])).toEqual(["wrong_mode"]);
    expect(found({ seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: H }] } }).map((r) => r[1])).toEqual(["wrong_mode"]);
  });

  it("explains seat list problems (V8, V15)", () => {
    expect(
      found(
        {
          seat_updates: {
            add_seat_ids: [
              { seat_ids: ["bob@x", "ann@x", "bob@x", " "], starting_at: H },
              { seat_ids: [], starting_at: H },
            ],
            add_unassigned_seats: [{ quantity: 0, starting_at: H }],
            remove_unassigned_seats: [{ quantity: 1.5, starting_at: H }],
          },
        },
        seatBased,
      ),
    ).toEqual([
      ["seat_updates.remove_unassigned_seats[0].quantity", "not_whole_number", "Quantity must be a whole number"],
      ["seat_updates.add_unassigned_seats[0].quantity", "negative_quantity", "Quantity must be at least 1"],
      ["seat_updates.add_seat_ids[0].seat_ids[2]", "duplicate_seat_id", "Seat ID bob@x is listed twice"],
      ["seat_updates.add_seat_ids[0].seat_ids[3]", "invalid_seat_id", "Seat IDs can't be blank"],
      ["seat_updates.add_seat_ids[1].seat_ids", "empty_seat_list", "List at least one seat ID"],
    ]);
  });

  it("notices an empty change and a change for another subscription", () => {
    expect(found({}).map((r) => r[1])).toEqual(["nothing_to_change"]);
    const other = validateSubscriptionUpdate({ subscription_id: "x", quantity_updates: [{ starting_at: H, quantity: 1 }] }, quantityOnly);
    expect(other.map((i) => i.code)).toEqual(["not_this_subscription"]);
  });

  it("checks an end date and a rounding override", () => {
    expect(
      found({
        ending_before: "2025-05-01T00:00:00.000Z",
        proration_rounding: { rounding_method: "NEAREST" as never, decimal_places: 9 },
      }).map((r) => [r[0], r[1]]),
    ).toEqual([
      ["ending_before", "invalid_end"],
      ["proration_rounding.decimal_places", "invalid_rounding"],
      ["proration_rounding.rounding_method", "invalid_rounding"],
    ]);
  });
});
