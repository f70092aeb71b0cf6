/** Contract creation, reads, edits and the subscription history endpoints. */
import type { ContractCreateResponse, ContractGetSubscriptionSeatsHistoryResponse, ContractRetrieveSubscriptionQuantityHistoryResponse } from "@metronome/sdk/resources/v1/contracts/contracts";
import type { ContractEditResponse, ContractGetEditHistoryResponse, ContractListResponse, ContractRetrieveResponse } from "@metronome/sdk/resources/v2/contracts";
import { subscriptionEnd, unitPriceAt, billingPeriods } from "./billing";
import { conflict, findContract, findCustomer, type Ctx, type Handler } from "./context";
import { ApiError, badRequest, invalidArgument } from "./errors";
import { decodeCursor, encodeCursor } from "./ids";
import {
  asBody, optArray, optBool, optDate, optEnum, optInt, optNumber, optObject, optString, optStringArray, parseRounding, reqEnum,
  reqHourDate, reqObject, reqString, reqUuid, stringMap, type Body,
} from "./input";
import { parseCommit, parseCredit, parseEach, parseRecurringCommit, parseRecurringCredit } from "./grant-input";
import { attemptPayment } from "./payment-gates";
import { parseThresholdConfig, renderThresholdConfig, updateThresholdConfig } from "./threshold-config";
import { renderAddedSubscription, renderContract } from "./render";
import { addedGrantsEcho, type AddedGrants } from "./render-grants";
import type { ContractRecord, SeatOp, SubscriptionEvent, SubscriptionRecord } from "./state";
import { iso, isHourAligned, monthStart } from "./time";
import { replay, SEAT_OP_RANK, segmentAt } from "./timeline";

const FREQUENCIES = ["MONTHLY", "QUARTERLY", "ANNUAL", "WEEKLY"] as const;

function uniqueIds(ids: string[], path: string): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) {
    if (id.length === 0) throw badRequest(`${path} must not contain empty seat IDs`);
    if (seen.has(id)) dup.add(id);
    seen.add(id);
  }
  if (dup.size) throw badRequest(`${path} contains duplicate seat IDs: ${JSON.stringify([...dup])}`);
  return ids;
}

interface Draft {
  contract: ContractRecord;
  request: number;
  now: number;
  tempIds: Map<string, string>;
  editing: boolean;
}

