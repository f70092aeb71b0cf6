import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator } from "./simulator";
import type { Json } from "./test-support";
import { AI_CREDITS_ID } from "./state";

const NOW = "2026-03-18T10:00:00.000Z";
let sim: Awaited<ReturnType<typeof createSimulator>>;

async function call(method: string, path: string, body?: unknown): Promise<Json> {
  const res = await sim.handle(new Request(`http://demo${path}`, { method, headers: { authorization: "Bearer t" }, body: body === undefined ? undefined : JSON.stringify(body) }));
  expect(res.status).toBe(200);
  return res.json();
}

async function customer(alias: string): Promise<Json> {
  return (await call("GET", `/v1/customers?ingest_alias=${alias}`)).data[0];
}

beforeAll(async () => {
  sim = await createSimulator({ now: NOW, tickSeconds: 0 });
});
afterAll(() => sim.close());

describe("demo scenario", () => {
  it("has the named customers with their subscription types", async () => {
    const expectations: Array<[string, string, string, string | undefined]> = [
      ["acme", "Acme Robotics", "SEAT_BASED", "INDIVIDUAL"],
      ["globex", "Globex Corporation", "QUANTITY_ONLY", "POOLED"],
      ["initech", "Initech", "SEAT_BASED", "INDIVIDUAL"],
      ["umbrella", "Umbrella Health", "QUANTITY_ONLY", undefined],
    ];
    for (const [alias, name, mode, allocation] of expectations) {
      const c = await customer(alias);
      expect(c.name).toBe(name);
      const contract = (await call("POST", "/v2/contracts/list", { customer_id: c.id })).data[0];
      expect(contract.subscriptions[0].quantity_management_mode).toBe(mode);
      expect(contract.recurring_credits.find((r: Json) => r.subscription_config)?.subscription_config.allocation).toBe(allocation);
    }
    const umbrella = (await call("POST", "/v2/contracts/list", { customer_id: (await customer("umbrella")).id })).data[0];
    expect(umbrella.subscriptions[0].collection_schedule).toBe("ARREARS");
    const globex = (await call("POST", "/v2/contracts/list", { customer_id: (await customer("globex")).id })).data[0];
    expect(globex.subscriptions[0].quantity_schedule.map((q: Json) => q.quantity)).toEqual([250, 275]);
  });

  it("has 200 small customers, small-001 … small-200", async () => {
    const all: Json[] = [];
    let next: string | null = null;
    do {
      const page: Json = await call("GET", `/v1/customers?limit=100${next ? `&next_page=${encodeURIComponent(next)}` : ""}`);
      all.push(...page.data);
      next = page.next_page;
    } while (next);
    const small = all.filter((c) => /^small-\d{3}$/.test(c.ingest_aliases[0]));
    expect(small).toHaveLength(200);
    expect(new Set(small.map((c) => c.name)).size).toBe(200);
    expect(small.map((c) => c.ingest_aliases[0])).toContain("small-200");
  });

  it("acme has about 40 named seats, scheduled changes, a seat alert in alarm and a pool alert ok", async () => {
    const acme = await customer("acme");
    const contract = (await call("POST", "/v2/contracts/list", { customer_id: acme.id })).data[0];
    const sub = contract.subscriptions[0];
    const now = await call("POST", "/v1/contracts/getSubscriptionSeatsHistory", { customer_id: acme.id, contract_id: contract.id, subscription_id: sub.id, covering_date: NOW });
    expect(now.data[0].assigned_seat_ids.length).toBeGreaterThanOrEqual(35);
    expect(now.data[0].assigned_seat_ids.length).toBeLessThanOrEqual(50);
    expect(now.data[0].assigned_seat_ids[0]).toMatch(/@acme\.example$/);
    expect(sub.quantity_schedule.length).toBeGreaterThan(1);
    const alerts = (await call("POST", "/v1/customer-alerts/list", { customer_id: acme.id })).data;
    const seatAlert = alerts.find((a: Json) => a.alert.type === "low_remaining_seat_balance_reached");
    const poolAlert = alerts.find((a: Json) => a.alert.type === "low_remaining_contract_credit_balance_reached");
    expect(seatAlert.customer_status).toBe("in_alarm");
    expect(poolAlert.customer_status).toBe("ok");
    const qh = await call("POST", "/v1/contracts/getSubscriptionQuantityHistory", { customer_id: acme.id, contract_id: contract.id, subscription_id: sub.id });
    expect(qh.data.history[0].starting_at).toBe("2025-02-01T00:00:00.000Z");
  });

  it("usage draws credits down: the current period shows a pending deduction dated at its end", async () => {
    const acme = await customer("acme");
    const contract = (await call("POST", "/v2/contracts/list", { customer_id: acme.id })).data[0];
    const page = await call("POST", "/v1/contracts/seatBalances/list", { customer_id: acme.id, contract_id: contract.id, include_credits_and_commits: true, include_ledgers: true, limit: 5 });
    const ledger = page.data[0].credits.at(-1).ledger_entries;
    expect(ledger[0].type).toMatch(/CREDIT_SEGMENT_START|CREDIT_SEAT_BASED_ADJUSTMENT/);
    const deduction = ledger.find((e: Json) => e.type === "CREDIT_AUTOMATED_INVOICE_DEDUCTION");
    expect(deduction.timestamp).toBe("2026-04-01T00:00:00.000Z");
    expect(deduction.amount).toBeLessThan(0);
    expect(page.data[0].balances[0].credit_type_id).toBe(AI_CREDITS_ID);
  });

  it("initech sits at the 1,000-seat cap with 24 months of history", async () => {
    const initech = await customer("initech");
    const contract = (await call("POST", "/v2/contracts/list", { customer_id: initech.id })).data[0];
    expect(contract.subscriptions[0].quantity_schedule[0].quantity).toBe(1000);
    expect(contract.starting_at).toBe("2024-04-01T00:00:00.000Z");
  });

  it("hooli has a seat-scoped recurring commit beside its seat credits, and a prepaid commit invoiced up front", async () => {
    const hooli = await customer("hooli");
    const contract = (await call("POST", "/v2/contracts/list", { customer_id: hooli.id, include_balance: true })).data[0];
    expect(contract.recurring_commits).toEqual([expect.objectContaining({ name: "Committed AI credits per seat", subscription_config: expect.objectContaining({ allocation: "INDIVIDUAL" }) })]);
    const annual = contract.commits.find((c: Json) => c.name === "Annual AI commitment");
    expect(annual).toMatchObject({ type: "PREPAID", access_schedule: { schedule_items: [expect.objectContaining({ amount: 60_000 })] } });
    expect(annual.balance).toBeGreaterThan(0);
    expect(annual.balance).toBeLessThan(60_000);
    const seats = await call("POST", "/v1/contracts/seatBalances/list", { customer_id: hooli.id, contract_id: contract.id, include_credits_and_commits: true });
    expect(seats.data).toHaveLength(7);
    for (const row of seats.data) expect([row.credits.length, row.commits.length]).toEqual([1, 1]);
    const invoices = (await call("GET", `/v1/customers/${hooli.id}/invoices?limit=100`)).data;
    expect(invoices.flatMap((i: Json) => i.line_items).filter((l: Json) => l.type === "commit_purchase").map((l: Json) => l.total)).toEqual([50_000]);
  });

  it("is deterministic for a given scenario and now", async () => {
    const again = await createSimulator({ now: NOW, tickSeconds: 0 });
    expect(JSON.stringify(again.state)).toBe(JSON.stringify(sim.state));
    await again.close();
  });

  it("converts AI credits at a cent each, so a demo contract's auto recharge can be set in AI credits", async () => {
    // Its own simulator: the edit below must not reach the determinism check's shared one.
    const shared = sim;
    sim = await createSimulator({ now: NOW, tickSeconds: 0 });
    try {
      const globex = await customer("globex");
      const contract = (await call("POST", "/v2/contracts/list", { customer_id: globex.id })).data[0];
      const product = contract.recurring_credits[0].product.id;
      const pool = async () => (await call("POST", "/v1/contracts/customerBalances/getNetBalance", { customer_id: globex.id, credit_type_id: AI_CREDITS_ID })).data.balance as number;
      const before = await pool();
      // A threshold just above the pool's balance: a recharge at once, up to recharge_to_amount, billed a cent a credit.
      const threshold = Math.floor(before) + 1;
      await call("POST", "/v2/contracts/edit", {
        customer_id: globex.id, contract_id: contract.id,
        add_prepaid_balance_threshold_configuration: {
          commit: { product_id: product, name: "Auto recharge" }, is_enabled: true, payment_gate_config: { payment_gate_type: "STRIPE" },
          custom_credit_type_id: AI_CREDITS_ID, threshold_amount: threshold, recharge_to_amount: threshold + 1000,
        },
      });
      expect(await pool()).toBeCloseTo(threshold + 1000, 6);
      const after = (await call("POST", "/v2/contracts/get", { customer_id: globex.id, contract_id: contract.id })).data;
      const recharge = after.commits.find((c: Json) => c.name === "Auto recharge");
      expect(recharge.access_schedule.credit_type.id).toBe(AI_CREDITS_ID);
      expect(recharge.invoice_schedule.schedule_items[0].amount).toBeCloseTo(threshold + 1000 - before, 6);
    } finally {
      await sim.close();
      sim = shared;
    }
  }, 30_000);
});
