/**
 * Request readers for what a contract grants: commits (PREPAID, POSTPAID), credits, recurring
 * credits and recurring commits, as `/v1/contracts/create` and `/v2/contracts/edit` take them
 * (`commits`/`add_commits`, `credits`/`add_credits`, `recurring_*`/`add_recurring_*`).
 */
import type { Ctx } from "./context";
import { badRequest } from "./errors";
import { newPaymentGate, parsePaymentGateConfig } from "./payment-gates";
import {
  asBody, optArray, optBool, optDate, optEnum, optNumber, optObject, optString, optStringArray, optUuid, parseRounding, reqArray,
  reqDate, reqEnum, reqHourDate, reqNumber, reqObject, reqString, reqUuid, stringMap, type Body,
} from "./input";
import {
  USD_CENTS_ID, type ApplicabilityRecord, type CommitRecord, type ContractRecord, type InvoiceItemRecord, type PaymentGateRecord, type ProductRecord,
  type RecurringCommitRecord, type RecurringCreditRecord, type ScheduleItemRecord, type SpecifierRecord,
} from "./state";

/** The contract being built or edited, the instant, and the temporary ids its subscriptions were given. */
export interface GrantDraft {
  contract: ContractRecord;
  now: number;
  tempIds: Map<string, string>;
  /** An edit of an existing contract (payment-gated commits can only be added by one). */
  editing: boolean;
}

/** Commits and credits on contracts apply first when their priority is lowest; absent, it is 100 as for threshold commits. */
const DEFAULT_PRIORITY = 100;
const RATE_TYPES = ["COMMIT_RATE", "LIST_RATE"] as const;

function findProduct(ctx: Ctx, body: Body, key: string, path: string): ProductRecord {
  const id = reqUuid(body, key, `${path}.${key}`);
  const product = ctx.state.products.find((p) => p.id === id);
  if (!product) throw badRequest(`${path}.${key}: product ${id} not found`);
  return product;
}

function creditType(ctx: Ctx, body: Body, path: string, required: boolean): string {
  const id = required ? reqUuid(body, "credit_type_id", `${path}.credit_type_id`) : optUuid(body, "credit_type_id", `${path}.credit_type_id`) ?? USD_CENTS_ID;
  if (!ctx.state.credit_types.some((t) => t.id === id)) throw badRequest(`${path}.credit_type_id: credit type ${id} not found`);
  return id;
}

function parseSpecifier(ctx: Ctx, raw: unknown, path: string): SpecifierRecord {
  const body = asBody(raw, path);
  const productId = optUuid(body, "product_id", `${path}.product_id`);
  if (productId !== undefined && !ctx.state.products.some((p) => p.id === productId)) throw badRequest(`${path}.product_id: product ${productId} not found`);
  const tags = optStringArray(body, "product_tags", `${path}.product_tags`);
  const presentation = stringMap(body, "presentation_group_values", `${path}.presentation_group_values`);
  const pricing = stringMap(body, "pricing_group_values", `${path}.pricing_group_values`);
  return {
    ...(productId !== undefined ? { product_id: productId } : {}),
    ...(tags !== undefined ? { product_tags: tags } : {}),
    ...(presentation !== undefined ? { presentation_group_values: presentation } : {}),
    ...(pricing !== undefined ? { pricing_group_values: pricing } : {}),
  };
}

/** applicable_product_ids / applicable_product_tags / specifiers; specifiers "cannot be used together with" the other two. */
export function parseApplicability(ctx: Ctx, body: Body, path: string): ApplicabilityRecord {
  const ids = optStringArray(body, "applicable_product_ids", `${path}.applicable_product_ids`);
  ids?.forEach((id, i) => {
    if (!ctx.state.products.some((p) => p.id === id)) throw badRequest(`${path}.applicable_product_ids[${i}]: product ${id} not found`);
  });
  const tags = optStringArray(body, "applicable_product_tags", `${path}.applicable_product_tags`);
  const specifiers = optArray(body, "specifiers", `${path}.specifiers`)?.map((s, i) => parseSpecifier(ctx, s, `${path}.specifiers[${i}]`));
  if (specifiers && specifiers.length > 0 && ((ids?.length ?? 0) > 0 || (tags?.length ?? 0) > 0)) {
    throw badRequest(`${path}.specifiers cannot be used together with applicable_product_ids or applicable_product_tags`);
  }
  return {
    ...(ids !== undefined ? { applicable_product_ids: ids } : {}),
    ...(tags !== undefined ? { applicable_product_tags: tags } : {}),
    ...(specifiers !== undefined ? { specifiers } : {}),
  };
}

