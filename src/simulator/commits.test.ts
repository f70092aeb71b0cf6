import { afterEach, describe, expect, it } from "vitest";
import type { DailyUsage } from "./state";
import { USD_CENTS_ID } from "./state";
import { AI, testSimulator, workedExample, type Json, type TestSim, type WorkedExample } from "./test-support";

const open: TestSim[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

/** Fixed daily usage on a contract (tests set the usage profile directly, as scenarios do). */
function setDailyUsage(sim: TestSim, contractId: string, daily: DailyUsage[]): void {
  const contract = sim.state.contracts.find((c) => c.id === contractId);
  if (!contract) throw new Error(`no contract ${contractId}`);
  contract.usage = { seed: 1, intensity: 1, daily };
  contract.version += 1;
}

interface Plain {
  sim: TestSim;
  customerId: string;
  contractId: string;
  products: { commit: string; credit: string; usage: string; other: string };
}

/** A contract from 2025-06-01 with monthly statements, no subscriptions, created with `grants`. */
async function plainContract(grants: (p: Plain["products"]) => Record<string, unknown>): Promise<Plain> {
  const sim = await testSimulator("2025-05-31T12:00:00.000Z");
  open.push(sim);
  const product = async (name: string, type: string) => (await sim.post("/v1/contract-pricing/products/create", { name, type })).data.id as string;
  const products = { commit: await product("Prepaid commitment", "FIXED"), credit: await product("Promotional credit", "FIXED"), usage: await product("API calls", "USAGE"), other: await product("Storage", "USAGE") };
  const customerId = (await sim.post("/v1/customers", { name: "Initrode" })).data.id;
  const contractId = (await sim.post("/v1/contracts/create", {
    customer_id: customerId, starting_at: "2025-06-01T00:00:00.000Z",
    usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: "2025-06-01T00:00:00.000Z" }, ...grants(products),
  })).data.id;
  return { sim, customerId, contractId, products };
}

const JUNE = "2025-06-01T00:00:00.000Z";
const JULY = "2025-07-01T00:00:00.000Z";
const AUGUST = "2025-08-01T00:00:00.000Z";
const SEPTEMBER = "2025-09-01T00:00:00.000Z";

const access = (amount: number, starting_at: string, ending_before: string) => ({ schedule_items: [{ amount, starting_at, ending_before }] });

/**
 * A prepaid commit of 10,000 (paid 8,000 on 06-01) for June to August at priority 1, a free credit
 * of 1,500 for June at priority 1 and a free credit of 2,000 for the three months at priority 5;
 * usage is 150 a day.
 */
async function prepaidThreeMonths(): Promise<Plain> {
  const c = await plainContract((p) => ({
    commits: [{
      type: "PREPAID", product_id: p.commit, name: "Annual commitment", priority: 1, access_schedule: access(10_000, JUNE, SEPTEMBER),
      invoice_schedule: { schedule_items: [{ timestamp: JUNE, amount: 8000 }] },
    }],
    credits: [
      { product_id: p.credit, name: "Welcome credit", priority: 1, access_schedule: access(1500, JUNE, JULY) },
      { product_id: p.credit, name: "Backup credit", priority: 5, access_schedule: access(2000, JUNE, SEPTEMBER) },
    ],
  }));
  setDailyUsage(c.sim, c.contractId, [{ credit_type_id: USD_CENTS_ID, amount: 150 }]);
  return c;
}

async function ledgers(c: Plain): Promise<Record<string, Json>> {
  const body = { customer_id: c.customerId, include_balance: true, include_ledgers: true };
  const commits = (await c.sim.post("/v1/contracts/customerCommits/list", { ...body, include_contract_commits: true })).data;
  const credits = (await c.sim.post("/v1/contracts/customerCredits/list", { ...body, include_contract_credits: true })).data;
  return Object.fromEntries([...commits, ...credits].map((x: Json) => [x.name, x]));
}

const entries = (x: Json) => x.ledger.map((e: Json) => [e.type, e.amount, e.timestamp]);

