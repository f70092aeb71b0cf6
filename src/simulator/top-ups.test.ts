/**
 * Payment-gated top-ups: a PREPAID commit added by /v2/contracts/edit with a payment_gate_config,
 * paid, failed or waiting for customer action as the simulated payment provider answers.
 * Worked numbers: a 10,000-cent June credit, usage 500 cents a day, clock at 06-10 12:00 (9.5 days
 * used: 4,750), so the balance is 5,250 when a 5,000-cent pack is bought for 4,000 cents.
 */
import { afterEach, describe, expect, it } from "vitest";
import { juneCreditContract, testSimulator, type Json, type TestSim } from "./test-support";
import { USD_CENTS_ID } from "./state";

const open: TestSim[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

const NOW = "2025-06-10T12:00:00.000Z";

interface Fixture {
  sim: TestSim;
  customerId: string;
  contractId: string;
  packProduct: string;
}

async function fixture(): Promise<Fixture> {
  const sim = await testSimulator(NOW);
  open.push(sim);
  const product = async (name: string) => (await sim.post("/v1/contract-pricing/products/create", { name, type: "FIXED" })).data.id as string;
  const packProduct = await product("Credit pack");
  const { customerId, contractId } = await juneCreditContract(sim, "Globex");
  return { sim, customerId, contractId, packProduct };
}

/** A 5,000-cent pack bought now for 4,000 cents through the given gate. */
function pack(f: Fixture, gate: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    customer_id: f.customerId, contract_id: f.contractId,
    add_commits: [{
      type: "PREPAID", product_id: f.packProduct, name: "5,000 credit pack", priority: 100,
      access_schedule: { schedule_items: [{ amount: 5000, starting_at: "2025-06-10T12:00:00.000Z", ending_before: "2025-12-01T00:00:00.000Z" }] },
      invoice_schedule: { schedule_items: [{ timestamp: "2025-06-10T12:00:00.000Z", amount: 4000 }] },
      payment_gate_config: gate, ...extra,
    }],
  };
}

const netBalance = async (f: Fixture): Promise<number> => (await f.sim.post("/v1/contracts/customerBalances/getNetBalance", { customer_id: f.customerId })).data.balance;
const packCommits = async (f: Fixture): Promise<Json[]> =>
  (await f.sim.post("/v2/contracts/get", { customer_id: f.customerId, contract_id: f.contractId, include_balance: true })).data.commits;
const webhooks = async (f: Fixture, prefix = "payment_gate."): Promise<Json[]> =>
  (await f.sim.call("GET", "/_simulator/webhooks")).body.data.map((w: Json) => w.payload).filter((p: Json) => p.type.startsWith(prefix));
const invoice = async (f: Fixture, id: string): Promise<Json> => (await f.sim.call("GET", `/v1/customers/${f.customerId}/invoices/${id}`)).body.data;

