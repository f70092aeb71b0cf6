import { afterEach, describe, expect, it } from "vitest";
import { AI, workedExample, type Json, type WorkedExample } from "./test-support";

let ex: WorkedExample | undefined;
afterEach(async () => {
  await ex?.sim.close();
  ex = undefined;
});

async function expectError(res: Promise<{ status: number; body: Json; headers: Headers }>, status: number, message: RegExp, code?: string) {
  const r = await res;
  expect(r.status).toBe(status);
  expect(r.body.message).toMatch(message);
  if (code !== undefined) expect(r.body.code).toBe(code);
  // No retry hint: SDK clients retry (or not) as they would against Metronome.
  expect(r.headers.get("x-should-retry")).toBeNull();
  return r.body;
}

function edit(e: WorkedExample, update: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return e.sim.call("POST", "/v2/contracts/edit", {
    customer_id: e.customerId, contract_id: e.contractId, update_subscriptions: [{ subscription_id: e.subscriptionId, ...update }], ...extra,
  });
}

const seatsHistory = async (e: WorkedExample) =>
  (await e.sim.post("/v1/contracts/getSubscriptionSeatsHistory", { customer_id: e.customerId, contract_id: e.contractId, subscription_id: e.subscriptionId })).data;

describe("what the simulator refuses (see docs/metronome.md, Errors and Contract edits)", () => {
  it("missing fields, wrong types and malformed UUIDs answer 400 with a message naming the field", async () => {
    ex = await workedExample();
    await expectError(ex.sim.call("POST", "/v2/contracts/get", { customer_id: ex.customerId }), 400, /contract_id is required/);
    await expectError(ex.sim.call("POST", "/v2/contracts/get", { customer_id: "nope", contract_id: ex.contractId }), 400, /customer_id must be a valid UUID/);
    await expectError(ex.sim.call("POST", "/v2/contracts/get", { customer_id: ex.customerId, contract_id: ex.contractId, include_balance: "yes" }), 400, /include_balance must be a boolean/);
    await expectError(ex.sim.call("POST", "/v1/alerts/create", { name: "x", threshold: 1 }), 400, /alert_type is required/);
  });

  it("unknown ids answer coded 400s on contract reads and edits, plain 404 on seat balances and alerts", async () => {
    ex = await workedExample();
    const other = "00000000-0000-4000-8000-000000000000";
    await expectError(ex.sim.call("POST", "/v2/contracts/get", { customer_id: other, contract_id: ex.contractId }), 400, /Customer/, "CustomerNotFound");
    await expectError(ex.sim.call("POST", "/v2/contracts/get", { customer_id: ex.customerId, contract_id: other }), 400, /Contract/, "ContractNotFound");
    await expectError(ex.sim.call("POST", "/v1/contracts/getSubscriptionQuantityHistory", { customer_id: ex.customerId, contract_id: ex.contractId, subscription_id: other }), 400, /Subscription/, "SubscriptionNotFound");
    await expectError(ex.sim.call("POST", "/v2/contracts/edit", { customer_id: other, contract_id: ex.contractId }), 400, /Customer/, "CustomerNotFound");
    await expectError(ex.sim.call("POST", "/v2/contracts/edit", { customer_id: ex.customerId, contract_id: other }), 400, /Contract/, "ContractNotFound");
    await expectError(ex.sim.call("POST", "/v1/contracts/seatBalances/list", { customer_id: ex.customerId, contract_id: other }), 404, /Contract/);
    await expectError(ex.sim.call("POST", "/v1/customer-alerts/get", { customer_id: ex.customerId, alert_id: other }), 404, /Alert/);
    await expectError(ex.sim.call("POST", "/v1/alerts/archive", { id: other }), 404, /Alert/);
    await expectError(ex.sim.call("GET", `/v1/customers/${other}`), 404, /Customer not found/);
  });

  it("a reused uniqueness key answers 409 and applies nothing", async () => {
    ex = await workedExample();
    const body = { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: "2025-06-10T00:00:00.000Z" }] } };
    expect((await edit(ex, body, { uniqueness_key: "k1" })).status).toBe(200);
    const before = await seatsHistory(ex);
    await expectError(edit(ex, body, { uniqueness_key: "k1" }), 409, /uniqueness key has already been used/);
    expect(await seatsHistory(ex)).toEqual(before);
    const alert = { alert_type: "low_remaining_contract_credit_balance_reached", name: "low", threshold: 5, credit_type_id: AI, customer_id: ex.customerId, uniqueness_key: "a1" };
    const first = await ex.sim.post("/v1/alerts/create", alert);
    const conflict = await expectError(ex.sim.call("POST", "/v1/alerts/create", alert), 409, /already been used/);
    expect(conflict).toMatchObject({ conflicting_id: first.data.id, conflicting_value: "a1" });
    await ex.sim.post("/v1/alerts/archive", { id: first.data.id, release_uniqueness_key: true });
    expect((await ex.sim.call("POST", "/v1/alerts/create", alert)).status).toBe(200);
  });

  it("quantity update rules: one of quantity or quantity_delta, never negative, not on seat-based subscriptions", async () => {
    ex = await workedExample({ mode: "QUANTITY_ONLY" });
    const at = "2025-06-10T00:00:00.000Z";
    await expectError(edit(ex, { quantity_updates: [{ starting_at: at }] }), 400, /exactly one of quantity or quantity_delta/);
    await expectError(edit(ex, { quantity_updates: [{ starting_at: at, quantity: 2, quantity_delta: 1 }] }), 400, /exactly one/);
    await expectError(edit(ex, { quantity_updates: [{ starting_at: at, quantity: -1 }] }), 400, /non-negative/);
    await expectError(edit(ex, { quantity_updates: [{ starting_at: at, quantity_delta: 0 }] }), 400, /non-zero/);
    await expectError(edit(ex, { quantity_updates: [{ starting_at: at, quantity_delta: -5 }] }), 400, /negative/);
    expect((await edit(ex, { quantity_updates: [{ starting_at: at, quantity: 0 }] })).status).toBe(200);
    const seatEx = await workedExample();
    try {
      await expectError(edit(seatEx, { quantity_updates: [{ starting_at: at, quantity: 3 }] }), 400, /SEAT_BASED/);
    } finally {
      await seatEx.sim.close();
    }
  });

  it("with inserted history, a delta that would take a later instant negative rejects the whole edit", async () => {
    ex = await workedExample({ mode: "QUANTITY_ONLY" });
    expect((await edit(ex, { quantity_updates: [{ starting_at: "2025-06-20T00:00:00.000Z", quantity_delta: -4 }] })).status).toBe(200);
    await expectError(edit(ex, { quantity_updates: [
      { starting_at: "2025-06-25T00:00:00.000Z", quantity_delta: 2 },
      { starting_at: "2025-06-10T00:00:00.000Z", quantity_delta: -1 },
    ] }), 400, /negative/);
    const contract = (await ex.sim.post("/v2/contracts/get", { customer_id: ex.customerId, contract_id: ex.contractId })).data;
    expect(contract.subscriptions[0].quantity_schedule.map((q: Json) => q.quantity)).toEqual([4, 0]);
    const history = await ex.sim.post("/v2/contracts/getEditHistory", { customer_id: ex.customerId, contract_id: ex.contractId });
    expect(history.data).toHaveLength(1);
  });

  it("seat update rules: quantities of at least 1, whole hours, within the subscription, no seat twice, the seat cap", async () => {
    ex = await workedExample();
    const at = "2025-06-10T00:00:00.000Z";
    await expectError(edit(ex, { seat_updates: { add_unassigned_seats: [{ quantity: 0, starting_at: at }] } }), 400, /at least 1/);
    await expectError(edit(ex, { seat_updates: { remove_unassigned_seats: [{ quantity: 0, starting_at: at }] } }), 400, /at least 1/);
    await expectError(edit(ex, { seat_updates: { add_seat_ids: [{ seat_ids: ["x"], starting_at: "2025-06-10T00:30:00.000Z" }] } }), 400, /hour boundary/);
    await expectError(edit(ex, { seat_updates: { add_seat_ids: [{ seat_ids: ["x"], starting_at: "2025-05-10T00:00:00.000Z" }] } }), 400, /before the subscription starts/);
    await expectError(edit(ex, { seat_updates: { add_seat_ids: [{ seat_ids: ["alice"], starting_at: at }] } }), 400, /already assigned.*alice/);
    await expectError(edit(ex, { seat_updates: { add_seat_ids: [{ seat_ids: ["x", "x"], starting_at: at }] } }), 400, /duplicate/);
    const many = Array.from({ length: 998 }, (_, i) => `seat-${i}`);
    await expectError(edit(ex, { seat_updates: { add_seat_ids: [{ seat_ids: many, starting_at: at }] } }), 422, /more than 1000 seats/);
    expect((await edit(ex, { ending_before: "2025-09-01T00:00:00.000Z" })).status).toBe(200);
    await expectError(edit(ex, { seat_updates: { remove_seat_ids: [{ seat_ids: ["alice"], starting_at: "2025-09-01T00:00:00.000Z" }] } }), 400, /Subscription seat remove starting at date must be before the subscription ends/);
    const quantityEx = await workedExample({ mode: "QUANTITY_ONLY" });
    try {
      await expectError(edit(quantityEx, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }), 400, /SEAT_BASED/);
    } finally {
      await quantityEx.sim.close();
    }
  });

  it("remove_unassigned removes at most what is there; a reassign keeps the total", async () => {
    ex = await workedExample();
    const at = "2025-06-10T00:00:00.000Z";
    expect((await edit(ex, { seat_updates: {
      add_seat_ids: [{ seat_ids: ["zoe"], starting_at: at }],
      remove_seat_ids: [{ seat_ids: ["bob", "not-a-seat"], starting_at: at }],
      add_unassigned_seats: [{ quantity: 1, starting_at: at }],
    } })).status).toBe(200);
    let segs = await seatsHistory(ex);
    // remove bob (4→3), add one unassigned (→ 4 with 2 unassigned), zoe fills one (stays 4)
    expect(segs[1]).toEqual({ starting_at: at, ending_before: null, total_quantity: 4, assigned_seat_ids: ["alice", "carol", "zoe"] });
    expect((await edit(ex, { seat_updates: { remove_unassigned_seats: [{ quantity: 5, starting_at: "2025-06-11T00:00:00.000Z" }] } })).status).toBe(200);
    segs = await seatsHistory(ex);
    expect(segs[2].total_quantity).toBe(3);
  });

  it("recurring credit and subscription rules on add", async () => {
    ex = await workedExample({ mode: "QUANTITY_ONLY" });
    const base = {
      product_id: ex.creditProductId, priority: 1, starting_at: "2025-06-01T00:00:00.000Z",
      access_amount: { credit_type_id: AI, unit_price: 10 }, commit_duration: { value: 1 },
    };
    const addCredit = (rc: Record<string, unknown>) => ex!.sim.call("POST", "/v2/contracts/edit", { customer_id: ex!.customerId, contract_id: ex!.contractId, add_recurring_credits: [{ ...base, ...rc }] });
    await expectError(addCredit({ access_amount: { credit_type_id: AI, unit_price: 10, quantity: 2 }, subscription_config: { subscription_id: ex.subscriptionId, apply_seat_increase_config: { is_prorated: true } } }), 400, /quantity must not be set/);
    await expectError(addCredit({ subscription_config: { subscription_id: ex.subscriptionId, allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } } }), 400, /INDIVIDUAL requires a SEAT_BASED/);
    const product = ex.sim.state.products[0]?.id;
    const addSub = (sub: Record<string, unknown>) => ex!.sim.call("POST", "/v2/contracts/edit", { customer_id: ex!.customerId, contract_id: ex!.contractId, add_subscriptions: [{ collection_schedule: "ARREARS", proration: {}, subscription_rate: { billing_frequency: "MONTHLY", product_id: product }, initial_quantity: 1, ...sub }] });
    await expectError(addSub({ proration: { invoice_behavior: "BILL_IMMEDIATELY" } }), 400, /BILL_IMMEDIATELY is only available when collection_schedule is ADVANCE/);
    await expectError(addSub({ quantity_management_mode: "SEAT_BASED" }), 400, /seat_config is required/);
    await expectError(addSub({ initial_quantity: undefined }), 400, /initial_quantity is required/);
    await expectError(addSub({ initial_quantity: -1 }), 400, /non-negative/);
  });

  it("read-side argument rules", async () => {
    ex = await workedExample();
    const ids = { customer_id: ex.customerId, contract_id: ex.contractId };
    await expectError(ex.sim.call("POST", "/v1/contracts/getSubscriptionSeatsHistory", { ...ids, subscription_id: ex.subscriptionId, covering_date: "2025-06-02T00:00:00Z", starting_at: "2025-06-01T00:00:00Z" }), 400, /covering_date cannot be used/, "InvalidArgument");
    await expectError(ex.sim.call("POST", "/v1/contracts/getSubscriptionSeatsHistory", { ...ids, subscription_id: ex.subscriptionId, limit: 11 }), 400, /limit/, "InvalidArgument");
    await expectError(ex.sim.call("POST", "/v1/contracts/seatBalances/list", { ...ids, covering_date: "2025-06-02T00:00:00Z", effective_before: "2025-06-05T00:00:00Z" }), 400, /covering_date cannot be used/);
    await expectError(ex.sim.call("POST", "/v1/contracts/seatBalances/list", { ...ids, limit: 101 }), 400, /limit/);
    await expectError(ex.sim.call("POST", "/v1/contracts/seatBalances/list", { ...ids, seat_ids: ["ghost"] }), 400, /ghost/);
    const skipped = await ex.sim.post("/v1/contracts/seatBalances/list", { ...ids, seat_ids: ["ghost", "alice"], skip_missing_seat_ids: true });
    expect(skipped.data.map((s: Json) => s.seat_id)).toEqual(["alice"]);
    await expectError(ex.sim.call("POST", "/v1/contracts/customerBalances/list", { customer_id: ex.customerId, limit: 26 }), 400, /limit/);
    await expectError(ex.sim.call("POST", "/v2/contracts/get", { ...ids, as_of_date: "2025-06-02T00:00:00Z", include_ledgers: true }), 400, /as_of_date/);
    await expectError(ex.sim.call("POST", "/v2/contracts/list", { customer_id: ex.customerId, covering_date: "2025-06-02T00:00:00Z", starting_at: "2025-06-01T00:00:00Z" }), 400, /covering_date/);
    await expectError(ex.sim.call("GET", "/v1/customers?limit=101"), 400, /limit/);
    const tooMany = Array.from({ length: 101 }, () => ex!.customerId).join(",");
    await expectError(ex.sim.call("GET", `/v1/customers?customer_ids=${tooMany}`), 400, /at most 100/);
  });

  it("seats history: starting_at and ending_before both include a segment active at the bound", async () => {
    ex = await workedExample();
    for (const day of ["10", "20"]) {
      expect((await edit(ex, { seat_updates: { add_seat_ids: [{ seat_ids: [`s${day}`], starting_at: `2025-06-${day}T00:00:00.000Z` }] } })).status).toBe(200);
    }
    const ids = { customer_id: ex.customerId, contract_id: ex.contractId, subscription_id: ex.subscriptionId };
    const starts = async (range: Record<string, string>) =>
      (await ex!.sim.post("/v1/contracts/getSubscriptionSeatsHistory", { ...ids, ...range })).data.map((s: Json) => s.starting_at.slice(0, 10));
    // "active at or before this timestamp": the segment that starts exactly at ending_before is in.
    expect(await starts({ ending_before: "2025-06-10T00:00:00.000Z" })).toEqual(["2025-06-01", "2025-06-10"]);
    expect(await starts({ ending_before: "2025-06-09T23:00:00.000Z" })).toEqual(["2025-06-01"]);
    // "active at or after this timestamp": the segment that ends exactly at starting_at is out.
    expect(await starts({ starting_at: "2025-06-20T00:00:00.000Z" })).toEqual(["2025-06-20"]);
    expect(await starts({ starting_at: "2025-06-10T00:00:00.000Z", ending_before: "2025-06-10T00:00:00.000Z" })).toEqual(["2025-06-10"]);
  });

  it("customer-alerts/get answers 404 for a seat the alert never covered, and a status for one it did", async () => {
    ex = await workedExample();
    await ex.sim.setNow("2025-06-02T00:00:00.000Z");
    const alert = await ex.sim.post("/v1/alerts/create", {
      alert_type: "low_remaining_seat_balance_reached", name: "s", threshold: 10, credit_type_id: AI, customer_id: ex.customerId,
      seat_filter: { seat_group_key: "user_id" },
    });
    const get = (seat: string) => ex!.sim.call("POST", "/v1/customer-alerts/get", {
      customer_id: ex!.customerId, alert_id: alert.data.id, seat_filter: { seat_group_key: "user_id", seat_group_value: seat },
    });
    await expectError(get("nobody"), 404, /Seat user_id=nobody not found/);
    expect((await get("alice")).body.data.customer_status).toBe("ok");
    // A seat scheduled to join, and one removed, are seats of the subscription: they answer.
    expect((await edit(ex, { seat_updates: {
      add_seat_ids: [{ seat_ids: ["later"], starting_at: "2025-06-20T00:00:00.000Z" }],
      remove_seat_ids: [{ seat_ids: ["bob"], starting_at: "2025-06-02T00:00:00.000Z" }],
    } })).status).toBe(200);
    expect((await get("later")).body.data.customer_status).toBe("ok");
    expect((await get("bob")).status).toBe(200);
  });

  it("alert rules", async () => {
    ex = await workedExample();
    await expectError(ex.sim.call("POST", "/v1/alerts/create", { alert_type: "low_remaining_seat_balance_reached", name: "s", threshold: 1, credit_type_id: AI, customer_id: ex.customerId }), 400, /seat_filter is required/);
    await expectError(ex.sim.call("POST", "/v1/alerts/create", { alert_type: "low_remaining_contract_credit_balance_reached", name: "s", threshold: 1, alert_specifiers: [{}] }), 400, /alert_specifiers is only allowed/);
    await expectError(ex.sim.call("POST", "/v1/alerts/create", { alert_type: "low_remaining_contract_credit_balance_reached", name: "s", threshold: 1, seat_filter: { seat_group_key: "user_id" } }), 400, /seat_filter is only allowed/);
    const id = (await ex.sim.post("/v1/alerts/create", { alert_type: "low_remaining_contract_credit_balance_reached", name: "s", threshold: 1 })).data.id;
    await ex.sim.post("/v1/alerts/archive", { id });
    await expectError(ex.sim.call("POST", "/v1/alerts/archive", { id }), 400, /Alert already archived/);
  });

  it("rejects a missing bearer token with 401", async () => {
    ex = await workedExample();
    const res = await (await import("./simulator")).createSimulator({ scenario: "empty", tickSeconds: 0 });
    const r = await res.handle(new Request("http://x/v1/customers"));
    expect(r.status).toBe(401);
    expect(((await r.json()) as Json).message).toMatch(/bearer/i);
    await res.close();
  });
});

