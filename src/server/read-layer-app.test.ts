/**
 * The read layer inside the server, on the embedded simulator: reads are shared and carry their
 * age, the server's own writes make the next read of that customer fresh (and only that
 * customer's), webhooks and simulator control calls invalidate, and the metrics are behind the
 * portal secret.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InternalMetrics } from "../contract/bff";
import { quantityAt } from "../../test/resilience/harness";
import { AI_CREDITS_ID } from "../simulator/state";
import { createApp, type ServerApp } from "./app";
import { createFakeUpstream } from "./fake-upstream";
import { call, demoSignIn, signWebhook, testConfig, TEST_PORTAL_SECRET, TEST_WEBHOOK_SECRET } from "./test-helpers";
import type { MetronomeUpstream } from "./upstream";

const NOW = "2026-11-24T12:00:00.000Z";
const control = { authorization: `Bearer ${TEST_PORTAL_SECRET}` };
let server: ServerApp;
let cookie: string;
let acme: string;
let globex: string;

interface Contract {
  id: string;
  subscriptions: Array<{ id: string; quantity_schedule: Array<{ quantity: number; starting_at: string; ending_before?: string }> }>;
}

const listContracts = (customerId: string) => call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: customerId } });
const listAlerts = (customerId: string) => call(server, "POST", "/api/metronome/v1/customer-alerts/list", { cookie, body: { customer_id: customerId } });

async function contractOf(customerId: string): Promise<{ contract: Contract; cache: string | null }> {
  const response = await listContracts(customerId);
  expect(response.status).toBe(200);
  const { data } = (await response.json()) as { data: Contract[] };
  return { contract: data[0]!, cache: response.headers.get("x-read-cache") };
}

beforeAll(async () => {
  server = await createApp(testConfig({ upstream: { kind: "simulator", now: NOW, scenario: "demo", maxSeats: null } }));
  cookie = await demoSignIn(server, "account-manager");
  const session = (await (await call(server, "GET", "/api/session", { cookie })).json()) as { customer_ids: string[] };
  const ids = await Promise.all(
    ["acme", "globex"].map(async (alias) => {
      const page = (await (await call(server, "GET", `/api/customers?q=${alias}`, { cookie })).json()) as { data: Array<{ id: string }> };
      return page.data[0]!.id;
    }),
  );
  [acme, globex] = ids as [string, string];
  expect(session.customer_ids).toEqual(expect.arrayContaining([acme, globex]));
}, 60_000);

afterAll(async () => {
  await server.close();
});

describe("the read layer in the server", () => {
  it("answers a repeated read from its cache, with Age and x-data-fetched-at, without asking Metronome again", async () => {
    await server.reads.invalidateAll();
    const before = server.upstreamCalls().total;
    const first = await listContracts(acme);
    expect(first.headers.get("x-read-cache")).toBe("miss");
    expect(first.headers.get("age")).toBe("0");
    const fetchedAt = first.headers.get("x-data-fetched-at");
    expect(Date.parse(fetchedAt ?? "")).toBeGreaterThan(Date.now() - 10_000);
    const again = await listContracts(acme);
    expect(again.headers.get("x-read-cache")).toBe("hit");
    expect(again.headers.get("x-data-fetched-at")).toBe(fetchedAt);
    expect(await again.text()).toBe(await first.text());
    expect(server.upstreamCalls().total - before).toBe(1);
    expect(server.upstreamCalls().byPath["/v2/contracts/list"]).toBeGreaterThanOrEqual(1);
  });

  it("asks Metronome again when the browser sends Cache-Control: no-cache (a check before confirming)", async () => {
    await listContracts(acme);
    expect((await listContracts(acme)).headers.get("x-read-cache")).toBe("hit");
    const skips: Array<Record<string, string>> = [{ "cache-control": "no-cache" }, { "cache-control": "max-age=0" }, { pragma: "no-cache" }];
    for (const headers of skips) {
      const fresh = await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: acme }, headers });
      expect(fresh.headers.get("x-read-cache"), JSON.stringify(headers)).toBe("miss");
    }
    expect((await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: acme }, headers: { "cache-control": "max-age=60" } })).headers.get("x-read-cache")).toBe("hit");
  });

  it("shares 20 concurrent identical reads as one Metronome call", async () => {
    await server.reads.invalidateAll();
    const before = server.upstreamCalls().byPath["/v1/contracts/customerBalances/list"] ?? 0;
    const body = { customer_id: globex, include_ledgers: false };
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(server, "POST", "/api/metronome/v1/contracts/customerBalances/list", { cookie, body })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect((server.upstreamCalls().byPath["/v1/contracts/customerBalances/list"] ?? 0) - before).toBe(1);
  });

  it("a seat edit makes the next read of its customer fresh and leaves another customer's cached", async () => {
    await contractOf(acme);
    const { contract } = await contractOf(globex);
    expect((await contractOf(globex)).cache).toBe("hit");
    const subscription = contract.subscriptions[0]!;
    const current = quantityAt(subscription.quantity_schedule, NOW);
    const edit = await call(server, "POST", "/api/metronome/v2/contracts/edit", {
      cookie,
      body: { customer_id: globex, contract_id: contract.id, update_subscriptions: [{ subscription_id: subscription.id, quantity_updates: [{ quantity: current + 1, starting_at: NOW }] }] },
    });
    expect(edit.status).toBe(200);
    const after = await contractOf(globex);
    expect(after.cache).toBe("miss");
    expect(quantityAt(after.contract.subscriptions[0]!.quantity_schedule, NOW)).toBe(current + 1);
    expect((await contractOf(acme)).cache).toBe("hit");
  });

  it("an alert created or archived shows in the customer's next alert list", async () => {
    const before = (await (await listAlerts(acme)).json()) as { data: Array<{ alert: { id: string } }> };
    expect((await listAlerts(acme)).headers.get("x-read-cache")).toBe("hit");
    const created = await call(server, "POST", "/api/metronome/v1/alerts/create", {
      cookie,
      body: { customer_id: acme, alert_type: "low_remaining_contract_credit_balance_reached", name: "Read layer test", threshold: 7, credit_type_id: AI_CREDITS_ID, uniqueness_key: "read-layer-test" },
    });
    expect(created.status).toBe(200);
    const alertId = ((await created.json()) as { data: { id: string } }).data.id;
    const listed = await listAlerts(acme);
    expect(listed.headers.get("x-read-cache")).toBe("miss");
    const after = (await listed.json()) as { data: Array<{ alert: { id: string; status?: string } }> };
    expect(after.data.map((a) => a.alert.id)).toEqual(expect.arrayContaining([...before.data.map((a) => a.alert.id), alertId]));

    const archived = await call(server, "POST", "/api/metronome/v1/alerts/archive", { cookie, body: { customer_id: acme, id: alertId } });
    expect(archived.status).toBe(200);
    expect((await listAlerts(acme)).headers.get("x-read-cache")).toBe("miss");
  });

  it("a webhook naming a customer invalidates that customer only", async () => {
    await contractOf(acme);
    await contractOf(globex);
    const body = JSON.stringify({ id: "evt-read-layer-1", type: "alerts.low_remaining_contract_credit_balance_reached", properties: { customer_id: acme, alert_id: "a-1" } });
    const hook = await call(server, "POST", "/api/webhooks/metronome", { raw: body, origin: null, headers: signWebhook(body, TEST_WEBHOOK_SECRET) });
    expect(hook.status).toBe(200);
    expect((await contractOf(acme)).cache).toBe("miss");
    expect((await contractOf(globex)).cache).toBe("hit");
  });

  it("a simulator control call that changes state invalidates every customer; reading the clock does not", async () => {
    await contractOf(acme);
    await contractOf(globex);
    expect((await call(server, "GET", "/api/simulator/_simulator/clock", { headers: control })).status).toBe(200);
    expect((await contractOf(acme)).cache).toBe("hit");
    const moved = await call(server, "POST", "/api/simulator/_simulator/clock", { headers: control, body: { now: NOW } });
    expect(moved.status).toBe(200);
    expect((await contractOf(acme)).cache).toBe("miss");
    expect((await contractOf(globex)).cache).toBe("miss");
  });

  it("shows its metrics and empties its cache only to the portal secret's holder", async () => {
    expect((await call(server, "GET", "/api/internal/metrics")).status).toBe(401);
    expect((await call(server, "GET", "/api/internal/metrics", { cookie })).status).toBe(401);
    expect((await call(server, "DELETE", "/api/internal/read-cache", { headers: { authorization: "Bearer wrong-secret-0123456789" } })).status).toBe(401);
    await contractOf(acme);
    const metrics = (await (await call(server, "GET", "/api/internal/metrics", { headers: control })).json()) as InternalMetrics;
    expect(metrics.upstream_calls.total).toBe(server.upstreamCalls().total);
    expect(metrics.read_cache.entries).toBeGreaterThan(0);
    expect(metrics.upstream_limit).toEqual({ active: 0, queued: 0, paused_until: null });
    expect((await call(server, "DELETE", "/api/internal/read-cache", { headers: control })).status).toBe(204);
    expect(server.reads.stats().entries).toBe(0);
    expect((await contractOf(acme)).cache).toBe("miss");
  });
});

describe("a 429 from Metronome, through the server", () => {
  it("the simulator's throttle fault: every attempt of a read answered 429 with Retry-After is retried after the pause, then the 429 is passed on", async () => {
    const faults = "/api/simulator/_simulator/faults";
    expect((await call(server, "POST", faults, { headers: control, body: { rules: [{ path: "/v2/contracts/list", throttle_rate: 1, retry_after_s: 1.5 }] } })).status).toBe(400);
    expect((await call(server, "POST", faults, { headers: control, body: { rules: [{ path: "/v2/contracts/list", throttle_rate: 1, retry_after_s: 1 }] } })).status).toBe(200);
    try {
      const before = server.upstreamCalls();
      const started = Date.now();
      const answer = await listContracts(acme);
      expect(answer.status).toBe(429);
      expect(await answer.json()).toEqual({ message: "Too many requests (simulated fault)" });
      // The first attempt and three retries, each after the one-second pause.
      expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
      const after = server.upstreamCalls();
      expect(after.throttled - before.throttled).toBe(4);
      expect((after.byPath["/v2/contracts/list"] ?? 0) - (before.byPath["/v2/contracts/list"] ?? 0)).toBe(4);
    } finally {
      expect((await call(server, "DELETE", faults, { headers: control })).status).toBe(200);
    }
    // Not stored: the next read asks again and gets the contracts.
    const again = await listContracts(acme);
    expect(again.status).toBe(200);
    expect(again.headers.get("x-read-cache")).toBe("miss");
  }, 30_000);

  it("holds the read back for Retry-After, retries it once and answers the browser 200; the throttle shows in the metrics", async () => {
    const fake = createFakeUpstream();
    let throttled = 0;
    const sentAt: number[] = [];
    const upstream: MetronomeUpstream = {
      ...fake,
      async request(method, path, body) {
        if (path === "/v1/customers/c-acme") {
          sentAt.push(Date.now());
          if (throttled++ === 0) return new Response('{"message":"Too many requests"}', { status: 429, headers: { "retry-after": "1" } });
        }
        return fake.request(method, path, body);
      },
    };
    const throttledServer = await createApp(testConfig(), { upstream });
    try {
      const acmeCookie = await demoSignIn(throttledServer, "acme-admin");
      const response = await call(throttledServer, "GET", "/api/metronome/v1/customers/c-acme", { cookie: acmeCookie });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ data: { id: "c-acme" } });
      expect(sentAt).toHaveLength(2);
      expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(990);
      const metrics = (await (await call(throttledServer, "GET", "/api/internal/metrics", { headers: control })).json()) as InternalMetrics;
      expect(metrics.upstream_calls.throttled).toBe(1);
      expect(metrics.upstream_calls.by_path["/v1/customers/c-acme"]).toBe(2);
    } finally {
      await throttledServer.close();
    }
  }, 60_000);
});
