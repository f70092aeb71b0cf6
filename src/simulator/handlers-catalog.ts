/** Customers, credit types, products and rate cards. */
import type { CustomerDetail, CustomerCreateResponse, CustomerRetrieveResponse } from "@metronome/sdk/resources/v1/customers/customers";
import type { ProductCreateResponse } from "@metronome/sdk/resources/v1/contracts/products";
import type { RateCardCreateResponse } from "@metronome/sdk/resources/v1/contracts/rate-cards/rate-cards";
import type { RateAddResponse } from "@metronome/sdk/resources/v1/contracts/rate-cards/rates";
import type { PricingUnitListResponse } from "@metronome/sdk/resources/v1/pricing-units";
import { conflict, findCustomer, type Handler } from "./context";
import { badRequest, notFound } from "./errors";
import { decodeCursor, encodeCursor, UUID_RE } from "./ids";
import {
  asBody, optArray, optBool, optEnum, optString, optStringArray, reqDate, reqEnum, reqNumber, reqString, reqUuid, stringMap, optDate, optUuid,
} from "./input";
import type { CustomerRecord } from "./state";
import { USD_CENTS_ID } from "./state";
import { iso } from "./time";

export function renderCustomer(c: CustomerRecord): CustomerDetail {
  return {
    id: c.id,
    external_id: c.external_id,
    ingest_aliases: [...c.ingest_aliases],
    name: c.name,
    customer_config: { salesforce_account_id: null },
    custom_fields: { ...c.custom_fields },
    created_at: iso(c.created_at),
    updated_at: iso(c.updated_at),
    ...(c.archived_at !== null ? { archived_at: iso(c.archived_at) } : {}),
  };
}

/** Reads a list-valued query parameter in any of the usual encodings: a,b / k=a&k=b / k[]=a / k[0]=a. */
function queryList(query: URLSearchParams, key: string): string[] | undefined {
  const values: string[] = [];
  for (const [k, v] of query) {
    if (k === key || k === `${key}[]` || new RegExp(`^${key}\\[\\d+\\]$`).test(k)) values.push(...v.split(",").filter(Boolean));
  }
  return values.length ? values : undefined;
}

function queryLimit(query: URLSearchParams, max: number, fallback: number): number {
  const raw = query.get("limit");
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw badRequest(`limit must be an integer between 1 and ${max}, got "${raw}"`);
  return n;
}

/** Offset cursors for list endpoints ordered by creation. */
export function readOffsetCursor(raw: string | null | undefined, name = "next_page"): number {
  if (raw === null || raw === undefined || raw === "") return 0;
  const decoded = decodeCursor(raw);
  const offset = decoded?.offset;
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0) throw badRequest(`${name} is not a valid cursor`);
  return offset;
}

export function pageOf<T>(items: T[], offset: number, limit: number): { data: T[]; next_page: string | null } {
  const data = items.slice(offset, offset + limit);
  return { data, next_page: offset + limit < items.length ? encodeCursor({ offset: offset + limit }) : null };
}

export const listCustomers: Handler = (ctx, req) => {
  const { query } = req;
  const limit = queryLimit(query, 100, 100);
  const ids = queryList(query, "customer_ids");
  const sfIds = queryList(query, "salesforce_account_ids");
  if (ids && ids.length > 100) throw badRequest("customer_ids must contain at most 100 ids");
  if (sfIds && sfIds.length > 100) throw badRequest("salesforce_account_ids must contain at most 100 ids");
  for (const id of ids ?? []) if (!UUID_RE.test(id)) throw badRequest(`customer_ids contains an invalid UUID: "${id}"`);
  const alias = query.get("ingest_alias");
  const onlyArchivedRaw = query.get("only_archived");
  if (onlyArchivedRaw !== null && onlyArchivedRaw !== "true" && onlyArchivedRaw !== "false") {
    throw badRequest("only_archived must be true or false");
  }
  const onlyArchived = onlyArchivedRaw === "true";
  const offset = readOffsetCursor(query.get("next_page"));
  const matches = ctx.state.customers
    .filter((c) => (onlyArchived ? c.archived_at !== null : c.archived_at === null))
    .filter((c) => !ids || ids.includes(c.id))
    .filter((c) => alias === null || c.ingest_aliases.includes(alias))
    .filter(() => !sfIds);
  const page = pageOf(matches, offset, limit);
  return { data: page.data.map(renderCustomer), next_page: page.next_page };
};