describe("payment-gated top-up", () => {
  it("paid: the commit exists with its whole balance, its invoice is finalized and paid, a payment_status paid webhook is sent", async () => {
    const f = await fixture();
    expect(await netBalance(f)).toBe(5250);
    await f.sim.post("/v2/contracts/edit", pack(f, { payment_gate_type: "STRIPE", tax_type: "NONE", stripe_config: { payment_type: "INVOICE" } }));
    const [commit] = await packCommits(f);
    expect(commit).toMatchObject({ type: "PREPAID", name: "5,000 credit pack", balance: 5000, cost_basis: 0.8 });
    expect(await netBalance(f)).toBe(10_250);
    const [status] = await webhooks(f);
    expect(status).toMatchObject({ type: "payment_gate.payment_status", properties: { workflow_type: "manual_commit", customer_id: f.customerId, contract_id: f.contractId, payment_status: "paid", billing_provider: { type: "stripe" } } });
    const inv = await invoice(f, status.properties.invoice_id);
    expect(inv).toMatchObject({ status: "FINALIZED", type: "SCHEDULED", total: 4000, external_invoice: { billing_provider_type: "stripe", external_status: "PAID" } });
    expect(inv.line_items).toEqual([expect.objectContaining({ type: "commit_purchase", commit_id: commit.id, total: 4000, name: "5,000 credit pack" })]);
    expect(commit.invoice_schedule.schedule_items[0].invoice_id).toBe(inv.id);
    // It draws down like any commit: the $0 credit first (priority tie, cost basis 0 before paid).
    await f.sim.post("/_simulator/clock/advance", { days: 1 });
    const [after] = await packCommits(f);
    expect(after.balance).toBe(5000);
    expect(await netBalance(f)).toBe(9750);
  });

  it("failed: no commit, the invoice is voided, payment_status failed, and nothing is retried", async () => {
    const f = await fixture();
    await f.sim.post("/_simulator/payments", { outcome: "failed", customer_id: f.customerId });
    const res = await f.sim.call("POST", "/v2/contracts/edit", pack(f, { payment_gate_type: "STRIPE" }));
    expect(res.status).toBe(200);
    expect(await packCommits(f)).toEqual([]);
    expect(await netBalance(f)).toBe(5250);
    const balances = await f.sim.post("/v1/contracts/customerBalances/list", { customer_id: f.customerId, include_contract_balances: true });
    expect(balances.data.map((b: Json) => b.name)).toEqual(["Starter credit"]);
    const hooks = await webhooks(f);
    expect(hooks).toHaveLength(1);
    expect(hooks[0].properties).toMatchObject({ payment_status: "failed", error_message: "Your card has insufficient funds.", billing_provider: { stripe: { error: { code: "card_declined" } } } });
    const inv = await invoice(f, hooks[0].properties.invoice_id);
    expect(inv).toMatchObject({ status: "VOID", total: 4000, external_invoice: { external_status: "VOID" } });
    await f.sim.post("/_simulator/clock/advance", { days: 2 });
    expect(await webhooks(f)).toHaveLength(1);
    expect((await f.sim.call("GET", "/_simulator/payments")).body.pending).toEqual([]);
  });

  it("requires action: pending with no balance until the payment is completed through the control API", async () => {
    const f = await fixture();
    await f.sim.post("/_simulator/payments", { outcome: "requires_action" });
    await f.sim.post("/v2/contracts/edit", pack(f, { payment_gate_type: "STRIPE" }));
    expect(await packCommits(f)).toEqual([]);
    const [action] = await webhooks(f);
    expect(action).toMatchObject({ type: "payment_gate.payment_pending_action_required", properties: { workflow_type: "manual_commit", error_message: "three_d_secure_redirect" } });
    expect(await invoice(f, action.properties.invoice_id)).toMatchObject({ status: "FINALIZED", external_invoice: { external_status: "FINALIZED" } });
    const control = (await f.sim.call("GET", "/_simulator/payments")).body;
    expect(control).toMatchObject({ default_outcome: "requires_action", pending: [{ invoice_id: action.properties.invoice_id, reason: "requires_action", workflow_type: "manual_commit" }] });
    // Half a day later the customer completes it: the commit's balance is there from its access start.
    await f.sim.post("/_simulator/clock/advance", { hours: 12 });
    await f.sim.post("/_simulator/payments/complete", { invoice_id: action.properties.invoice_id, outcome: "paid" });
    expect((await packCommits(f))[0].balance).toBe(5000);
    expect(await netBalance(f)).toBe(10_000);
    expect((await webhooks(f)).map((w) => w.properties.payment_status ?? w.type)).toEqual(["payment_gate.payment_pending_action_required", "paid"]);
    expect((await f.sim.call("POST", "/_simulator/payments/complete", { invoice_id: action.properties.invoice_id, outcome: "paid" })).status).toBe(409);
  });

  it("EXTERNAL: external_initiate carries the workflow, and the release endpoint pays or cancels it", async () => {
    const f = await fixture();
    await f.sim.post("/v2/contracts/edit", pack(f, { payment_gate_type: "EXTERNAL" }));
    const [initiate] = await webhooks(f);
    expect(initiate).toMatchObject({ type: "payment_gate.external_initiate", properties: { invoice_total: 4000, invoice_currency: "USD", workflow_type: "manual_commit" } });
    expect(await packCommits(f)).toEqual([]);
    const release = (body: unknown) => f.sim.call("POST", "/v1/contracts/commits/threshold-billing/release", body);
    expect((await release({ workflow_id: initiate.properties.workflow_id, outcome: "maybe" })).status).toBe(400);
    expect((await release({ workflow_id: "00000000-0000-4000-8000-000000000000", outcome: "paid" })).status).toBe(404);
    expect((await release({ workflow_id: initiate.properties.workflow_id, outcome: "PAID" })).status).toBe(200);
    expect((await packCommits(f))[0].balance).toBe(5000);
    expect((await release({ workflow_id: initiate.properties.workflow_id, outcome: "paid" })).status).toBe(400);
    expect(await webhooks(f)).toHaveLength(1);
  });

  it("a top-up resolves a low-balance alert in alarm, with its resolved webhook", async () => {
    const f = await fixture();
    await f.sim.post("/v1/alerts/create", {
      alert_type: "low_remaining_contract_credit_and_commit_balance_reached", name: "Low balance", threshold: 6000, customer_id: f.customerId, credit_type_id: USD_CENTS_ID,
    });
    await f.sim.post("/v2/contracts/edit", pack(f, { payment_gate_type: "STRIPE" }));
    const alerts = await webhooks(f, "alerts.");
    expect(alerts.map((a) => [a.type, a.properties.remaining_balance])).toEqual([
      ["alerts.low_remaining_contract_credit_and_commit_balance_reached", 5250],
      ["alerts.low_remaining_contract_credit_and_commit_balance_resolved", 10_250],
    ]);
  });

  it("refuses malformed gates with a 400 naming the field, and applies nothing", async () => {
    const f = await fixture();
    const refused = async (body: unknown, words: string) => {
      const res = await f.sim.call("POST", "/v2/contracts/edit", body);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(words);
    };
    await refused(pack(f, { payment_gate_type: "PAYPAL" }), "payment_gate_type must be one of NONE, STRIPE, EXTERNAL");
    await refused(pack(f, { payment_gate_type: "EXTERNAL", tax_type: "STRIPE" }), "tax_type STRIPE is only supported");
    await refused(pack(f, { payment_gate_type: "EXTERNAL", stripe_config: { payment_type: "INVOICE" } }), "stripe_config is only applicable");
    await refused(pack(f, { payment_gate_type: "STRIPE", tax_type: "PRECALCULATED" }), "precalculated_tax_config is required");
    await refused(pack(f, { payment_gate_type: "STRIPE" }, { invoice_schedule: undefined }), "invoice_schedule with exactly one schedule item");
    await refused(pack(f, { payment_gate_type: "STRIPE" }, { type: "POSTPAID" }), "only PREPAID commits can be payment gated");
    const create = await f.sim.call("POST", "/v1/contracts/create", {
      customer_id: f.customerId, starting_at: "2025-06-01T00:00:00.000Z", commits: pack(f, { payment_gate_type: "STRIPE" }).add_commits,
    });
    expect(create.status).toBe(400);
    expect(create.body.message).toContain("can only be added to existing contracts");
    expect((await f.sim.call("POST", "/_simulator/payments", { outcome: "declined" })).status).toBe(400);
    expect(await packCommits(f)).toEqual([]);
    expect(await webhooks(f)).toEqual([]);
  });

  it("a retried purchase with its uniqueness key is refused 409 and pays nothing twice", async () => {
    const f = await fixture();
    const body = { ...pack(f, { payment_gate_type: "STRIPE" }), uniqueness_key: "pack-1" };
    expect((await f.sim.call("POST", "/v2/contracts/edit", body)).status).toBe(200);
    expect((await f.sim.call("POST", "/v2/contracts/edit", body)).status).toBe(409);
    expect(await packCommits(f)).toHaveLength(1);
    expect(await webhooks(f)).toHaveLength(1);
  });

  it("answers malformed gates, configurations and control requests with a 4xx, never a 500", async () => {
    const f = await fixture();
    const bad: unknown[] = ["x", 1, [], null, { payment_gate_type: 3 }, { payment_gate_type: "STRIPE", stripe_config: "x" }, { payment_gate_type: "STRIPE", stripe_config: { payment_type: "CASH" } },
      { payment_gate_type: "STRIPE", tax_type: "PRECALCULATED", precalculated_tax_config: { tax_amount: "x" } }, { payment_gate_type: "STRIPE", stripe_config: { invoice_metadata: { a: 1 } } }];
    for (const gate of bad) {
      const res = await f.sim.call("POST", "/v2/contracts/edit", pack(f, {}, { payment_gate_config: gate }));
      expect(res.status === 400 || (gate === null && res.status === 200), JSON.stringify(gate)).toBe(true);
    }
    const configs: unknown[] = ["x", [], { is_enabled: true }, { commit: "x", is_enabled: true, payment_gate_config: { payment_gate_type: "NONE" }, threshold_amount: 600, recharge_to_amount: 2000 },
      { commit: { product_id: f.packProduct }, is_enabled: true, payment_gate_config: { payment_gate_type: "NONE" }, threshold_amount: "600", recharge_to_amount: 2000 },
      { commit: { product_id: f.packProduct }, is_enabled: true, payment_gate_config: { payment_gate_type: "NONE" }, threshold_amount: 600, recharge_to_amount: 2000, threshold_balance_specifiers: [{ exclude: [{ custom_field_filters: [{ entity: "Seat", key: "a", value: "b" }] }] }] },
      { commit: { product_id: f.packProduct }, is_enabled: true, payment_gate_config: { payment_gate_type: "NONE" }, threshold_amount: 600, recharge_to_amount: 2000, discount_configuration: { payment_fraction: 2 } }];
    for (const config of configs) {
      const res = await f.sim.call("POST", "/v2/contracts/edit", { customer_id: f.customerId, contract_id: f.contractId, add_prepaid_balance_threshold_configuration: config });
      expect(res.status, JSON.stringify(config)).toBe(400);
    }
    for (const [path, body] of [["/_simulator/payments", []], ["/_simulator/payments", { outcome: "paid", customer_id: 7 }], ["/_simulator/payments/complete", { invoice_id: "x", outcome: "paid" }],
      ["/_simulator/payments/complete", {}], ["/v1/contracts/commits/threshold-billing/release", { workflow_id: 5 }]] as const) {
      const res = await f.sim.call("POST", path, body);
      expect(res.status >= 400 && res.status < 500, `${path} ${JSON.stringify(body)} → ${res.status}`).toBe(true);
    }
    // Only the pack sent with payment_gate_config null (no gate: an ordinary commit) was added.
    expect(await packCommits(f)).toHaveLength(1);
  });

  it("payment_gate_type NONE is an ordinary commit, invoiced on its scheduled invoice", async () => {
    const f = await fixture();
    await f.sim.post("/v2/contracts/edit", pack(f, { payment_gate_type: "NONE" }));
    expect((await packCommits(f))[0].balance).toBe(5000);
    expect(await webhooks(f)).toEqual([]);
  });
});
