// Every simulator response the product uses, checked against the response types @metronome/sdk declares
// (schemas generated from the SDK's .d.ts files on each run): required fields, JSON types, enum values and
// no undeclared fields.
import Metronome from "@metronome/sdk";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOWLIST } from "../../server/allowlist";
import { createSimulator } from "../simulator";
import { AI_CREDITS_ID, USD_CENTS_ID } from "../state";
import type { Json } from "../test-support";
import { checkValue } from "./schema-check";
import { buildSchemas, type SchemaSet } from "./sdk-schema";
import { ENDPOINTS, endpointOf, patternRegExp, SDK_METHODS, sdkResponseRequest, type Endpoint } from "./sdk-responses";
import { ShapeRecorder } from "./shape-recorder";

const NOW = "2026-03-18T10:00:00.000Z";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

let schemas: SchemaSet;
let recorder: ShapeRecorder;
let sim: Awaited<ReturnType<typeof createSimulator>>;

async function call(method: "GET" | "POST", pathAndQuery: string, body?: unknown): Promise<Json> {
  const res = await sim.handle(
    new Request(`http://simulator.test${pathAndQuery}`, {
      method,
      headers: { authorization: "Bearer test", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  const json = (await res.json()) as Json;
  if (res.status !== 200) throw new Error(`${method} ${pathAndQuery} answered ${res.status}: ${JSON.stringify(json)}`);
  recorder.record(method, pathAndQuery, json);
  return json;
}
const get = (p: string) => call("GET", p);
const post = (p: string, body: unknown) => call("POST", p, body);

/** Follows next_page through every page of a query-cursor list. */
async function allPages(method: "GET" | "POST", base: string, body?: unknown): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const sep = base.includes("?") ? "&" : "?";
    const page: Json = await call(method, cursor ? `${base}${sep}next_page=${encodeURIComponent(cursor)}` : base, body);
    items.push(...page.data);
    cursor = page.next_page;
  } while (cursor);
  return items;
}

/** Follows a body cursor (`cursor`, `next_page` or `pagination.next_page`) through every page. */
async function allBodyPages(p: string, body: Json, cursorField: "cursor" | "next_page"): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const page: Json = await post(p, cursor ? { ...body, [cursorField]: cursor } : body);
    items.push(...page.data);
    cursor = page.pagination ? page.pagination.next_page ?? null : page.next_page;
  } while (cursor);
  return items;
}

async function customerByAlias(alias: string): Promise<Json> {
  return (await get(`/v1/customers?ingest_alias=${alias}`)).data[0];
}

beforeAll(async () => {
  schemas = buildSchemas(sdkResponseRequest());
  recorder = new ShapeRecorder(schemas);
  sim = await createSimulator({ scenario: "demo", now: NOW, tickSeconds: 0 });
  // Generating the SDK's schemas runs the TypeScript compiler: on a loaded machine that takes more than the default 10 s.
}, 60_000);
afterAll(() => sim.close());

