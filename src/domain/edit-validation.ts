/**
 * Validates one `update_subscriptions[]` item of a /v2/contracts/edit request the way Metronome
 * does (see docs/metronome.md, "Contract edits": quantities, seat lists, whole hours, within the
 * subscription), field by field, with plain messages. Checks that need
 * the replayed schedule (below zero, already-assigned IDs at an instant, the seat cap) are made
 * by the timeline replays and the seat policy.
 */
import type { ContractEditParams } from "@metronome/sdk/resources/v2/contracts";
import type { ClipRange } from "./billing-periods";
import { error, warning, type EditIssue } from "./issues";
import type { QuantityMode } from "./subscription";
import { formatInstant, isOnHour, parseTime } from "./time";

export type UpdateSubscription = ContractEditParams.UpdateSubscription;

export interface EditValidationContext {
  subscriptionId: string | undefined;
  mode: QuantityMode;
  /** The subscription's life: changes must start inside it. */
  range: ClipRange;
}

const WHOLE = "Quantity must be a whole number";

function isWhole(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

/** Problems with one change time; none when it is a valid hour inside the subscription. */
export function validateStartTime(path: string, value: unknown, range: ClipRange): EditIssue[] {
  if (value === undefined || value === null || value === "") return [error(path, "invalid_time", "Choose when the change starts")];
  const t = typeof value === "string" ? parseTime(value) : null;
  if (t === null) return [error(path, "invalid_time", "This is not a valid date and time")];
  const issues: EditIssue[] = [];
  if (!isOnHour(t)) issues.push(error(path, "not_on_hour", "Times must be on the hour (e.g. 14:00, not 14:30)"));
  if (t < range.start) {
    issues.push(
      error(path, "before_subscription_start", `This change starts before the subscription starts (${formatInstant(range.start)})`),
    );
  }
  if (range.end !== null && t >= range.end) {
    issues.push(
      error(path, "after_subscription_end", `This change starts after the subscription has ended (${formatInstant(range.end)})`),
    );
  }
  return issues;
}

function validateQuantityUpdates(items: readonly unknown[], ctx: EditValidationContext): EditIssue[] {
  const issues: EditIssue[] = [];
  items.forEach((raw, i) => {
    const path = `quantity_updates[${i}]`;
    const u = (raw ?? {}) as Partial<ContractEditParams.UpdateSubscription.QuantityUpdate>;
    issues.push(...validateStartTime(`${path}.starting_at`, u.starting_at, ctx.range));
    const hasSet = u.quantity !== undefined && u.quantity !== null;
    const hasDelta = u.quantity_delta !== undefined && u.quantity_delta !== null;
    if (hasSet && hasDelta) {
      issues.push(error(path, "quantity_and_delta", "Give either a new total or a change in seats, not both"));
    } else if (!hasSet && !hasDelta) {
      issues.push(error(`${path}.quantity`, "quantity_missing", "Give a new total or a change in seats"));
    } else if (hasSet) {
      if (!isWhole(u.quantity)) issues.push(error(`${path}.quantity`, "not_whole_number", WHOLE));
      else if (u.quantity < 0) issues.push(error(`${path}.quantity`, "negative_quantity", "Quantity can't be negative"));
    } else if (!isWhole(u.quantity_delta)) {
      issues.push(error(`${path}.quantity_delta`, "not_whole_number", WHOLE));
    } else if (u.quantity_delta === 0) {
      issues.push(error(`${path}.quantity_delta`, "zero_delta", "A change of 0 seats does nothing"));
    }
  });
  return issues;
}

function validateSeatIdItems(op: "add_seat_ids" | "remove_seat_ids", items: readonly unknown[], ctx: EditValidationContext): EditIssue[] {
  const issues: EditIssue[] = [];
  items.forEach((raw, i) => {
    const path = `seat_updates.${op}[${i}]`;
    const item = (raw ?? {}) as Partial<ContractEditParams.UpdateSubscription.SeatUpdates.AddSeatID>;
    issues.push(...validateStartTime(`${path}.starting_at`, item.starting_at, ctx.range));
    if (!Array.isArray(item.seat_ids) || item.seat_ids.length === 0) {
      issues.push(error(`${path}.seat_ids`, "empty_seat_list", "List at least one seat ID"));
      return;
    }
    const seen = new Set<string>();
    item.seat_ids.forEach((id: unknown, j) => {
      const idPath = `${path}.seat_ids[${j}]`;
      if (typeof id !== "string" || id.trim() === "") {
        issues.push(error(idPath, "invalid_seat_id", "Seat IDs can't be blank"));
      } else if (seen.has(id)) {
        issues.push(error(idPath, "duplicate_seat_id", `Seat ID ${id} is listed twice`));
      } else {
        seen.add(id);
      }
    });
  });
  return issues;
}

function validateUnassignedItems(
  op: "add_unassigned_seats" | "remove_unassigned_seats",
  items: readonly unknown[],
  ctx: EditValidationContext,
): EditIssue[] {
  const issues: EditIssue[] = [];
  items.forEach((raw, i) => {
    const path = `seat_updates.${op}[${i}]`;
    const item = (raw ?? {}) as Partial<ContractEditParams.UpdateSubscription.SeatUpdates.AddUnassignedSeat>;
    issues.push(...validateStartTime(`${path}.starting_at`, item.starting_at, ctx.range));
    if (!isWhole(item.quantity)) issues.push(error(`${path}.quantity`, "not_whole_number", WHOLE));
    else if (item.quantity < 1) issues.push(error(`${path}.quantity`, "negative_quantity", "Quantity must be at least 1"));
  });
  return issues;
}

function seatUpdateCount(s: ContractEditParams.UpdateSubscription.SeatUpdates | undefined): number {
  if (!s) return 0;
  return (
    (s.add_seat_ids?.length ?? 0) +
    (s.remove_seat_ids?.length ?? 0) +
    (s.add_unassigned_seats?.length ?? 0) +
    (s.remove_unassigned_seats?.length ?? 0)
  );
}

/** Every problem Metronome would find in this update_subscriptions item, independent of the seat schedule. */
export function validateSubscriptionUpdate(update: UpdateSubscription, ctx: EditValidationContext): EditIssue[] {
  const issues: EditIssue[] = [];
  if (ctx.subscriptionId !== undefined && update.subscription_id !== ctx.subscriptionId) {
    issues.push(error("subscription_id", "not_this_subscription", "This change is for a different subscription"));
  }
  const quantityUpdates = update.quantity_updates ?? [];
  const seatUpdates = update.seat_updates;
  const hasEnd = update.ending_before !== undefined;
  const hasOther = update.proration_rounding !== undefined || update.quantity_management_mode_update !== undefined;
  if (quantityUpdates.length === 0 && seatUpdateCount(seatUpdates) === 0 && !hasEnd && !hasOther) {
    issues.push(warning("", "nothing_to_change", "This change does nothing yet: add or remove seats first"));
  }

  if (quantityUpdates.length > 0 && ctx.mode === "SEAT_BASED") {
    issues.push(
      error("quantity_updates", "wrong_mode", "This subscription has named seats: add or remove seat IDs or unassigned seats instead of setting a quantity"),
    );
  } else {
    issues.push(...validateQuantityUpdates(quantityUpdates, ctx));
  }

  if (seatUpdateCount(seatUpdates) > 0 && ctx.mode === "QUANTITY_ONLY" && update.quantity_management_mode_update === undefined) {
    issues.push(error("seat_updates", "wrong_mode", "This subscription counts seats without names: change its quantity instead"));
  } else if (seatUpdates) {
    issues.push(
      ...validateSeatIdItems("remove_seat_ids", seatUpdates.remove_seat_ids ?? [], ctx),
      ...validateUnassignedItems("remove_unassigned_seats", seatUpdates.remove_unassigned_seats ?? [], ctx),
      ...validateUnassignedItems("add_unassigned_seats", seatUpdates.add_unassigned_seats ?? [], ctx),
      ...validateSeatIdItems("add_seat_ids", seatUpdates.add_seat_ids ?? [], ctx),
    );
  }

  if (update.ending_before !== undefined && update.ending_before !== null) {
    const end = parseTime(update.ending_before);
    if (end === null) issues.push(error("ending_before", "invalid_time", "This is not a valid date and time"));
    else if (!isOnHour(end)) issues.push(error("ending_before", "not_on_hour", "Times must be on the hour (e.g. 14:00, not 14:30)"));
    else if (end <= ctx.range.start) {
      issues.push(error("ending_before", "invalid_end", `The subscription can only end after it starts (${formatInstant(ctx.range.start)})`));
    }
  }

  const rounding = update.proration_rounding;
  if (rounding) {
    if (!isWhole(rounding.decimal_places) || rounding.decimal_places < -5 || rounding.decimal_places > 5) {
      issues.push(error("proration_rounding.decimal_places", "invalid_rounding", "Decimal places must be a whole number from −5 to 5"));
    }
    if (!["HALF_UP", "FLOOR", "CEILING"].includes(String(rounding.rounding_method).toUpperCase())) {
      issues.push(error("proration_rounding.rounding_method", "invalid_rounding", "Rounding must be HALF_UP, FLOOR or CEILING"));
    }
  }
  return issues;
}
