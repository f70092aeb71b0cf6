import { afterEach, describe, expect, it } from "vitest";
import { AI, workedExample, type Json, type WorkedExample } from "./test-support";

let current: WorkedExample | undefined;
afterEach(async () => {
  await current?.sim.close();
  current = undefined;
});

async function setup(opts: Parameters<typeof workedExample>[0] = {}): Promise<WorkedExample> {
  current = await workedExample(opts);
  return current;
}

/** When the 06-16 edit is sent: its charge billed immediately is issued then, never in the past. */
const SENT = "2025-06-16T00:05:12.000Z";

async function addDaveAndErin(ex: WorkedExample): Promise<void> {
  await ex.sim.setNow(SENT);
  await ex.sim.post("/v2/contracts/edit", {
    customer_id: ex.customerId, contract_id: ex.contractId, uniqueness_key: "seat-sync-2025-06-16-001",
    update_subscriptions: [{
      subscription_id: ex.subscriptionId,
      seat_updates: { add_seat_ids: [{ seat_ids: ["dave", "erin"], starting_at: "2025-06-16T00:00:00.000Z" }] },
    }],
  });
}

async function removeBob(ex: WorkedExample): Promise<void> {
  await ex.sim.setNow("2025-06-20T00:00:00.000Z");
  await ex.sim.post("/v2/contracts/edit", {
    customer_id: ex.customerId, contract_id: ex.contractId,
    update_subscriptions: [{
      subscription_id: ex.subscriptionId,
      seat_updates: { remove_seat_ids: [{ seat_ids: ["bob"], starting_at: "2025-06-20T00:00:00.000Z" }] },
    }],
  });
}

async function invoices(ex: WorkedExample): Promise<Json[]> {
  const res = await ex.sim.call("GET", `/v1/customers/${ex.customerId}/invoices?limit=100`);
  expect(res.status).toBe(200);
  return res.body.data;
}

const subscriptionLines = (inv: Json) => inv.line_items.filter((l: Json) => l.type === "subscription");

async function seatBalances(ex: WorkedExample, extra: Record<string, unknown> = {}): Promise<Json> {
  return ex.sim.post("/v1/contracts/seatBalances/list", {
    customer_id: ex.customerId, contract_id: ex.contractId, include_credits_and_commits: true, include_ledgers: true, ...extra,
  });
}