describe("pagination flavours", () => {
  it("seats history pages 10 segments at a time with a base64 starting_at cursor", async () => {
    ex = await workedExample();
    for (let d = 2; d <= 13; d++) {
      const at = `2025-06-${String(d).padStart(2, "0")}T00:00:00.000Z`;
      expect((await edit(ex, { seat_updates: { add_seat_ids: [{ seat_ids: [`s${d}`], starting_at: at }] } })).status).toBe(200);
    }
    const ids = { customer_id: ex.customerId, contract_id: ex.contractId, subscription_id: ex.subscriptionId };
    const page1 = await ex.sim.post("/v1/contracts/getSubscriptionSeatsHistory", ids);
    expect(page1.data).toHaveLength(10);
    expect(JSON.parse(atob(page1.next_page))).toEqual({ starting_at: "2025-06-11T00:00:00.000Z" });
    const page2 = await ex.sim.post("/v1/contracts/getSubscriptionSeatsHistory", { ...ids, cursor: page1.next_page });
    expect(page2.data.map((s: Json) => s.starting_at)).toEqual(["2025-06-11T00:00:00.000Z", "2025-06-12T00:00:00.000Z", "2025-06-13T00:00:00.000Z"]);
    expect(page2.next_page).toBeNull();
    const covering = await ex.sim.post("/v1/contracts/getSubscriptionSeatsHistory", { ...ids, covering_date: "2025-06-05T12:00:00.000Z" });
    expect(covering.data).toHaveLength(1);
    expect(covering.data[0].starting_at).toBe("2025-06-05T00:00:00.000Z");
  });

  it("seat balances page by seat_id with a last_seat_id cursor and count what is left", async () => {
    ex = await workedExample();
    await ex.sim.setNow("2025-06-02T00:00:00.000Z");
    const ids = { customer_id: ex.customerId, contract_id: ex.contractId };
    const page1 = await ex.sim.post("/v1/contracts/seatBalances/list", { ...ids, limit: 2 });
    expect(page1.data.map((s: Json) => s.seat_id)).toEqual(["alice", "bob"]);
    expect(page1.pagination).toEqual({ seats_included: 2, seats_available_for_next_page: 1, next_page: btoa(JSON.stringify({ last_seat_id: "bob" })) });
    const page2 = await ex.sim.post("/v1/contracts/seatBalances/list", { ...ids, limit: 2, cursor: page1.pagination.next_page });
    expect(page2.data.map((s: Json) => s.seat_id)).toEqual(["carol"]);
    expect(page2.pagination.next_page).toBeNull();
  });

  it("customers list pages by query next_page and filters by ingest alias", async () => {
    ex = await workedExample();
    for (let i = 0; i < 3; i++) await ex.sim.post("/v1/customers", { name: `C${i}`, ingest_aliases: [`c-${i}`] });
    const p1 = (await ex.sim.call("GET", "/v1/customers?limit=2")).body;
    expect(p1.data).toHaveLength(2);
    const p2 = (await ex.sim.call("GET", `/v1/customers?limit=2&next_page=${encodeURIComponent(p1.next_page)}`)).body;
    expect(p2.data.map((c: Json) => c.name)).toEqual(["C1", "C2"]);
    expect(p2.next_page).toBeNull();
    const byAlias = (await ex.sim.call("GET", "/v1/customers?ingest_alias=c-1")).body;
    expect(byAlias.data.map((c: Json) => c.name)).toEqual(["C1"]);
    await expectError(ex.sim.call("POST", "/v1/customers", { name: "dup", ingest_aliases: ["c-1"] }), 409, /already in use/);
  });
});