describe("a prepaid commit of 10,000 over three months of usage", () => {
  it("burns the free credit first (same priority, $0 cost basis), then the commit, then the lower-priority credit", async () => {
    const c = await prepaidThreeMonths();
    await c.sim.setNow(SEPTEMBER);
    const by = await ledgers(c);
    // June: 30 × 150 = 4500: the welcome credit's 1500, then 3000 of the commit.
    expect(entries(by["Welcome credit"])).toEqual([
      ["CREDIT_SEGMENT_START", 1500, JUNE],
      ["CREDIT_AUTOMATED_INVOICE_DEDUCTION", -1500, JULY],
    ]);
    // July: 31 × 150 = 4650; August: the commit's last 2350, then the backup credit's 2000 (300 unmet).
    expect(entries(by["Annual commitment"])).toEqual([
      ["PREPAID_COMMIT_SEGMENT_START", 10_000, JUNE],
      ["PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", -3000, JULY],
      ["PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", -4650, AUGUST],
      ["PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", -2350, SEPTEMBER],
    ]);
    expect(entries(by["Backup credit"])).toEqual([
      ["CREDIT_SEGMENT_START", 2000, JUNE],
      ["CREDIT_AUTOMATED_INVOICE_DEDUCTION", -2000, SEPTEMBER],
    ]);
    expect(by["Annual commitment"]).toMatchObject({ type: "PREPAID", priority: 1, cost_basis: 0.8, balance: 0 });
  });

  it("mid-July: the commit holds 10,000 − 3000 − 14 × 150 (pending) = 4900; the net balance counts pending usage unless FINALIZED", async () => {
    const c = await prepaidThreeMonths();
    await c.sim.setNow("2025-07-15T00:00:00.000Z");
    const by = await ledgers(c);
    expect(by["Annual commitment"].balance).toBe(4900);
    expect(entries(by["Annual commitment"]).at(-1)).toEqual(["PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", -2100, AUGUST]);
    expect(by["Welcome credit"].balance).toBe(0);
    expect(by["Backup credit"].balance).toBe(2000);
    const net = (mode?: string) => c.sim.post("/v1/contracts/customerBalances/getNetBalance", { customer_id: c.customerId, ...(mode ? { invoice_inclusion_mode: mode } : {}) });
    expect((await net()).data).toEqual({ balance: 6900, credit_type_id: USD_CENTS_ID });
    expect((await net("FINALIZED")).data.balance).toBe(9000);
    const commitsOnly = await c.sim.post("/v1/contracts/customerBalances/getNetBalance", { customer_id: c.customerId, filters: [{ balance_types: ["PREPAID_COMMIT"] }] });
    expect(commitsOnly.data.balance).toBe(4900);
  });

  it("invoices the commit's 8000 on 06-01 (a scheduled invoice of its own) and names that invoice in its invoice schedule", async () => {
    const c = await prepaidThreeMonths();
    await c.sim.setNow("2025-06-02T00:00:00.000Z");
    const invoices = (await c.sim.call("GET", `/v1/customers/${c.customerId}/invoices?limit=100`)).body.data;
    const purchase = invoices.find((i: Json) => i.type === "SCHEDULED");
    expect(purchase).toMatchObject({ issued_at: JUNE, status: "FINALIZED", total: 8000 });
    const commit = (await ledgers(c))["Annual commitment"];
    expect(purchase.line_items).toEqual([expect.objectContaining({ type: "commit_purchase", total: 8000, quantity: 1, unit_price: 8000, commit_id: commit.id, commit_type: "PrepaidCommit" })]);
    expect(commit.invoice_schedule.schedule_items).toEqual([expect.objectContaining({ timestamp: JUNE, amount: 8000, invoice_id: purchase.id })]);
    // Usage invoices name the applied credit and commit.
    await c.sim.setNow(JULY);
    const june = (await c.sim.call("GET", `/v1/customers/${c.customerId}/invoices?limit=100`)).body.data.find((i: Json) => i.type === "USAGE" && i.issued_at === JULY);
    expect(june.line_items.filter((l: Json) => l.applied_commit_or_credit).map((l: Json) => [l.applied_commit_or_credit.type, l.total])).toEqual([["PREPAID", -3000], ["CREDIT", -1500]]);
  });

  it("lists commits and credits with the SDK's filters and pagination (25 a page, next_page in the body)", async () => {
    const c = await prepaidThreeMonths();
    await c.sim.setNow("2025-07-15T00:00:00.000Z");
    const list = (extra: Record<string, unknown>) => c.sim.post("/v1/contracts/customerCredits/list", { customer_id: c.customerId, include_contract_credits: true, ...extra });
    expect((await c.sim.post("/v1/contracts/customerCredits/list", { customer_id: c.customerId })).data).toEqual([]);
    expect((await list({ covering_date: "2025-07-10T00:00:00.000Z" })).data.map((x: Json) => x.name)).toEqual(["Backup credit"]);
    expect((await list({ effective_before: "2025-06-02T00:00:00.000Z", starting_at: "2025-07-01T00:00:00.000Z" })).data.map((x: Json) => x.name)).toEqual(["Backup credit"]);
    const first = await list({ limit: 1 });
    expect(first.data.map((x: Json) => x.name)).toEqual(["Welcome credit"]);
    expect(first.data[0].balance).toBeUndefined();
    const second = await list({ limit: 1, next_page: first.next_page });
    expect([second.data[0].name, second.next_page]).toEqual(["Backup credit", null]);
    const byId = await c.sim.post("/v1/contracts/customerCommits/list", { customer_id: c.customerId, include_contract_commits: true, commit_id: (await ledgers(c))["Annual commitment"].id });
    expect(byId.data.map((x: Json) => x.name)).toEqual(["Annual commitment"]);
    const tooMany = await c.sim.call("POST", "/v1/contracts/customerCredits/list", { customer_id: c.customerId, limit: 26 });
    expect(tooMany.status).toBe(400);
  });
});

