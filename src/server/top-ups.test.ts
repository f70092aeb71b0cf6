/**
 * Top-up packs and auto-recharge against the embedded simulator, its payment-gate webhooks
 * delivered to the server's receiver in process: each refusal has a specific message and changes
 * nothing (the simulator's whole state and the purchases table read back), and the paid, failed and
 * requires-action outcomes reach the purchase's row through the webhook path.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Commit, ContractV2 } from "@metronome/sdk/resources/shared";
import type { TopUpAnswer, TopUpCatalogue, TopUpPurchase } from "../contract/bff";
import { createSimulator } from "../simulator/simulator";
import { USD_CENTS_ID } from "../simulator/state";
import { createApp, type ServerApp } from "./app";
import { openPglite, type Sql } from "./db";
import { HttpError } from "./errors";
import { simulatorUpstream, type MetronomeUpstream } from "./upstream";
import { call, demoSignIn, testClock, testConfig, TEST_WEBHOOK_SECRET } from "./test-helpers";

const NOW = "2026-11-24T12:00:00.000Z";
type Person = "acme-admin" | "acme-member" | "globex-admin" | "account-manager";

let simulator: Awaited<ReturnType<typeof createSimulator>>;
let server: ServerApp;
let sql: Sql;
const cookies = new Map<Person, string>();
const ids = { acme: { customer: "", contract: "" }, globex: { customer: "", contract: "" } };
let keySeq = 0;
let loseNextEditAnswer = false;
const newKey = () => `key-${Date.now()}-${(keySeq += 1)}`;

/** A JSON answer read loosely (tests assert on its fields). */
interface Loose {
  message?: string;
  code?: string;
  data?: unknown;
  [field: string]: unknown;
}
type LooseList = Array<Record<string, unknown>>;

