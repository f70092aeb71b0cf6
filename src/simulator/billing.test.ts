/** Finalized invoices never change: back-dated edits into closed billing periods (see docs/metronome.md, "Proration and invoices"). */
import { afterEach, describe, expect, it } from "vitest";
import { workedExample, type ExampleOptions, type Json, type WorkedExample } from "./test-support";

let current: WorkedExample | undefined;
afterEach(async () => {
  await current?.sim.close();
  current = undefined;
});

const SENT = "2025-07-05T10:00:00.000Z";

/** The worked example as a quantity-only contract (4 seats × 3000 from June 1), clock at July 5, 10:00. */
async function july(opts: ExampleOptions = {}): Promise<WorkedExample> {
  current = await workedExample({ mode: "QUANTITY_ONLY", ...opts });
  await current.sim.setNow(SENT);
  return current;
}

async function edit(ex: WorkedExample, update: Record<string, unknown>): Promise<void> {
  await ex.sim.post("/v2/contracts/edit", {
    customer_id: ex.customerId, contract_id: ex.contractId,
    update_subscriptions: [{ subscription_id: ex.subscriptionId, quantity_updates: [{ starting_at: "2025-06-11T00:00:00.000Z", ...update }] }],
  });
}

type Row = [issued_at: string, status: string, lines: Array<[number, number, string, string]>];

async function invoiceRows(ex: WorkedExample): Promise<Row[]> {
  const res = await ex.sim.call("GET", `/v1/customers/${ex.customerId}/invoices?limit=100`);
  return (res.body.data as Json[])
    .map((inv): Row => [
      inv.issued_at,
      inv.status,
      (inv.line_items as Json[])
        .filter((l) => l.type === "subscription")
        .map((l): [number, number, string, string] => [l.quantity, l.total, l.starting_at, l.ending_before]),
    ])
    .filter((r) => r[2].length > 0)
    .sort((a, b) => a[0].localeCompare(b[0]));
}

const finalized = (rows: Row[]) => rows.filter((r) => r[1] === "FINALIZED");

describe("back-dated edits into closed billing periods", () => {
  it("an increase adds the difference on a new invoice issued when it is sent; June and July invoices stay as they were", async () => {
    const ex = await july();
    const before = await invoiceRows(ex);
    await edit(ex, { quantity_delta: 2 });
    const after = await invoiceRows(ex);
    expect(finalized(after).filter((r) => r[0] < SENT)).toEqual(finalized(before));
    // 480 of 720 hours left in June: 2 × 2000; July's advance charge, already issued for 4, gains 2 × 3000.
    expect(after.find((r) => r[0] === SENT)).toEqual([
      SENT,
      "FINALIZED",
      [
        [2, 4000, "2025-06-11T00:00:00.000Z", "2025-07-01T00:00:00.000Z"],
        [2, 6000, "2025-07-01T00:00:00.000Z", "2025-08-01T00:00:00.000Z"],
      ],
    ]);
    expect(after.find((r) => r[0] === "2025-08-01T00:00:00.000Z")?.[2]).toEqual([[6, 18000, "2025-08-01T00:00:00.000Z", "2025-09-01T00:00:00.000Z"]]);
  });

  it("billed on the next collection date: the June increase, due July 1, is billed when sent", async () => {
    const ex = await july({ invoiceBehavior: "BILL_ON_NEXT_COLLECTION_DATE" });
    const before = await invoiceRows(ex);
    await edit(ex, { quantity: 7 });
    const after = await invoiceRows(ex);
    expect(finalized(after).filter((r) => r[0] < SENT)).toEqual(finalized(before));
    expect(after.find((r) => r[0] === SENT)?.[2]).toEqual([
      [3, 6000, "2025-06-11T00:00:00.000Z", "2025-07-01T00:00:00.000Z"],
      [3, 9000, "2025-07-01T00:00:00.000Z", "2025-08-01T00:00:00.000Z"],
    ]);
  });

  it("a decrease changes nothing already invoiced and lowers the next period", async () => {
    const ex = await july();
    const before = await invoiceRows(ex);
    await edit(ex, { quantity_delta: -2 });
    const after = await invoiceRows(ex);
    expect(finalized(after)).toEqual(finalized(before));
    expect(after.find((r) => r[0] === "2025-08-01T00:00:00.000Z")?.[2]).toEqual([[2, 6000, "2025-08-01T00:00:00.000Z", "2025-09-01T00:00:00.000Z"]]);
  });

  it("a second back-dated edit is billed only for what the first did not already bill", async () => {
    const ex = await july();
    await edit(ex, { quantity: 6 });
    await ex.sim.setNow("2025-07-06T10:00:00.000Z");
    await edit(ex, { quantity: 7 });
    const after = await invoiceRows(ex);
    expect(after.find((r) => r[0] === SENT)?.[2].map((l) => l[1])).toEqual([4000, 6000]);
    expect(after.find((r) => r[0] === "2025-07-06T10:00:00.000Z")?.[2]).toEqual([
      [1, 2000, "2025-06-11T00:00:00.000Z", "2025-07-01T00:00:00.000Z"],
      [1, 3000, "2025-07-01T00:00:00.000Z", "2025-08-01T00:00:00.000Z"],
    ]);
  });
});