describe("which usage draws a commit down", () => {
  it("a commit for one product is drawn only by that product's usage; an unrestricted credit takes the rest", async () => {
    const c = await plainContract((p) => ({
      commits: [{ type: "PREPAID", product_id: p.commit, name: "API commit", priority: 1, applicable_product_ids: [p.usage], access_schedule: access(5000, JUNE, JULY) }],
      credits: [{ product_id: p.credit, name: "Any usage", priority: 2, access_schedule: access(5000, JUNE, JULY) }],
    }));
    setDailyUsage(c.sim, c.contractId, [
      { credit_type_id: USD_CENTS_ID, amount: 100, product_id: c.products.usage },
      { credit_type_id: USD_CENTS_ID, amount: 40, product_id: c.products.other },
    ]);
    await c.sim.setNow(JULY);
    const by = await ledgers(c);
    expect(entries(by["API commit"]).slice(1, 2)).toEqual([["PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", -3000, JULY]]);
    expect(entries(by["Any usage"]).slice(1, 2)).toEqual([["CREDIT_AUTOMATED_INVOICE_DEDUCTION", -1200, JULY]]);
  });

  it("a postpaid commit burns after prepaid balances and its unspent amount is trued up on its invoice date", async () => {
    const c = await plainContract((p) => ({
      commits: [{
        type: "POSTPAID", product_id: p.commit, name: "Minimum spend", priority: 1, access_schedule: access(5000, JUNE, JULY),
        invoice_schedule: { schedule_items: [{ timestamp: JULY, amount: 5000 }] },
      }],
      credits: [{ product_id: p.credit, name: "Starter credit", priority: 9, access_schedule: access(600, JUNE, JULY) }],
    }));
    setDailyUsage(c.sim, c.contractId, [{ credit_type_id: USD_CENTS_ID, amount: 100 }]);
    await c.sim.setNow("2025-07-02T00:00:00.000Z");
    const by = await ledgers(c);
    const invoices = (await c.sim.call("GET", `/v1/customers/${c.customerId}/invoices?limit=100`)).body.data;
    const trueUp = invoices.find((i: Json) => i.type === "SCHEDULED" && i.issued_at === JULY);
    // June: 3000 of usage; the starter credit's 600 first, then 2400 of the 5000 commitment; 2600 trued up.
    expect(entries(by["Starter credit"])).toEqual([["CREDIT_SEGMENT_START", 600, JUNE], ["CREDIT_AUTOMATED_INVOICE_DEDUCTION", -600, JULY]]);
    expect(by["Minimum spend"].ledger).toEqual([
      { type: "POSTPAID_COMMIT_INITIAL_BALANCE", amount: 5000, timestamp: JUNE },
      expect.objectContaining({ type: "POSTPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", amount: -2400, timestamp: JULY }),
      { type: "POSTPAID_COMMIT_TRUEUP", amount: -2600, timestamp: JULY, invoice_id: trueUp.id, contract_id: c.contractId },
    ]);
    expect(trueUp.line_items).toEqual([expect.objectContaining({ type: "postpaid_trueup", total: 2600, commit_type: "PostpaidCommit", postpaid_commit: { id: by["Minimum spend"].id } })]);
  });
});