/** A customer made through the fixture endpoints: a seat-based and a quantity-only subscription, edited in the past and future. */
async function fixtureCustomer(): Promise<string> {
  const seatProduct = (await post("/v1/contract-pricing/products/create", { name: "Shape Seat", type: "SUBSCRIPTION" })).data.id;
  const licence = (await post("/v1/contract-pricing/products/create", { name: "Shape Licence", type: "SUBSCRIPTION" })).data.id;
  const creditProduct = (await post("/v1/contract-pricing/products/create", { name: "Shape credits", type: "FIXED" })).data.id;
  const card = (await post("/v1/contract-pricing/rate-cards/create", { name: "Shape card", fiat_credit_type_id: USD_CENTS_ID })).data.id;
  for (const [product, price] of [[seatProduct, 2000], [licence, 900]] as const) {
    await post("/v1/contract-pricing/rate-cards/addRate", {
      rate_card_id: card, product_id: product, starting_at: "2025-01-01T00:00:00.000Z", entitled: true, rate_type: "SUBSCRIPTION",
      price, billing_frequency: "MONTHLY",
    });
  }
  const customerId = (await post("/v1/customers", { name: "Shape Co", ingest_aliases: ["shape-co"], external_id: "shape-co" })).data.id;
  const contractId = (await post("/v1/contracts/create", {
    customer_id: customerId, name: "Shape plan", starting_at: "2026-01-01T00:00:00.000Z", rate_card_id: card,
    usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: "2026-01-01T00:00:00.000Z" },
    subscriptions: [
      {
        temporary_id: "seats", name: "Shape Seat", collection_schedule: "ADVANCE",
        proration: { is_prorated: true, invoice_behavior: "BILL_IMMEDIATELY", rounding: { rounding_method: "HALF_UP", decimal_places: 0 } },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: seatProduct }, quantity_management_mode: "SEAT_BASED",
        seat_config: { seat_group_key: "user_id", initial_seat_ids: ["ann", "ben", "cat"], initial_unassigned_seats: 2 },
      },
      {
        temporary_id: "licences", name: "Shape Licence", collection_schedule: "ARREARS",
        proration: { is_prorated: false, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: licence }, quantity_management_mode: "QUANTITY_ONLY", initial_quantity: 12,
      },
    ],
    recurring_credits: [
      {
        product_id: creditProduct, name: "Seat credits", priority: 1, starting_at: "2026-01-01T00:00:00.000Z",
        access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 400 }, commit_duration: { value: 1, unit: "PERIODS" },
        subscription_config: { subscription_id: "seats", allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } },
      },
      {
        product_id: creditProduct, name: "Licence pool", priority: 2, starting_at: "2026-01-01T00:00:00.000Z", ending_before: "2027-01-01T00:00:00.000Z",
        access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 100 }, commit_duration: { value: 1, unit: "PERIODS" },
        subscription_config: { subscription_id: "licences", allocation: "POOLED", apply_seat_increase_config: { is_prorated: false } },
      },
    ],
    ...grants(creditProduct, "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"),
  })).data.id;
  await editFixture(customerId, contractId);
  await manualEntries(customerId, contractId);
  await topUps(customerId, contractId, creditProduct);
  return customerId;
}

/**
 * Payment-gated top-ups with every outcome (failed: a voided invoice; requires action: pending;
 * paid), then an auto recharge configuration that recharges at once, updated and disabled.
 */
async function topUps(customerId: string, contractId: string, productId: string): Promise<void> {
  const ids = { customer_id: customerId, contract_id: contractId };
  const pack = (gate: Json) => ({
    ...ids,
    add_commits: [{
      type: "PREPAID", product_id: productId, name: "Credit pack", priority: 50, applicable_product_tags: ["ai"],
      access_schedule: { credit_type_id: USD_CENTS_ID, schedule_items: [{ amount: 5000, starting_at: "2026-03-18T10:00:00.000Z", ending_before: "2027-01-01T00:00:00.000Z" }] },
      invoice_schedule: { credit_type_id: USD_CENTS_ID, schedule_items: [{ timestamp: "2026-03-18T10:00:00.000Z", unit_price: 4000, quantity: 1 }] },
      payment_gate_config: gate,
    }],
  });
  for (const outcome of ["failed", "requires_action", "paid"]) {
    // The control API is the simulator's own, outside the SDK's table.
    const chosen = await sim.handle(new Request("http://simulator.test/_simulator/payments", { method: "POST", body: JSON.stringify({ outcome, customer_id: customerId }) }));
    expect(chosen.status).toBe(200);
    await post("/v2/contracts/edit", pack({ payment_gate_type: "STRIPE", tax_type: "STRIPE", stripe_config: { payment_type: "INVOICE", invoice_metadata: { order: outcome } } }));
  }
  await post("/v2/contracts/edit", pack({ payment_gate_type: "EXTERNAL", tax_type: "PRECALCULATED", precalculated_tax_config: { tax_amount: 0, tax_name: "VAT" } }));
  await post("/v2/contracts/edit", {
    ...ids,
    add_prepaid_balance_threshold_configuration: {
      commit: { product_id: productId, name: "Auto recharge", description: "Keeps the balance up", priority: 60, applicable_product_ids: [productId] },
      is_enabled: true, payment_gate_config: { payment_gate_type: "STRIPE", stripe_config: { payment_type: "PAYMENT_INTENT" } },
      threshold_amount: 500_000, recharge_to_amount: 600_000, discount_configuration: { payment_fraction: 0.9 },
      threshold_balance_specifiers: [{ exclude: [{ custom_field_filters: [{ entity: "ContractCreditOrCommit", key: "reason", value: "launch" }] }] }],
    },
  });
  await post("/v2/contracts/edit", { ...ids, update_prepaid_balance_threshold_configuration: { is_enabled: false, threshold_amount: 1000, recharge_to_amount: 5000, discount_configuration: null } });
}