export const getCustomer: Handler = (ctx, req) => {
  const id = req.params.customer_id ?? "";
  if (!UUID_RE.test(id)) throw badRequest(`customer_id must be a valid UUID, got "${id}"`);
  const customer = ctx.state.customers.find((c) => c.id === id);
  if (!customer) throw notFound("Customer not found");
  return { data: renderCustomer(customer) } satisfies CustomerRetrieveResponse;
};

/** Longest customer name kept: longer names are cut to this many characters (SDK doc comment). */
export const MAX_CUSTOMER_NAME = 160;
/** Longest ingest alias or external_id accepted (OpenAPI maxLength); at most MAX_ALIASES aliases. */
export const MAX_ALIAS_LENGTH = 128;
export const MAX_ALIASES = 2000;

/** Lengths count characters (code points), as JSON Schema's maxLength does. */
function checkAlias(alias: string, path: string): void {
  const length = Array.from(alias).length;
  if (length < 1 || length > MAX_ALIAS_LENGTH) throw badRequest(`${path} must be 1 to ${MAX_ALIAS_LENGTH} characters, got ${length}`);
}

export const createCustomer: Handler = (ctx, req) => {
  // Cut by code points, so a character outside the Basic Multilingual Plane is never split in two.
  const name = Array.from(reqString(req.body, "name")).slice(0, MAX_CUSTOMER_NAME).join("");
  const aliases = optStringArray(req.body, "ingest_aliases") ?? [];
  if (aliases.length > MAX_ALIASES) throw badRequest(`ingest_aliases must hold at most ${MAX_ALIASES} aliases`);
  aliases.forEach((alias, i) => checkAlias(alias, `ingest_aliases[${i}]`));
  const externalId = optString(req.body, "external_id");
  if (externalId !== undefined) checkAlias(externalId, "external_id");
  const customFields = stringMap(req.body, "custom_fields") ?? {};
  const all = externalId !== undefined ? [...aliases, externalId] : aliases;
  for (const alias of new Set(all)) {
    const holder = ctx.state.customers.find((c) => c.archived_at === null && c.ingest_aliases.includes(alias));
    if (holder) throw conflict(`Ingest alias "${alias}" is already in use by customer ${holder.id}`);
  }
  const now = ctx.now();
  const record: CustomerRecord = {
    id: ctx.newId(),
    name,
    external_id: externalId ?? aliases[0] ?? "",
    ingest_aliases: [...new Set(externalId !== undefined && !aliases.includes(externalId) ? [externalId, ...aliases] : aliases)],
    custom_fields: customFields,
    created_at: now,
    updated_at: now,
    archived_at: null,
  };
  if (record.external_id === "") record.external_id = record.id;
  ctx.state.customers.push(record);
  const { id, external_id, ingest_aliases, custom_fields } = record;
  return { data: { id, external_id, ingest_aliases, name, custom_fields } } satisfies CustomerCreateResponse;
};

export const listCreditTypes: Handler = (ctx, req) => {
  const limit = queryLimit(req.query, 100, 100);
  const offset = readOffsetCursor(req.query.get("next_page"));
  const items: PricingUnitListResponse[] = ctx.state.credit_types.map((t) => ({ id: t.id, name: t.name, is_currency: t.is_currency }));
  return pageOf(items, offset, limit);
};

const PRODUCT_TYPES = ["FIXED", "USAGE", "COMPOSITE", "SUBSCRIPTION", "PROFESSIONAL_SERVICE", "PRO_SERVICE"] as const;