/** The worked example with a seat-scoped recurring commit of 500 per seat beside its 1000 AI credits per seat. */
async function withSeatCommit(): Promise<{ ex: WorkedExample; recurringCommitId: string }> {
  const ex = await workedExample();
  open.push(ex.sim);
  const edit = await ex.sim.post("/v2/contracts/edit", {
    customer_id: ex.customerId, contract_id: ex.contractId,
    add_recurring_commits: [{
      product_id: ex.creditProductId, name: "Seat commitment", priority: 2, starting_at: JUNE,
      access_amount: { credit_type_id: AI, unit_price: 500 }, commit_duration: { value: 1, unit: "PERIODS" },
      subscription_config: { subscription_id: ex.subscriptionId, allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } },
    }],
  });
  return { ex, recurringCommitId: edit.data.edit.add_recurring_commits[0].id };
}

async function seatRows(ex: WorkedExample, extra: Record<string, unknown> = {}): Promise<Record<string, Json>> {
  const page = await ex.sim.post("/v1/contracts/seatBalances/list", {
    customer_id: ex.customerId, contract_id: ex.contractId, include_credits_and_commits: true, include_ledgers: true, limit: 100, ...extra,
  });
  return Object.fromEntries(page.data.map((row: Json) => [row.seat_id, row]));
}

const seatLedger = (row: Json, kind: "commits" | "credits") => row[kind].flatMap((x: Json) => x.ledger_entries.map((e: Json) => [e.type, e.amount, e.timestamp]));

describe("a seat-scoped recurring commit", () => {
  it("grants 500 to each assigned seat, follows seat adds (prorated) and removals like recurring credits, and renews per seat", async () => {
    const { ex, recurringCommitId } = await withSeatCommit();
    await ex.sim.setNow("2025-06-16T00:05:00.000Z");
    await ex.sim.post("/v2/contracts/edit", {
      customer_id: ex.customerId, contract_id: ex.contractId,
      update_subscriptions: [{ subscription_id: ex.subscriptionId, seat_updates: {
        add_seat_ids: [{ seat_ids: ["dave", "erin"], starting_at: "2025-06-16T00:00:00.000Z" }],
        remove_seat_ids: [{ seat_ids: ["bob"], starting_at: "2025-06-20T00:00:00.000Z" }],
      } }],
    });
    await ex.sim.setNow("2025-06-25T00:00:00.000Z");
    let rows = await seatRows(ex);
    expect(Object.keys(rows)).toEqual(["alice", "bob", "carol", "dave", "erin"]);
    expect(seatLedger(rows.alice, "commits")).toEqual([["PREPAID_COMMIT_SEGMENT_START", 500, JUNE]]);
    expect(seatLedger(rows.dave, "commits")).toEqual([["PREPAID_COMMIT_SEAT_BASED_ADJUSTMENT", 250, "2025-06-16T00:00:00.000Z"]]);
    expect(rows.alice.balances).toEqual([{ credit_type_id: AI, balance: 1500, starting_balance: 1500 }]);
    expect(rows.bob.commits).toHaveLength(1);
    await ex.sim.setNow("2025-07-02T00:00:00.000Z");
    rows = await seatRows(ex);
    expect(Object.keys(rows)).toEqual(["alice", "carol", "dave", "erin"]);
    expect(rows.erin.commits.map((x: Json) => [x.balance, x.start_date, x.end_date])).toEqual([[500, JULY, AUGUST]]);
    const contract = (await ex.sim.post("/v2/contracts/get", { customer_id: ex.customerId, contract_id: ex.contractId, include_balance: true, include_ledgers: true })).data;
    expect(contract.recurring_commits).toEqual([expect.objectContaining({ id: recurringCommitId, priority: 2, subscription_config: expect.objectContaining({ allocation: "INDIVIDUAL" }) })]);
    const june = contract.commits.find((x: Json) => x.access_schedule.schedule_items[0].starting_at === JUNE);
    // June: 3 × 500 at the start, 2 × 250 for dave and erin; bob's 500 expires with the others' leftovers at 07-01.
    expect(june).toMatchObject({ type: "PREPAID", recurring_commit_id: recurringCommitId, balance: 0 });
    expect(june.access_schedule.schedule_items[0].amount).toBe(1500);
    expect(june.ledger.map((e: Json) => [e.type, e.amount, e.timestamp])).toEqual([
      ["PREPAID_COMMIT_SEGMENT_START", 1500, JUNE],
      ["PREPAID_COMMIT_SEAT_BASED_ADJUSTMENT", 500, "2025-06-16T00:00:00.000Z"],
      ["PREPAID_COMMIT_EXPIRATION", -2000, JULY],
    ]);
  });

  it("seat usage burns the seat's credit (priority 1) before its commit (priority 2)", async () => {
    const { ex } = await withSeatCommit();
    setDailyUsage(ex.sim, ex.contractId, [{ credit_type_id: AI, amount: 50, per_seat: true }]);
    await ex.sim.setNow(JULY);
    const rows = await seatRows(ex, { covering_date: "2025-06-15T00:00:00.000Z" });
    // 30 days × 50 = 1500 per seat: the credit's 1000, then 500 of the commit.
    expect(seatLedger(rows.alice, "credits")).toContainEqual(["CREDIT_AUTOMATED_INVOICE_DEDUCTION", -1000, JULY]);
    expect(seatLedger(rows.alice, "commits")).toContainEqual(["PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", -500, JULY]);
  });
});