/** Manual ledger entries on a pooled and a per-seat credit, so ledgers carry CREDIT_MANUAL entries (the write answers no body the SDK types). */
async function manualEntries(customerId: string, contractId: string): Promise<void> {
  const credits = (await post("/v1/contracts/customerBalances/list", { customer_id: customerId, include_contract_balances: true, covering_date: NOW })).data as Json[];
  for (const credit of credits) {
    const perSeat = credit.subscription_config?.allocation === "INDIVIDUAL";
    const res = await sim.handle(new Request("http://simulator.test/v1/contracts/addManualBalanceLedgerEntry", {
      method: "POST",
      headers: { authorization: "Bearer test", "content-type": "application/json" },
      body: JSON.stringify({
        id: credit.id, segment_id: credit.access_schedule.schedule_items[0].id, customer_id: customerId, contract_id: contractId,
        amount: -7, reason: "support correction", ...(perSeat ? { per_group_amounts: { ann: -7 } } : {}),
      }),
    }));
    expect(res.status).toBe(200);
  }
}

/** A prepaid and a postpaid commit, a credit and a recurring commit, as contract create takes them (edit takes them as add_*). */
function grants(productId: string, from: string, to: string): Json {
  const access = (creditTypeId: string, amount: number) => ({ credit_type_id: creditTypeId, schedule_items: [{ amount, starting_at: from, ending_before: to }] });
  return {
    commits: [
      {
        type: "PREPAID", product_id: productId, name: "Prepaid pot", priority: 1, access_schedule: access(USD_CENTS_ID, 100_000),
        invoice_schedule: { schedule_items: [{ timestamp: from, amount: 90_000 }] }, applicable_product_tags: ["ai"],
      },
      { type: "POSTPAID", product_id: productId, access_schedule: access(USD_CENTS_ID, 20_000), invoice_schedule: { schedule_items: [{ timestamp: to, amount: 20_000 }] } },
    ],
    credits: [{ product_id: productId, name: "Goodwill", priority: 2, access_schedule: access(AI_CREDITS_ID, 300), custom_fields: { reason: "launch" } }],
    recurring_commits: [{
      product_id: productId, name: "Monthly top-up", priority: 4, starting_at: from, recurrence_frequency: "MONTHLY",
      access_amount: { credit_type_id: USD_CENTS_ID, unit_price: 1000, quantity: 1 }, commit_duration: { value: 1, unit: "PERIODS" },
      invoice_amount: { credit_type_id: USD_CENTS_ID, unit_price: 1000, quantity: 1 },
    }],
  };
}

