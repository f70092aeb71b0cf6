/**
 * The write operations the dashboard may ask for, parsed at the boundary. A request body is never
 * forwarded: it is parsed with a schema (unknown fields refused, every value the policy reads
 * normalised) into one of these operations, and the server builds the Metronome request itself
 * from the parsed operation (see seat-edit.ts and alerts.ts), so the policy sees exactly what goes
 * upstream.
 */
import { z } from "zod";
import { HOUR_MS } from "../domain/time";
import { HttpError } from "./errors";
import { parseJsonObject } from "./json";

/** Seat IDs in one edit, across every list (the seat cap of a subscription). */
const MAX_SEAT_IDS_PER_EDIT = 1000;
const MAX_SEAT_ID_LENGTH = 255;
/** Larger than any seat count Metronome or a policy allows; keeps arithmetic exact. */
const MAX_QUANTITY = 1_000_000;
const MAX_CHANGES = 20;

const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const KEY_SHAPE = /^[\x21-\x7e]{1,64}$/;
// RFC 3339 with an explicit offset: 2026-12-01T14:00:00Z, 2026-12-01T15:00:00+01:00.
const INSTANT_SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;
const TIME_HINT = "a full date and time on the hour with its offset, e.g. 2026-12-01T14:00:00Z";

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Epoch ms of an RFC 3339 instant whose fields are all in range; null otherwise. */
function strictInstant(text: string): number | null {
  const m = INSTANT_SHAPE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "0", , zone, oh = "0", om = "0"] = m;
  const year = Number(y);
  const month = Number(mo);
  if (year < 2000 || year > 2200 || month < 1 || month > 12) return null;
  if (Number(d) < 1 || Number(d) > daysInMonth(year, month)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  if (zone !== "Z" && (Number(oh) > 23 || Number(om) > 59)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** An instant on the hour, normalised to Metronome's form (`2026-12-01T14:00:00.000Z`). */
const hourInstant = z.string().transform((text, ctx) => {
  const ms = strictInstant(text);
  if (ms === null) {
    ctx.addIssue({ code: "custom", message: `must be ${TIME_HINT} (got ${JSON.stringify(text.slice(0, 40))})` });
    return z.NEVER;
  }
  if (ms % HOUR_MS !== 0) {
    ctx.addIssue({ code: "custom", message: `must be on the hour (minutes, seconds and fractions zero), e.g. ${new Date(ms - (ms % HOUR_MS)).toISOString()}` });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

const id = (what: string) => z.string().regex(ID_SHAPE, `must be a ${what} id (letters, digits, - and _; at most 64 characters)`);
/** Contract and subscription ids name the lock and the audit rows: one spelling each (Metronome's ids are lower-case UUIDs). */
const lowerId = (what: string) => id(what).transform((value) => value.toLowerCase());

/** A seat ID: trimmed, NFC, well-formed, printable, bounded. */
const seatId = z.string().transform((raw, ctx) => {
  // Lone surrogates are \p{Cs} in a unicode-mode pattern: refused before normalising.
  if (/[\p{Cc}\p{Cs}\u2028\u2029]/u.test(raw)) {
    ctx.addIssue({ code: "custom", message: "must not contain control characters" });
    return z.NEVER;
  }
  const value = raw.normalize("NFC").trim();
  if (value.length === 0 || value.length > MAX_SEAT_ID_LENGTH) {
    ctx.addIssue({ code: "custom", message: `must be 1 to ${MAX_SEAT_ID_LENGTH} characters` });
    return z.NEVER;
  }
  return value;
});

const wholeNumber = (min: number) =>
  z.number().int("must be an integer (a whole number)").min(min, `must be at least ${min}`).max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`);

const quantityUpdate = z
  .strictObject({
    starting_at: hourInstant,
    quantity: wholeNumber(0).optional(),
    quantity_delta: z
      .number()
      .int("must be an integer (a whole number)")
      .min(-MAX_QUANTITY, `must be at least -${MAX_QUANTITY}`)
      .max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`)
      .refine((n) => n !== 0, "must not be 0 (a change of 0 seats does nothing)")
      .optional(),
  })
  .refine((u) => (u.quantity === undefined) !== (u.quantity_delta === undefined), "needs exactly one of quantity (a new total) or quantity_delta (a change)");

const seatIdChange = z
  .strictObject({ starting_at: hourInstant, seat_ids: z.array(seatId).min(1, "must not be empty (list at least one seat ID)").max(MAX_SEAT_IDS_PER_EDIT) })
  .superRefine((change, ctx) => {
    const seen = new Set<string>();
    change.seat_ids.forEach((seat, i) => {
      if (seen.has(seat)) ctx.addIssue({ code: "custom", path: ["seat_ids", i], message: `lists ${JSON.stringify(seat)} twice` });
      seen.add(seat);
    });
  });
const unassignedChange = z.strictObject({ starting_at: hourInstant, quantity: wholeNumber(1) });
const changes = <T extends z.ZodType>(item: T) => z.array(item).min(1, "must hold at least one change").max(MAX_CHANGES, `must hold at most ${MAX_CHANGES} changes`).optional();

const seatUpdates = z
  .strictObject({
    add_seat_ids: changes(seatIdChange),
    remove_seat_ids: changes(seatIdChange),
    add_unassigned_seats: changes(unassignedChange),
    remove_unassigned_seats: changes(unassignedChange),
  })
  .refine((s) => Object.values(s).some((list) => list !== undefined), "must hold at least one of add_seat_ids, remove_seat_ids, add_unassigned_seats, remove_unassigned_seats")
  .refine(
    (s) => [...(s.add_seat_ids ?? []), ...(s.remove_seat_ids ?? [])].reduce((n, c) => n + c.seat_ids.length, 0) <= MAX_SEAT_IDS_PER_EDIT,
    `may name at most ${MAX_SEAT_IDS_PER_EDIT} seat IDs in all`,
  );

const subscriptionUpdate = z
  .strictObject({
    subscription_id: lowerId("subscription"),
    quantity_updates: changes(quantityUpdate),
    seat_updates: seatUpdates.optional(),
  })
  .refine((u) => (u.quantity_updates === undefined) !== (u.seat_updates === undefined), "needs exactly one of quantity_updates (seat counts) or seat_updates (named seats)");

const SEAT_EDIT_FIELDS = "customer_id, contract_id, uniqueness_key and one update_subscriptions item {subscription_id, quantity_updates | seat_updates}";

const seatEditSchema = z.strictObject({
  customer_id: id("customer"),
  contract_id: lowerId("contract"),
  uniqueness_key: z.string().regex(KEY_SHAPE, "must be 1 to 64 printable ASCII characters without spaces").optional(),
  update_subscriptions: z.array(subscriptionUpdate).length(1, "must hold exactly one subscription's changes"),
});

/** One seat edit: the quantity or the seats of one existing subscription, from the given hours on. */
export type SeatEditOperation = Omit<z.infer<typeof seatEditSchema>, "update_subscriptions"> & { update: z.infer<typeof subscriptionUpdate> };

const ALERT_TYPES = ["low_remaining_contract_credit_balance_reached", "low_remaining_contract_credit_and_commit_balance_reached", "low_remaining_seat_balance_reached"] as const;
const ALERT_CREATE_FIELDS = "customer_id, alert_type, name, credit_type_id, threshold, uniqueness_key, seat_filter, evaluate_on_create";

const alertCreateSchema = z
  .strictObject({
    customer_id: id("customer"),
    alert_type: z.enum(ALERT_TYPES, { error: `must be one of ${ALERT_TYPES.join(", ")}` }),
    name: z.string().transform((s) => s.normalize("NFC").trim()).pipe(z.string().min(1, "must not be empty").max(200, "must be at most 200 characters").regex(/^[^\p{Cc}\p{Cs}]*$/u, "must not contain control characters")),
    credit_type_id: id("credit type"),
    threshold: z.number().finite().min(0, "must be 0 or more").max(1e15, "is too large"),
    uniqueness_key: z.string().regex(KEY_SHAPE, "must be 1 to 64 printable ASCII characters without spaces"),
    seat_filter: z.strictObject({ seat_group_key: z.string().min(1).max(100).regex(/^[\x21-\x7e]+$/, "must be printable ASCII"), seat_group_value: seatId.optional() }).optional(),
    evaluate_on_create: z.boolean().optional(),
  })
  .refine((a) => (a.alert_type === "low_remaining_seat_balance_reached") === (a.seat_filter !== undefined), "seat_filter is required for seat alerts and only allowed for them");
export type AlertCreateOperation = z.infer<typeof alertCreateSchema>;

const alertArchiveSchema = z.strictObject({
  customer_id: id("customer"),
  id: id("alert"),
  release_uniqueness_key: z.boolean().optional(),
});
export type AlertArchiveOperation = z.infer<typeof alertArchiveSchema>;

const ARTICLE: Record<string, string> = { array: "an array", object: "an object", integer: "an integer" };

/** Zod's own wording ("Invalid input: …", "Too big: …") in this server's words; messages set in the schemas are kept. */
function rephrased(issue: z.core.$ZodIssue): string {
  const unit = (origin: string) => (origin === "array" ? " items" : origin === "string" ? " characters" : "");
  const verb = (origin: string) => (origin === "array" ? "hold" : "be");
  switch (issue.code) {
    case "invalid_type":
      return issue.message.endsWith(" received undefined") ? "is required" : `must be ${ARTICLE[issue.expected] ?? `a ${issue.expected}`}`;
    case "too_big":
      return `must ${verb(issue.origin)} at most ${String(issue.maximum)}${unit(issue.origin)}`;
    case "too_small":
      return `must ${verb(issue.origin)} at least ${String(issue.minimum)}${unit(issue.origin)}`;
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")}`;
    default:
      return issue.message;
  }
}

function describePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/** One sentence for the first problem: the field it names and what is allowed. */
export function firstProblem(error: z.ZodError, allowed: string): string {
  // A field that may not be sent at all is the problem to name first.
  const issue = error.issues.find((i) => i.code === "unrecognized_keys") ?? error.issues[0];
  if (!issue) return "The request is not valid";
  const where = describePath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const field = [where, issue.keys[0]].filter(Boolean).join(".");
    return `Field "${field}" is not allowed here. This request may contain only ${allowed}`;
  }
  const text = /^(Invalid|Too (big|small))/.test(issue.message) ? rephrased(issue) : issue.message;
  return where === "" ? text : `${where} ${text}`;
}

function parseWith<S extends z.ZodType>(schema: S, bodyText: string, allowed: string): z.output<S> {
  const result = schema.safeParse(parseJsonObject(bodyText));
  if (!result.success) throw new HttpError(400, firstProblem(result.error, allowed), "invalid_operation");
  return result.data;
}

export function parseSeatEdit(bodyText: string): SeatEditOperation {
  const { update_subscriptions: [update], ...rest } = parseWith(seatEditSchema, bodyText, SEAT_EDIT_FIELDS);
  return { ...rest, update: update! };
}

export const parseAlertCreate = (bodyText: string): AlertCreateOperation => parseWith(alertCreateSchema, bodyText, ALERT_CREATE_FIELDS);
export const parseAlertArchive = (bodyText: string): AlertArchiveOperation => parseWith(alertArchiveSchema, bodyText, "customer_id, id, release_uniqueness_key");

/** Every starting_at of a parsed subscription update, as epoch ms. */
export function changeTimes(update: SeatEditOperation["update"]): number[] {
  const seat = update.seat_updates;
  const items = [
    ...(update.quantity_updates ?? []),
    ...(seat?.add_seat_ids ?? []),
    ...(seat?.remove_seat_ids ?? []),
    ...(seat?.add_unassigned_seats ?? []),
    ...(seat?.remove_unassigned_seats ?? []),
  ];
  return items.map((item) => Date.parse(item.starting_at));
}

// ─── Top-ups and auto-recharge (top-ups.ts, auto-recharge.ts) ───────────────────────────────

/** Credits and balances of auto-recharge: non-negative, finite, bounded further by the operator (AUTO_RECHARGE_BOUNDS). */
const creditAmount = z.number().finite("must be a finite number").min(0, "must be 0 or more").max(1e12, "is too large");
const uniquenessKey = z.string().regex(KEY_SHAPE, "must be 1 to 64 printable ASCII characters without spaces");

const TOP_UP_FIELDS = "customer_id, contract_id, pack_id, seat_id and uniqueness_key (the price and the credits come from the pack)";
const topUpSchema = z.strictObject({
  customer_id: id("customer"),
  contract_id: lowerId("contract"),
  pack_id: id("pack"),
  seat_id: seatId.optional(),
  uniqueness_key: uniquenessKey,
});
/** One purchase of a catalogue pack: which pack, for which contract; never a price or an amount. */
export type TopUpOperation = z.infer<typeof topUpSchema>;
export const parseTopUp = (bodyText: string): TopUpOperation => parseWith(topUpSchema, bodyText, TOP_UP_FIELDS);

const AUTO_RECHARGE_FIELDS = "customer_id, contract_id, enabled, threshold, recharge_to and uniqueness_key";
const autoRechargeSchema = z
  .strictObject({
    customer_id: id("customer"),
    contract_id: lowerId("contract"),
    enabled: z.boolean(),
    threshold: creditAmount,
    recharge_to: creditAmount,
    uniqueness_key: uniquenessKey,
  })
  .refine((s) => s.recharge_to > s.threshold, { path: ["recharge_to"], message: "must be above threshold (a recharge brings the balance back up to it)" });
/** The auto-recharge settings of one contract; the operator's bounds are checked by auto-recharge.ts. */
export type AutoRechargeOperation = z.infer<typeof autoRechargeSchema>;
export const parseAutoRecharge = (bodyText: string): AutoRechargeOperation => parseWith(autoRechargeSchema, bodyText, AUTO_RECHARGE_FIELDS);
