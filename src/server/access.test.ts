// The access check on the embedded simulator: two server instances on one database (A runs the
// simulator and receives its webhooks, B reaches the same simulator through a counting upstream).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessDecision, AlertEvent, CustomerAccess } from "../contract/bff";
import { createApp, type ServerApp } from "./app";
import { openPglite, type Sql } from "./db";
import { call, demoSignIn, signWebhook, testConfig, TEST_PORTAL_SECRET, TEST_WEBHOOK_SECRET } from "./test-helpers";
import type { MetronomeUpstream } from "./upstream";

const NOW = "2026-11-24T12:00:00.000Z";
const CHECK = "/api/access/check";
const bearer = { authorization: `Bearer ${TEST_PORTAL_SECRET}` };
const simulatorConfig = { upstream: { kind: "simulator" as const, now: NOW, scenario: "demo" as const, maxSeats: null } };

let sql: Sql;
let a: ServerApp;
let b: ServerApp;
/** Metronome calls B made. */
const bCalls: string[] = [];
const ids = { acme: "", umbrella: "", initech: "", globex: "" };

/** The same upstream, counting each request and never closed by the instance that borrows it. */
function counting(upstream: MetronomeUpstream, calls: string[]): MetronomeUpstream {
  return { ...upstream, request: (method, path, body) => (calls.push(`${method} ${path}`), upstream.request(method, path, body)), close: async () => {} };
}

async function check(server: ServerApp, body: unknown, headers: Record<string, string> = bearer): Promise<Response> {
  return call(server, "POST", CHECK, { body, headers, origin: null });
}

async function decision(server: ServerApp, customerId: string, seatId?: string): Promise<AccessDecision> {
  const response = await check(server, seatId === undefined ? { customer_id: customerId } : { customer_id: customerId, seat_id: seatId });
  expect(response.status).toBe(200);
  return (await response.json()) as AccessDecision;
}

async function simulatorJson(path: string, body?: unknown): Promise<{ data: unknown }> {
  const response = await call(a, body === undefined ? "GET" : "POST", `/api/simulator${path}`, { ...(body === undefined ? {} : { body }), origin: null, headers: bearer });
  expect(response.status).toBe(200);
  return (await response.json()) as { data: unknown };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  sql = await openPglite(null);
  a = await createApp(testConfig(simulatorConfig), { sql });
  b = await createApp(testConfig({ ...simulatorConfig, accessCheckUnknown: "open" }), { sql, upstream: counting(a.upstream, bCalls) });
  const customers = (await simulatorJson("/v1/customers?limit=10")).data as Array<{ id: string; ingest_aliases: string[] }>;
  for (const key of Object.keys(ids) as Array<keyof typeof ids>) ids[key] = customers.find((c) => c.ingest_aliases.includes(key))!.id;
}, 120_000);

afterAll(async () => {
  await b?.close();
  await a?.close();
  await sql?.close();
});

describe("POST /api/access/check: the host product's bearer request", () => {
  it("refuses a wrong or missing secret with 401, before reading the body", async () => {
    expect((await check(a, { customer_id: ids.acme }, { authorization: "Bearer not-the-secret" })).status).toBe(401);
    expect((await check(a, { customer_id: ids.acme }, {})).status).toBe(401);
    const basic = await check(a, "{bad", { authorization: `Basic ${TEST_PORTAL_SECRET}` });
    expect(basic.status).toBe(401);
    expect(await basic.json()).toMatchObject({ code: "invalid_portal_secret" });
  });

  it("answers without an Origin header or a session (server to server)", async () => {
    const response = await check(a, { customer_id: ids.acme });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ allowed: true, reason: "ok", credit_type_id: expect.any(String) });
  });

  it("refuses bad input with a 400 that names the problem, never a 500", async () => {
    const unknownField = await check(a, { customer_id: ids.acme, seat: "ada@acme.example" });
    expect(unknownField.status).toBe(400);
    expect((await unknownField.json()).message).toBe('Field "seat" is not allowed here. This request may contain only customer_id, seat_id');
    const malformed = await call(a, "POST", CHECK, { raw: '{"customer_id": ', headers: bearer, origin: null });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).code).toBe("invalid_json");
    const bodies: unknown[] = [{}, [], "text", 42, null, { customer_id: 7 }, { customer_id: "" }, { customer_id: ids.acme, seat_id: "" }, { customer_id: ids.acme, seat_id: 3 }, { customer_id: ids.acme, seat_id: "a\u0000b" }, { customer_id: "x".repeat(65) }, { customer_id: "../v1/x" }];
    for (const body of bodies) {
      const response = await call(a, "POST", CHECK, { raw: JSON.stringify(body), headers: bearer, origin: null });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json()).message, JSON.stringify(body)).toEqual(expect.any(String));
    }
  });

  it("answers 404 with a message for a customer Metronome does not know, then remembers it", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const response = await check(b, { customer_id: unknown });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: `No customer ${unknown} in Metronome`, code: "unknown_customer" });
    const before = bCalls.length;
    expect((await check(b, { customer_id: unknown })).status).toBe(404);
    expect(bCalls.length).toBe(before);
  });
});