function parseAccessSchedule(ctx: Ctx, body: Body, path: string): { credit_type_id: string; items: ScheduleItemRecord[] } {
  const schedule = reqObject(body, "access_schedule", `${path}.access_schedule`);
  const items = reqArray(schedule, "schedule_items", `${path}.access_schedule.schedule_items`);
  if (items.length === 0) throw badRequest(`${path}.access_schedule.schedule_items must not be empty`);
  return {
    credit_type_id: creditType(ctx, schedule, `${path}.access_schedule`, false),
    items: items.map((raw, i) => {
      const ip = `${path}.access_schedule.schedule_items[${i}]`;
      const item = asBody(raw, ip);
      const amount = reqNumber(item, "amount", `${ip}.amount`);
      if (amount < 0) throw badRequest(`${ip}.amount must not be negative`);
      // "Define the date ranges by any hour-aligned time."
      const startingAt = reqHourDate(item, "starting_at", `${ip}.starting_at`);
      const endingBefore = reqHourDate(item, "ending_before", `${ip}.ending_before`);
      if (endingBefore <= startingAt) throw badRequest(`${ip}.ending_before must be after starting_at`);
      return { id: ctx.newId(), amount, starting_at: startingAt, ending_before: endingBefore };
    }),
  };
}

/** "Either provide amount or provide both unit_price and quantity"; an amount alone is a unit price with quantity 1. */
function parseInvoiceItem(ctx: Ctx, raw: unknown, path: string): InvoiceItemRecord {
  const item = asBody(raw, path);
  const timestamp = reqDate(item, "timestamp", `${path}.timestamp`);
  const amount = optNumber(item, "amount", `${path}.amount`);
  const unitPrice = optNumber(item, "unit_price", `${path}.unit_price`);
  const quantity = optNumber(item, "quantity", `${path}.quantity`);
  if (amount !== undefined && (unitPrice !== undefined || quantity !== undefined)) {
    throw badRequest(`${path}: provide either amount or both unit_price and quantity`);
  }
  if (amount === undefined && (unitPrice === undefined || quantity === undefined)) {
    throw badRequest(`${path}: provide either amount or both unit_price and quantity`);
  }
  const unit = amount ?? unitPrice ?? 0;
  const qty = amount !== undefined ? 1 : quantity ?? 1;
  if (unit < 0 || qty < 0) throw badRequest(`${path}: amounts must not be negative`);
  return { id: ctx.newId(), timestamp, unit_price: unit, quantity: qty, amount: Number((unit * qty).toPrecision(12)) };
}

function parseInvoiceSchedule(ctx: Ctx, body: Body, path: string): CommitRecord["invoice_schedule"] {
  const schedule = optObject(body, "invoice_schedule", `${path}.invoice_schedule`);
  if (!schedule) return undefined;
  if (schedule.recurring_schedule !== undefined && schedule.recurring_schedule !== null) {
    throw badRequest(`${path}.invoice_schedule.recurring_schedule is not supported by simulator; use schedule_items`);
  }
  const items = (optArray(schedule, "schedule_items", `${path}.invoice_schedule.schedule_items`) ?? []).map((raw, i) =>
    parseInvoiceItem(ctx, raw, `${path}.invoice_schedule.schedule_items[${i}]`),
  );
  return {
    credit_type_id: creditType(ctx, schedule, `${path}.invoice_schedule`, false),
    do_not_invoice: optBool(schedule, "do_not_invoice", `${path}.invoice_schedule.do_not_invoice`) ?? false,
    items,
  };
}