/** Seat and quantity edits in the past and the future, added subscriptions, credits and commits, a renamed contract. */
async function editFixture(customerId: string, contractId: string): Promise<void> {
  const ids = { customer_id: customerId, contract_id: contractId };
  const contract = (await post("/v2/contracts/get", ids)).data;
  const [seats, licences] = contract.subscriptions.map((s: Json) => s.id as string);
  await post("/v2/contracts/edit", {
    ...ids, uniqueness_key: "shape-seats",
    update_subscriptions: [{ subscription_id: seats, seat_updates: {
      add_seat_ids: [{ seat_ids: ["dan", "eve"], starting_at: "2026-02-10T00:00:00.000Z" }],
      remove_seat_ids: [{ seat_ids: ["ben"], starting_at: "2026-04-05T00:00:00.000Z" }],
      add_unassigned_seats: [{ quantity: 1, starting_at: "2026-03-01T00:00:00.000Z" }],
      remove_unassigned_seats: [{ quantity: 2, starting_at: "2026-05-01T00:00:00.000Z" }],
    } }],
  });
  await post("/v2/contracts/edit", {
    ...ids,
    update_subscriptions: [{ subscription_id: licences, quantity_updates: [
      { starting_at: "2026-02-15T00:00:00.000Z", quantity_delta: 3 },
      { starting_at: "2026-04-01T00:00:00.000Z", quantity: 20 },
    ] }],
  });
  const added = await post("/v2/contracts/edit", {
    ...ids, update_contract_name: "Shape plan (renewed)",
    add_subscriptions: [{
      temporary_id: "extra", name: "Extra seats", collection_schedule: "ADVANCE",
      proration: { is_prorated: true, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" },
      subscription_rate: { billing_frequency: "MONTHLY", product_id: contract.subscriptions[0].subscription_rate.product.id },
      quantity_management_mode: "QUANTITY_ONLY", initial_quantity: 2, starting_at: "2026-04-01T00:00:00.000Z",
    }],
    add_recurring_credits: [{
      product_id: contract.recurring_credits[0].product.id, name: "Extra credits", priority: 3, starting_at: "2026-04-01T00:00:00.000Z",
      access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 50, quantity: 2 }, commit_duration: { value: 1, unit: "PERIODS" },
    }],
    update_recurring_credits: [{ recurring_credit_id: contract.recurring_credits[1].id, ending_before: "2026-12-01T00:00:00.000Z" }],
    update_subscriptions: [{ subscription_id: licences, ending_before: "2026-12-01T00:00:00.000Z" }],
  });
  const more = grants(contract.recurring_credits[0].product.id, "2026-04-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z");
  await post("/v2/contracts/edit", { ...ids, add_commits: more.commits, add_credits: more.credits, add_recurring_commits: more.recurring_commits });
  const later = (await post("/v2/contracts/get", ids)).data;
  await post("/v2/contracts/edit", {
    ...ids, update_contract_end_date: "2027-06-01T00:00:00.000Z",
    update_subscriptions: [
      { subscription_id: later.subscriptions[2].id, quantity_management_mode_update: { quantity_management_mode: "SEAT_BASED", seat_config: { seat_group_key: "user_id" } } },
      { subscription_id: seats, proration_rounding: { rounding_method: "FLOOR", decimal_places: 2 } },
    ],
    update_recurring_credits: [{ recurring_credit_id: later.recurring_credits[2].id, access_amount: { unit_price: 60 } }],
  });
  expect(added.data.id).toEqual(expect.any(String));
}

/** Alerts the product creates and archives, with a seat filter. */
async function alertsOf(customerId: string, seatId: string): Promise<void> {
  const seatAlert = (await post("/v1/alerts/create", {
    alert_type: "low_remaining_seat_balance_reached", name: "Seat low", threshold: 50, credit_type_id: AI_CREDITS_ID,
    customer_id: customerId, seat_filter: { seat_group_key: "user_id" }, uniqueness_key: `${customerId}-seat`,
  })).data.id;
  await post("/v1/alerts/create", {
    alert_type: "low_remaining_contract_credit_balance_reached", name: "Pool low", threshold: 500, credit_type_id: AI_CREDITS_ID, customer_id: customerId,
  });
  const doomed = (await post("/v1/alerts/create", {
    alert_type: "low_remaining_seat_balance_reached", name: "Seat lower", threshold: 5, credit_type_id: AI_CREDITS_ID,
    customer_id: customerId, seat_filter: { seat_group_key: "user_id", seat_group_value: seatId },
  })).data.id;
  await post("/v1/alerts/archive", { id: doomed });
  await post("/v1/customer-alerts/get", { customer_id: customerId, alert_id: seatAlert, seat_filter: { seat_group_key: "user_id", seat_group_value: seatId } });
  await post("/v1/customer-alerts/get", { customer_id: customerId, alert_id: doomed });
}