function parseSubscription(ctx: Ctx, body: Body, path: string, draft: Draft): SubscriptionRecord {
  const { contract } = draft;
  const collection = reqEnum(body, "collection_schedule", ["ADVANCE", "ARREARS"] as const, `${path}.collection_schedule`);
  const proration = reqObject(body, "proration", `${path}.proration`);
  const isProrated = optBool(proration, "is_prorated", `${path}.proration.is_prorated`) ?? true;
  const behavior =
    optEnum(proration, "invoice_behavior", ["BILL_IMMEDIATELY", "BILL_ON_NEXT_COLLECTION_DATE"] as const, `${path}.proration.invoice_behavior`) ??
    "BILL_ON_NEXT_COLLECTION_DATE";
  if (behavior === "BILL_IMMEDIATELY" && collection === "ARREARS") {
    throw badRequest(`${path}: proration.invoice_behavior BILL_IMMEDIATELY is only available when collection_schedule is ADVANCE`);
  }
  const rounding = parseRounding(optObject(proration, "rounding", `${path}.proration.rounding`), `${path}.proration.rounding`);
  const rate = reqObject(body, "subscription_rate", `${path}.subscription_rate`);
  const frequency = reqEnum(rate, "billing_frequency", FREQUENCIES, `${path}.subscription_rate.billing_frequency`);
  const productId = reqUuid(rate, "product_id", `${path}.subscription_rate.product_id`);
  const product = ctx.state.products.find((p) => p.id === productId);
  if (!product) throw badRequest(`${path}.subscription_rate.product_id: product ${productId} not found`);
  const mode = optEnum(body, "quantity_management_mode", ["QUANTITY_ONLY", "SEAT_BASED"] as const, `${path}.quantity_management_mode`) ?? "QUANTITY_ONLY";
  const initialQuantity = optNumber(body, "initial_quantity", `${path}.initial_quantity`);
  let initialSeatIds: string[] = [];
  let unassigned: number;
  let seatGroupKey: string | undefined;
  if (mode === "SEAT_BASED") {
    const seatConfig = optObject(body, "seat_config", `${path}.seat_config`);
    if (!seatConfig) throw badRequest(`${path}.seat_config is required when quantity_management_mode is SEAT_BASED`);
    seatGroupKey = reqString(seatConfig, "seat_group_key", `${path}.seat_config.seat_group_key`);
    const ids = optStringArray(seatConfig, "initial_seat_ids", `${path}.seat_config.initial_seat_ids`);
    if (ids === undefined) throw badRequest(`${path}.seat_config.initial_seat_ids is required`);
    initialSeatIds = uniqueIds(ids, `${path}.seat_config.initial_seat_ids`);
    unassigned = optInt(seatConfig, "initial_unassigned_seats", 0, Number.MAX_SAFE_INTEGER, `${path}.seat_config.initial_unassigned_seats`) ?? 0;
    if (initialSeatIds.length + unassigned > ctx.maxSeats) throw new ApiError(422, `Subscription cannot have more than ${ctx.maxSeats} seats`);
  } else {
    if (body.seat_config !== undefined && body.seat_config !== null) throw badRequest(`${path}.seat_config is only allowed when quantity_management_mode is SEAT_BASED`);
    if (initialQuantity === undefined) throw badRequest(`${path}.initial_quantity is required when quantity_management_mode is QUANTITY_ONLY`);
    if (initialQuantity < 0 || !Number.isInteger(initialQuantity)) throw badRequest(`${path}.initial_quantity must be a non-negative integer, got ${initialQuantity}`);
    unassigned = initialQuantity;
  }
  const startingAt = optDate(body, "starting_at", `${path}.starting_at`) ?? contract.starting_at;
  const endingBefore = optDate(body, "ending_before", `${path}.ending_before`) ?? null;
  if (startingAt < contract.starting_at) throw badRequest(`${path}.starting_at must not be before the contract starts (${iso(contract.starting_at)})`);
  if (endingBefore !== null && endingBefore <= startingAt) throw badRequest(`${path}.ending_before must be after starting_at`);
  if (contract.ending_before !== null && startingAt >= contract.ending_before) throw badRequest(`${path}.starting_at must be before the contract ends`);
  const cycle = optObject(body, "billing_cycle_config", `${path}.billing_cycle_config`);
  const anchor = (cycle && optDate(cycle, "anchor_date", `${path}.billing_cycle_config.anchor_date`)) ?? contract.usage_statement_schedule.billing_anchor_date;
  if (cycle && cycle.anchor_date !== undefined) {
    if (anchor > startingAt) throw badRequest(`${path}.billing_cycle_config.anchor_date must be on or before the subscription's starting_at`);
    if (collection !== "ADVANCE") throw badRequest(`${path}.billing_cycle_config.anchor_date is only allowed with collection_schedule ADVANCE`);
  }
  const placement =
    (cycle && optEnum(cycle, "invoice_placement", ["ON_SCHEDULED_INVOICE", "ON_USAGE_INVOICE"] as const, `${path}.billing_cycle_config.invoice_placement`)) ??
    "ON_USAGE_INVOICE";
  const card = ctx.state.rate_cards.find((r) => r.id === contract.rate_card_id);
  const sub: SubscriptionRecord = {
    id: ctx.newId(),
    name: optString(body, "name", `${path}.name`),
    description: optString(body, "description", `${path}.description`),
    custom_fields: stringMap(body, "custom_fields", `${path}.custom_fields`),
    product_id: productId,
    product_name: product.name,
    billing_frequency: frequency,
    collection_schedule: collection,
    proration: { is_prorated: isProrated, invoice_behavior: behavior, ...(rounding ? { rounding } : {}) },
    quantity_management_mode: mode,
    seat_based_from: null,
    seat_group_key: seatGroupKey,
    starting_at: startingAt,
    ending_before: endingBefore,
    billing_cycle_config: { anchor_date: anchor, invoice_placement: placement },
    fiat_credit_type_id: card?.fiat_credit_type_id ?? "2714e483-4ff1-48e4-9e25-ac732e8f24f2",
    initial_quantity: unassigned,
    initial_seat_ids: initialSeatIds,
    events: [],
    created_at: draft.now,
  };
  const temp = optString(body, "temporary_id", `${path}.temporary_id`);
  if (temp !== undefined) draft.tempIds.set(temp, sub.id);
  return sub;
}

type GrantKey = "commits" | "credits" | "recurring_credits" | "recurring_commits";

/**
 * Reads the commits, credits, recurring credits and recurring commits of a create (`commits`, …)
 * or an edit (`add_commits`, …) into the draft contract; subscriptions are read first, so a
 * recurring grant may name one by its temporary_id.
 */
