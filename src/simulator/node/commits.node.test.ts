// Commits and credits driven by the official SDK over real HTTP on loopback: contract create and
// edit with commits, credits and recurring commits, the customer commit and credit lists (auto-paging
// through body cursors), seat balances, the net balance and manual ledger entries.
import Metronome from "@metronome/sdk";
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator } from "../simulator";
import type { Simulator } from "../simulator-api";
import { AI_CREDITS_ID, USD_CENTS_ID } from "../state";

const NOW = "2025-06-10T12:00:00.000Z";
let sim: Simulator;
let server: ServerType;
let client: Metronome;

beforeAll(async () => {
  sim = await createSimulator({ scenario: "empty", now: NOW, tickSeconds: 0 });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: (req) => sim.handle(req), port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  client = new Metronome({ bearerToken: "any-token", baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxRetries: 0 });
});

afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pages) out.push(item);
  return out;
}

describe("commits and credits through @metronome/sdk", () => {
  it("creates, edits, lists and balances commits and credits", async () => {
    const seat = await client.v1.contracts.products.create({ name: "Team Seat", type: "SUBSCRIPTION" });
    const fixed = await client.v1.contracts.products.create({ name: "AI allowance", type: "FIXED" });
    const customer = await client.v1.customers.create({ name: "Pied Piper" });
    const contract = await client.v1.contracts.create({
      customer_id: customer.data.id, starting_at: "2025-06-01T00:00:00.000Z",
      usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: "2025-06-01T00:00:00.000Z" },
      subscriptions: [{
        temporary_id: "seats", collection_schedule: "ADVANCE", proration: { is_prorated: true, invoice_behavior: "BILL_IMMEDIATELY" },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: seat.data.id }, quantity_management_mode: "SEAT_BASED",
        seat_config: { seat_group_key: "user_id", initial_seat_ids: ["richard", "gilfoyle"] },
      }],
      recurring_credits: [{
        product_id: fixed.data.id, priority: 1, starting_at: "2025-06-01T00:00:00.000Z", access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 1000 },
        commit_duration: { value: 1, unit: "PERIODS" },
        subscription_config: { subscription_id: "seats", allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } },
      }],
      recurring_commits: [{
        product_id: fixed.data.id, name: "Seat commitment", priority: 2, starting_at: "2025-06-01T00:00:00.000Z",
        access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 400 }, commit_duration: { value: 1, unit: "PERIODS" },
        subscription_config: { subscription_id: "seats", allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: false } },
      }],
      commits: [{
        type: "PREPAID", product_id: fixed.data.id, name: "Prepaid usage", priority: 1,
        access_schedule: { credit_type_id: USD_CENTS_ID, schedule_items: [{ amount: 10_000, starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-09-01T00:00:00.000Z" }] },
        invoice_schedule: { credit_type_id: USD_CENTS_ID, schedule_items: [{ timestamp: "2025-06-01T00:00:00.000Z", unit_price: 9000, quantity: 1 }] },
      }],
      credits: [{
        product_id: fixed.data.id, name: "Launch credit", priority: 1,
        access_schedule: { schedule_items: [{ amount: 500, starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z" }] },
      }],
    });
    const ids = { customer_id: customer.data.id, contract_id: contract.data.id };
    const edited = await client.v2.contracts.edit({
      ...ids,
      add_commits: [{
        type: "POSTPAID", product_id: fixed.data.id, name: "Minimum spend",
        access_schedule: { schedule_items: [{ amount: 3000, starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-12-01T00:00:00.000Z" }] },
        invoice_schedule: { schedule_items: [{ timestamp: "2025-12-01T00:00:00.000Z", amount: 3000 }] },
      }],
      add_credits: [{ product_id: fixed.data.id, name: "Apology credit", priority: 3, access_schedule: { schedule_items: [{ amount: 250, starting_at: "2025-06-10T00:00:00.000Z", ending_before: "2025-08-01T00:00:00.000Z" }] } }],
    });
    expect(edited.data.edit?.add_commits?.map((c) => [c.type, c.name])).toEqual([["POSTPAID", "Minimum spend"]]);
    expect(edited.data.edit?.add_credits?.map((c) => [c.type, c.priority])).toEqual([["CREDIT", 3]]);

    const got = (await client.v2.contracts.retrieve({ ...ids, include_balance: true })).data;
    expect(got.recurring_commits?.map((r) => [r.name, r.access_amount.unit_price])).toEqual([["Seat commitment", 400]]);
    expect(got.commits.map((c) => [c.name, c.type, c.balance])).toEqual([["Seat commitment", "PREPAID", 800], ["Prepaid usage", "PREPAID", 10_000], ["Minimum spend", "POSTPAID", 3000]]);
    expect(got.credits?.map((c) => [c.name, c.balance])).toEqual([["AI allowance", 2000], ["Launch credit", 500], ["Apology credit", 250]]);

    // Body-cursor pages of one item each, followed by the SDK.
    const commits = await all(client.v1.customers.commits.list({ customer_id: customer.data.id, include_contract_commits: true, include_balance: true, limit: 1 }));
    expect(commits.map((c) => c.name)).toEqual(["Seat commitment", "Prepaid usage", "Minimum spend"]);
    const credits = await all(client.v1.customers.credits.list({ customer_id: customer.data.id, include_contract_credits: true, covering_date: "2025-07-15T00:00:00.000Z" }));
    expect(credits.map((c) => c.name)).toEqual(["Apology credit"]);
    expect(await all(client.v1.customers.commits.list({ customer_id: customer.data.id }))).toEqual([]);

    const seats = await client.v1.contracts.listSeatBalances({ ...ids, include_credits_and_commits: true, include_ledgers: true });
    expect(seats.data.map((s) => [s.seat_id, s.balances[0]?.balance, s.commits?.map((c) => c.ledger_entries?.[0]?.type)])).toEqual([
      ["gilfoyle", 1400, ["PREPAID_COMMIT_SEGMENT_START"]],
      ["richard", 1400, ["PREPAID_COMMIT_SEGMENT_START"]],
    ]);

    const seatCredit = got.credits?.find((c) => c.recurring_credit_id)?.id ?? "";
    const net = await client.v1.contracts.getNetBalance({ customer_id: customer.data.id, credit_type_id: AI_CREDITS_ID });
    expect(net.data.balance).toBe(0);
    const named = await client.v1.contracts.getNetBalance({ customer_id: customer.data.id, credit_type_id: AI_CREDITS_ID, filters: [{ ids: [seatCredit] }] });
    expect(named.data.balance).toBe(2000);
    const usd = await client.v1.contracts.getNetBalance({ customer_id: customer.data.id, filters: [{ balance_types: ["PREPAID_COMMIT", "CREDIT"] }] });
    expect(usd.data.balance).toBe(10_750);

    const prepaid = commits.find((c) => c.name === "Prepaid usage");
    await client.v1.contracts.addManualBalanceEntry({
      ...ids, id: prepaid?.id ?? "", segment_id: prepaid?.access_schedule?.schedule_items[0]?.id ?? "", amount: -1000, reason: "migration",
    });
    const after = await all(client.v1.customers.commits.list({ customer_id: customer.data.id, include_contract_commits: true, include_balance: true, include_ledgers: true, commit_id: prepaid?.id ?? "" }));
    expect(after[0]?.balance).toBe(9000);
    expect(after[0]?.ledger?.at(-1)).toEqual({ type: "PREPAID_COMMIT_MANUAL", amount: -1000, timestamp: "2025-06-01T00:00:00.000Z", reason: "migration" });
    expect(after[0]?.invoice_schedule?.schedule_items?.[0]).toMatchObject({ amount: 9000, quantity: 1, unit_price: 9000 });
  });
});