/** Every read the product makes for one customer, with pagination, include flags, windows and seat filters. */
async function readCustomer(customerId: string): Promise<void> {
  await get(`/v1/customers/${customerId}`);
  const invoices = await allPages("GET", `/v1/customers/${customerId}/invoices?limit=4`);
  for (const inv of invoices.slice(0, 3)) await get(`/v1/customers/${customerId}/invoices/${inv.id}`);
  await get(`/v1/customers/${customerId}/invoices?sort=date_desc&status=DRAFT`);
  await readContracts(customerId);
  await readBalances(customerId);
  const alerts = await allPages("POST", "/v1/customer-alerts/list", { customer_id: customerId });
  await post("/v1/customer-alerts/list", { customer_id: customerId, alert_statuses: ["ENABLED", "DISABLED", "ARCHIVED"] });
  for (const a of alerts) await post("/v1/customer-alerts/get", { customer_id: customerId, alert_id: a.alert.id });
}

async function readContracts(customerId: string): Promise<void> {
  const contracts = (await post("/v2/contracts/list", { customer_id: customerId })).data as Json[];
  await post("/v2/contracts/list", { customer_id: customerId, include_balance: true, include_ledgers: true, include_archived: true });
  await post("/v2/contracts/list", { customer_id: customerId, covering_date: NOW });
  for (const contract of contracts) {
    const ids = { customer_id: customerId, contract_id: contract.id };
    await post("/v2/contracts/get", { ...ids, include_balance: true, include_ledgers: true });
    await post("/v2/contracts/get", { ...ids, as_of_date: contract.starting_at });
    await post("/v2/contracts/getEditHistory", ids);
    await post("/v1/contracts/customerBalances/getNetBalance", { customer_id: customerId, credit_type_id: AI_CREDITS_ID });
    for (const sub of contract.subscriptions as Json[]) {
      const key = { ...ids, subscription_id: sub.id };
      await post("/v1/contracts/getSubscriptionQuantityHistory", key);
      if (sub.quantity_management_mode !== "SEAT_BASED") continue;
      await allBodyPages("/v1/contracts/getSubscriptionSeatsHistory", { ...key, limit: 3 }, "cursor");
      await post("/v1/contracts/getSubscriptionSeatsHistory", { ...key, covering_date: NOW });
      await post("/v1/contracts/getSubscriptionSeatsHistory", { ...key, starting_at: contract.starting_at, ending_before: NOW });
    }
    if (contract.subscriptions.some((s: Json) => s.quantity_management_mode === "SEAT_BASED")) await readSeatBalances(ids);
  }
}

async function readSeatBalances(ids: { customer_id: string; contract_id: string }): Promise<void> {
  const seats = await allBodyPages("/v1/contracts/seatBalances/list", { ...ids, limit: 100 }, "cursor");
  await allBodyPages("/v1/contracts/seatBalances/list", { ...ids, limit: 40, include_credits_and_commits: true, include_ledgers: true }, "cursor");
  const some = seats.slice(0, 3).map((s) => s.seat_id as string);
  if (some.length === 0) return;
  await post("/v1/contracts/seatBalances/list", { ...ids, seat_ids: [...some, "nobody@example.invalid"], skip_missing_seat_ids: true, include_credits_and_commits: true });
  await post("/v1/contracts/seatBalances/list", { ...ids, starting_at: "2025-01-01T00:00:00.000Z", effective_before: NOW, include_credits_and_commits: true });
  await post("/v1/contracts/seatBalances/list", { ...ids, covering_date: "2026-02-20T00:00:00.000Z" });
}

async function readBalances(customerId: string): Promise<void> {
  const all = { customer_id: customerId, include_contract_balances: true, include_balance: true, include_ledgers: true };
  await allBodyPages("/v1/contracts/customerBalances/list", { ...all, limit: 5 }, "next_page");
  await post("/v1/contracts/customerBalances/list", { customer_id: customerId, include_contract_balances: true, covering_date: NOW });
  await post("/v1/contracts/customerBalances/list", { customer_id: customerId });
  await post("/v1/contracts/customerBalances/getNetBalance", { customer_id: customerId });
  const listed = { customer_id: customerId, include_balance: true, include_ledgers: true, limit: 5 };
  await allBodyPages("/v1/contracts/customerCommits/list", { ...listed, include_contract_commits: true }, "next_page");
  await allBodyPages("/v1/contracts/customerCredits/list", { ...listed, include_contract_credits: true }, "next_page");
  await post("/v1/contracts/customerCommits/list", { customer_id: customerId, covering_date: NOW });
  await post("/v1/contracts/customerCredits/list", { customer_id: customerId, covering_date: NOW });}