/** The fields commits and credits share. */
function parseGrantBase(ctx: Ctx, body: Body, path: string, draft: GrantDraft): Omit<CommitRecord, "type" | "invoice_schedule"> {
  const product = findProduct(ctx, body, "product_id", path);
  const access = parseAccessSchedule(ctx, body, path);
  const rollover = optNumber(body, "rollover_fraction", `${path}.rollover_fraction`);
  if (rollover !== undefined && (rollover < 0 || rollover > 1)) throw badRequest(`${path}.rollover_fraction must be between 0 and 1`);
  return {
    ...parseApplicability(ctx, body, path),
    id: ctx.newId(),
    product_id: product.id,
    product_name: product.name,
    name: optString(body, "name", `${path}.name`),
    description: optString(body, "description", `${path}.description`),
    priority: optNumber(body, "priority", `${path}.priority`) ?? DEFAULT_PRIORITY,
    rate_type: optEnum(body, "rate_type", RATE_TYPES, `${path}.rate_type`) ?? "LIST_RATE",
    credit_type_id: access.credit_type_id,
    access_schedule: access.items,
    custom_fields: stringMap(body, "custom_fields", `${path}.custom_fields`),
    rollover_fraction: rollover,
    created_at: draft.now,
  };
}

/**
 * A commit: PREPAID ("invoice_schedule optional: if omitted, creates a commit without an invoice")
 * or POSTPAID ("invoice_schedule is required and must match access_schedule totals"; "only one
 * schedule item is allowed in both schedules").
 */
export function parseCommit(ctx: Ctx, body: Body, path: string, draft: GrantDraft): CommitRecord {
  const type = reqEnum(body, "type", ["PREPAID", "POSTPAID"] as const, `${path}.type`);
  if (body.amount !== undefined && body.access_schedule === undefined) throw badRequest(`${path}.amount is deprecated; use access_schedule and invoice_schedule`);
  const base = parseGrantBase(ctx, body, path, draft);
  const invoice = parseInvoiceSchedule(ctx, body, path);
  const gate = parseGate(body, path, draft, type, invoice, base.id);
  if (type === "POSTPAID") {
    if (base.access_schedule.length !== 1) throw badRequest(`${path}: a POSTPAID commit allows only one access_schedule item`);
    if (!invoice || invoice.items.length !== 1) throw badRequest(`${path}.invoice_schedule with one schedule item is required for a POSTPAID commit (the true-up invoice)`);
    const access = base.access_schedule[0]?.amount ?? 0;
    if (Math.abs((invoice.items[0]?.amount ?? 0) - access) > 1e-9) throw badRequest(`${path}: the invoice_schedule total must match the access_schedule amount (${access})`);
  }
  return { ...base, type, invoice_schedule: invoice, ...(gate ? { payment_gate: gate } : {}) };
}

/**
 * A commit's `payment_gate_config`: "Payment gated commits can only be added to existing contracts"
 * (DOC manual-payment-gated-commits); the payment is "based on the invoice amount of the commit",
 * so a gated commit is a PREPAID one with one invoice schedule item.
 */
function parseGate(body: Body, path: string, draft: GrantDraft, type: CommitRecord["type"], invoice: CommitRecord["invoice_schedule"], commitId: string): PaymentGateRecord | undefined {
  const configPath = `${path}.payment_gate_config`;
  const raw = optObject(body, "payment_gate_config", configPath);
  const config = raw ? parsePaymentGateConfig(raw, configPath) : undefined;
  const gate = newPaymentGate(commitId, config, "manual_commit", draft.now);
  if (!gate) return undefined;
  if (!draft.editing) throw badRequest(`${configPath}: payment-gated commits can only be added to existing contracts (add_commits of /v2/contracts/edit)`);
  if (type !== "PREPAID") throw badRequest(`${configPath}: only PREPAID commits can be payment gated`);
  if (!invoice || invoice.do_not_invoice || invoice.items.length !== 1) {
    throw badRequest(`${path}.invoice_schedule with exactly one schedule item (and do_not_invoice false) is required for a payment-gated commit`);
  }
  return gate;
}