function addGrants(ctx: Ctx, body: Body, draft: Draft, keys: Record<GrantKey, string>): AddedGrants {
  const { contract } = draft;
  const added: AddedGrants = {
    commits: parseEach(body, keys.commits, (item, path) => parseCommit(ctx, item, path, draft)),
    credits: parseEach(body, keys.credits, (item, path) => parseCredit(ctx, item, path, draft)),
    // Each recurring one joins the contract before the next is read: at most one DAILY per contract.
    recurring_credits: parseEach(body, keys.recurring_credits, (item, path) => {
      const rc = parseRecurringCredit(ctx, item, path, draft);
      contract.recurring_credits.push(rc);
      return rc;
    }),
    recurring_commits: parseEach(body, keys.recurring_commits, (item, path) => {
      const rc = parseRecurringCommit(ctx, item, path, draft);
      contract.recurring_commits.push(rc);
      return rc;
    }),
  };
  contract.commits.push(...added.commits);
  contract.credits.push(...added.credits);
  return added;
}

const UNSUPPORTED_CREATE = ["discounts", "overrides", "professional_services", "reseller_royalties", "scheduled_charges", "spend_trackers"];

export const createContract: Handler = (ctx, req) => {
  const body = req.body;
  const customerId = reqUuid(body, "customer_id");
  findCustomer(ctx, customerId, "coded400");
  const startingAt = reqHourDate(body, "starting_at");
  const endingBefore = optDate(body, "ending_before") ?? null;
  if (endingBefore !== null && endingBefore <= startingAt) throw badRequest("ending_before must be after starting_at");
  if (endingBefore !== null && !isHourAligned(endingBefore)) throw badRequest("ending_before is required to be on an hour boundary (e.g. 1:00, not 1:30)");
  for (const key of UNSUPPORTED_CREATE) {
    const arr = optArray(body, key);
    if (arr && arr.length > 0) throw badRequest(`${key} is not supported by simulator`);
  }
  const uniquenessKey = optString(body, "uniqueness_key");
  if (uniquenessKey !== undefined) {
    if (uniquenessKey.length < 1 || uniquenessKey.length > 128) throw badRequest("uniqueness_key must be 1 to 128 characters");
    if (ctx.state.contracts.some((c) => c.customer_id === customerId && c.uniqueness_key === uniquenessKey)) {
      throw conflict("This uniqueness key has already been used.");
    }
  }
  let rateCardId = body.rate_card_id === undefined ? undefined : reqUuid(body, "rate_card_id");
  const alias = optString(body, "rate_card_alias");
  if (rateCardId === undefined && alias !== undefined) throw badRequest("rate_card_alias is not supported by simulator; use rate_card_id");
  if (rateCardId !== undefined && !ctx.state.rate_cards.some((r) => r.id === rateCardId)) throw badRequest(`rate_card_id ${rateCardId} not found`);
  const schedule = optObject(body, "usage_statement_schedule");
  const frequency = (schedule && optEnum(schedule, "frequency", FREQUENCIES, "usage_statement_schedule.frequency")) ?? "MONTHLY";
  const day = schedule && optEnum(schedule, "day", ["FIRST_OF_MONTH", "CONTRACT_START", "CUSTOM_DATE"] as const, "usage_statement_schedule.day");
  let anchor = schedule && optDate(schedule, "billing_anchor_date", "usage_statement_schedule.billing_anchor_date");
  if (day === "CUSTOM_DATE" && anchor === undefined) throw badRequest("usage_statement_schedule.billing_anchor_date is required when day is CUSTOM_DATE");
  if (anchor === undefined) anchor = day === "CONTRACT_START" || frequency === "WEEKLY" ? startingAt : monthStart(startingAt);
  const now = ctx.now();
  ctx.state.request_counter += 1;
  const contract: ContractRecord = {
    id: ctx.newId(),
    customer_id: customerId,
    name: optString(body, "name"),
    starting_at: startingAt,
    ending_before: endingBefore,
    created_at: now,
    rate_card_id: rateCardId,
    usage_statement_schedule: { frequency, billing_anchor_date: anchor },
    custom_fields: stringMap(body, "custom_fields"),
    uniqueness_key: uniquenessKey,
    archived_at: null,
    subscriptions: [],
    recurring_credits: [],
    recurring_commits: [],
    commits: [],
    credits: [],
    edits: [],
    manual_entries: [],
    usage: undefined,
    version: 1,
  };
  rateCardId = undefined;
  const draft: Draft = { contract, request: ctx.state.request_counter, now, tempIds: new Map(), editing: false };
  (optArray(body, "subscriptions") ?? []).forEach((item, i) => {
    contract.subscriptions.push(parseSubscription(ctx, asBody(item, `subscriptions[${i}]`), `subscriptions[${i}]`, draft));
  });
  addGrants(ctx, body, draft, { commits: "commits", credits: "credits", recurring_credits: "recurring_credits", recurring_commits: "recurring_commits" });
  const threshold = optObject(body, "prepaid_balance_threshold_configuration");
  if (threshold) contract.prepaid_balance_threshold = parseThresholdConfig(ctx, threshold, "prepaid_balance_threshold_configuration", contract, now);
  for (const sub of contract.subscriptions) replay(sub, { maxSeats: ctx.maxSeats });
  ctx.state.contracts.push(contract);
  return { data: { id: contract.id } } satisfies ContractCreateResponse;
};

