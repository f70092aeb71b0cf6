import { afterEach, describe, expect, it } from "vitest";
import { AI, workedExample, type Json, type WorkedExample } from "./test-support";
import { USD_CENTS_ID } from "./state";

let ex: WorkedExample | undefined;
afterEach(async () => {
  await ex?.sim.close();
  ex = undefined;
});

async function list(e: WorkedExample, query: string): Promise<Json[]> {
  const res = await e.sim.call("GET", `/v1/customers/${e.customerId}/invoices?limit=100${query}`);
  expect(res.status).toBe(200);
  return res.body.data;
}

const periods = (invoices: Json[]) => invoices.map((i) => `${i.type} ${i.start_timestamp.slice(0, 10)}..${i.end_timestamp.slice(0, 10)}`);

/** Worked example at 07-20 with a seat added on 06-16: June and July advance charges, June's usage invoice, the 06-16 charge. */
async function withInvoices(): Promise<WorkedExample> {
  const e = await workedExample();
  await e.sim.post("/v2/contracts/edit", {
    customer_id: e.customerId, contract_id: e.contractId,
    update_subscriptions: [{ subscription_id: e.subscriptionId, seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: "2025-06-16T00:00:00.000Z" }] } }],
  });
  await e.sim.setNow("2025-07-20T00:00:00.000Z");
  return e;
}

describe("GET /v1/customers/{id}/invoices", () => {
  it("filters on the billing period: starting_on inclusive on its start, ending_before exclusive on its end", async () => {
    ex = await withInvoices();
    const all = await list(ex, "");
    expect(periods(all)).toContain("USAGE 2025-06-01..2025-07-01");
    // June's usage invoice is issued on 07-01 but its period is June: it is June's.
    const june = await list(ex, "&starting_on=2025-06-01T00:00:00.000Z&ending_before=2025-07-01T00:00:00.000Z");
    expect(periods(june)).toContain("USAGE 2025-06-01..2025-07-01");
    expect(june.every((i) => i.start_timestamp >= "2025-06-01" && i.end_timestamp <= "2025-07-01T00:00:00.000Z")).toBe(true);
    expect(june.some((i) => i.start_timestamp.startsWith("2025-07"))).toBe(false);
    const fromJuly = await list(ex, "&starting_on=2025-07-01T00:00:00.000Z");
    expect(fromJuly.length).toBeGreaterThan(0);
    expect(fromJuly.every((i) => Date.parse(i.start_timestamp) >= Date.parse("2025-07-01T00:00:00.000Z"))).toBe(true);
    // A period that ends after ending_before is left out even though it starts before it.
    const beforeJune20 = await list(ex, "&ending_before=2025-06-20T00:00:00.000Z");
    expect(periods(beforeJune20)).not.toContain("USAGE 2025-06-01..2025-07-01");
    expect(beforeJune20.map((i) => i.start_timestamp.slice(0, 10))).toEqual(["2025-06-01", "2025-06-16"]);
  });

  it("filters by credit_type_id and answers a malformed one with 400", async () => {
    ex = await withInvoices();
    const all = await list(ex, "");
    expect(await list(ex, `&credit_type_id=${USD_CENTS_ID}`)).toHaveLength(all.length);
    expect(await list(ex, `&credit_type_id=${AI}`)).toEqual([]);
    expect((await ex.sim.call("GET", `/v1/customers/${ex.customerId}/invoices?credit_type_id=usd`)).status).toBe(400);
  });

  it("carries no created_at (the SDK has it on correction invoices only)", async () => {
    ex = await withInvoices();
    const all = await list(ex, "");
    expect(all.length).toBeGreaterThan(0);
    for (const invoice of all) expect(invoice).not.toHaveProperty("created_at");
    const one = await ex.sim.call("GET", `/v1/customers/${ex.customerId}/invoices/${all[0].id}`);
    expect(one.body.data).not.toHaveProperty("created_at");
  });

  it("skip_zero_qty_line_items leaves out line items of quantity 0", async () => {
    ex = await withInvoices();
    const lines = (await list(ex, "")).flatMap((i) => i.line_items);
    const kept = (await list(ex, "&skip_zero_qty_line_items=true")).flatMap((i) => i.line_items);
    expect(kept).toEqual(lines.filter((l: Json) => l.quantity !== 0));
    expect((await ex.sim.call("GET", `/v1/customers/${ex.customerId}/invoices?skip_zero_qty_line_items=yes`)).status).toBe(400);
  });
});
