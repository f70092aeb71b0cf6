// Drives the standalone simulator over real HTTP on loopback with the official SDK client.
import Metronome from "@metronome/sdk";
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createServer, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator } from "../simulator";
import type { Simulator } from "../simulator-api";
import { AI_CREDITS_ID, USD_CENTS_ID } from "../state";

const NOW = "2025-06-10T12:00:00.000Z";
const SECRET = "whsec-test";
let sim: Simulator;
let server: ServerType;
let hookServer: ReturnType<typeof createServer>;
const received: Array<{ body: string; headers: IncomingMessage["headers"] }> = [];
let client: Metronome;
let baseURL: string;

beforeAll(async () => {
  hookServer = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ body, headers: req.headers });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, "127.0.0.1", resolve));
  const hookPort = (hookServer.address() as AddressInfo).port;
  sim = await createSimulator({ scenario: "empty", now: NOW, tickSeconds: 0, webhook: { url: `http://127.0.0.1:${hookPort}/hooks`, secret: SECRET } });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: (req) => sim.handle(req), port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new Metronome({ bearerToken: "any-token", baseURL, maxRetries: 0, webhookSecret: SECRET });
});

afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => hookServer.close(() => resolve()));
});

describe("conformance with @metronome/sdk over HTTP", () => {
  it("creates, edits and reads a seat-based contract, its histories, balances and alerts", async () => {
    const seatProduct = await client.v1.contracts.products.create({ name: "Team Seat", type: "SUBSCRIPTION" });
    const creditProduct = await client.v1.contracts.products.create({ name: "Included AI credits", type: "FIXED" });
    const card = await client.v1.contracts.rateCards.create({ name: "Standard", fiat_credit_type_id: USD_CENTS_ID });
    await client.v1.contracts.rateCards.rates.add({
      rate_card_id: card.data.id, product_id: seatProduct.data.id, entitled: true, rate_type: "SUBSCRIPTION",
      starting_at: "2025-01-01T00:00:00.000Z", price: 3000, billing_frequency: "MONTHLY",
    });
    const creditTypes = [];
    for await (const t of client.v1.pricingUnits.list()) creditTypes.push(t);
    expect(creditTypes).toEqual(expect.arrayContaining([
      { id: USD_CENTS_ID, name: "USD (cents)", is_currency: true },
      { id: AI_CREDITS_ID, name: "AI credits", is_currency: false },
    ]));

    const customer = await client.v1.customers.create({ name: "Acme, Inc.", ingest_aliases: ["acme-conf"] });
    const found = [];
    for await (const c of client.v1.customers.list({ ingest_alias: "acme-conf" })) found.push(c);
    expect(found.map((c) => c.id)).toEqual([customer.data.id]);
    expect((await client.v1.customers.retrieve({ customer_id: customer.data.id })).data.name).toBe("Acme, Inc.");

    const contract = await client.v1.contracts.create({
      customer_id: customer.data.id, starting_at: "2025-06-01T00:00:00.000Z", rate_card_id: card.data.id,
      usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: "2025-06-01T00:00:00.000Z" },
      subscriptions: [{
        temporary_id: "seats", collection_schedule: "ADVANCE", proration: { is_prorated: true, invoice_behavior: "BILL_IMMEDIATELY" },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: seatProduct.data.id }, quantity_management_mode: "SEAT_BASED",
        seat_config: { seat_group_key: "user_id", initial_seat_ids: ["alice", "bob", "carol"], initial_unassigned_seats: 1 },
      }],
      recurring_credits: [{
        product_id: creditProduct.data.id, priority: 1, starting_at: "2025-06-01T00:00:00.000Z",
        access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 1000 }, commit_duration: { value: 1, unit: "PERIODS" },
        subscription_config: { subscription_id: "seats", allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } },
      }],
    });
    const ids = { customer_id: customer.data.id, contract_id: contract.data.id };
    const got = await client.v2.contracts.retrieve(ids);
    const sub = got.data.subscriptions?.[0];
    expect(sub?.quantity_management_mode).toBe("SEAT_BASED");
    expect(sub?.billing_periods.current).toEqual({ starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z" });
    const subscriptionId = sub?.id ?? "";

    const edited = await client.v2.contracts.edit({
      ...ids, uniqueness_key: "conf-1",
      update_subscriptions: [{ subscription_id: subscriptionId, seat_updates: {
        add_seat_ids: [{ seat_ids: ["dave", "erin"], starting_at: "2025-06-16T00:00:00.000Z" }],
        remove_seat_ids: [{ seat_ids: ["bob"], starting_at: "2025-06-20T00:00:00.000Z" }],
      } }],
    });
    expect(edited.data.edit?.update_subscriptions?.[0]?.id).toBe(subscriptionId);
    await expect(client.v2.contracts.edit({ ...ids, uniqueness_key: "conf-1" })).rejects.toBeInstanceOf(Metronome.ConflictError);
    await expect(client.v2.contracts.edit({ ...ids, update_subscriptions: [{ subscription_id: subscriptionId, seat_updates: { add_seat_ids: [{ seat_ids: ["alice"], starting_at: "2025-06-12T00:00:00.000Z" }] } }] }))
      .rejects.toMatchObject({ status: 400, message: expect.stringMatching(/already assigned/) });
    const history = await client.v2.contracts.getEditHistory(ids);
    expect(history.data.map((e) => e.id)).toEqual([edited.data.id]);

    const after = await client.v2.contracts.retrieve(ids);
    expect(after.data.subscriptions?.[0]?.quantity_schedule).toEqual([
      { quantity: 4, starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-06-16T00:00:00.000Z" },
      { quantity: 5, starting_at: "2025-06-16T00:00:00.000Z", ending_before: "2025-06-20T00:00:00.000Z" },
      { quantity: 4, starting_at: "2025-06-20T00:00:00.000Z" },
    ]);
    const qh = await client.v1.contracts.retrieveSubscriptionQuantityHistory({ ...ids, subscription_id: subscriptionId });
    expect(qh.data.history).toEqual([{ starting_at: "2025-06-01T00:00:00.000Z", data: [{ quantity: 4, unit_price: 3000, total: 12000 }] }]);
    const seats = await client.v1.contracts.getSubscriptionSeatsHistory({ ...ids, subscription_id: subscriptionId });
    expect(seats.data.map((s) => s.total_quantity)).toEqual([4, 5, 4]);
    expect(seats.next_page).toBeNull();

    const balances = await client.v1.contracts.listSeatBalances({ ...ids, include_credits_and_commits: true, include_ledgers: true });
    expect(balances.data.map((s) => [s.seat_id, s.balances[0]?.balance])).toEqual([["alice", 1000], ["bob", 1000], ["carol", 1000]]);
    expect(balances.pagination).toEqual({ seats_included: 3, seats_available_for_next_page: 0, next_page: null });
    const credits = [];
    for await (const c of client.v1.contracts.listBalances({ customer_id: customer.data.id, include_contract_balances: true, include_balance: true })) credits.push(c);
    expect(credits).toHaveLength(1);
    expect(credits[0]?.balance).toBe(3000);
    const net = await client.v1.contracts.getNetBalance({ customer_id: customer.data.id, credit_type_id: AI_CREDITS_ID });
    expect(net.data).toEqual({ balance: 0, credit_type_id: AI_CREDITS_ID });

    const creditId = credits[0]?.id ?? "";
    const segmentId = credits[0]?.access_schedule?.schedule_items[0]?.id ?? "";
    await client.v1.contracts.addManualBalanceEntry({
      id: creditId, segment_id: segmentId, customer_id: customer.data.id, contract_id: contract.data.id,
      amount: -995, reason: "usage correction", per_group_amounts: { alice: -995 },
    });
    const alice = await client.v1.contracts.listSeatBalances({ ...ids, seat_ids: ["alice"] });
    expect(alice.data[0]?.balances[0]?.balance).toBe(5);

    const alert = await client.v1.alerts.create({
      alert_type: "low_remaining_seat_balance_reached", name: "10 AI credits left", threshold: 10, credit_type_id: AI_CREDITS_ID,
      customer_id: customer.data.id, seat_filter: { seat_group_key: "user_id" },
    });
    const listed = [];
    for await (const a of client.v1.customers.alerts.list({ customer_id: customer.data.id })) listed.push(a);
    expect(listed).toEqual([expect.objectContaining({ customer_status: "in_alarm", alert: expect.objectContaining({ id: alert.data.id, threshold: 10 }) })]);
    const perSeat = await client.v1.customers.alerts.retrieve({ customer_id: customer.data.id, alert_id: alert.data.id, seat_filter: { seat_group_key: "user_id", seat_group_value: "bob" } });
    expect(perSeat.data.customer_status).toBe("ok");

    // The webhook arrives signed; the SDK verifies it.
    await expect.poll(() => received.length, { timeout: 5000 }).toBeGreaterThan(0);
    const hook = received[0];
    const event = client.webhooks.unwrap(hook?.body ?? "", hook?.headers as Record<string, string>, SECRET) as { id: string; type: string; properties: Record<string, unknown> };
    expect(event.type).toBe("alerts.low_remaining_seat_balance_reached");
    expect(event.properties).toMatchObject({ alert_id: alert.data.id, remaining_balance: 5, seat_filter: { seat_group_key: "user_id", seat_group_value: "alice" } });

    // A top-up resolves it: one _resolved event.
    await client.v1.contracts.addManualBalanceEntry({ id: creditId, segment_id: segmentId, customer_id: customer.data.id, amount: 500, reason: "top-up", per_group_amounts: { alice: 500 } });
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(2);
    const resolved = JSON.parse(received[1]?.body ?? "{}") as { type: string };
    expect(resolved.type).toBe("alerts.low_remaining_seat_balance_resolved");

    const archived = await client.v1.alerts.archive({ id: alert.data.id });
    expect(archived.data.id).toBe(alert.data.id);
    await expect(client.v1.alerts.archive({ id: alert.data.id })).rejects.toBeInstanceOf(Metronome.BadRequestError);

    const invoices = [];
    for await (const inv of client.v1.customers.invoices.list({ customer_id: customer.data.id })) invoices.push(inv);
    expect(invoices.map((i) => [i.issued_at, i.status, i.total])).toEqual([
      ["2025-06-01T00:00:00.000Z", "FINALIZED", 12000],
      ["2025-06-16T00:00:00.000Z", "DRAFT", 1500],
      ["2025-07-01T00:00:00.000Z", "DRAFT", 12000],
    ]);
  });

  it("answers 401 without a bearer token and 404 on unknown paths", async () => {
    const res = await fetch(`${baseURL}/v1/customers`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: expect.stringMatching(/bearer/i) });
    const anon = new Metronome({ bearerToken: "x", baseURL, maxRetries: 0 });
    await expect(anon.v1.customers.retrieve({ customer_id: "00000000-0000-4000-8000-000000000000" })).rejects.toBeInstanceOf(Metronome.NotFoundError);
  });
});
