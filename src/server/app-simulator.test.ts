import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertEvent, AuditPage, Health, Session } from "../contract/bff";
import { createApp, type ServerApp } from "./app";
import { call, demoSignIn, testConfig, TEST_PORTAL_SECRET } from "./test-helpers";

const NOW = "2026-11-24T12:00:00.000Z";
let server: ServerApp;
const control = { authorization: `Bearer ${TEST_PORTAL_SECRET}` };

beforeAll(async () => {
  server = await createApp(testConfig({ upstream: { kind: "simulator", now: NOW, scenario: "demo", maxSeats: null } }));
}, 60_000);
afterAll(async () => {
  await server.close();
});

async function firstContract(cookie: string, customerId: string) {
  const response = await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: customerId } });
  expect(response.status).toBe(200);
  const { data } = (await response.json()) as { data: Array<{ id: string; subscriptions: Array<{ id: string; quantity_schedule: Array<{ quantity: number }> }> }> };
  const contract = data[0]!;
  return { contractId: contract.id, subscription: contract.subscriptions[0]! };
}

async function sessionCustomer(cookie: string): Promise<string> {
  const session = await (await call(server, "GET", "/api/session", { cookie })).json();
  return session.customer_ids[0] as string;
}

describe("the BFF on the embedded simulator", () => {
  it("audits a seat-based edit with Metronome's edit id and the seat totals before and after", async () => {
    const cookie = await demoSignIn(server, "acme-admin");
    const acme = await sessionCustomer(cookie);
    const { contractId, subscription } = await firstContract(cookie, acme);
    const response = await call(server, "POST", "/api/metronome/v2/contracts/edit", {
      cookie,
      body: {
        customer_id: acme, contract_id: contractId, uniqueness_key: "bff-test-1",
        update_subscriptions: [{ subscription_id: subscription.id, seat_updates: { add_unassigned_seats: [{ quantity: 2, starting_at: NOW }] } }],
      },
    });
    expect(response.status).toBe(200);
    const editId = ((await response.json()) as { data: { id: string } }).data.id;
    const page = (await (await call(server, "GET", `/api/audit?customer_id=${acme}`, { cookie })).json()) as AuditPage;
    const entry = page.data[0]!;
    expect(entry).toMatchObject({ edit_id: editId, outcome: "applied", contract_id: contractId, subscription_ids: [subscription.id] });
    const before = entry.seats_before[subscription.id]!;
    expect(before).toBeGreaterThan(30);
    expect(entry.seats_after[subscription.id]).toBe(before + 2);

    const again = await call(server, "POST", "/api/metronome/v2/contracts/edit", {
      cookie,
      body: {
        customer_id: acme, contract_id: contractId, uniqueness_key: "bff-test-1",
        update_subscriptions: [{ subscription_id: subscription.id, seat_updates: { add_unassigned_seats: [{ quantity: 2, starting_at: NOW }] } }],
      },
    });
    // A retry with the same key is answered from the audit log: not sent again, no second row.
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "already_applied", edit_id: editId });
    const latest = (await (await call(server, "GET", `/api/audit?customer_id=${acme}`, { cookie })).json()) as AuditPage;
    expect(latest.data.filter((row) => (row.request as { uniqueness_key?: string }).uniqueness_key === "bff-test-1")).toHaveLength(1);
  });

  it("refuses a quantity above the customer's seat policy before Metronome sees it", async () => {
    const cookie = await demoSignIn(server, "globex-admin");
    const globex = await sessionCustomer(cookie);
    const { contractId, subscription } = await firstContract(cookie, globex);
    const response = await call(server, "POST", "/api/metronome/v2/contracts/edit", {
      cookie,
      body: { customer_id: globex, contract_id: contractId, update_subscriptions: [{ subscription_id: subscription.id, quantity_updates: [{ quantity: 401, starting_at: NOW }] }] },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: "above_max_seats" });
    const after = await firstContract(cookie, globex);
    expect(after.subscription.quantity_schedule[0]?.quantity).toBe(subscription.quantity_schedule[0]?.quantity);
  });

  it("judges a quantity change with Globex's scheduled delta replayed as a delta (edit history)", async () => {
    const cookie = await demoSignIn(server, "globex-admin");
    const globex = await sessionCustomer(cookie);
    const { contractId, subscription } = await firstContract(cookie, globex);
    // The scenario schedules +25 seats on December 1 as a quantity_delta: 250 now, 275 then.
    expect(subscription.quantity_schedule.map((q) => q.quantity)).toEqual([250, 275]);
    const edit = (quantity_delta: number) =>
      call(server, "POST", "/api/metronome/v2/contracts/edit", {
        cookie,
        body: { customer_id: globex, contract_id: contractId, update_subscriptions: [{ subscription_id: subscription.id, quantity_updates: [{ quantity_delta, starting_at: NOW }] }] },
      });
    // 130 more from now shifts the scheduled delta too: 405 on December 1, above the policy's 400.
    const refused = await edit(130);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: "above_max_seats", message: expect.stringContaining("405 seats on December 1, 2026") });
    // 120 more stays within it: 370 now, 395 on December 1.
    expect((await edit(120)).status).toBe(200);
    const after = await firstContract(cookie, globex);
    expect(after.subscription.quantity_schedule.map((q) => q.quantity)).toEqual([370, 395]);
  });

  it("times audit rows by the simulator's clock, not the server's", async () => {
    const cookie = await demoSignIn(server, "acme-admin");
    const acme = await sessionCustomer(cookie);
    const { contractId, subscription } = await firstContract(cookie, acme);
    const later = new Date(Date.parse(NOW) + 3 * 86_400_000).toISOString();
    expect((await call(server, "POST", "/api/simulator/_simulator/clock", { body: { now: later }, origin: null, headers: control })).status).toBe(200);
    try {
      const response = await call(server, "POST", "/api/metronome/v2/contracts/edit", {
        cookie,
        body: { customer_id: acme, contract_id: contractId, update_subscriptions: [{ subscription_id: subscription.id, seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: later }] } }] },
      });
      expect(response.status).toBe(200);
      const editId = ((await response.json()) as { data: { id: string } }).data.id;
      const row = ((await (await call(server, "GET", `/api/audit?customer_id=${acme}&limit=1`, { cookie })).json()) as AuditPage).data[0];
      expect(row).toMatchObject({ edit_id: editId, at: later });
      const history = (await (await call(server, "POST", "/api/metronome/v2/contracts/getEditHistory", { cookie, body: { customer_id: acme, contract_id: contractId } })).json()) as { data: Array<{ id: string; timestamp: string }> };
      expect(history.data.find((e) => e.id === editId)?.timestamp).toBe(later);
    } finally {
      await call(server, "POST", "/api/simulator/_simulator/clock", { body: { now: NOW }, origin: null, headers: control });
    }
  });

  it("delivers the simulator's signed alert webhooks to its own receiver", async () => {
    const cookie = await demoSignIn(server, "umbrella-admin");
    const umbrella = await sessionCustomer(cookie);
    const types = await (await call(server, "GET", "/api/metronome/v1/credit-types/list", { cookie })).json();
    const usd = (types.data as Array<{ id: string; name: string }>).find((t) => t.name.startsWith("USD"))?.id;
    const created = await call(server, "POST", "/api/metronome/v1/alerts/create", {
      cookie,
      body: { customer_id: umbrella, alert_type: "low_remaining_contract_credit_balance_reached", name: "Any balance", threshold: 1_000_000_000, credit_type_id: usd, uniqueness_key: "any-balance" },
    });
    expect(created.status).toBe(200);
    let events: AlertEvent[] = [];
    for (let i = 0; i < 150 && events.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      events = ((await (await call(server, "GET", `/api/alert-events?customer_id=${umbrella}`, { cookie })).json()) as { data: AlertEvent[] }).data;
    }
    // Received by the simulator's (frozen) clock, not the server's.
    expect(events[0]).toMatchObject({ customer_id: umbrella, type: expect.stringMatching(/^alerts\./), received_at: NOW });
  });

  it("lets tests inject faults through /api/simulator, and passes the upstream failure through", async () => {
    const cookie = await demoSignIn(server, "acme-member");
    const acme = await sessionCustomer(cookie);
    const set = await call(server, "POST", "/api/simulator/_simulator/faults", { body: { rules: [{ path: "/v2/contracts/list", error_rate: 1 }] }, origin: null, headers: control });
    expect(set.status).toBe(200);
    const failed = await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: acme } });
    expect([500, 503]).toContain(failed.status);
    expect((await failed.json()).message).toMatch(/simulated fault/);
    await call(server, "DELETE", "/api/simulator/_simulator/faults", { origin: null, headers: control });
    expect((await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: acme } })).status).toBe(200);
    const clock = await (await call(server, "GET", "/api/simulator/_simulator/clock", { headers: control })).json();
    expect(clock).toEqual({ now: NOW, frozen: true });
  });

  it("gives the simulator's clock as now in health and the session, following it when it moves", async () => {
    const cookie = await demoSignIn(server, "acme-member");
    expect(((await (await call(server, "GET", "/api/health")).json()) as Health).now).toBe(NOW);
    expect(((await (await call(server, "GET", "/api/session", { cookie })).json()) as Session).now).toBe(NOW);
    const moved = await call(server, "POST", "/api/simulator/_simulator/clock/advance", { body: { days: 2 }, origin: null, headers: control });
    expect(moved.status).toBe(200);
    const later = new Date(Date.parse(NOW) + 2 * 86_400_000).toISOString();
    expect(((await (await call(server, "GET", "/api/session", { cookie })).json()) as Session).now).toBe(later);
    await call(server, "POST", "/api/simulator/_simulator/clock", { body: { now: NOW }, origin: null, headers: control });
  });
});