describe("the worked example: seat-based Team Seat from June 1 with 1000 AI credits per seat", () => {
  it("charges 4 × 3000 = 12000 in advance on 06-01 and grants 1000 per assigned seat", async () => {
    const ex = await setup();
    await ex.sim.setNow("2025-06-01T01:00:00.000Z");
    const inv = await invoices(ex);
    const first = inv.find((i) => i.issued_at === "2025-06-01T00:00:00.000Z");
    expect(subscriptionLines(first)).toEqual([
      expect.objectContaining({ quantity: 4, unit_price: 3000, total: 12000, is_prorated: false }),
    ]);
    expect(first.status).toBe("FINALIZED");
    const balances = await seatBalances(ex);
    expect(balances.data.map((s: Json) => [s.seat_id, s.balances[0].balance, s.balances[0].starting_balance])).toEqual([
      ["alice", 1000, 1000], ["bob", 1000, 1000], ["carol", 1000, 1000],
    ]);
    const contract = (await ex.sim.post("/v2/contracts/get", { customer_id: ex.customerId, contract_id: ex.contractId, include_balance: true })).data;
    expect(contract.credits).toHaveLength(1);
    expect(contract.credits[0].access_schedule.schedule_items[0].amount).toBe(3000);
    expect(contract.credits[0].balance).toBe(3000);
  });

  it("06-16: dave fills the unassigned seat, erin costs 1 × 3000 × 360/720 = 1500 billed immediately; both get 500", async () => {
    const ex = await setup();
    await addDaveAndErin(ex);
    const inv = await invoices(ex);
    const midPeriod = inv.find((i) => i.issued_at === SENT);
    expect(midPeriod.type).toBe("SCHEDULED");
    expect(midPeriod.status).toBe("FINALIZED");
    expect(subscriptionLines(midPeriod)).toEqual([
      expect.objectContaining({ quantity: 1, unit_price: 1500, total: 1500, is_prorated: true, starting_at: "2025-06-16T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z" }),
    ]);
    const balances = await seatBalances(ex, { seat_ids: ["dave", "erin"] });
    for (const seat of balances.data) {
      expect(seat.credits[0].ledger_entries).toEqual([{ type: "CREDIT_SEAT_BASED_ADJUSTMENT", amount: 500, timestamp: "2025-06-16T00:00:00.000Z" }]);
      expect(seat.balances[0]).toEqual({ credit_type_id: AI, balance: 500, starting_balance: 500 });
    }
  });

  it("06-20: removing bob charges nothing; bob keeps his slice until 07-01 when it expires; 07-01 bills 4 × 3000", async () => {
    const ex = await setup();
    await addDaveAndErin(ex);
    await removeBob(ex);
    await ex.sim.setNow("2025-06-25T00:00:00.000Z");
    let inv = await invoices(ex);
    expect(inv.filter((i) => i.issued_at === "2025-06-20T00:00:00.000Z")).toEqual([]);
    const draft = inv.find((i) => i.issued_at === "2025-07-01T00:00:00.000Z");
    expect(draft.status).toBe("DRAFT");
    expect(subscriptionLines(draft).map((l: Json) => l.total)).toEqual([12000]);
    const bob = (await seatBalances(ex, { seat_ids: ["bob"] })).data[0];
    expect(bob.balances[0].balance).toBe(1000);

    const qh = await ex.sim.post("/v1/contracts/getSubscriptionQuantityHistory", { customer_id: ex.customerId, contract_id: ex.contractId, subscription_id: ex.subscriptionId });
    expect(qh.data.history).toEqual([
      { starting_at: "2025-06-01T00:00:00.000Z", data: [{ quantity: 4, unit_price: 3000, total: 12000 }] },
      { starting_at: "2025-06-16T00:00:00.000Z", data: [{ quantity: 5, unit_price: 3000, total: 15000 }] },
      { starting_at: "2025-06-20T00:00:00.000Z", data: [{ quantity: 4, unit_price: 3000, total: 12000 }] },
    ]);
    const sh = await ex.sim.post("/v1/contracts/getSubscriptionSeatsHistory", { customer_id: ex.customerId, contract_id: ex.contractId, subscription_id: ex.subscriptionId, limit: 10 });
    expect(sh).toEqual({
      data: [
        { starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-06-16T00:00:00.000Z", total_quantity: 4, assigned_seat_ids: ["alice", "bob", "carol"] },
        { starting_at: "2025-06-16T00:00:00.000Z", ending_before: "2025-06-20T00:00:00.000Z", total_quantity: 5, assigned_seat_ids: ["alice", "bob", "carol", "dave", "erin"] },
        { starting_at: "2025-06-20T00:00:00.000Z", ending_before: null, total_quantity: 4, assigned_seat_ids: ["alice", "carol", "dave", "erin"] },
      ],
      next_page: null,
    });

    await ex.sim.setNow("2025-07-01T02:00:00.000Z");
    inv = await invoices(ex);
    const july = inv.find((i) => i.issued_at === "2025-07-01T00:00:00.000Z");
    expect(july.status).toBe("FINALIZED");
    expect(subscriptionLines(july).map((l: Json) => [l.quantity, l.total])).toEqual([[4, 12000]]);
    const june = await seatBalances(ex, { covering_date: "2025-06-25T00:00:00.000Z", seat_ids: ["bob"] });
    expect(june.data[0].credits[0].ledger_entries).toEqual([
      { type: "CREDIT_SEGMENT_START", amount: 1000, timestamp: "2025-06-01T00:00:00.000Z" },
      { type: "CREDIT_EXPIRATION", amount: -1000, timestamp: "2025-07-01T00:00:00.000Z" },
    ]);
    const julyBalances = await seatBalances(ex);
    expect(julyBalances.data.map((s: Json) => [s.seat_id, s.balances[0].balance])).toEqual([
      ["alice", 1000], ["carol", 1000], ["dave", 1000], ["erin", 1000],
    ]);
  });

  it("with BILL_ON_NEXT_COLLECTION_DATE the 1500 is issued on 07-01 beside the 12000", async () => {
    const ex = await setup({ invoiceBehavior: "BILL_ON_NEXT_COLLECTION_DATE" });
    await addDaveAndErin(ex);
    await removeBob(ex);
    const inv = await invoices(ex);
    expect(inv.filter((i) => i.issued_at === "2025-06-16T00:00:00.000Z")).toEqual([]);
    const next = inv.find((i) => i.issued_at === "2025-07-01T00:00:00.000Z");
    expect(subscriptionLines(next).map((l: Json) => l.total).sort()).toEqual([12000, 1500].sort());
    expect(next.total).toBe(13500);
  });

  it("with is_prorated false erin costs the full 3000 and dave and erin get 1000 each", async () => {
    const ex = await setup({ isProrated: false });
    await addDaveAndErin(ex);
    const inv = await invoices(ex);
    const mid = inv.find((i) => i.issued_at === SENT);
    expect(subscriptionLines(mid)).toEqual([expect.objectContaining({ quantity: 1, unit_price: 3000, total: 3000, is_prorated: false })]);
    const balances = await seatBalances(ex, { seat_ids: ["dave", "erin"] });
    expect(balances.data.map((s: Json) => s.balances[0].balance)).toEqual([1000, 1000]);
  });

  it.each([
    [undefined, 1499.5],
    [{ rounding_method: "HALF_UP", decimal_places: -2 }, 1500],
    [{ rounding_method: "FLOOR", decimal_places: -2 }, 1400],
    [{ rounding_method: "CEILING", decimal_places: -2 }, 1500],
    [{ rounding_method: "HALF_UP", decimal_places: 0 }, 1500],
  ] as const)("rounds the prorated unit price of 2999 × 360/720 with %j to %d", async (rounding, unit) => {
    const ex = await setup({ unitPrice: 2999, ...(rounding ? { rounding } : {}) });
    await addDaveAndErin(ex);
    const inv = await invoices(ex);
    const mid = inv.find((i) => i.issued_at === SENT);
    expect(subscriptionLines(mid)).toEqual([expect.objectContaining({ quantity: 1, unit_price: unit, total: unit })]);
  });

  it("as QUANTITY_ONLY with a POOLED credit: 4 × 1000 = 4000, then +1 on 06-16 adds one 500 adjustment (balance 4500)", async () => {
    const ex = await setup({ mode: "QUANTITY_ONLY" });
    await ex.sim.setNow("2025-06-16T01:00:00.000Z");
    await ex.sim.post("/v2/contracts/edit", {
      customer_id: ex.customerId, contract_id: ex.contractId,
      update_subscriptions: [{ subscription_id: ex.subscriptionId, quantity_updates: [{ starting_at: "2025-06-16T00:00:00.000Z", quantity_delta: 1 }] }],
    });
    const list = await ex.sim.post("/v1/contracts/customerBalances/list", { customer_id: ex.customerId, include_contract_balances: true, include_balance: true, include_ledgers: true });
    expect(list.data).toHaveLength(1);
    const credit = list.data[0];
    expect(credit.access_schedule.schedule_items[0].amount).toBe(4000);
    expect(credit.balance).toBe(4500);
    expect(credit.ledger.map((e: Json) => [e.type, e.amount, e.timestamp])).toEqual([
      ["CREDIT_SEGMENT_START", 4000, "2025-06-01T00:00:00.000Z"],
      ["CREDIT_SEAT_BASED_ADJUSTMENT", 500, "2025-06-16T00:00:00.000Z"],
    ]);
    const net = await ex.sim.post("/v1/contracts/customerBalances/getNetBalance", { customer_id: ex.customerId, credit_type_id: AI });
    expect(net.data).toEqual({ balance: 4500, credit_type_id: AI });
  });
});

describe("quantity updates at one instant apply in submission order (docs example)", () => {
  it("set 12 then delta −1 at the same hour gives 11", async () => {
    const ex = await setup({ mode: "QUANTITY_ONLY" });
    await ex.sim.post("/v2/contracts/edit", {
      customer_id: ex.customerId, contract_id: ex.contractId,
      update_subscriptions: [{
        subscription_id: ex.subscriptionId,
        quantity_updates: [
          { starting_at: "2025-06-21T00:00:00.000Z", quantity: 12 },
          { starting_at: "2025-06-21T00:00:00.000Z", quantity_delta: -1 },
        ],
      }],
    });
    const contract = (await ex.sim.post("/v2/contracts/get", { customer_id: ex.customerId, contract_id: ex.contractId })).data;
    expect(contract.subscriptions[0].quantity_schedule).toEqual([
      { quantity: 4, starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-06-21T00:00:00.000Z" },
      { quantity: 11, starting_at: "2025-06-21T00:00:00.000Z" },
    ]);
  });
});