function readContractFlags(body: Body): { include_balance: boolean; include_ledgers: boolean } {
  return { include_balance: optBool(body, "include_balance") ?? false, include_ledgers: optBool(body, "include_ledgers") ?? false };
}

export const getContract: Handler = (ctx, req) => {
  const customerId = reqUuid(req.body, "customer_id");
  const contractId = reqUuid(req.body, "contract_id");
  const asOf = optDate(req.body, "as_of_date") ?? null;
  const flags = readContractFlags(req.body);
  if (asOf !== null && flags.include_ledgers) throw badRequest("as_of_date cannot be used with include_ledgers");
  const contract = findContract(ctx, customerId, contractId, "coded400");
  const view = ctx.engine.view(contract, ctx.now());
  return { data: renderContract(ctx.state, view, { ...flags, as_of: asOf }) } satisfies ContractRetrieveResponse;
};

export const listContracts: Handler = (ctx, req) => {
  const customerId = reqUuid(req.body, "customer_id");
  findCustomer(ctx, customerId, "coded400");
  const covering = optDate(req.body, "covering_date");
  const startingAt = optDate(req.body, "starting_at");
  if (covering !== undefined && startingAt !== undefined) throw badRequest("covering_date and starting_at cannot both be set");
  const includeArchived = optBool(req.body, "include_archived") ?? false;
  const flags = readContractFlags(req.body);
  const now = ctx.now();
  const contracts = ctx.state.contracts
    .filter((c) => c.customer_id === customerId)
    .filter((c) => includeArchived || c.archived_at === null)
    .filter((c) => covering === undefined || (c.starting_at <= covering && (c.ending_before === null || covering < c.ending_before)))
    .filter((c) => startingAt === undefined || c.starting_at >= startingAt)
    .sort((a, b) => a.starting_at - b.starting_at);
  return {
    data: contracts.map((c) => renderContract(ctx.state, ctx.engine.view(c, now), { ...flags, as_of: null })),
  } satisfies ContractListResponse;
};

export const getEditHistory: Handler = (ctx, req) => {
  const customerId = reqUuid(req.body, "customer_id");
  const contractId = reqUuid(req.body, "contract_id");
  const contract = findContract(ctx, customerId, contractId, "coded400");
  return { data: contract.edits.map((e) => e.echo) as unknown as ContractGetEditHistoryResponse["data"] } satisfies ContractGetEditHistoryResponse;
};

// ---------------------------------------------------------------- edit

const UNSUPPORTED_EDIT = [
  "add_discounts", "add_overrides", "add_professional_services", "add_reseller_royalties", "add_scheduled_charges", "add_spend_trackers", "archive_commits", "archive_credits",
  "archive_scheduled_charges", "remove_overrides", "update_commits", "update_credits", "update_discounts",
  "update_recurring_commits", "update_scheduled_charges", "update_refund_invoices",
];

function checkWithinSubscription(sub: SubscriptionRecord, contract: ContractRecord, at: number, what: string, path: string): void {
  if (at < sub.starting_at) throw badRequest(`${path}: subscription ${what} starting at date must not be before the subscription starts (${iso(sub.starting_at)})`);
  const end = subscriptionEnd(sub, contract);
  if (at >= end) throw badRequest(`Subscription ${what} starting at date must be before the subscription ends (${path})`);
}

