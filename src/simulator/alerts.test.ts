import { afterEach, describe, expect, it } from "vitest";
import { AI, workedExample, type Json, type WorkedExample } from "./test-support";

let ex: WorkedExample | undefined;
afterEach(async () => {
  await ex?.sim.close();
  ex = undefined;
});

const POOL_ALERT = "low_remaining_contract_credit_balance_reached";

async function hookTypes(e: WorkedExample): Promise<Array<{ type: string; seat?: string; customer: string }>> {
  const hooks = (await e.sim.call("GET", "/_simulator/webhooks")).body.data as Json[];
  return hooks.map((h) => ({
    type: h.payload.type,
    customer: h.payload.properties.customer_id,
    ...(h.payload.properties.seat_filter ? { seat: h.payload.properties.seat_filter.seat_group_value } : {}),
  }));
}

async function status(e: WorkedExample, alertId: string, seat?: string): Promise<string> {
  const body = { customer_id: e.customerId, alert_id: alertId, ...(seat ? { seat_filter: { seat_group_key: "user_id", seat_group_value: seat } } : {}) };
  return (await e.sim.post("/v1/customer-alerts/get", body)).data.customer_status;
}

function addUnassigned(e: WorkedExample, at: string) {
  return e.sim.post("/v2/contracts/edit", {
    customer_id: e.customerId, contract_id: e.contractId,
    update_subscriptions: [{ subscription_id: e.subscriptionId, seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }],
  });
}

describe("evaluate_on_create: false", () => {
  it("leaves a customer already past the threshold ok, with no webhook, until its balance next changes", async () => {
    ex = await workedExample({ allocation: "POOLED" });
    await ex.sim.setNow("2025-06-02T00:00:00.000Z");
    const pool = async () => (await ex!.sim.post("/v1/contracts/customerBalances/getNetBalance", { customer_id: ex!.customerId, credit_type_id: AI })).data.balance;
    expect(await pool()).toBe(4000);
    const alert = await ex.sim.post("/v1/alerts/create", {
      alert_type: POOL_ALERT, name: "pool low", threshold: 5000, credit_type_id: AI, customer_id: ex.customerId, evaluate_on_create: false,
    });
    expect(await status(ex, alert.data.id)).toBe("ok");
    expect(await hookTypes(ex)).toEqual([]);

    // Changes that leave the balance where it was do not wake it: a seat added from 06-10 (not yet
    // in force), an hour of time, another alert.
    await addUnassigned(ex, "2025-06-10T00:00:00.000Z");
    await ex.sim.call("POST", "/_simulator/clock/advance", { hours: 1 });
    await ex.sim.post("/v1/alerts/create", { alert_type: POOL_ALERT, name: "other", threshold: 1, credit_type_id: AI, customer_id: ex.customerId });
    expect(await pool()).toBe(4000);
    expect(await status(ex, alert.data.id)).toBe("ok");
    expect((await hookTypes(ex)).filter((h) => h.type === `alerts.${POOL_ALERT}`)).toEqual([]);

    // 06-10: the added seat releases prorated credit; the balance changed and is still at or below 5000.
    await ex.sim.setNow("2025-06-10T00:00:00.000Z");
    expect(await pool()).toBeGreaterThan(4000);
    expect(await status(ex, alert.data.id)).toBe("in_alarm");
    expect(await hookTypes(ex)).toEqual([{ type: `alerts.${POOL_ALERT}`, customer: ex.customerId }]);
  });

  it("evaluates seats that appear after creation at once, and leaves the seats it found alone", async () => {
    ex = await workedExample();
    await ex.sim.setNow("2025-06-02T00:00:00.000Z");
    const alert = await ex.sim.post("/v1/alerts/create", {
      alert_type: "low_remaining_seat_balance_reached", name: "seat low", threshold: 2000, credit_type_id: AI, customer_id: ex.customerId,
      seat_filter: { seat_group_key: "user_id" }, evaluate_on_create: false,
    });
    // alice, bob and carol hold 1000 each (at or below 2000) but were there at creation.
    expect(await status(ex, alert.data.id, "alice")).toBe("ok");
    await ex.sim.post("/v2/contracts/edit", {
      customer_id: ex.customerId, contract_id: ex.contractId,
      update_subscriptions: [{ subscription_id: ex.subscriptionId, seat_updates: { add_seat_ids: [{ seat_ids: ["dave"], starting_at: "2025-06-02T00:00:00.000Z" }] } }],
    });
    expect(await status(ex, alert.data.id, "dave")).toBe("in_alarm");
    expect(await status(ex, alert.data.id, "alice")).toBe("ok");
    expect(await hookTypes(ex)).toEqual([{ type: "alerts.low_remaining_seat_balance_reached", customer: ex.customerId, seat: "dave" }]);
  });

  it("evaluates customers created after a notification for every customer, not the ones it found", async () => {
    ex = await workedExample();
    await ex.sim.setNow("2025-06-02T00:00:00.000Z");
    await ex.sim.post("/v1/alerts/create", { alert_type: POOL_ALERT, name: "all customers", threshold: 10, credit_type_id: AI, evaluate_on_create: false });
    expect(await hookTypes(ex)).toEqual([]);
    const later = (await ex.sim.post("/v1/customers", { name: "Later, Inc." })).data.id;
    // The new customer has no credit at all: 0 is at or below 10.
    expect(await hookTypes(ex)).toEqual([{ type: `alerts.${POOL_ALERT}`, customer: later }]);
  });

  it("by default (true) fires at once for a customer already past the threshold", async () => {
    ex = await workedExample({ allocation: "POOLED" });
    await ex.sim.setNow("2025-06-02T00:00:00.000Z");
    const alert = await ex.sim.post("/v1/alerts/create", { alert_type: POOL_ALERT, name: "pool low", threshold: 5000, credit_type_id: AI, customer_id: ex.customerId });
    expect(await status(ex, alert.data.id)).toBe("in_alarm");
    expect(await hookTypes(ex)).toEqual([{ type: `alerts.${POOL_ALERT}`, customer: ex.customerId }]);
  });
});