export const createProduct: Handler = (ctx, req) => {
  const name = reqString(req.body, "name");
  const type = reqEnum(req.body, "type", PRODUCT_TYPES);
  const id = ctx.newId();
  ctx.state.products.push({ id, name, type, created_at: ctx.now() });
  return { data: { id } } satisfies ProductCreateResponse;
};

export const createRateCard: Handler = (ctx, req) => {
  const name = reqString(req.body, "name");
  const description = optString(req.body, "description");
  const fiat = optUuid(req.body, "fiat_credit_type_id") ?? USD_CENTS_ID;
  if (!ctx.state.credit_types.some((t) => t.id === fiat && t.is_currency)) throw badRequest(`fiat_credit_type_id ${fiat} is not a fiat credit type`);
  const conversions = (optArray(req.body, "credit_type_conversions") ?? []).map((raw, i) => {
    const path = `credit_type_conversions[${i}]`;
    const item = asBody(raw, path);
    const custom = reqUuid(item, "custom_credit_type_id", `${path}.custom_credit_type_id`);
    if (!ctx.state.credit_types.some((t) => t.id === custom && !t.is_currency)) throw badRequest(`${path}.custom_credit_type_id ${custom} is not a custom credit type`);
    const rate = reqNumber(item, "fiat_per_custom_credit", `${path}.fiat_per_custom_credit`);
    if (rate <= 0) throw badRequest(`${path}.fiat_per_custom_credit must be greater than 0`);
    return { custom_credit_type_id: custom, fiat_per_custom_credit: rate };
  });
  const id = ctx.newId();
  ctx.state.rate_cards.push({
    id, name, description, fiat_credit_type_id: fiat, rates: [], ...(conversions.length ? { credit_type_conversions: conversions } : {}), created_at: ctx.now(),
  });
  return { data: { id } } satisfies RateCardCreateResponse;
};

const RATE_TYPES = ["FLAT", "PERCENTAGE", "SUBSCRIPTION", "TIERED", "TIERED_PERCENTAGE", "CUSTOM"] as const;
const FREQUENCIES = ["MONTHLY", "QUARTERLY", "ANNUAL", "WEEKLY"] as const;

export const addRate: Handler = (ctx, req) => {
  const rateCardId = reqUuid(req.body, "rate_card_id");
  const productId = reqUuid(req.body, "product_id");
  const startingAt = reqDate(req.body, "starting_at");
  const endingBefore = optDate(req.body, "ending_before");
  const entitled = optBool(req.body, "entitled");
  if (entitled === undefined) throw badRequest("entitled is required");
  const rateType = reqEnum(req.body, "rate_type", RATE_TYPES);
  if (rateType !== "FLAT" && rateType !== "SUBSCRIPTION") throw badRequest(`rate_type ${rateType} is not supported by simulator`);
  const price = reqNumber(req.body, "price");
  const frequency = optEnum(req.body, "billing_frequency", FREQUENCIES) ?? null;
  const card = ctx.state.rate_cards.find((r) => r.id === rateCardId);
  if (!card) throw notFound(`Rate card ${rateCardId} not found`);
  const product = ctx.state.products.find((p) => p.id === productId);
  if (!product) throw badRequest(`Product ${productId} not found`);
  if (rateType === "SUBSCRIPTION" && frequency === null) throw badRequest("billing_frequency is required for SUBSCRIPTION rates");
  const creditTypeId = optUuid(req.body, "credit_type_id") ?? card.fiat_credit_type_id;
  const creditType = ctx.state.credit_types.find((t) => t.id === creditTypeId);
  if (!creditType) throw badRequest(`credit_type_id ${creditTypeId} not found`);
  if (endingBefore !== undefined && endingBefore <= startingAt) throw badRequest("ending_before must be after starting_at");
  card.rates.push({
    product_id: productId, starting_at: startingAt, ending_before: endingBefore ?? null, entitled, rate_type: rateType, price,
    billing_frequency: frequency, credit_type_id: creditTypeId,
  });
  return {
    data: { rate_type: rateType, price, credit_type: { id: creditType.id, name: creditType.name } },
  } satisfies RateAddResponse;
};

export { findCustomer };