export const editContract: Handler = (ctx, req) => {
  const body = req.body;
  const customerId = reqUuid(body, "customer_id");
  const contractId = reqUuid(body, "contract_id");
  const original = findContract(ctx, customerId, contractId, "coded400");
  const uniquenessKey = optString(body, "uniqueness_key");
  if (uniquenessKey !== undefined) {
    if (uniquenessKey.length < 1 || uniquenessKey.length > 128) throw badRequest("uniqueness_key must be 1 to 128 characters");
    if (ctx.state.edit_keys[`${contractId}:${uniquenessKey}`] !== undefined) throw conflict("This uniqueness key has already been used.");
  }
  for (const key of UNSUPPORTED_EDIT) {
    const arr = body[key];
    if (arr !== undefined && arr !== null && (!Array.isArray(arr) || arr.length > 0)) throw badRequest(`${key} is not supported by simulator`);
  }
  const now = ctx.now();
  const request = ctx.state.request_counter + 1;
  // Work on a copy: nothing is applied unless the whole edit is valid (see docs/metronome.md, "Contract edits").
  const contract: ContractRecord = structuredClone(original);
  const draft: Draft = { contract, request, now, tempIds: new Map(), editing: true };
  const echo: Record<string, unknown> = {};
  const touched = new Set<string>();

  const addSubs = optArray(body, "add_subscriptions") ?? [];
  const addedSubs = addSubs.map((item, i) => {
    const sub = parseSubscription(ctx, asBody(item, `add_subscriptions[${i}]`), `add_subscriptions[${i}]`, draft);
    contract.subscriptions.push(sub);
    touched.add(sub.id);
    return sub;
  });
  const added = addGrants(ctx, body, draft, { commits: "add_commits", credits: "add_credits", recurring_credits: "add_recurring_credits", recurring_commits: "add_recurring_commits" });
  const addedCredits = added.recurring_credits;

  const updateEcho: Array<Record<string, unknown>> = [];
  (optArray(body, "update_subscriptions") ?? []).forEach((item, i) => {
    const path = `update_subscriptions[${i}]`;
    const u = asBody(item, path);
    const subId = reqString(u, "subscription_id", `${path}.subscription_id`);
    const sub = contract.subscriptions.find((s) => s.id === (draft.tempIds.get(subId) ?? subId));
    if (!sub) throw badRequest(`Subscription ${subId} not found on contract ${contractId}`, "SubscriptionNotFound");
    touched.add(sub.id);
    const out: Record<string, unknown> = { id: sub.id };
    if (u.ending_before !== undefined) {
      if (u.ending_before === null) {
        sub.ending_before = null;
      } else {
        const end = reqHourDate(u, "ending_before", `${path}.ending_before`);
        if (end <= sub.starting_at) throw badRequest(`${path}.ending_before must be after the subscription starts`);
        if (contract.ending_before !== null && end > contract.ending_before) throw badRequest(`${path}.ending_before must not be after the contract ends`);
        sub.ending_before = end;
        out.ending_before = iso(end);
      }
    }
    const pr = optObject(u, "proration_rounding", `${path}.proration_rounding`);
    if (pr) {
      const rounding = parseRounding(pr, `${path}.proration_rounding`);
      if (rounding) sub.proration.rounding = rounding;
    }
    const modeUpdate = optObject(u, "quantity_management_mode_update", `${path}.quantity_management_mode_update`);
    if (modeUpdate) {
      reqEnum(modeUpdate, "quantity_management_mode", ["SEAT_BASED"] as const, `${path}.quantity_management_mode_update.quantity_management_mode`);
      const sc = reqObject(modeUpdate, "seat_config", `${path}.quantity_management_mode_update.seat_config`);
      const key = reqString(sc, "seat_group_key", `${path}.quantity_management_mode_update.seat_config.seat_group_key`);
      if (sub.quantity_management_mode === "SEAT_BASED") throw badRequest(`${path}: subscription ${sub.id} is already SEAT_BASED`);
      sub.quantity_management_mode = "SEAT_BASED";
      sub.seat_group_key = key;
      sub.seat_based_from = now;
    }
    const quantityUpdates = optArray(u, "quantity_updates", `${path}.quantity_updates`);
    if (quantityUpdates && quantityUpdates.length > 0) {
      if (sub.quantity_management_mode === "SEAT_BASED") {
        throw badRequest(`${path}: quantity_updates cannot be used on a SEAT_BASED subscription; use seat_updates`);
      }
      out.quantity_updates = quantityUpdates.map((q, j) => {
        const qp = `${path}.quantity_updates[${j}]`;
        const qb = asBody(q, qp);
        const at = reqHourDate(qb, "starting_at", `${qp}.starting_at`);
        const quantity = optNumber(qb, "quantity", `${qp}.quantity`);
        const delta = optNumber(qb, "quantity_delta", `${qp}.quantity_delta`);
        if ((quantity === undefined) === (delta === undefined)) throw badRequest(`${qp} must have exactly one of quantity or quantity_delta`);
        checkWithinSubscription(sub, contract, at, "quantity update", qp);
        if (quantity !== undefined) {
          if (!Number.isInteger(quantity) || quantity < 0) throw badRequest(`${qp}.quantity must be a non-negative integer, got ${quantity}`);
          sub.events.push({ at, request, rank: 0, index: j, submitted_at: now, op: "set", value: quantity });
          return { starting_at: iso(at), quantity };
        }
        if (!Number.isInteger(delta) || delta === 0) throw badRequest(`${qp}.quantity_delta must be a non-zero integer, got ${delta}`);
        sub.events.push({ at, request, rank: 0, index: j, submitted_at: now, op: "delta", value: delta });
        return { starting_at: iso(at), quantity_delta: delta };
      });
    }
    const seatUpdates = optObject(u, "seat_updates", `${path}.seat_updates`);
    if (seatUpdates) {
      if (sub.quantity_management_mode !== "SEAT_BASED") {
        throw badRequest(`${path}: seat_updates can only be used on SEAT_BASED subscriptions (subscription ${sub.id} is QUANTITY_ONLY)`);
      }
      const seatEcho: Record<string, unknown> = {};
      let index = 0;
      for (const op of ["add_seat_ids", "remove_seat_ids", "add_unassigned_seats", "remove_unassigned_seats"] as const satisfies readonly SeatOp[]) {
        const list = optArray(seatUpdates, op, `${path}.seat_updates.${op}`);
        if (!list) continue;
        seatEcho[op] = list.map((entry, j) => {
          const ep = `${path}.seat_updates.${op}[${j}]`;
          const eb = asBody(entry, ep);
          const at = reqHourDate(eb, "starting_at", `${ep}.starting_at`);
          const what = op === "add_seat_ids" ? "seat add" : op === "remove_seat_ids" ? "seat remove" : op === "add_unassigned_seats" ? "unassigned seat add" : "unassigned seat remove";
          checkWithinSubscription(sub, contract, at, what, ep);
          const ev: SubscriptionEvent = { at, request, rank: SEAT_OP_RANK[op], index: index++, submitted_at: now, op };
          if (op === "add_seat_ids" || op === "remove_seat_ids") {
            const ids = optStringArray(eb, "seat_ids", `${ep}.seat_ids`);
            if (ids === undefined) throw badRequest(`${ep}.seat_ids is required`);
            if (ids.length === 0) throw badRequest(`${ep}.seat_ids must not be empty`);
            if (ids.length > 1000) throw badRequest(`${ep}.seat_ids must contain at most 1000 seat IDs`);
            ev.seat_ids = uniqueIds(ids, `${ep}.seat_ids`);
            sub.events.push(ev);
            return { seat_ids: ids, starting_at: iso(at) };
          }
          const quantity = optNumber(eb, "quantity", `${ep}.quantity`);
          if (quantity === undefined) throw badRequest(`${ep}.quantity is required`);
          if (!Number.isInteger(quantity) || quantity < 1) throw badRequest(`${ep}.quantity must be an integer of at least 1, got ${quantity}`);
          ev.value = quantity;
          sub.events.push(ev);
          return { quantity, starting_at: iso(at) };
        });
      }
      // The same seat ID added twice at one instant of one request is a duplicate too.
      const addsByInstant = new Map<number, Set<string>>();
      for (const ev of sub.events) {
        if (ev.request !== request || ev.op !== "add_seat_ids") continue;
        const set = addsByInstant.get(ev.at) ?? new Set<string>();
        for (const id of ev.seat_ids ?? []) {
          if (set.has(id)) throw badRequest(`${path}.seat_updates.add_seat_ids adds seat ID "${id}" twice at ${iso(ev.at)}`);
          set.add(id);
        }
        addsByInstant.set(ev.at, set);
      }
      out.seat_updates = seatEcho;
    }
    updateEcho.push(out);
  });

  const updateCredits = optArray(body, "update_recurring_credits") ?? [];
  const updateCreditEcho = updateCredits.map((item, i) => {
    const path = `update_recurring_credits[${i}]`;
    const u = asBody(item, path);
    const id = reqUuid(u, "recurring_credit_id", `${path}.recurring_credit_id`);
    const rc = contract.recurring_credits.find((r) => r.id === id);
    if (!rc) throw badRequest(`${path}: recurring credit ${id} not found on contract ${contractId}`);
    const out: Record<string, unknown> = { id };
    if (u.ending_before !== undefined) {
      const end = reqHourDate(u, "ending_before", `${path}.ending_before`);
      if (end <= rc.starting_at) throw badRequest(`${path}.ending_before must be after the recurring credit starts`);
      rc.ending_before = end;
      out.ending_before = iso(end);
    }
    const access = optObject(u, "access_amount", `${path}.access_amount`);
    if (access) {
      if (rc.starting_at <= now) throw badRequest(`${path}.access_amount can only change recurring credits whose access has not started yet`);
      const unit = optNumber(access, "unit_price", `${path}.access_amount.unit_price`);
      const qty = optNumber(access, "quantity", `${path}.access_amount.quantity`);
      if (unit !== undefined) rc.unit_price = unit;
      if (qty !== undefined) rc.quantity = qty;
      out.access_amount = { ...(unit !== undefined ? { unit_price: unit } : {}), ...(qty !== undefined ? { quantity: qty } : {}) };
    }
    return out;
  });

  Object.assign(echo, editThresholdConfig(ctx, body, contract, now));

  const contractEnd = optDate(body, "update_contract_end_date");
  if (contractEnd !== undefined) {
    if (!isHourAligned(contractEnd)) throw badRequest("update_contract_end_date is required to be on an hour boundary (e.g. 1:00, not 1:30)");
    if (contractEnd <= contract.starting_at) throw badRequest("update_contract_end_date must be after the contract starts");
    contract.ending_before = contractEnd;
    echo.update_contract_end_date = iso(contractEnd);
  }
  const newName = optString(body, "update_contract_name");
  if (newName !== undefined) {
    contract.name = newName;
    echo.update_contract_name = newName;
  }

  // Validate every touched subscription by replaying its whole timeline.
  for (const sub of contract.subscriptions) if (touched.has(sub.id) || contractEnd !== undefined) replay(sub, { maxSeats: ctx.maxSeats });

  const editId = ctx.newId();
  const editEcho: Record<string, unknown> = {
    id: editId,
    timestamp: iso(now),
    ...(uniquenessKey !== undefined ? { uniqueness_key: uniquenessKey } : {}),
    ...(updateEcho.length ? { update_subscriptions: updateEcho } : {}),
    ...(addedSubs.length ? { add_subscriptions: addedSubs.map((s) => renderAddedSubscription(s, contract, now, ctx.maxSeats)) } : {}),
    ...(addedCredits.length ? { add_recurring_credits: addedCredits.map((r) => ({ id: r.id, product: { id: r.product_id, name: r.product_name }, access_amount: { credit_type_id: r.credit_type_id, unit_price: r.unit_price }, commit_duration: { value: r.commit_duration, unit: "PERIODS" }, priority: r.priority, rate_type: r.rate_type, starting_at: iso(r.starting_at), ...(r.subscription ? { subscription_config: { subscription_id: r.subscription.subscription_id, allocation: r.subscription.allocation, apply_seat_increase_config: { is_prorated: r.subscription.is_prorated } } } : {}) })) } : {}),
    ...(updateCreditEcho.length ? { update_recurring_credits: updateCreditEcho } : {}),
    ...addedGrantsEcho(ctx.state, added, contract.id),
    ...echo,
  };
  contract.edits.push({ id: editId, timestamp: now, uniqueness_key: uniquenessKey, echo: editEcho });
  // Commit.
  ctx.state.request_counter = request;
  if (uniquenessKey !== undefined) ctx.state.edit_keys[`${contractId}:${uniquenessKey}`] = editId;
  const idx = ctx.state.contracts.indexOf(original);
  ctx.state.contracts[idx] = contract;
  ctx.touch(contract);
  for (const record of added.commits) attemptPayment(ctx, contract, record, now);
  return { data: { id: editId, edit: editEcho as unknown as NonNullable<ContractEditResponse["data"]["edit"]> } } satisfies ContractEditResponse;
};

