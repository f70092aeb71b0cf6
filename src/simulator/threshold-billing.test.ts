/**
 * Auto recharge with worked numbers: a 10,000-cent June credit, usage 500 cents a day from
 * 06-01, threshold 2,000 and recharge to 8,000. The balance reaches 2,000 after 16 days
 * (06-17 00:00), where a 6,000 recharge is made; by 06-20 00:00 three more days (1,500) have been
 * drawn from the credit first (cost basis 0), leaving 500 + 6,000 = 6,500.
 */
import { afterEach, describe, expect, it } from "vitest";
import { AI_CREDITS_ID, USD_CENTS_ID } from "./state";
import { parseSimState, simStateProblems } from "./state-schema";
import { juneCreditContract, testSimulator, type Json, type TestSim } from "./test-support";

const open: TestSim[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

interface Fixture {
  sim: TestSim;
  customerId: string;
  contractId: string;
  rechargeProduct: string;
}

async function fixture(opts: { conversions?: boolean } = {}): Promise<Fixture> {
  const sim = await testSimulator("2025-06-01T00:00:00.000Z");
  open.push(sim);
  const product = async (name: string) => (await sim.post("/v1/contract-pricing/products/create", { name, type: "FIXED" })).data.id as string;
  const rechargeProduct = await product("Auto recharge");
  const rateCardId = (await sim.post("/v1/contract-pricing/rate-cards/create", {
    name: "Standard", fiat_credit_type_id: USD_CENTS_ID,
    ...(opts.conversions ? { credit_type_conversions: [{ custom_credit_type_id: AI_CREDITS_ID, fiat_per_custom_credit: 0.5 }] } : {}),
  })).data.id;
  const { customerId, contractId } = await juneCreditContract(sim, "Hooli", rateCardId);
  return { sim, customerId, contractId, rechargeProduct };
}

const config = (f: Fixture, extra: Record<string, unknown> = {}) => ({
  commit: { product_id: f.rechargeProduct, name: "Auto recharge" },
  is_enabled: true,
  payment_gate_config: { payment_gate_type: "STRIPE", stripe_config: { payment_type: "PAYMENT_INTENT" } },
  threshold_amount: 2000,
  recharge_to_amount: 8000,
  ...extra,
});

const edit = (f: Fixture, body: Record<string, unknown>) => f.sim.call("POST", "/v2/contracts/edit", { customer_id: f.customerId, contract_id: f.contractId, ...body });
const contract = async (f: Fixture): Promise<Json> => (await f.sim.post("/v2/contracts/get", { customer_id: f.customerId, contract_id: f.contractId, include_balance: true })).data;
const netBalance = async (f: Fixture): Promise<number> => (await f.sim.post("/v1/contracts/customerBalances/getNetBalance", { customer_id: f.customerId })).data.balance;
const gateHooks = async (f: Fixture): Promise<Json[]> =>
  (await f.sim.call("GET", "/_simulator/webhooks")).body.data.map((w: Json) => w.payload).filter((p: Json) => p.type.startsWith("payment_gate."));

describe("auto recharge", () => {
  it("recharges to recharge_to_amount at the first hour the balance reaches the threshold, through the payment gate", async () => {
    const f = await fixture();
    expect((await edit(f, { add_prepaid_balance_threshold_configuration: config(f) })).status).toBe(200);
    expect((await contract(f)).prepaid_balance_threshold_configuration).toEqual({
      commit: { product_id: f.rechargeProduct, name: "Auto recharge" }, is_enabled: true,
      payment_gate_config: { payment_gate_type: "STRIPE", stripe_config: { payment_type: "PAYMENT_INTENT" } }, threshold_amount: 2000, recharge_to_amount: 8000,
    });
    await f.sim.setNow("2025-06-20T00:00:00.000Z");
    const c = await contract(f);
    const recharge = c.commits.find((x: Json) => x.name === "Auto recharge");
    expect(recharge.access_schedule.schedule_items).toEqual([expect.objectContaining({ amount: 6000, starting_at: "2025-06-17T00:00:00.000Z", ending_before: "2026-06-17T00:00:00.000Z" })]);
    expect(recharge.balance).toBe(6000);
    expect(await netBalance(f)).toBe(6500);
    const hooks = await gateHooks(f);
    expect(hooks.map((h) => h.type)).toEqual(["payment_gate.threshold_reached", "payment_gate.payment_status"]);
    expect(hooks[0].properties).toEqual({ workflow_type: "spend", customer_id: f.customerId, contract_id: f.contractId, timestamp: "2025-06-17T00:00:00.000Z" });
    expect(hooks[1].properties).toMatchObject({ workflow_type: "spend", payment_status: "paid", timestamp: "2025-06-17T00:00:00.000Z" });
    const inv = (await f.sim.call("GET", `/v1/customers/${f.customerId}/invoices/${hooks[1].properties.invoice_id}`)).body.data;
    expect(inv).toMatchObject({ status: "FINALIZED", total: 6000, issued_at: "2025-06-17T00:00:00.000Z" });
    // The second crossing: 6,500 − 2,000 = 4,500 more, nine days after 06-20.
    await f.sim.setNow("2025-06-30T00:00:00.000Z");
    const second = (await contract(f)).commits.filter((x: Json) => x.name === "Auto recharge").map((x: Json) => x.access_schedule.schedule_items[0]);
    expect(second.map((i: Json) => [i.starting_at, i.amount])).toEqual([["2025-06-17T00:00:00.000Z", 6000], ["2025-06-29T00:00:00.000Z", 6000]]);
  });

  it("one clock jump and hour-by-hour steps make the same recharges", async () => {
    const jump = await fixture();
    const steps = await fixture();
    for (const f of [jump, steps]) await edit(f, { add_prepaid_balance_threshold_configuration: config(f) });
    await jump.sim.setNow("2025-06-18T05:00:00.000Z");
    for (let h = 1; h <= 17 * 24 + 5; h++) await steps.sim.post("/_simulator/clock/advance", { hours: 1 });
    const items = async (f: Fixture) => (await contract(f)).commits.map((x: Json) => [x.access_schedule.schedule_items[0].starting_at, x.access_schedule.schedule_items[0].amount, x.balance]);
    expect(await items(steps)).toEqual(await items(jump));
    expect(await items(jump)).toEqual([["2025-06-17T00:00:00.000Z", 6000, 6000]]);
    expect(await netBalance(steps)).toBe(await netBalance(jump));
  });

  it("a failed payment disables the configuration and voids the invoice; re-enabling evaluates at once", async () => {
    const f = await fixture();
    await f.sim.post("/_simulator/payments", { outcome: "failed", customer_id: f.customerId });
    await edit(f, { add_prepaid_balance_threshold_configuration: config(f) });
    await f.sim.setNow("2025-06-20T00:00:00.000Z");
    const c = await contract(f);
    expect(c.prepaid_balance_threshold_configuration.is_enabled).toBe(false);
    expect(c.commits).toEqual([]);
    expect(await netBalance(f)).toBe(500);
    const hooks = await gateHooks(f);
    expect(hooks.map((h) => h.properties.payment_status ?? h.type)).toEqual(["payment_gate.threshold_reached", "failed"]);
    const inv = (await f.sim.call("GET", `/v1/customers/${f.customerId}/invoices/${hooks[1].properties.invoice_id}`)).body.data;
    expect(inv).toMatchObject({ status: "VOID", total: 6000 });
    await f.sim.setNow("2025-06-25T00:00:00.000Z");
    expect(await gateHooks(f)).toHaveLength(2);
    // Fixed payment method: enabling again tries at once, for recharge_to − balance now (8,000 − 0).
    await f.sim.post("/_simulator/payments", { outcome: "paid", customer_id: f.customerId });
    expect((await edit(f, { update_prepaid_balance_threshold_configuration: { is_enabled: true } })).status).toBe(200);
    const after = await contract(f);
    expect(after.prepaid_balance_threshold_configuration.is_enabled).toBe(true);
    expect(after.commits.map((x: Json) => [x.access_schedule.schedule_items[0].starting_at, x.access_schedule.schedule_items[0].amount])).toEqual([["2025-06-25T00:00:00.000Z", 8000]]);
  });

  it("a pending recharge blocks the next one until the customer completes it", async () => {
    const f = await fixture();
    await f.sim.post("/_simulator/payments", { outcome: "requires_action" });
    await edit(f, { add_prepaid_balance_threshold_configuration: config(f) });
    await f.sim.setNow("2025-06-25T00:00:00.000Z");
    expect((await gateHooks(f)).map((h) => h.type)).toEqual(["payment_gate.threshold_reached", "payment_gate.payment_pending_action_required"]);
    const [pending] = (await f.sim.call("GET", "/_simulator/payments")).body.pending;
    expect(pending).toMatchObject({ workflow_type: "spend", reason: "requires_action" });
    await f.sim.post("/_simulator/payments/complete", { workflow_id: pending.workflow_id, outcome: "paid" });
    // Released from its access start (06-17): 8 days of usage drew the credit's 2,000 then 2,000 of the recharge.
    expect(await netBalance(f)).toBe(4000);
  });

  it("a custom credit type is charged at the rate card's conversion, less the discount", async () => {
    const f = await fixture({ conversions: true });
    const c = await f.sim.state.contracts.find((x) => x.id === f.contractId);
    if (!c) throw new Error("no contract");
    c.usage = { seed: 1, intensity: 1, daily: [{ credit_type_id: AI_CREDITS_ID, amount: 100 }] };
    c.version += 1;
    const res = await edit(f, {
      add_prepaid_balance_threshold_configuration: config(f, { custom_credit_type_id: AI_CREDITS_ID, threshold_amount: 1000, recharge_to_amount: 5000, discount_configuration: { payment_fraction: 0.9 } }),
    });
    expect(res.status).toBe(200);
    // No AI credits at all: recharged at once by 5,000 credits, billed 5,000 × 0.5 × 0.9 = 2,250 cents.
    const hooks = await gateHooks(f);
    const inv = (await f.sim.call("GET", `/v1/customers/${f.customerId}/invoices/${hooks[1].properties.invoice_id}`)).body.data;
    expect(inv).toMatchObject({ total: 2250, credit_type: { id: USD_CENTS_ID } });
    const [commit] = (await contract(f)).commits;
    expect(commit).toMatchObject({ balance: 5000, access_schedule: { credit_type: { id: AI_CREDITS_ID } } });
  });

  it("a state with configurations, gated commits and payment outcomes is saved and read back whole", async () => {
    const f = await fixture();
    await f.sim.post("/_simulator/payments", { outcome: "requires_action", customer_id: f.customerId });
    await edit(f, { add_prepaid_balance_threshold_configuration: config(f, { threshold_balance_specifiers: [{ exclude: [{ custom_field_filters: [{ entity: "Commit", key: "k", value: "v" }] }] }] }) });
    await f.sim.setNow("2025-06-20T00:00:00.000Z");
    const saved = JSON.stringify(f.sim.state);
    expect(simStateProblems(JSON.parse(saved))).toEqual([]);
    const loaded = parseSimState(saved, "test");
    expect(loaded.payments).toEqual({ default_outcome: "paid", by_customer: { [f.customerId]: "requires_action" } });
    const stored = loaded.contracts.find((c) => c.id === f.contractId);
    expect(stored?.prepaid_balance_threshold?.evaluated_through).toBe(Date.parse("2025-06-20T00:00:00.000Z"));
    expect(stored?.commits[0]?.payment_gate).toMatchObject({ status: "pending", pending_reason: "requires_action", workflow_type: "spend" });
  });

  it("is taken by contract create too, evaluated at once, and updated field by field", async () => {
    const f = await fixture();
    const created = (await f.sim.post("/v1/contracts/create", {
      customer_id: f.customerId, starting_at: "2025-06-01T00:00:00.000Z",
      prepaid_balance_threshold_configuration: config(f, { commit: { product_id: f.rechargeProduct, priority: 5, applicable_product_tags: ["api"] } }),
    })).data.id;
    const get = async () => (await f.sim.post("/v2/contracts/get", { customer_id: f.customerId, contract_id: created, include_balance: true })).data;
    // Nothing on the new contract: recharged at once to 8,000.
    const first = await get();
    expect(first.commits.map((c: Json) => [c.access_schedule.schedule_items[0].amount, c.priority, c.applicable_product_tags])).toEqual([[8000, 5, ["api"]]]);
    await f.sim.post("/v2/contracts/edit", {
      customer_id: f.customerId, contract_id: created,
      update_prepaid_balance_threshold_configuration: { threshold_amount: 3000, commit: { name: "Top-up" }, payment_gate_config: { payment_gate_type: "NONE" } },
    });
    expect((await get()).prepaid_balance_threshold_configuration).toEqual({
      commit: { product_id: f.rechargeProduct, name: "Top-up", priority: 5, applicable_product_tags: ["api"] }, is_enabled: true,
      payment_gate_config: { payment_gate_type: "NONE" }, threshold_amount: 3000, recharge_to_amount: 8000,
    });
  });

  it("refuses configurations outside Metronome's rules with a 400", async () => {
    const f = await fixture();
    const refused = async (body: Record<string, unknown>, words: string) => {
      const res = await edit(f, body);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(words);
    };
    await refused({ add_prepaid_balance_threshold_configuration: config(f, { threshold_amount: 400 }) }, "threshold_amount must be at least 500");
    await refused({ add_prepaid_balance_threshold_configuration: config(f, { recharge_to_amount: 2500 }) }, "recharge_to_amount must be at least 1000");
    await refused({ add_prepaid_balance_threshold_configuration: config(f, { custom_credit_type_id: AI_CREDITS_ID }) }, "no credit_type_conversions entry");
    await refused({ add_prepaid_balance_threshold_configuration: config(f, { is_enabled: undefined }) }, "is_enabled is required");
    await refused({ add_prepaid_balance_threshold_configuration: config(f, { payment_gate_config: { payment_gate_type: "CARD" } }) }, "payment_gate_type must be one of");
    await refused({ update_prepaid_balance_threshold_configuration: { threshold_amount: 600 } }, "has no prepaid_balance_threshold_configuration");
    expect((await edit(f, { add_prepaid_balance_threshold_configuration: config(f) })).status).toBe(200);
    await refused({ add_prepaid_balance_threshold_configuration: config(f) }, "already has one");
    await refused({ update_prepaid_balance_threshold_configuration: { recharge_to_amount: 2100 } }, "recharge_to_amount must be at least 1000");
    expect((await contract(f)).prepaid_balance_threshold_configuration.recharge_to_amount).toBe(8000);
  });
});
