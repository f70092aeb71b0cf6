// Payment-gated top-ups and auto recharge driven by the official SDK over real HTTP on loopback:
// v2.contracts.edit with add_commits[].payment_gate_config and add_/update_prepaid_balance_threshold_configuration
// as the SDK types them, then the contract, balances and invoices read back through the SDK.
import Metronome from "@metronome/sdk";
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator } from "../simulator";
import type { Simulator } from "../simulator-api";
import { USD_CENTS_ID } from "../state";

const NOW = "2025-06-10T12:00:00.000Z";
let sim: Simulator;
let server: ServerType;
let client: Metronome;
let origin: string;

beforeAll(async () => {
  sim = await createSimulator({ scenario: "empty", now: NOW, tickSeconds: 0 });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: (req) => sim.handle(req), port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new Metronome({ bearerToken: "any-token", baseURL: origin, maxRetries: 0 });
});

afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The simulator's own control API (outside the SDK). */
async function control(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${origin}/_simulator/${path}`, { method: "POST", body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

describe("top-ups and auto recharge through @metronome/sdk", () => {
  it("buys a gated pack (failed, then paid), sets and updates auto recharge, and reads it all back", async () => {
    const product = await client.v1.contracts.products.create({ name: "Credit pack", type: "FIXED" });
    const customer = await client.v1.customers.create({ name: "Aviato" });
    const contract = await client.v1.contracts.create({
      customer_id: customer.data.id, starting_at: "2025-06-01T00:00:00.000Z",
      usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: "2025-06-01T00:00:00.000Z" },
    });
    const ids = { customer_id: customer.data.id, contract_id: contract.data.id };
    const pack: Metronome.V2.ContractEditParams.AddCommit = {
      type: "PREPAID", product_id: product.data.id, name: "10,000 credit pack", priority: 10,
      access_schedule: { credit_type_id: USD_CENTS_ID, schedule_items: [{ amount: 10_000, starting_at: NOW, ending_before: "2026-06-10T12:00:00.000Z" }] },
      invoice_schedule: { credit_type_id: USD_CENTS_ID, schedule_items: [{ timestamp: NOW, unit_price: 9000, quantity: 1 }] },
      payment_gate_config: { payment_gate_type: "STRIPE", tax_type: "NONE", stripe_config: { payment_type: "INVOICE", invoice_metadata: { order: "o-1" } } },
    };
    await control("payments", { outcome: "failed", customer_id: customer.data.id });
    await client.v2.contracts.edit({ ...ids, uniqueness_key: "pack-failed", add_commits: [pack] });
    await control("payments", { outcome: "paid", customer_id: customer.data.id });
    await client.v2.contracts.edit({ ...ids, uniqueness_key: "pack-paid", add_commits: [pack] });

    const invoices = [];
    for await (const invoice of client.v1.customers.invoices.list({ customer_id: customer.data.id })) invoices.push(invoice);
    // The two purchases' invoices beside June's (draft) usage invoice.
    expect(invoices.filter((i) => i.type === "SCHEDULED").map((i) => [i.status, i.total, i.external_invoice?.external_status])).toEqual([["VOID", 9000, "VOID"], ["FINALIZED", 9000, "PAID"]]);
    const net = await client.v1.contracts.getNetBalance({ customer_id: customer.data.id, credit_type_id: USD_CENTS_ID });
    expect(net.data.balance).toBe(10_000);

    await client.v2.contracts.edit({
      ...ids,
      add_prepaid_balance_threshold_configuration: {
        commit: { product_id: product.data.id, name: "Auto recharge" }, is_enabled: true,
        payment_gate_config: { payment_gate_type: "STRIPE" }, threshold_amount: 12_000, recharge_to_amount: 15_000,
      },
    });
    const read = await client.v2.contracts.retrieve({ ...ids, include_balance: true });
    expect(read.data.prepaid_balance_threshold_configuration).toMatchObject({ is_enabled: true, threshold_amount: 12_000, recharge_to_amount: 15_000 });
    // 10,000 ≤ 12,000: recharged at once by 5,000.
    expect(read.data.commits?.map((c) => [c.name, c.balance])).toEqual([["10,000 credit pack", 10_000], ["Auto recharge", 5000]]);
    await client.v2.contracts.edit({ ...ids, update_prepaid_balance_threshold_configuration: { is_enabled: false } });
    const off = await client.v2.contracts.list({ customer_id: customer.data.id });
    expect(off.data[0]?.prepaid_balance_threshold_configuration?.is_enabled).toBe(false);
    const balances = [];
    for await (const b of client.v1.contracts.listBalances({ customer_id: customer.data.id, include_contract_balances: true, include_balance: true })) balances.push(b);
    expect(balances.map((b) => b.balance)).toEqual([10_000, 5000]);
  });
});