/** Edit's add_ / update_prepaid_balance_threshold_configuration (one of them), applied to the draft; returns their echo. */
function editThresholdConfig(ctx: Ctx, body: Body, contract: ContractRecord, now: number): Record<string, unknown> {
  const add = optObject(body, "add_prepaid_balance_threshold_configuration");
  const update = optObject(body, "update_prepaid_balance_threshold_configuration");
  if (add && update) throw badRequest("add_prepaid_balance_threshold_configuration and update_prepaid_balance_threshold_configuration cannot be used together");
  if (add) {
    if (contract.prepaid_balance_threshold) throw badRequest("add_prepaid_balance_threshold_configuration: the contract already has one; use update_prepaid_balance_threshold_configuration");
    contract.prepaid_balance_threshold = parseThresholdConfig(ctx, add, "add_prepaid_balance_threshold_configuration", contract, now);
    return { add_prepaid_balance_threshold_configuration: renderThresholdConfig(contract.prepaid_balance_threshold) };
  }
  if (update) {
    contract.prepaid_balance_threshold = updateThresholdConfig(ctx, update, "update_prepaid_balance_threshold_configuration", contract, now);
    return { update_prepaid_balance_threshold_configuration: renderThresholdConfig(contract.prepaid_balance_threshold) };
  }
  return {};
}