async function sim(method: string, path: string, body?: unknown): Promise<{ status: number; body: Loose }> {
  const response = await simulator.handle(
    new Request(`http://simulator.internal${path}`, { method, headers: { authorization: "Bearer test", "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }),
  );
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : JSON.parse(text) };
}

async function send(as: Person, method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; body: Loose }> {
  const response = await call(server, method, path, { cookie: cookies.get(as) ?? null, ...(raw !== undefined ? { raw } : body !== undefined ? { body } : {}) });
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : JSON.parse(text) };
}

/** Waits until the simulator has delivered every webhook it queued (to the server's receiver). */
async function webhooksDelivered(): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const hooks = (await sim("GET", "/_simulator/webhooks")).body.data as Array<{ delivered: boolean; attempts: number; last_error: string | null }>;
    const open = hooks.filter((h) => !h.delivered);
    if (open.length === 0) return;
    const refused = open.filter((h) => h.last_error !== null);
    if (refused.length > 0) throw new Error(`a webhook was refused: ${refused.map((h) => h.last_error).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("webhooks not delivered");
}

async function purchases(customerId: string): Promise<TopUpPurchase[]> {
  return ((await send("account-manager", "GET", `/api/top-ups?customer_id=${customerId}`)).body as unknown as { data: TopUpPurchase[] }).data;
}

async function rowCount(): Promise<number> {
  return Number((await sql.query<{ n: number }>("select count(*)::int as n from top_up_purchases"))[0]?.n ?? 0);
}

/** The simulator's state and the purchases table, to compare before and after a refused request. */
async function snapshot(): Promise<string> {
  return JSON.stringify({ state: simulator.state, rows: await rowCount() });
}

async function contract(customer: string, contractId: string): Promise<ContractV2> {
  return (await sim("POST", "/v2/contracts/get", { customer_id: customer, contract_id: contractId })).body.data as ContractV2;
}

async function commitsNamed(name: string): Promise<Commit[]> {
  return ((await contract(ids.acme.customer, ids.acme.contract)).commits ?? []).filter((c) => c.name === name);
}

const buy = (as: Person, body: Record<string, unknown>) => send(as, "POST", "/api/top-ups", body);
const acmePack = (pack_id: string, key = newKey()) => ({ customer_id: ids.acme.customer, contract_id: ids.acme.contract, pack_id, uniqueness_key: key });

async function idsOf(alias: string): Promise<{ customer: string; contract: string }> {
  const customer = String(((await sim("GET", `/v1/customers?ingest_alias=${alias}`)).body.data as LooseList)[0]?.id);
  const contracts = (await sim("POST", "/v2/contracts/list", { customer_id: customer })).body.data as Array<{ id: string }>;
  return { customer, contract: contracts[0]!.id };
}

beforeAll(async () => {
  // Webhooks queued while the server starts wait for it.
  let ready: (app: ServerApp) => void = () => undefined;
  const target = new Promise<ServerApp>((resolve) => (ready = resolve));
  simulator = await createSimulator({
    scenario: "demo",
    now: NOW,
    tickSeconds: 0,
    webhook: { url: "http://127.0.0.1/api/webhooks/metronome", secret: TEST_WEBHOOK_SECRET, fetch: async (input, init) => (await target).fetch(new Request(input, init)) },
  });
  sql = await openPglite(null);
  const direct = simulatorUpstream(simulator);
  // Metronome applies the next edit, and its answer is lost on the way back.
  const upstream: MetronomeUpstream = {
    ...direct,
    async request(method, pathAndQuery, body) {
      const response = await direct.request(method, pathAndQuery, body);
      if (loseNextEditAnswer && pathAndQuery === "/v2/contracts/edit") {
        loseNextEditAnswer = false;
        throw new HttpError(502, "connection dropped", "upstream_unreachable");
      }
      return response;
    },
  };
  server = await createApp(testConfig({ upstream: { kind: "simulator", now: NOW, scenario: "demo", maxSeats: null } }), { upstream, sql, now: testClock(NOW).now });
  ready(server);
  for (const person of ["acme-admin", "acme-member", "globex-admin", "account-manager"] as const) cookies.set(person, await demoSignIn(server, person));
  ids.acme = await idsOf("acme");
  ids.globex = await idsOf("globex");
}, 60_000);

afterAll(async () => {
  await server.close();
  await sql.close();
});

beforeEach(async () => {
  await sim("DELETE", "/_simulator/payments");
});

describe("the catalogue", () => {
  it("lists the demo packs and the auto-recharge bounds to anyone of the customer, members included", async () => {
    const answer = await send("acme-member", "GET", `/api/top-up-packs?customer_id=${ids.acme.customer}`);
    expect(answer.status).toBe(200);
    const catalogue = answer.body as unknown as TopUpCatalogue;
    expect(catalogue.data.map((p) => [p.id, p.credits, p.price.amount, p.duration_months, p.scope])).toEqual([
      ["ai-credits-5k", 5_000, 5_000, 12, "contract"],
      ["ai-credits-20k", 20_000, 18_000, 12, "contract"],
      ["ai-credits-100k", 100_000, 80_000, 12, "contract"],
    ]);
    expect(catalogue.data[0]!.product_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(catalogue.auto_recharge).toMatchObject({ credit_type_id: USD_CENTS_ID, min_threshold: 500, max_threshold: 50_000, min_recharge_step: 1_000, max_recharge_to: 200_000 });
  });

  it("is refused for another customer", async () => {
    const answer = await send("acme-admin", "GET", `/api/top-up-packs?customer_id=${ids.globex.customer}`);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe("customer_out_of_scope");
  });
});

describe("refused purchases change nothing", { timeout: 30_000 }, () => {
  const cases: Array<[string, Person, () => Record<string, unknown> | string, number, RegExp]> = [
    ["a pack that is not in the catalogue", "acme-admin", () => acmePack("gold-bars"), 404, /Pack "gold-bars" is not in the catalogue \(offered: ai-credits-5k, ai-credits-20k, ai-credits-100k\)/],
    ["a member, before the body is read", "acme-member", () => "{not json", 403, /Members can view seats but not change them/],
    ["a price in the body", "acme-admin", () => ({ ...acmePack("ai-credits-5k"), price: 1 }), 400, /Field "price" is not allowed here\. This request may contain only customer_id, contract_id, pack_id, seat_id and uniqueness_key/],
    ["an amount in the body", "acme-admin", () => ({ ...acmePack("ai-credits-5k"), credits: 1e9 }), 400, /Field "credits" is not allowed here/],
    ["a seat-scoped purchase", "acme-admin", () => ({ ...acmePack("ai-credits-5k"), seat_id: "ada@acme.example" }), 400, /seat_id is not allowed: packs are for the whole contract/],
    ["another customer's contract", "acme-admin", () => ({ ...acmePack("ai-credits-5k"), contract_id: ids.globex.contract }), 404, /is not a contract of customer/],
    ["another customer", "acme-admin", () => ({ ...acmePack("ai-credits-5k"), customer_id: ids.globex.customer, contract_id: ids.globex.contract }), 403, /cannot access customer/],
    ["no uniqueness key", "acme-admin", () => ({ customer_id: ids.acme.customer, contract_id: ids.acme.contract, pack_id: "ai-credits-5k" }), 400, /uniqueness_key is required/],
  ];
  it.each(cases)("%s", async (_name, person, body, status, message) => {
    const before = await snapshot();
    const made = body();
    const answer = typeof made === "string" ? await send(person, "POST", "/api/top-ups", undefined, made) : await buy(person, made);
    expect(answer.status).toBe(status);
    expect(answer.body.message).toMatch(message);
    expect(await snapshot()).toBe(before);
  });
});

describe("malformed input is a 4xx with a message, never a 500", { timeout: 30_000 }, () => {
  const bodies = [
    "", "[]", "null", "42", '"text"', "{", '{"customer_id": 1}', "[".repeat(40) + "]".repeat(40), '{"a":'.repeat(40) + "1" + "}".repeat(40),
    JSON.stringify({ customer_id: "x".repeat(100), contract_id: "c", pack_id: "p", uniqueness_key: "k" }),
    JSON.stringify({ customer_id: "acme", contract_id: "c", pack_id: "p", uniqueness_key: "has space" }),
    JSON.stringify({ customer_id: "acme", contract_id: "c", pack_id: ["p"], uniqueness_key: "k" }),
    JSON.stringify({ customer_id: "acme", contract_id: "c", pack_id: "p", uniqueness_key: "k", seat_id: "\u0000" }),
    JSON.stringify({ customer_id: "acme", contract_id: "c", enabled: "yes", threshold: 1, recharge_to: 2, uniqueness_key: "k" }),
    JSON.stringify({ customer_id: "acme", contract_id: "c", enabled: true, threshold: -1, recharge_to: 1e300, uniqueness_key: "k" }),
  ];
  it.each(["POST /api/top-ups", "PUT /api/auto-recharge"])("%s", async (route) => {
    const [method, path] = route.split(" ") as [string, string];
    const before = await snapshot();
    for (const raw of bodies) {
      const answer = await send("acme-admin", method, path, undefined, raw);
      expect(answer.status, raw.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(answer.status, raw.slice(0, 60)).toBeLessThan(500);
      expect(answer.body.message, raw.slice(0, 60)).toEqual(expect.any(String));
    }
    expect(await snapshot()).toBe(before);
  });
  it("bad list queries", async () => {
    for (const query of ["", "customer_id=", `customer_id=${ids.acme.customer}&limit=0`, `customer_id=${ids.acme.customer}&limit=abc`, `customer_id=${ids.acme.customer}&contract_id=%00`]) {
      const answer = await send("acme-admin", "GET", `/api/top-ups?${query}`);
      expect([400, 403], query).toContain(answer.status);
    }
  });
});

describe("a paid purchase", { timeout: 30_000 }, () => {
  it("adds one payment-gated commit built from the pack, paid through the webhook path; a double submit is one commit", async () => {
    const key = newKey();
    const before = (await commitsNamed("5,000 AI credits")).length;
    const [first, second] = await Promise.all([buy("acme-admin", acmePack("ai-credits-5k", key)), buy("acme-admin", acmePack("ai-credits-5k", key))]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const a = (first.body as unknown as TopUpAnswer).data;
    expect((second.body as unknown as TopUpAnswer).data.id).toBe(a.id);
    expect(a).toMatchObject({ kind: "pack", actor: { id: expect.any(String) }, role: "customer_admin", pack: { id: "ai-credits-5k", credits: 5_000 } });
    expect(a.edit_id).toEqual(expect.any(String));
    expect(a.commit_id).toEqual(expect.any(String));
    expect(a.invoice_id).toEqual(expect.any(String));

    await webhooksDelivered();
    const row = (await purchases(ids.acme.customer)).find((p) => p.id === a.id);
    expect(row).toMatchObject({ status: "paid", status_message: "Paid: the credits are available" });

    const added = await commitsNamed("5,000 AI credits");
    expect(added.length).toBe(before + 1);
    const commit = added.find((c) => c.id === a.commit_id);
    expect(commit?.type).toBe("PREPAID");
    expect(commit?.access_schedule?.schedule_items).toEqual([expect.objectContaining({ amount: 5_000, starting_at: NOW, ending_before: "2027-11-24T12:00:00.000Z" })]);
    expect(commit?.invoice_schedule?.schedule_items).toEqual([expect.objectContaining({ amount: 5_000, timestamp: NOW })]);
    const history = (await sim("POST", "/v2/contracts/getEditHistory", { customer_id: ids.acme.customer, contract_id: ids.acme.contract })).body.data as Array<{ uniqueness_key?: string }>;
    expect(history.filter((e) => e.uniqueness_key === `top-up:${key}`).length).toBe(1);

    // A retry after the outcome is answered from the first row and sends nothing.
    const state = JSON.stringify(simulator.state);
    const retry = await buy("acme-admin", acmePack("ai-credits-5k", key));
    expect(retry.status).toBe(200);
    expect((retry.body as unknown as TopUpAnswer).data).toMatchObject({ id: a.id, status: "paid" });
    expect(JSON.stringify(simulator.state)).toBe(state);
  });

  it("refuses the same key for another pack", async () => {
    const key = newKey();
    expect((await buy("acme-admin", acmePack("ai-credits-5k", key))).status).toBe(200);
    const before = await snapshot();
    const other = await buy("acme-admin", acmePack("ai-credits-20k", key));
    expect(other.status).toBe(409);
    expect(other.body.code).toBe("key_reused");
    expect(await snapshot()).toBe(before);
    await webhooksDelivered();
  });
});

describe("a lost answer", { timeout: 30_000 }, () => {
  it.each([
    ["sending the same purchase again", false],
    ["reading the purchases (they are settled from Metronome's edit history)", true],
  ])("is an unknown outcome, settled by %s; never two commits", async (_name, listFirst) => {
    const key = newKey();
    const before = (await commitsNamed("20,000 AI credits")).length;
    loseNextEditAnswer = true;
    const lost = await buy("acme-admin", acmePack("ai-credits-20k", key));
    expect(lost.status).toBe(502);
    expect(lost.body).toMatchObject({ code: "outcome_unknown", message: expect.stringMatching(/whether this was applied is not known yet; send it again \(it is never applied twice\)/) });
    expect((await sql.query<{ status: string }>("select status from top_up_purchases where uniqueness_key = $1", [key]))[0]?.status).toBe("sending");
    await webhooksDelivered();
    if (listFirst) {
      await purchases(ids.acme.customer);
      expect((await sql.query<{ status: string }>("select status from top_up_purchases where uniqueness_key = $1", [key]))[0]?.status).toBe("paid");
    }
    const retry = await buy("acme-admin", acmePack("ai-credits-20k", key));
    expect(retry.status).toBe(200);
    await webhooksDelivered();
    const settled = (await purchases(ids.acme.customer)).find((p) => p.id === (retry.body as unknown as TopUpAnswer).data.id);
    expect(settled).toMatchObject({ status: "paid", commit_id: expect.any(String), invoice_id: expect.any(String) });
    expect((await commitsNamed("20,000 AI credits")).length).toBe(before + 1);
    expect(await sql.query("select id from top_up_purchases where uniqueness_key = $1", [key])).toHaveLength(1);
  });
});

describe("payment outcomes other than paid", { timeout: 30_000 }, () => {
  it("a failed payment: the row says the invoice was voided and nothing is retried", async () => {
    await sim("POST", "/_simulator/payments", { outcome: "failed", customer_id: ids.acme.customer });
    const answer = await buy("account-manager", acmePack("ai-credits-20k"));
    expect(answer.status).toBe(200);
    const id = (answer.body as unknown as TopUpAnswer).data.id;
    await webhooksDelivered();
    const row = (await purchases(ids.acme.customer)).find((p) => p.id === id)!;
    expect(row.status).toBe("failed");
    expect(row.status_message).toMatch(/^The payment failed \(.+\), so Metronome voided the invoice and granted no credits\. Nothing is retried/);
    expect(row.role).toBe("account_manager");
    const pending = (await sim("GET", "/_simulator/payments")).body.pending as unknown[];
    expect(pending).toEqual([]);
  });

  it("requires action: the row says what to do, and completing the payment makes it paid", async () => {
    await sim("POST", "/_simulator/payments", { outcome: "requires_action", customer_id: ids.acme.customer });
    const answer = await buy("acme-admin", acmePack("ai-credits-5k"));
    const bought = (answer.body as unknown as TopUpAnswer).data;
    await webhooksDelivered();
    let row = (await purchases(ids.acme.customer)).find((p) => p.id === bought.id)!;
    expect(row.status).toBe("action_required");
    expect(row.status_message).toBe("The payment needs the payer to act: confirm the card with their bank (3-D Secure), in the payment provider's email or page. The credits are released once the payment completes");
    expect((await sim("POST", "/_simulator/payments/complete", { invoice_id: bought.invoice_id, outcome: "paid" })).status).toBe(200);
    await webhooksDelivered();
    row = (await purchases(ids.acme.customer)).find((p) => p.id === bought.id)!;
    expect(row.status).toBe("paid");
  });
});

describe("auto-recharge", { timeout: 30_000 }, () => {
  const settings = (over: Record<string, unknown> = {}) => ({ customer_id: ids.acme.customer, contract_id: ids.acme.contract, enabled: true, threshold: 500, recharge_to: 10_000, uniqueness_key: newKey(), ...over });
  const refusals: Array<[string, Person, () => Record<string, unknown> | string, number, RegExp]> = [
    ["a threshold below the operator's minimum", "acme-admin", () => settings({ threshold: 100 }), 400, /threshold must be at least 500 \(the operator's min_threshold\)/],
    ["a threshold above the operator's maximum", "acme-admin", () => settings({ threshold: 60_000, recharge_to: 100_000 }), 400, /threshold must be at most 50000 \(the operator's max_threshold\)/],
    ["a recharge-to above the operator's maximum", "acme-admin", () => settings({ recharge_to: 500_000 }), 400, /recharge_to must be at most 200000 \(the operator's max_recharge_to\)/],
    ["a recharge-to not above the threshold", "acme-admin", () => settings({ recharge_to: 500 }), 400, /recharge_to must be above threshold/],
    ["a recharge-to too close to the threshold", "acme-admin", () => settings({ threshold: 600, recharge_to: 1_500 }), 400, /recharge_to must be at least 1000 above threshold \(the operator's min_recharge_step\)/],
    ["an unknown field", "acme-admin", () => ({ ...settings(), payment_gate_config: { payment_gate_type: "NONE" } }), 400, /Field "payment_gate_config" is not allowed here/],
    ["a member", "acme-member", () => "{", 403, /Members can view seats but not change them/],
    ["another customer's contract", "acme-admin", () => settings({ contract_id: ids.globex.contract }), 404, /is not a contract of customer/],
  ];
  it.each(refusals)("refuses %s and changes nothing", async (_name, person, body, status, message) => {
    const before = await snapshot();
    const made = body();
    const answer = typeof made === "string" ? await send(person, "PUT", "/api/auto-recharge", undefined, made) : await send(person, "PUT", "/api/auto-recharge", made);
    expect(answer.status).toBe(status);
    expect(answer.body.message).toMatch(message);
    expect(await snapshot()).toBe(before);
  });

  it("sets the contract's prepaid balance threshold; a failed recharge turns it off and says so, turning it on again recharges; a retry is answered from the first row", async () => {
    const recharges = async () => (await purchases(ids.acme.customer)).filter((p) => p.kind === "recharge");
    // The demo contract has no balance in USD, so enabling recharges at once; this payment fails.
    await sim("POST", "/_simulator/payments", { outcome: "failed", customer_id: ids.acme.customer });
    const first = settings();
    const answer = await send("acme-admin", "PUT", "/api/auto-recharge", first);
    expect(answer.body.message).toBeUndefined();
    expect(answer.status).toBe(200);
    expect((answer.body as unknown as TopUpAnswer).data).toMatchObject({ kind: "auto_recharge_settings", status: "applied", settings: { enabled: true, threshold: 500, recharge_to: 10_000 } });
    await webhooksDelivered();
    expect((await recharges()).map((r) => [r.status, r.actor])).toEqual([["failed", null]]);
    expect((await recharges())[0]!.status_message).toMatch(/turned auto-recharge off\. Nothing is retried/);
    let config = (await contract(ids.acme.customer, ids.acme.contract)).prepaid_balance_threshold_configuration;
    expect(config).toMatchObject({ is_enabled: false, threshold_amount: 500, recharge_to_amount: 10_000 });

    const state = JSON.stringify(simulator.state);
    const retry = await send("acme-admin", "PUT", "/api/auto-recharge", first);
    expect((retry.body as unknown as TopUpAnswer).data.id).toBe((answer.body as unknown as TopUpAnswer).data.id);
    expect(JSON.stringify(simulator.state)).toBe(state);

    await sim("DELETE", "/_simulator/payments");
    // The simulator names a recharge by its contract and hour, so the next one is an hour later.
    await sim("POST", "/_simulator/clock/advance", { hours: 1 });
    const again = await send("acme-admin", "PUT", "/api/auto-recharge", settings());
    expect(again.status).toBe(200);
    await webhooksDelivered();
    expect((await recharges()).map((r) => r.status).sort()).toEqual(["failed", "paid"]);
    config = (await contract(ids.acme.customer, ids.acme.contract)).prepaid_balance_threshold_configuration;
    expect(config).toMatchObject({ is_enabled: true });

    const off = await send("acme-admin", "PUT", "/api/auto-recharge", settings({ enabled: false }));
    expect(off.status).toBe(200);
    config = (await contract(ids.acme.customer, ids.acme.contract)).prepaid_balance_threshold_configuration;
    expect(config).toMatchObject({ is_enabled: false, threshold_amount: 500, recharge_to_amount: 10_000 });
  });
});
