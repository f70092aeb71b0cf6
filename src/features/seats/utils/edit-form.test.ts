import { describe, expect, it } from "vitest";
import { aiCredit, teamSubscription } from "../../../domain/test-fixtures";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { buildQuantityUpdate, buildSeatUpdate, fieldForIssue, withIssues, emptyMessages } from "./edit-form";
import { resolveWhen } from "./effective-time";
import { seatsAt } from "../../../domain/quantity-over-time";
import { scheduledQuantityChanges, scheduledSeatChanges } from "./seat-schedule";

const NOW = Date.parse("2025-06-16T10:30:00.000Z");
const sub = teamSubscription();
const contract = {
  id: "k",
  starting_at: "2025-06-01T00:00:00.000Z",
  usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: "2025-06-01T00:00:00.000Z" },
  subscriptions: [sub],
  recurring_credits: [aiCredit()],
} as unknown as ContractV2;
const ctx = { contract, subscription: sub, now: NOW, canBackdate: false };

describe("when a change starts", () => {
  it("floors now to the hour and finds the next billing period", () => {
    expect(resolveWhen({ choice: "now", at: "" }, ctx)).toEqual({ ok: true, value: "2025-06-16T10:00:00.000Z" });
    expect(resolveWhen({ choice: "next_period", at: "" }, ctx)).toEqual({ ok: true, value: "2025-07-01T00:00:00.000Z" });
    expect(resolveWhen({ choice: "at", at: "2025-06-20T15:00" }, ctx)).toEqual({ ok: true, value: "2025-06-20T15:00:00.000Z" });
  });
  it("refuses back-dating unless allowed, and empty or impossible dates", () => {
    expect(resolveWhen({ choice: "at", at: "2025-06-10T00:00" }, ctx)).toMatchObject({ ok: false, error: expect.stringMatching(/account manager/) });
    expect(resolveWhen({ choice: "at", at: "2025-06-10T00:00" }, { ...ctx, canBackdate: true })).toEqual({ ok: true, value: "2025-06-10T00:00:00.000Z" });
    expect(resolveWhen({ choice: "at", at: "" }, ctx)).toMatchObject({ ok: false });
    expect(resolveWhen({ choice: "at", at: "2025-02-30T10:00" }, ctx)).toMatchObject({ ok: false, error: "This is not a valid date and time" });
  });
});

describe("building the edit", () => {
  it("turns quantity rows into quantity_updates in the order shown", () => {
    const built = buildQuantityUpdate(
      "s",
      {
        rows: [
          { key: "a", mode: "total", value: "12", when: { choice: "now", at: "" } },
          { key: "b", mode: "change", value: "-1", when: { choice: "now", at: "" } },
        ],
      },
      ctx,
    );
    expect(built.update).toEqual({
      subscription_id: "s",
      quantity_updates: [
        { starting_at: "2025-06-16T10:00:00.000Z", quantity: 12 },
        { starting_at: "2025-06-16T10:00:00.000Z", quantity_delta: -1 },
      ],
    });
  });
  it("puts parse problems on their fields and builds nothing", () => {
    const built = buildQuantityUpdate("s", { rows: [{ key: "a", mode: "change", value: "0", when: { choice: "at", at: "" } }] }, ctx);
    expect(built.update).toBeNull();
    expect(Object.keys(built.messages.errors).sort()).toEqual(["rows.0.value", "rows.0.when"]);
  });
  it("builds seat additions, removals and reassignments", () => {
    const assigned = new Set(["alice", "bob"]);
    const when = { choice: "now" as const, at: "" };
    const base = { ids: "", unassigned: "", from: "", to: "", when };
    expect(buildSeatUpdate("s", { ...base, action: "add", ids: "dave\nerin", unassigned: "1" }, ctx, assigned).update?.seat_updates).toEqual({
      add_seat_ids: [{ seat_ids: ["dave", "erin"], starting_at: "2025-06-16T10:00:00.000Z" }],
      add_unassigned_seats: [{ quantity: 1, starting_at: "2025-06-16T10:00:00.000Z" }],
    });
    expect(buildSeatUpdate("s", { ...base, action: "reassign", from: "bob" }, ctx, assigned).update?.seat_updates).toEqual({
      remove_seat_ids: [{ seat_ids: ["bob"], starting_at: "2025-06-16T10:00:00.000Z" }],
      add_unassigned_seats: [{ quantity: 1, starting_at: "2025-06-16T10:00:00.000Z" }],
    });
    expect(buildSeatUpdate("s", { ...base, action: "reassign", from: "zed", to: "  " }, ctx, assigned).messages.errors).toEqual({
      from: ["zed has no seat now, so there is nothing to reassign"],
      to: ["The new seat ID is only spaces; leave it empty to keep the seat unassigned"],
    });
    expect(buildSeatUpdate("s", { ...base, action: "remove" }, ctx, assigned).messages.errors.ids).toEqual([
      "Enter the seat IDs to remove, or a number of unassigned seats",
    ]);
  });
  it("maps the domain's issue paths back to fields", () => {
    expect(fieldForIssue("quantity_updates[1].starting_at", null)).toBe("rows.1.when");
    expect(fieldForIssue("quantity_updates[0]", null)).toBe("rows.0.value");
    expect(fieldForIssue("seat_updates.add_seat_ids[0].seat_ids[1]", "add")).toBe("ids");
    expect(fieldForIssue("seat_updates.add_seat_ids[0]", "reassign")).toBe("to");
    expect(fieldForIssue("seat_updates.remove_unassigned_seats[0].quantity", "remove")).toBe("unassigned");
    const merged = withIssues(emptyMessages(), [
      { path: "seat_updates.remove_seat_ids[0].seat_ids[0]", code: "seat_not_assigned", message: "no-op", severity: "warning", status: null },
      { path: "", code: "above_max_seats", message: "too many", severity: "error", status: 403 },
    ], "remove");
    expect(merged).toEqual({ errors: { form: ["too many"] }, warnings: { ids: ["no-op"] } });
  });
});