describe("net balance and manual entries", () => {
  it("getNetBalance leaves seat-scoped credits and commits out unless a filter names their ids", async () => {
    const { ex } = await withSeatCommit();
    await ex.sim.setNow("2025-06-02T00:00:00.000Z");
    const contract = (await ex.sim.post("/v2/contracts/get", { customer_id: ex.customerId, contract_id: ex.contractId })).data;
    const credit = contract.credits[0].id;
    const commit = contract.commits[0].id;
    const net = async (filters?: unknown) =>
      (await ex.sim.post("/v1/contracts/customerBalances/getNetBalance", { customer_id: ex.customerId, credit_type_id: AI, ...(filters ? { filters } : {}) })).data.balance;
    expect(await net()).toBe(0);
    expect(await net([{ balance_types: ["CREDIT"] }])).toBe(0);
    expect(await net([{ ids: [credit] }])).toBe(3000);
    expect(await net([{ ids: [credit, commit] }])).toBe(4500);
    expect(await net([{ ids: [commit], balance_types: ["CREDIT"] }])).toBe(0);
  });

  it("a manual ledger entry without a timestamp is dated at the start of its segment", async () => {
    const { ex } = await withSeatCommit();
    await ex.sim.setNow("2025-06-10T08:00:00.000Z");
    const contract = (await ex.sim.post("/v2/contracts/get", { customer_id: ex.customerId, contract_id: ex.contractId })).data;
    const commit = contract.commits[0];
    await ex.sim.post("/v1/contracts/addManualBalanceLedgerEntry", {
      customer_id: ex.customerId, contract_id: ex.contractId, id: commit.id, segment_id: commit.access_schedule.schedule_items[0].id,
      amount: 75, reason: "goodwill", per_group_amounts: { carol: 75 },
    });
    const rows = await seatRows(ex);
    expect(seatLedger(rows.carol, "commits")).toEqual([["PREPAID_COMMIT_SEGMENT_START", 500, JUNE], ["PREPAID_COMMIT_MANUAL", 75, JUNE]]);
  });
});