/** A credit: a free balance ("Schedule for distributing the credit to the customer"). */
export function parseCredit(ctx: Ctx, body: Body, path: string, draft: GrantDraft): CommitRecord {
  if (body.invoice_schedule !== undefined) throw badRequest(`${path}.invoice_schedule is only for commits`);
  return { ...parseGrantBase(ctx, body, path, draft), type: "CREDIT", invoice_schedule: undefined };
}

const RECURRENCES = ["MONTHLY", "QUARTERLY", "ANNUAL", "WEEKLY", "DAILY"] as const;

function parseSubscriptionConfig(body: Body, path: string, draft: GrantDraft, recurrence: RecurringCreditRecord["recurrence_frequency"]): RecurringCreditRecord["subscription"] {
  const config = optObject(body, "subscription_config", `${path}.subscription_config`);
  if (!config) return undefined;
  const ref = reqString(config, "subscription_id", `${path}.subscription_config.subscription_id`);
  const subId = draft.tempIds.get(ref) ?? ref;
  const sub = draft.contract.subscriptions.find((s) => s.id === subId);
  if (!sub) throw badRequest(`${path}.subscription_config.subscription_id: subscription ${ref} not found on the contract`);
  const increase = reqObject(config, "apply_seat_increase_config", `${path}.subscription_config.apply_seat_increase_config`);
  const isProrated = optBool(increase, "is_prorated", `${path}.subscription_config.apply_seat_increase_config.is_prorated`);
  if (isProrated === undefined) throw badRequest(`${path}.subscription_config.apply_seat_increase_config.is_prorated is required`);
  const allocation = optEnum(config, "allocation", ["POOLED", "INDIVIDUAL"] as const, `${path}.subscription_config.allocation`) ?? "POOLED";
  if (allocation === "INDIVIDUAL" && sub.quantity_management_mode !== "SEAT_BASED") {
    throw badRequest(`${path}.subscription_config.allocation INDIVIDUAL requires a SEAT_BASED subscription`);
  }
  if (recurrence === "DAILY" && sub.quantity_management_mode === "SEAT_BASED") {
    throw badRequest(`${path}.recurrence_frequency DAILY cannot be used with seat-based subscriptions`);
  }
  return { subscription_id: sub.id, allocation, is_prorated: isProrated };
}

/**
 * The terms recurring credits and recurring commits share. `siblings` are the contract's recurring
 * records of the same kind: "Daily recurring commits have a limit of one per contract".
 */
