import { afterEach, describe, expect, it, vi } from "vitest";
import { createSimulator } from "./simulator";
import { signWebhook } from "./webhooks";
import { AI, workedExample, type Json, type WorkedExample } from "./test-support";

let ex: WorkedExample | undefined;
afterEach(async () => {
  await ex?.sim.close();
  ex = undefined;
});

describe("control API", () => {
  it("reads, sets and advances the clock", async () => {
    ex = await workedExample();
    expect((await ex.sim.call("GET", "/_simulator/clock")).body).toEqual({ now: "2025-05-31T12:00:00.000Z", frozen: true });
    expect((await ex.sim.call("POST", "/_simulator/clock/advance", { days: 1, hours: 2 })).body).toEqual({ now: "2025-06-01T14:00:00.000Z", frozen: true });
    expect((await ex.sim.call("POST", "/_simulator/clock/advance", { hours: -1 })).status).toBe(400);
    expect((await ex.sim.call("POST", "/_simulator/clock", { now: "not a date" })).status).toBe(400);
  });

  it("evaluates alerts on create and emits one webhook per state change, not one per evaluation", async () => {
    ex = await workedExample();
    await ex.sim.setNow("2025-06-02T00:00:00.000Z");
    const alert = await ex.sim.post("/v1/alerts/create", { alert_type: "low_remaining_contract_credit_balance_reached", name: "low", threshold: 10, credit_type_id: AI, customer_id: ex.customerId });
    // Only seat-scoped credits exist: the contract-level balance is 0, so the alert is in alarm.
    const status = async () => (await ex!.sim.post("/v1/customer-alerts/get", { customer_id: ex!.customerId, alert_id: alert.data.id })).data.customer_status;
    expect(await status()).toBe("in_alarm");
    const hooks = (await ex.sim.call("GET", "/_simulator/webhooks")).body.data;
    expect(hooks.map((h: Json) => h.payload.type)).toEqual(["alerts.low_remaining_contract_credit_balance_reached"]);
    await ex.sim.call("POST", "/_simulator/clock/advance", { days: 3 });
    expect((await ex.sim.call("GET", "/_simulator/webhooks")).body.data).toHaveLength(1);
  });

  it("injects and clears faults on Metronome paths only", async () => {
    ex = await workedExample();
    const set = await ex.sim.call("POST", "/_simulator/faults", { rules: [{ path: "/v2/contracts/", error_rate: 1 }] });
    expect(set.body.rules).toEqual([{ path: "/v2/contracts/", error_rate: 1 }]);
    const failing = await ex.sim.call("POST", "/v2/contracts/get", { customer_id: ex.customerId, contract_id: ex.contractId });
    expect([500, 503]).toContain(failing.status);
    expect((await ex.sim.call("GET", "/_simulator/clock")).status).toBe(200);
    expect((await ex.sim.call("POST", "/_simulator/faults", { rules: [{ path: "/v1/", drop_rate: 1 }] })).status).toBe(200);
    await expect(ex.sim.call("GET", "/v1/customers")).rejects.toThrow(/connection drop/);
    expect((await ex.sim.call("DELETE", "/_simulator/faults")).body).toEqual({ rules: [] });
    expect((await ex.sim.call("GET", "/v1/customers")).status).toBe(200);
    expect((await ex.sim.call("POST", "/_simulator/faults", { rules: [{ path: "/v1/", error_rate: 2 }] })).status).toBe(400);
  });

  it("resets to a scenario", async () => {
    ex = await workedExample();
    const res = await ex.sim.call("POST", "/_simulator/reset", { scenario: "empty" });
    expect(res.body).toMatchObject({ scenario: "empty", now: "2025-05-31T12:00:00.000Z" });
    expect((await ex.sim.call("GET", "/v1/customers")).body.data).toEqual([]);
    expect((await ex.sim.call("POST", "/_simulator/reset", { scenario: "other" })).status).toBe(400);
  });
});

describe("webhook delivery", () => {
  it("signs with hex HMAC-SHA256 over date + newline + body and retries failures with the same id", async () => {
    const attempts: Array<{ body: string; date: string; signature: string }> = [];
    let fail = 1;
    const fetchStub: typeof fetch = async (_url, init) => {
      const headers = new Headers(init?.headers);
      attempts.push({ body: String(init?.body), date: headers.get("X-Metronome-Date") ?? "", signature: headers.get("Metronome-Webhook-Signature") ?? "" });
      if (fail-- > 0) return new Response(null, { status: 500 });
      return new Response(null, { status: 200 });
    };
    const sim = await createSimulator({ scenario: "empty", now: "2025-06-01T00:00:00.000Z", tickSeconds: 0, webhook: { url: "http://hooks.test", secret: "topsecret", fetch: fetchStub } });
    const post = async (path: string, body: unknown) => (await sim.handle(new Request(`http://s${path}`, { method: "POST", headers: { authorization: "Bearer t" }, body: JSON.stringify(body) }))).json() as Promise<Json>;
    const customer = await post("/v1/customers", { name: "Hooked" });
    await post("/v1/alerts/create", { alert_type: "low_remaining_contract_credit_balance_reached", name: "low", threshold: 5, credit_type_id: AI, customer_id: customer.data.id });
    // The retry follows its backoff; wait for it rather than for a fixed time (the machine may be busy).
    await vi.waitFor(() => expect(attempts.length).toBe(2), { timeout: 15_000, interval: 50 });
    expect(attempts[0]?.body).toBe(attempts[1]?.body);
    const expected = await signWebhook("topsecret", attempts[1]?.date ?? "", attempts[1]?.body ?? "");
    expect(attempts[1]?.signature).toBe(expected);
    expect(attempts[1]?.signature).toMatch(/^[0-9a-f]{64}$/);
    await sim.close();
  });
});