describe("moving the clock over commits and credits", () => {
  async function answers(sim: TestSim, customerId: string, contractId: string): Promise<Json> {
    const body = { customer_id: customerId, include_balance: true, include_ledgers: true };
    return {
      commits: await sim.post("/v1/contracts/customerCommits/list", { ...body, include_contract_commits: true }),
      credits: await sim.post("/v1/contracts/customerCredits/list", { ...body, include_contract_credits: true }),
      seats: await sim.post("/v1/contracts/seatBalances/list", { customer_id: customerId, contract_id: contractId, include_credits_and_commits: true, include_ledgers: true, limit: 100 }),
      invoices: (await sim.call("GET", `/v1/customers/${customerId}/invoices?limit=100`)).body,
      net: await sim.post("/v1/contracts/customerBalances/getNetBalance", { customer_id: customerId }),
    };
  }

  it("answers the same after 45 one-day steps, one 45-day step, and a step back (pooled and seat-scoped balances that overlap)", async () => {
    const make = async () => {
      const c = await prepaidThreeMonths();
      const { ex } = await withSeatCommit();
      setDailyUsage(ex.sim, ex.contractId, [{ credit_type_id: AI, amount: 40, per_seat: true }]);
      await c.sim.setNow("2025-06-20T05:00:00.000Z");
      await ex.sim.setNow("2025-06-20T05:00:00.000Z");
      await answers(c.sim, c.customerId, c.contractId);
      await answers(ex.sim, ex.customerId, ex.contractId);
      return [c.sim, ex.sim, c, ex] as const;
    };
    const [pooled, seats, c, ex] = await make();
    const [pooledJump, seatsJump] = await make();
    for (let d = 0; d < 45; d++) {
      await pooled.post("/_simulator/clock/advance", { days: 1 });
      await seats.post("/_simulator/clock/advance", { days: 1 });
      if (d % 9 === 0) {
        await answers(pooled, c.customerId, c.contractId);
        await answers(seats, ex.customerId, ex.contractId);
      }
    }
    await pooledJump.post("/_simulator/clock/advance", { days: 45 });
    await seatsJump.post("/_simulator/clock/advance", { days: 45 });
    const after = await answers(pooled, c.customerId, c.contractId);
    expect(after).toEqual(await answers(pooledJump, c.customerId, c.contractId));
    expect(await answers(seats, ex.customerId, ex.contractId)).toEqual(await answers(seatsJump, ex.customerId, ex.contractId));
    // …and the same as computing the contract afresh at the final instant.
    const contract = pooled.state.contracts.find((x) => x.id === c.contractId);
    if (contract) contract.version += 1;
    expect(await answers(pooled, c.customerId, c.contractId)).toEqual(after);
    await pooled.setNow("2025-07-10T10:00:00.000Z");
    await pooledJump.setNow("2025-06-25T00:00:00.000Z");
    await pooledJump.setNow("2025-07-10T10:00:00.000Z");
    expect(await answers(pooled, c.customerId, c.contractId)).toEqual(await answers(pooledJump, c.customerId, c.contractId));
  });
});

describe("commit and credit input", () => {
  it.each<[string, (p: Plain["products"]) => Record<string, unknown>, RegExp]>([
    ["a postpaid commit without its true-up invoice", (p) => ({ commits: [{ type: "POSTPAID", product_id: p.commit, access_schedule: access(100, JUNE, JULY) }] }), /invoice_schedule with one schedule item is required/],
    ["a postpaid true-up that does not match the commit", (p) => ({ commits: [{ type: "POSTPAID", product_id: p.commit, access_schedule: access(100, JUNE, JULY), invoice_schedule: { schedule_items: [{ timestamp: JULY, amount: 90 }] } }] }), /must match the access_schedule amount/],
    ["specifiers beside applicable_product_ids", (p) => ({ credits: [{ product_id: p.credit, access_schedule: access(100, JUNE, JULY), applicable_product_ids: [p.usage], specifiers: [{ product_id: p.usage }] }] }), /specifiers cannot be used together/],
    ["an access time off the hour", (p) => ({ credits: [{ product_id: p.credit, access_schedule: access(100, "2025-06-01T00:30:00.000Z", JULY) }] }), /hour boundary/],
    ["an invoice item with both amount and unit_price", (p) => ({ commits: [{ type: "PREPAID", product_id: p.commit, access_schedule: access(100, JUNE, JULY), invoice_schedule: { schedule_items: [{ timestamp: JUNE, amount: 5, unit_price: 5, quantity: 1 }] } }] }), /either amount or both unit_price and quantity/],
    ["a commit of an unknown type", (p) => ({ commits: [{ type: "PREPAYED", product_id: p.commit, access_schedule: access(100, JUNE, JULY) }] }), /commits\[0\]\.type must be one of PREPAID, POSTPAID/],
  ])("refuses %s with 400", async (_name, grants, says) => {
    const sim = await testSimulator("2025-05-31T12:00:00.000Z");
    open.push(sim);
    const product = async (name: string, type: string) => (await sim.post("/v1/contract-pricing/products/create", { name, type })).data.id as string;
    const products = { commit: await product("Commit", "FIXED"), credit: await product("Credit", "FIXED"), usage: await product("Usage", "USAGE"), other: await product("Other", "USAGE") };
    const customerId = (await sim.post("/v1/customers", { name: "Refused" })).data.id;
    const res = await sim.call("POST", "/v1/contracts/create", { customer_id: customerId, starting_at: JUNE, ...grants(products) });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(says);
  });
});