function parseRecurring(ctx: Ctx, body: Body, path: string, draft: GrantDraft, siblings: readonly RecurringCreditRecord[]): RecurringCreditRecord {
  const { contract } = draft;
  const access = reqObject(body, "access_amount", `${path}.access_amount`);
  const creditTypeId = creditType(ctx, access, `${path}.access_amount`, true);
  const unitPrice = reqNumber(access, "unit_price", `${path}.access_amount.unit_price`);
  if (unitPrice < 0) throw badRequest(`${path}.access_amount.unit_price must not be negative`);
  const quantity = optNumber(access, "quantity", `${path}.access_amount.quantity`);
  const duration = reqObject(body, "commit_duration", `${path}.commit_duration`);
  const durationValue = reqNumber(duration, "value", `${path}.commit_duration.value`);
  if (!Number.isInteger(durationValue) || durationValue < 1) throw badRequest(`${path}.commit_duration.value must be a positive integer`);
  const priority = reqNumber(body, "priority", `${path}.priority`);
  const product = findProduct(ctx, body, "product_id", path);
  const startingAt = reqDate(body, "starting_at", `${path}.starting_at`);
  const endingBefore = optDate(body, "ending_before", `${path}.ending_before`) ?? null;
  if (endingBefore !== null && endingBefore <= startingAt) throw badRequest(`${path}.ending_before must be after starting_at`);
  if (startingAt < contract.starting_at) throw badRequest(`${path}.starting_at must not be before the contract starts`);
  const recurrence = optEnum(body, "recurrence_frequency", RECURRENCES, `${path}.recurrence_frequency`);
  const proration = optEnum(body, "proration", ["NONE", "FIRST", "LAST", "FIRST_AND_LAST"] as const, `${path}.proration`) ?? "FIRST_AND_LAST";
  const roundingBody = optObject(body, "proration_rounding", `${path}.proration_rounding`);
  const rounding = parseRounding(roundingBody ? optObject(roundingBody, "access", `${path}.proration_rounding.access`) : undefined, `${path}.proration_rounding.access`);
  const rateType = optEnum(body, "rate_type", RATE_TYPES, `${path}.rate_type`) ?? "LIST_RATE";
  const subscription = parseSubscriptionConfig(body, path, draft, recurrence);
  if (subscription && quantity !== undefined) throw badRequest(`${path}.access_amount.quantity must not be set when subscription_config is set`);
  if (!subscription && quantity === undefined) throw badRequest(`${path}.access_amount.quantity is required unless a subscription is attached`);
  if (recurrence === "DAILY" && siblings.some((r) => r.recurrence_frequency === "DAILY")) {
    throw badRequest(`${path}.recurrence_frequency DAILY is limited to one per contract`);
  }
  return {
    ...parseApplicability(ctx, body, path),
    id: ctx.newId(),
    product_id: product.id,
    product_name: product.name,
    name: optString(body, "name", `${path}.name`),
    credit_type_id: creditTypeId,
    unit_price: unitPrice,
    quantity,
    commit_duration: durationValue,
    priority,
    rate_type: rateType,
    starting_at: startingAt,
    ending_before: endingBefore,
    recurrence_frequency: recurrence,
    proration,
    proration_rounding: rounding,
    subscription,
    created_at: draft.now,
  };
}

export function parseRecurringCredit(ctx: Ctx, body: Body, path: string, draft: GrantDraft): RecurringCreditRecord {
  return parseRecurring(ctx, body, path, draft, draft.contract.recurring_credits);
}

/** A recurring commit: a recurring credit's terms plus what each created commit is invoiced (`invoice_amount`, optional). */
export function parseRecurringCommit(ctx: Ctx, body: Body, path: string, draft: GrantDraft): RecurringCommitRecord {
  const terms = parseRecurring(ctx, body, path, draft, draft.contract.recurring_commits);
  const invoice = optObject(body, "invoice_amount", `${path}.invoice_amount`);
  let invoiceAmount: RecurringCommitRecord["invoice_amount"];
  if (invoice) {
    const unitPrice = reqNumber(invoice, "unit_price", `${path}.invoice_amount.unit_price`);
    const quantity = reqNumber(invoice, "quantity", `${path}.invoice_amount.quantity`);
    if (unitPrice < 0 || quantity < 0) throw badRequest(`${path}.invoice_amount must not be negative`);
    invoiceAmount = { credit_type_id: creditType(ctx, invoice, `${path}.invoice_amount`, true), unit_price: unitPrice, quantity };
  }
  const roundingBody = optObject(body, "proration_rounding", `${path}.proration_rounding`);
  const invoiceRounding = parseRounding(roundingBody ? optObject(roundingBody, "invoice", `${path}.proration_rounding.invoice`) : undefined, `${path}.proration_rounding.invoice`);
  return { ...terms, invoice_amount: invoiceAmount, invoice_rounding: invoiceRounding };
}

/** Reads one optional array of grants with `parse`, each item named by its index. */
export function parseEach<T>(body: Body, key: string, parse: (item: Body, path: string) => T): T[] {
  return (optArray(body, key) ?? []).map((item, i) => parse(asBody(item, `${key}[${i}]`), `${key}[${i}]`));
}
