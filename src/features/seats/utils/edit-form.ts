/**
 * The seat editor's form state, turned into one `update_subscriptions[]` item of a
 * /v2/contracts/edit request, and every problem placed on the field it is about: the form's own
 * parsing (numbers, seat IDs, times) first, then the shared domain's validation and seat policy
 * (its issue paths mapped back to fields).
 */
import type { EditIssue } from "../../../domain/issues";
import type { UpdateSubscription } from "../../../domain/edit-validation";
import { resolveWhen, type TimeContext, type When } from "./effective-time";
import { parseSeatCount, parseSeatIdList, shortId } from "./seat-input";

/** Field ids of the form; problems are keyed by them. */
export type FieldId = string;

export interface FieldMessages {
  /** Block sending. */
  errors: Record<FieldId, string[]>;
  /** Do not block: parts that do nothing, seats that fill unassigned ones… */
  warnings: Record<FieldId, string[]>;
}

export function emptyMessages(): FieldMessages {
  return { errors: {}, warnings: {} };
}

function add(target: Record<FieldId, string[]>, field: FieldId, message: string): void {
  const list = (target[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

export function hasAnyError(messages: FieldMessages): boolean {
  return Object.values(messages.errors).some((list) => list.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Quantity subscriptions (S1)

export type QuantityMode = "total" | "change";

export interface QuantityRow {
  /** Stable React key. */
  key: string;
  mode: QuantityMode;
  value: string;
  when: When;
}

export interface QuantityFormState {
  rows: QuantityRow[];
}

export const quantityFields = {
  value: (i: number) => `rows.${i}.value`,
  when: (i: number) => `rows.${i}.when`,
};

export interface BuiltEdit {
  /** null when the form's own parsing failed (nothing to preview yet). */
  update: UpdateSubscription | null;
  messages: FieldMessages;
}

export function buildQuantityUpdate(subscriptionId: string, form: QuantityFormState, ctx: TimeContext): BuiltEdit {
  const messages = emptyMessages();
  const updates: NonNullable<UpdateSubscription["quantity_updates"]> = [];
  form.rows.forEach((row, i) => {
    const count = parseSeatCount(row.value, row.mode === "total" ? "total" : "change");
    const when = resolveWhen(row.when, ctx);
    if (!count.ok) add(messages.errors, quantityFields.value(i), count.error);
    if (!when.ok) add(messages.errors, quantityFields.when(i), when.error);
    if (count.ok && when.ok) {
      updates.push(row.mode === "total" ? { starting_at: when.value, quantity: count.value } : { starting_at: when.value, quantity_delta: count.value });
    }
  });
  if (form.rows.length === 0) add(messages.errors, "form", "Add a change first");
  if (hasAnyError(messages)) return { update: null, messages };
  return { update: { subscription_id: subscriptionId, quantity_updates: updates }, messages };
}

// ---------------------------------------------------------------------------------------------
// Seat-based subscriptions (S2)

export type SeatAction = "add" | "remove" | "reassign";

export interface SeatFormState {
  action: SeatAction;
  /** Seat IDs to add or remove (one per line, or comma separated). */
  ids: string;
  /** Unassigned seats to add or remove ("" = none). */
  unassigned: string;
  /** Reassign: the seat ID that gives up its seat. */
  from: string;
  /** Reassign: who gets it ("" keeps the seat unassigned). */
  to: string;
  when: When;
}

export const seatFields = { ids: "ids", unassigned: "unassigned", from: "from", to: "to", when: "when" } as const;

/** The seat form before anything is filled in: add seats, starting now. */
export function emptySeatForm(): SeatFormState {
  return { action: "add", ids: "", unassigned: "", from: "", to: "", when: { choice: "now", at: "" } };
}

export function buildSeatUpdate(
  subscriptionId: string,
  form: SeatFormState,
  ctx: TimeContext,
  assigned: ReadonlySet<string>,
): BuiltEdit {
  const messages = emptyMessages();
  const when = resolveWhen(form.when, ctx);
  if (!when.ok) add(messages.errors, seatFields.when, when.error);
  const at = when.ok ? when.value : "";
  const seatUpdates: NonNullable<UpdateSubscription["seat_updates"]> = {};

  if (form.action === "reassign") {
    const from = form.from.trim();
    const to = form.to.trim();
    if (from === "") add(messages.errors, seatFields.from, "Choose the seat ID to take the seat from");
    else if (!assigned.has(from)) add(messages.errors, seatFields.from, `${shortId(from)} has no seat now, so there is nothing to reassign`);
    if (form.to !== "" && to === "") add(messages.errors, seatFields.to, "The new seat ID is only spaces; leave it empty to keep the seat unassigned");
    else if (to !== "") {
      const parsed = parseSeatIdList(to);
      const problem = parsed.problems[0];
      if (problem) add(messages.errors, seatFields.to, problem.message.replace(/^Entry 1 /, "The new seat ID "));
      else if (parsed.ids.length !== 1) add(messages.errors, seatFields.to, "Give one seat ID (a seat goes to one person)");
      else if (to === from) add(messages.errors, seatFields.to, "That is the same seat ID; give a different one, or leave it empty");
    }
    if (hasAnyError(messages)) return { update: null, messages };
    seatUpdates.remove_seat_ids = [{ seat_ids: [from], starting_at: at }];
    if (to === "") seatUpdates.add_unassigned_seats = [{ quantity: 1, starting_at: at }];
    else seatUpdates.add_seat_ids = [{ seat_ids: [to], starting_at: at }];
    return { update: { subscription_id: subscriptionId, seat_updates: seatUpdates }, messages };
  }

  const list = parseSeatIdList(form.ids);
  for (const p of list.problems) add(messages.errors, seatFields.ids, p.message);
  if (form.ids.trim() === "" && form.ids !== "" && list.ids.length === 0 && list.problems.length === 0) {
    add(messages.errors, seatFields.ids, "The seat IDs box only has spaces");
  }
  let unassigned = 0;
  if (form.unassigned !== "") {
    const count = parseSeatCount(form.unassigned, "unassigned");
    if (count.ok) unassigned = count.value;
    else add(messages.errors, seatFields.unassigned, count.error);
  }
  if (!hasAnyError(messages) && list.ids.length === 0 && unassigned === 0) {
    add(
      messages.errors,
      seatFields.ids,
      form.action === "add" ? "Enter the seat IDs to add, or a number of unassigned seats" : "Enter the seat IDs to remove, or a number of unassigned seats",
    );
  }
  if (hasAnyError(messages)) return { update: null, messages };

  if (form.action === "add") {
    if (list.ids.length > 0) seatUpdates.add_seat_ids = [{ seat_ids: list.ids, starting_at: at }];
    if (unassigned > 0) seatUpdates.add_unassigned_seats = [{ quantity: unassigned, starting_at: at }];
  } else {
    if (list.ids.length > 0) seatUpdates.remove_seat_ids = [{ seat_ids: list.ids, starting_at: at }];
    if (unassigned > 0) seatUpdates.remove_unassigned_seats = [{ quantity: unassigned, starting_at: at }];
  }
  return { update: { subscription_id: subscriptionId, seat_updates: seatUpdates }, messages };
}

// ---------------------------------------------------------------------------------------------
// Domain issues → fields

/** The form field a domain issue path is about. */
export function fieldForIssue(path: string, action: SeatAction | null): FieldId {
  const q = /^quantity_updates\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (q) return q[2] === "starting_at" ? quantityFields.when(Number(q[1])) : quantityFields.value(Number(q[1]));
  const s = /^seat_updates\.(\w+)\[\d+\](?:\.(\w+))?/.exec(path);
  if (s) {
    const [, op, leaf] = s;
    if (leaf === "starting_at") return seatFields.when;
    if (action === "reassign") return op === "remove_seat_ids" ? seatFields.from : seatFields.to;
    if (op === "add_seat_ids" || op === "remove_seat_ids") return seatFields.ids;
    return seatFields.unassigned;
  }
  return "form";
}

/** Adds the domain's issues (validation and seat policy) to the form's messages. */
export function withIssues(messages: FieldMessages, issues: readonly EditIssue[], action: SeatAction | null): FieldMessages {
  const out: FieldMessages = {
    errors: Object.fromEntries(Object.entries(messages.errors).map(([k, v]) => [k, [...v]])),
    warnings: Object.fromEntries(Object.entries(messages.warnings).map(([k, v]) => [k, [...v]])),
  };
  for (const issue of issues) {
    if (issue.code === "nothing_to_change" || issue.code === "missing_data") continue;
    const field = fieldForIssue(issue.path, action);
    add(issue.severity === "error" ? out.errors : out.warnings, field, issue.message);
  }
  return out;
}