describe("simulator responses match @metronome/sdk's declared types", () => {
  it("answers every endpoint the product uses in the SDK's shapes (demo scenario and fixture customer)", async () => {
    const fixture = await fixtureCustomer();
    await alertsOf(fixture, "ann");
    const customers = await allPages("GET", "/v1/customers?limit=60");
    expect(customers.length).toBeGreaterThan(200);
    await get(`/v1/customers?customer_ids=${customers[0].id}&customer_ids=${customers[1].id}`);
    await allPages("GET", "/v1/credit-types/list?limit=1");
    const acme = await customerByAlias("acme");
    const acmeContract = (await post("/v2/contracts/list", { customer_id: acme.id })).data[0];
    const acmeSeat = (await post("/v1/contracts/seatBalances/list", { customer_id: acme.id, contract_id: acmeContract.id, limit: 1 })).data[0].seat_id;
    await alertsOf(acme.id, acmeSeat);
    for (const id of [acme.id, fixture]) {
      await readCustomer(id);
      // Breakdowns recompute the usage draw per window: two customers, two pages each, keep the run short.
      await allPages("GET", `/v1/customers/${id}/invoices/breakdowns?starting_on=2026-03-01T00:00:00.000Z&ending_before=2026-03-19T00:00:00.000Z&window_size=DAY&limit=10`);
    }
    for (const alias of ["globex", "initech", "umbrella", "small-001", "small-002", "small-003"]) await readCustomer((await customerByAlias(alias)).id);

    const mismatches = recorder.mismatches();
    expect(mismatches, `Simulator responses differ from the SDK's declared types:\n${mismatches.join("\n")}`).toEqual([]);
    const unchecked = ENDPOINTS.filter((e) => recorder.checked(e) === 0);
    expect(unchecked, "Endpoints in the SDK response table that no step above exercised").toEqual([]);
  }, 60_000);

  it("covers every Metronome path the server and the SPA call", () => {
    for (const route of ALLOWLIST) {
      const covered = ENDPOINTS.some((e) => {
        const [method, pattern] = e.split(" ");
        return method === route.method && route.pattern.test((pattern ?? "").replace(/:[a-z_]+/g, "00000000-0000-4000-8000-000000000000"));
      });
      expect(covered, `allowlisted ${route.method} ${route.pattern} has no entry in sdk-responses.ts`).toBe(true);
    }
    const called = productPaths();
    expect(called.length).toBeGreaterThan(10);
    // A literal ending in "/" is a prefix test (e.g. startsWith("/v1/credit-types/")): some endpoint must lie under it.
    const served = (p: string) => ENDPOINTS.some((e) => (p.endsWith("/") ? (e.split(" ")[1] ?? "").startsWith(p) : patternRegExp(e.split(" ")[1] ?? "").test(p)));
    const missing = called.filter((p) => !served(p.path));
    expect(missing.map((p) => `${p.file}: ${p.path}`), "Metronome paths the product calls with no entry in sdk-responses.ts").toEqual([]);
  });

  it("names for each endpoint the SDK method that requests it", async () => {
    let sent = "";
    const client = new Metronome({
      bearerToken: "t", baseURL: "http://sdk.test", maxRetries: 0,
      fetch: async (url, init) => {
        sent = `${init?.method ?? "GET"} ${new URL(String(url)).pathname}`;
        return new Response(JSON.stringify({ data: [], next_page: null }), { headers: { "content-type": "application/json" } });
      },
    });
    const id = "00000000-0000-4000-8000-000000000000";
    for (const endpoint of ENDPOINTS) {
      const keys = SDK_METHODS[endpoint].split(".");
      const owner = keys.slice(0, -1).reduce<Json>((o, k) => o[k], client);
      await owner[keys[keys.length - 1] ?? ""]({ customer_id: id, invoice_id: id });
      const [method, requested] = sent.split(" ");
      expect(endpointOf(method ?? "", requested ?? ""), `${SDK_METHODS[endpoint]} requested ${sent}`).toBe(endpoint);
    }
  });

  it("reports a missing required field, a wrong enum value, a wrong JSON type and an undeclared field", () => {
    const lines = (endpoint: Endpoint, value: unknown) => checkValue(schemas, endpoint, value).map((m) => `${m.path}: ${m.message}`);
    const edit = {
      data: {
        edit: { id: "e1", update_subscriptions: [{ id: "s1", seat_updates: { add_seat_ids: [{ seat_ids: ["a"], starting_at: 7 }] } }] },
        surplus: true,
      },
    };
    expect(lines("POST /v2/contracts/edit", edit)).toEqual([
      "data.id: required by ContractEditResponse.Data, missing",
      "data.edit.update_subscriptions[0].seat_updates.add_seat_ids[0].starting_at: ContractEditResponse.Data.Edit.UpdateSubscription.SeatUpdates.AddSeatID.starting_at expects string, got number 7",
      "data.surplus: not declared by ContractEditResponse.Data",
    ]);
    const alert = { data: { customer_status: "alarmed", alert: { id: "a", name: "n", type: "low_remaining_seat_balance_reached", status: "on", threshold: 1, updated_at: "x" } } };
    expect(lines("POST /v1/customer-alerts/get", alert)).toEqual([
      'data.customer_status: string "alarmed" matches no member of CustomerAlert.customer_status ("ok" | "in_alarm" | "evaluating" | null)',
      'data.alert.status: string "on" is not one of "enabled" | "archived" | "disabled" (CustomerAlert.Alert.status)',
    ]);
    // Unions of interfaces: the member the value names by its `type` is the one checked.
    const balances = {
      data: [
        { id: "c", type: "CREDIT", product: { id: "p", name: "n" }, ledger: [{ type: "CREDIT_MANUAL", amount: 1, timestamp: "t" }], created_at: "t" },
        { id: "x", type: "REFUND" },
      ],
      next_page: null,
    };
    expect(lines("POST /v1/contracts/customerBalances/list", balances)).toEqual([
      "data[0].ledger[0].reason: required by Credit.CreditManualLedgerEntry, missing",
      "data[0].created_at: not declared by Credit",
      'data[1].type: string "REFUND" is not one of "PREPAID" | "POSTPAID" | "CREDIT" (ContractListBalancesResponse)',
    ]);
    const recorder = new ShapeRecorder(schemas);
    recorder.record("POST", "/v1/alerts/archive", { data: {} });
    recorder.record("POST", "/v1/alerts/archive", { data: {} });
    expect(recorder.mismatches()).toEqual(["POST /v1/alerts/archive → data.id: required by ID, missing (×2)"]);
    expect(endpointOf("GET", "/v1/customers/abc/invoices?limit=2")).toBe("GET /v1/customers/:customer_id/invoices");
  });
});

/** Metronome paths written as string literals anywhere in the product's own code (server, SPA, shared), tests and fakes aside. */
function productPaths(): Array<{ file: string; path: string }> {
  const out: Array<{ file: string; path: string }> = [];
  for (const dir of ["src/server", "src/lib", "src/features", "src/app", "src/components", "src/domain", "src/contract"]) {
    const names = readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" });
    for (const name of names) {
      if (!/\.tsx?$/.test(name) || /\.test\.tsx?$/.test(name) || path.basename(name).startsWith("fake-")) continue;
      const text = readFileSync(path.join(ROOT, dir, name), "utf8");
      for (const m of text.matchAll(/["'`](\/v[12]\/[A-Za-z][^"'`?\s]*)/g)) {
        // A template's closed expressions are parameters; one left open (a nested template, e.g. an optional query) ends the path.
        const p = (m[1] ?? "").replace(/\$\{[^}]*\}/g, ":param").replace(/\$\{.*$/, "").replace(/\{[a-z_]+\}/g, ":param");
        out.push({ file: `${dir}/${name}`, path: p });
      }
    }
  }
  return out;
}