describe("the schedule", () => {
  const segments = [
    { starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z", total_quantity: 4, assigned_seat_ids: ["a", "b", "c"] },
    { starting_at: "2025-07-01T00:00:00.000Z", ending_before: null, total_quantity: "5", assigned_seat_ids: ["a", "c", "d", "e"] },
  ];
  it("reads the seats now and cancels a future change with its inverse", () => {
    expect(seatsAt(segments, NOW)).toMatchObject({ assigned: 3, unassigned: 1, total: 4 });
    const [change] = scheduledSeatChanges("s", segments, NOW);
    expect(change).toMatchObject({ total_before: 4, total_after: 5, seats_added: ["d", "e"], seats_removed: ["b"] });
    expect(change?.cancel.seat_updates).toEqual({
      remove_seat_ids: [{ seat_ids: ["d", "e"], starting_at: "2025-07-01T00:00:00.000Z" }],
      add_unassigned_seats: [{ quantity: 1, starting_at: "2025-07-01T00:00:00.000Z" }],
      add_seat_ids: [{ seat_ids: ["b"], starting_at: "2025-07-01T00:00:00.000Z" }],
    });
    expect(scheduledSeatChanges("s", segments, Date.parse("2025-07-02T00:00:00.000Z"))).toEqual([]);
  });
  it("cancels a scheduled quantity change by setting the previous total", () => {
    const q = teamSubscription({
      quantity_management_mode: "QUANTITY_ONLY",
      quantity_schedule: [
        { quantity: 10, starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z" },
        { quantity: 15, starting_at: "2025-07-01T00:00:00.000Z" },
      ],
    });
    expect(scheduledQuantityChanges(q, NOW).map((c) => c.cancel.quantity_updates)).toEqual([[{ starting_at: "2025-07-01T00:00:00.000Z", quantity: 10 }]]);
  });
  it("keeps two edits' deltas at one instant apart, each cancelled by its opposite delta", () => {
    // +25 scheduled on June 10, then one submission "300 now, then −20 next period": July 1 is 10 → 15 in the schedule.
    const JULY = "2025-07-01T00:00:00.000Z";
    const q = teamSubscription({
      id: "s",
      quantity_management_mode: "QUANTITY_ONLY",
      quantity_schedule: [
        { quantity: 10, starting_at: "2025-06-01T00:00:00.000Z", ending_before: JULY },
        { quantity: 15, starting_at: JULY },
      ],
    });
    const history = [
      { id: "e1", timestamp: "2025-06-10T09:00:00.000Z", update_subscriptions: [{ id: "s", quantity_updates: [{ starting_at: JULY, quantity_delta: 25 }] }] },
      {
        id: "e2",
        timestamp: "2025-06-12T09:00:00.000Z",
        update_subscriptions: [{ id: "s", quantity_updates: [{ starting_at: "2025-06-12T09:00:00.000Z", quantity: 10 }, { starting_at: JULY, quantity_delta: -20 }] }],
      },
      { id: "e3", timestamp: "2025-06-13T09:00:00.000Z", update_subscriptions: [{ id: "other", quantity_updates: [{ starting_at: JULY, quantity_delta: 3 }] }] },
    ];
    const changes = scheduledQuantityChanges(q, NOW, history);
    expect(changes.map((c) => [c.id, c.delta, c.edited_at, c.total_before, c.total_after])).toEqual([
      [`${JULY}#e1`, 25, "2025-06-10T09:00:00.000Z", 10, 15],
      [`${JULY}#e2`, -20, "2025-06-12T09:00:00.000Z", 10, 15],
    ]);
    expect(changes.map((c) => c.cancel.quantity_updates)).toEqual([[{ starting_at: JULY, quantity_delta: -25 }], [{ starting_at: JULY, quantity_delta: 20 }]]);
    // One edit at the instant, or a total among them: one change, cancelled by the previous total.
    expect(scheduledQuantityChanges(q, NOW, history.slice(0, 1)).map((c) => [c.id, c.delta])).toEqual([[JULY, null]]);
    const withTotal = [history[0]!, { ...history[1]!, update_subscriptions: [{ id: "s", quantity_updates: [{ starting_at: JULY, quantity: 15 }] }] }];
    expect(scheduledQuantityChanges(q, NOW, withTotal).map((c) => c.cancel.quantity_updates)).toEqual([[{ starting_at: JULY, quantity: 10 }]]);
  });
});