describe("the decision from the projection", () => {
  it("gates exactly the seats Metronome has in alarm for a fanned-out seat alert, and allows the rest", async () => {
    const cookie = await demoSignIn(a, "acme-admin");
    const view = (await (await call(a, "GET", `/api/access?customer_id=${ids.acme}`, { cookie })).json()) as CustomerAccess;
    expect(view.customer).toMatchObject({ allowed: true, reason: "ok" });
    const alerts = (await simulatorJson("/v1/customer-alerts/list", { customer_id: ids.acme })).data as Array<{ alert: { id: string; type: string; seat_filter?: { seat_group_key: string } } }>;
    const seatAlert = alerts.find((x) => x.alert.type === "low_remaining_seat_balance_reached")!.alert;
    const seats = Object.keys(view.seats);
    expect(seats.length).toBeGreaterThan(30);
    for (const seat of seats) {
      const got = await simulatorJson("/v1/customer-alerts/get", { customer_id: ids.acme, alert_id: seatAlert.id, seat_filter: { seat_group_key: seatAlert.seat_filter!.seat_group_key, seat_group_value: seat } });
      const inAlarm = (got.data as { customer_status: string }).customer_status === "in_alarm";
      expect(view.seats[seat]!.reason, seat).toBe(inAlarm ? "seat_alert_in_alarm" : "ok");
      expect(await decision(a, ids.acme, seat)).toEqual(view.seats[seat]);
    }
    const gated = seats.filter((s) => !view.seats[s]!.allowed);
    expect(gated.length).toBeGreaterThan(0);
    // Per-seat credits come back at the next period start.
    expect(view.seats[gated[0]!]!.resets_at).toBe("2026-12-01T00:00:00.000Z");
    expect(await decision(a, ids.acme, "nobody@acme.example")).toEqual({ allowed: false, reason: "unknown_seat", balance: 0, credit_type_id: null, resets_at: null });
  }, 60_000);

  it("GET /api/access is scoped to the session's customers", async () => {
    const cookie = await demoSignIn(a, "acme-member");
    expect((await call(a, "GET", `/api/access?customer_id=${ids.globex}`, { cookie })).status).toBe(403);
    expect((await call(a, "GET", `/api/access?customer_id=${ids.acme}`)).status).toBe(401);
  });

  it("a contract alert in alarm gates the customer; credits added in Metronome resolve it by webhook and the check turns true", async () => {
    const cookie = await demoSignIn(a, "acme-admin");
    const pool = await decision(a, ids.acme);
    expect(pool.allowed).toBe(true);
    const created = await call(a, "POST", "/api/metronome/v1/alerts/create", {
      cookie,
      body: { customer_id: ids.acme, alert_type: "low_remaining_contract_credit_balance_reached", name: "Pool under its balance plus 1,000", threshold: pool.balance + 1000, credit_type_id: pool.credit_type_id, uniqueness_key: "access-pool" },
    });
    expect(created.status).toBe(200);
    const alertId = ((await created.json()) as { data: { id: string } }).data.id;
    // The server's own write refreshes the projection (the answer waits for it a moment).
    const gated = await until(() => decision(a, ids.acme), (d) => !d.allowed, "the check to turn false");
    expect(gated).toEqual({ allowed: false, reason: "contract_alert_in_alarm", balance: pool.balance, credit_type_id: pool.credit_type_id, resets_at: "2026-12-01T00:00:00.000Z" });
    expect(await decision(b, ids.acme)).toEqual(gated);
    expect((await decision(a, ids.acme, "ada@acme.example")).reason).toBe("contract_alert_in_alarm");

    // A top-up made in Metronome itself (not through this server): only the webhook tells the projection.
    const contracts = (await simulatorJson("/v2/contracts/list", { customer_id: ids.acme })).data as Array<{ id: string; recurring_credits: Array<{ product: { id: string } }> }>;
    await simulatorJson("/v2/contracts/edit", {
      customer_id: ids.acme,
      contract_id: contracts[0]!.id,
      add_credits: [{ product_id: contracts[0]!.recurring_credits[0]!.product.id, access_schedule: { credit_type_id: pool.credit_type_id, schedule_items: [{ amount: 2000, starting_at: NOW, ending_before: "2026-12-01T00:00:00.000Z" }] } }],
    });
    const open = await until(() => decision(a, ids.acme), (d) => d.allowed, "the check to turn true");
    expect(open).toMatchObject({ allowed: true, reason: "ok", balance: pool.balance + 2000 });
    const events = async () => ((await (await call(a, "GET", `/api/alert-events?customer_id=${ids.acme}&limit=100`, { cookie })).json()) as { data: AlertEvent[] }).data;
    const types = (list: AlertEvent[]) => list.filter((e) => e.alert_id === alertId).map((e) => e.type);
    await until(events, (list) => types(list).length >= 2, "the alert's webhooks");
    expect(types(await events())).toEqual(["alerts.low_remaining_contract_credit_balance_resolved", "alerts.low_remaining_contract_credit_balance_reached"]);
    // B holds a copy of Acme's projection: without NOTIFY (one embedded database) it is read again within a second.
    const settledOnA = await decision(a, ids.acme);
    await until(() => decision(b, ids.acme), (d) => JSON.stringify(d) === JSON.stringify(settledOnA), "instance B to agree");
  }, 60_000);

  it("out-of-order alert webhooks: the newest event time wins", async () => {
    await decision(a, ids.umbrella);
    const send = async (type: string, timestamp: string, id: string) => {
      const body = JSON.stringify({ id, type, properties: { customer_id: ids.umbrella, alert_id: "alert-out-of-order", timestamp, credit_type_id: "usd", remaining_balance: 5 } });
      const response = await call(a, "POST", "/api/webhooks/metronome", { raw: body, headers: signWebhook(body, TEST_WEBHOOK_SECRET), origin: null });
      expect(response.status).toBe(200);
    };
    // Later in time than the frozen clock, so no refresh (read at NOW) can supersede them.
    await send("alerts.low_remaining_contract_credit_balance_reached", "2026-11-24T14:00:00.000Z", "ooo-1");
    await send("alerts.low_remaining_contract_credit_balance_resolved", "2026-11-24T13:00:00.000Z", "ooo-2");
    expect(await decision(a, ids.umbrella)).toMatchObject({ allowed: false, reason: "contract_alert_in_alarm", credit_type_id: "usd" });
    await send("alerts.low_remaining_contract_credit_balance_resolved", "2026-11-24T15:00:00.000Z", "ooo-3");
    expect((await decision(a, ids.umbrella)).allowed).toBe(true);
    expect(await decision(b, ids.umbrella)).toEqual(await decision(a, ids.umbrella));
  });

  it("steady state: checks make no Metronome call, on either instance", async () => {
    await decision(b, ids.initech);
    const seats = Object.keys(((await (await call(b, "GET", `/api/access?customer_id=${ids.initech}`, { cookie: await demoSignIn(b, "initech-admin") })).json()) as CustomerAccess).seats);
    expect(seats.length).toBeGreaterThanOrEqual(1000);
    const before = bCalls.length;
    for (let i = 0; i < 100; i++) {
      expect((await decision(b, ids.initech, i % 2 === 0 ? undefined : seats[i * 7])).reason).not.toBe("state_unknown");
      if (i % 10 === 0) await decision(b, ids.acme, "ada@acme.example");
    }
    expect(bCalls.slice(before)).toEqual([]);
  }, 60_000);

  it("state unknown (Metronome unreachable on a first check): closed by default, open when the operator says so", async () => {
    const set = await call(a, "POST", "/api/simulator/_simulator/faults", { body: { rules: [{ path: "/v2/contracts/list", error_rate: 1 }] }, origin: null, headers: bearer });
    expect(set.status).toBe(200);
    try {
      expect(await decision(a, ids.globex)).toEqual({ allowed: false, reason: "state_unknown", balance: 0, credit_type_id: null, resets_at: null });
      expect(await decision(b, ids.globex)).toMatchObject({ allowed: true, reason: "state_unknown" });
    } finally {
      await call(a, "DELETE", "/api/simulator/_simulator/faults", { origin: null, headers: bearer });
    }
    expect((await decision(a, ids.globex)).reason).not.toBe("state_unknown");
  }, 60_000);
});