// ---------------------------------------------------------------- histories

function findSubscription(contract: ContractRecord, id: string): SubscriptionRecord {
  const sub = contract.subscriptions.find((s) => s.id === id);
  if (!sub) throw badRequest(`Subscription ${id} not found on contract ${contract.id}`, "SubscriptionNotFound");
  return sub;
}

export const quantityHistory: Handler = (ctx, req) => {
  const customerId = reqUuid(req.body, "customer_id");
  const contractId = reqUuid(req.body, "contract_id");
  const subId = reqUuid(req.body, "subscription_id");
  const contract = findContract(ctx, customerId, contractId, "coded400");
  const sub = findSubscription(contract, subId);
  const now = ctx.now();
  const segments = ctx.engine.timelines(contract).timelines.get(sub.id) ?? [];
  const card = ctx.state.rate_cards.find((r) => r.id === contract.rate_card_id);
  // change points: every seat/quantity change and every billing period where the price changes
  const points = new Set<number>();
  for (const seg of segments) if (seg.start <= now) points.add(seg.start);
  let lastPrice: number | undefined;
  for (const p of billingPeriods(sub, contract, now + 1)) {
    const price = unitPriceAt(sub, card, p.start);
    if (price !== lastPrice) points.add(p.start);
    lastPrice = price;
  }
  const history: NonNullable<ContractRetrieveSubscriptionQuantityHistoryResponse["data"]["history"]> = [];
  let prev: { q: number; p: number } | undefined;
  for (const t of [...points].sort((a, b) => a - b)) {
    if (t > now) continue;
    const quantity = segmentAt(segments, t)?.total ?? 0;
    const price = unitPriceAt(sub, card, billingPeriods(sub, contract, t + 1).find((p) => p.start <= t && t < p.end)?.start ?? t);
    if (prev && prev.q === quantity && prev.p === price) continue;
    prev = { q: quantity, p: price };
    history.push({ starting_at: iso(t), data: [{ quantity, unit_price: price, total: quantity * price }] });
  }
  return {
    data: { subscription_id: sub.id, fiat_credit_type_id: sub.fiat_credit_type_id, history },
  } satisfies ContractRetrieveSubscriptionQuantityHistoryResponse;
};

