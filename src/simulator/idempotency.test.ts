import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson, findAnswer, idempotentRequest, keepAnswer, MAX_RECORDS, RETENTION_MS } from "./idempotency";
import { createSimulator, memoryStore } from "./simulator";
import { initialState } from "./state";
import { AI, testSimulator, workedExample, type Json, type TestSim } from "./test-support";

let sim: TestSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const NOW = "2025-06-02T00:00:00.000Z";

async function keyed(s: TestSim, path: string, body: unknown, key: string, token = "test") {
  const res = await s.raw(
    new Request(`http://simulator.test${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(body),
    }),
  );
  return { status: res.status, body: (await res.json()) as Json };
}

const alertBody = (customerId: string, extra: Record<string, unknown> = {}) => ({
  alert_type: "low_remaining_contract_credit_balance_reached", name: "low", threshold: 5, credit_type_id: AI, customer_id: customerId, ...extra,
});

describe("idempotency records", () => {
  it("compares parameters whatever their key order, and keys per token and key", async () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe(canonicalJson({ a: [{ c: null, d: 2 }], b: 1 }));
    const req = { method: "POST", path: "/v1/alerts/create", query: new URLSearchParams(), body: { a: 1 } };
    const one = await idempotentRequest("t1", "k", req);
    expect(await idempotentRequest("t1", "k", { ...req, body: { a: 1 } })).toEqual(one);
    expect((await idempotentRequest("t2", "k", req))?.id).not.toBe(one?.id);
    expect((await idempotentRequest("t1", "k", { ...req, body: { a: 2 } }))?.fingerprint).not.toBe(one?.fingerprint);
    expect((await idempotentRequest("t1", "k", { ...req, path: "/v2/contracts/edit" }))?.fingerprint).not.toBe(one?.fingerprint);
    expect(await idempotentRequest("t1", null, req)).toBeUndefined();
    expect(await idempotentRequest("t1", "  ", req)).toBeUndefined();
    expect(await idempotentRequest("t1", "k", { ...req, method: "GET" })).toBeUndefined();
  });

  it("keeps answers for 24 hours and at most MAX_RECORDS, the oldest dropped first", () => {
    const state = initialState("empty", 1);
    const record = (id: string, at: number) => ({ id, fingerprint: "f", status: 200, body: "{}", stored_at: at });
    keepAnswer(state, record("a", 0));
    expect(findAnswer(state, "a", RETENTION_MS)?.id).toBe("a");
    expect(findAnswer(state, "a", RETENTION_MS + 1)).toBeUndefined();
    for (let i = 0; i <= MAX_RECORDS; i++) keepAnswer(state, record(`r${i}`, 1000 + i));
    expect(state.idempotency).toHaveLength(MAX_RECORDS);
    expect(findAnswer(state, "r0", 2000)).toBeUndefined();
    expect(findAnswer(state, `r${MAX_RECORDS}`, 2000)?.id).toBe(`r${MAX_RECORDS}`);
  });
});

describe("Idempotency-Key on POST requests", () => {
  it("replays the first answer for the same key and parameters, and answers 409 for other parameters", async () => {
    sim = await testSimulator(NOW);
    const customer = (await sim.post("/v1/customers", { name: "Acme" })).data.id;
    const first = await keyed(sim, "/v1/alerts/create", alertBody(customer), "key-1");
    expect(first.status).toBe(200);
    const again = await keyed(sim, "/v1/alerts/create", alertBody(customer), "key-1");
    expect(again).toEqual(first);
    expect(sim.state.alerts).toHaveLength(1);
    const other = await keyed(sim, "/v1/alerts/create", alertBody(customer, { threshold: 6 }), "key-1");
    expect(other.status).toBe(409);
    expect(other.body.message).toMatch(/Idempotency-Key has already been used/);
    // The same key on another endpoint is other parameters too.
    expect((await keyed(sim, "/v1/customers", { name: "Other" }, "key-1")).status).toBe(409);
    // Another caller (token) has keys of its own.
    expect((await keyed(sim, "/v1/alerts/create", alertBody(customer), "key-1", "other-token")).status).toBe(200);
    expect(sim.state.alerts).toHaveLength(2);
  });

  it("does not keep a refused request, so a corrected retry with the same key runs", async () => {
    sim = await testSimulator(NOW);
    const customer = (await sim.post("/v1/customers", { name: "Acme" })).data.id;
    const refused = await keyed(sim, "/v1/alerts/create", alertBody(customer, { threshold: "five" }), "key-2");
    expect(refused.status).toBe(400);
    const fixed = await keyed(sim, "/v1/alerts/create", alertBody(customer), "key-2");
    expect(fixed.status).toBe(200);
    expect(sim.state.alerts).toHaveLength(1);
  });

  it("replays read answers as they were", async () => {
    sim = await testSimulator(NOW);
    const customer = (await sim.post("/v1/customers", { name: "Acme" })).data.id;
    const list = { customer_id: customer };
    const before = await keyed(sim, "/v1/customer-alerts/list", list, "read-1");
    await sim.post("/v1/alerts/create", alertBody(customer));
    expect(await keyed(sim, "/v1/customer-alerts/list", list, "read-1")).toEqual(before);
    expect((await sim.post("/v1/customer-alerts/list", list)).data).toHaveLength(1);
  });

  it("applies a contract edit sent twice with one key (and no uniqueness_key) once", async () => {
    const ex = await workedExample();
    try {
      const body = {
        customer_id: ex.customerId, contract_id: ex.contractId,
        update_subscriptions: [{ subscription_id: ex.subscriptionId, seat_updates: { add_unassigned_seats: [{ quantity: 2, starting_at: "2025-06-10T00:00:00.000Z" }] } }],
      };
      const first = await keyed(ex.sim, "/v2/contracts/edit", body, "edit-1");
      expect(first.status).toBe(200);
      expect(await keyed(ex.sim, "/v2/contracts/edit", body, "edit-1")).toEqual(first);
      const history = await ex.sim.post("/v1/contracts/getSubscriptionSeatsHistory", { customer_id: ex.customerId, contract_id: ex.contractId, subscription_id: ex.subscriptionId });
      expect(history.data.map((s: Json) => s.total_quantity)).toEqual([4, 6]);
    } finally {
      await ex.sim.close();
    }
  });

  it("keeps the answers with the state, so a restarted simulator still replays them", async () => {
    const store = memoryStore();
    const first = await createSimulator({ scenario: "empty", now: NOW, tickSeconds: 0, store });
    const send = (s: typeof first) =>
      s.handle(new Request("http://simulator.test/v1/customers", {
        method: "POST", headers: { authorization: "Bearer t", "content-type": "application/json", "idempotency-key": "k" },
        body: JSON.stringify({ name: "Once" }),
      }));
    const created = (await (await send(first)).json()) as Json;
    await first.close();
    const second = await createSimulator({ tickSeconds: 0, store });
    expect((await (await send(second)).json()) as Json).toEqual(created);
    expect(second.state.customers).toHaveLength(1);
    await second.close();
  });
});