export const seatsHistory: Handler = (ctx, req) => {
  const body = req.body;
  const customerId = reqUuid(body, "customer_id");
  const contractId = reqUuid(body, "contract_id");
  const subId = reqUuid(body, "subscription_id");
  const covering = optDate(body, "covering_date", "covering_date", "InvalidArgument");
  const startingAt = optDate(body, "starting_at", "starting_at", "InvalidArgument");
  const endingBefore = optDate(body, "ending_before", "ending_before", "InvalidArgument");
  const limit = optInt(body, "limit", 1, 10, "limit", "InvalidArgument") ?? 10;
  const cursorRaw = optString(body, "cursor");
  if (covering !== undefined && (startingAt !== undefined || endingBefore !== undefined)) {
    throw invalidArgument("covering_date cannot be used with starting_at or ending_before");
  }
  const contract = findContract(ctx, customerId, contractId, "coded400");
  const sub = findSubscription(contract, subId);
  if (sub.quantity_management_mode !== "SEAT_BASED") throw invalidArgument(`Subscription ${sub.id} is not SEAT_BASED; seats history is only available for SEAT_BASED subscriptions`);
  let cursorStart: number | undefined;
  if (cursorRaw) {
    const decoded = decodeCursor(cursorRaw);
    const s = typeof decoded?.starting_at === "string" ? Date.parse(decoded.starting_at) : NaN;
    if (Number.isNaN(s)) throw invalidArgument("cursor is not valid");
    cursorStart = s;
  }
  const segments = ctx.engine.timelines(contract).timelines.get(sub.id) ?? [];
  const end = subscriptionEnd(sub, contract);
  let matching = segments.map((s) => ({ ...s, end: s.end ?? (Number.isFinite(end) ? end : null) }));
  if (covering !== undefined) {
    matching = matching.filter((s) => s.start <= covering && (s.end === null || covering < s.end)).slice(-1);
  } else {
    if (startingAt !== undefined) matching = matching.filter((s) => s.end === null || s.end > startingAt);
    if (endingBefore !== undefined) matching = matching.filter((s) => s.start <= endingBefore);
  }
  if (cursorStart !== undefined) matching = matching.filter((s) => s.start >= cursorStart);
  const page = matching.slice(0, limit);
  const next = matching[limit];
  return {
    data: page.map((s) => ({
      starting_at: iso(s.start),
      ending_before: s.end === null ? null : iso(s.end),
      total_quantity: s.total,
      assigned_seat_ids: [...s.assigned],
    })),
    next_page: next ? encodeCursor({ starting_at: iso(next.start) }) : null,
  } satisfies ContractGetSubscriptionSeatsHistoryResponse;
};
