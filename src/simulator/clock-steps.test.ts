import { afterEach, describe, expect, it } from "vitest";
import { USD_CENTS_ID } from "./state";
import { AI, workedExample, type ExampleOptions, type Json, type WorkedExample } from "./test-support";

const START = "2025-06-12T07:30:00.000Z";

let open: WorkedExample[] = [];
afterEach(async () => {
  await Promise.all(open.map((ex) => ex.sim.close()));
  open = [];
});

/**
 * The worked example with usage drawing credits down, and, sent at START: changes scheduled inside
 * the next 30 days, a manual ledger entry dated inside them, an alert, (seat-based) weekly credits, a paid top-up and
 * auto recharge on the USD balance the usage draws (recharges happen on the clock's moves). The 30 days cross the
 * July statement period: June's invoice is finalised, June's credits expire and July's start.
 */
async function scenario(opts: ExampleOptions): Promise<WorkedExample> {
  const ex = await workedExample(opts);
  open.push(ex);
  const contract = ex.sim.state.contracts.find((c) => c.id === ex.contractId);
  if (!contract) throw new Error("no contract");
  contract.usage = { seed: 11, intensity: 1.4 };
  contract.version += 1;
  await ex.sim.setNow(START);
  const seatBased = opts.mode !== "QUANTITY_ONLY";
  const update = seatBased
    ? { seat_updates: {
        add_seat_ids: [{ seat_ids: ["dave"], starting_at: "2025-06-20T09:00:00.000Z" }, { seat_ids: ["erin"], starting_at: "2025-07-08T10:00:00.000Z" }],
        remove_seat_ids: [{ seat_ids: ["bob"], starting_at: "2025-07-05T15:00:00.000Z" }],
      } }
    : { quantity_updates: [{ starting_at: "2025-06-20T09:00:00.000Z", quantity_delta: 2 }, { starting_at: "2025-07-05T15:00:00.000Z", quantity: 3 }] };
  // Seat-based: weekly seat credits beside the monthly ones, so short credits end while a longer one runs.
  const weekly = {
    product_id: ex.creditProductId, priority: 2, starting_at: "2025-06-13T00:00:00.000Z", recurrence_frequency: "WEEKLY",
    access_amount: { credit_type_id: AI, unit_price: 100 }, commit_duration: { value: 1, unit: "PERIODS" },
    subscription_config: { subscription_id: ex.subscriptionId, allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } },
  };
  await ex.sim.post("/v2/contracts/edit", {
    customer_id: ex.customerId, contract_id: ex.contractId, update_subscriptions: [{ subscription_id: ex.subscriptionId, ...update }],
    ...(seatBased ? { add_recurring_credits: [weekly] } : {}),
  });
  const credits = (await ex.sim.post("/v1/contracts/customerBalances/list", { customer_id: ex.customerId, include_contract_balances: true })).data;
  const june = credits.find((c: Json) => c.access_schedule.schedule_items[0].starting_at === "2025-06-01T00:00:00.000Z");
  await ex.sim.post("/v1/contracts/addManualBalanceLedgerEntry", {
    customer_id: ex.customerId, contract_id: ex.contractId, id: june.id, segment_id: june.access_schedule.schedule_items[0].id,
    amount: 250, reason: "goodwill", timestamp: "2025-06-25T00:00:00.000Z", ...(seatBased ? { per_group_amounts: { alice: 250 } } : {}),
  });
  await ex.sim.post("/v1/alerts/create", seatBased
    ? { alert_type: "low_remaining_seat_balance_reached", name: "seat low", threshold: 900, credit_type_id: AI, customer_id: ex.customerId, seat_filter: { seat_group_key: "user_id" } }
    : { alert_type: "low_remaining_contract_credit_balance_reached", name: "pool low", threshold: 4000, credit_type_id: AI, customer_id: ex.customerId });
  // A paid top-up and auto recharge on the USD balance, which the seeded usage draws down.
  await ex.sim.post("/v2/contracts/edit", {
    customer_id: ex.customerId, contract_id: ex.contractId,
    add_commits: [{
      type: "PREPAID", product_id: ex.creditProductId, name: "USD pack",
      access_schedule: { credit_type_id: USD_CENTS_ID, schedule_items: [{ amount: 3000, starting_at: "2025-06-12T07:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z" }] },
      invoice_schedule: { credit_type_id: USD_CENTS_ID, schedule_items: [{ timestamp: "2025-06-12T07:00:00.000Z", amount: 3000 }] },
      payment_gate_config: { payment_gate_type: "STRIPE" },
    }],
    add_prepaid_balance_threshold_configuration: {
      commit: { product_id: ex.creditProductId, name: "Auto recharge" }, is_enabled: true, payment_gate_config: { payment_gate_type: "STRIPE" },
      threshold_amount: 2000, recharge_to_amount: 4000,
    },
  });
  await answers(ex);
  return ex;
}

/** Everything a client can read about the customer: invoices, seat and credit balances with ledgers, alert states. */
async function answers(ex: WorkedExample): Promise<Json> {
  const { customerId: customer_id, contractId: contract_id } = ex;
  const invoices = (await ex.sim.call("GET", `/v1/customers/${customer_id}/invoices?limit=100`)).body;
  const seats = await ex.sim.post("/v1/contracts/seatBalances/list", { customer_id, contract_id, include_credits_and_commits: true, include_ledgers: true, limit: 100 });
  const credits = await ex.sim.post("/v1/contracts/customerBalances/list", {
    customer_id, include_contract_balances: true, include_balance: true, include_ledgers: true,
  });
  const net = await ex.sim.post("/v1/contracts/customerBalances/getNetBalance", { customer_id, credit_type_id: AI });
  const finalized = await ex.sim.post("/v1/contracts/customerBalances/getNetBalance", { customer_id, credit_type_id: AI, invoice_inclusion_mode: "FINALIZED" });
  const alerts = ex.sim.state.alert_states.map((s) => [s.alert_id, s.seat, s.status]).sort((a, b) => String(a).localeCompare(String(b)));
  const contract = (await ex.sim.post("/v2/contracts/get", { customer_id, contract_id, include_balance: true, include_ledgers: true })).data;
  return { invoices, seats, credits, net, finalized, alerts, contract };
}

describe("moving the clock", { timeout: 60_000 }, () => {
  for (const mode of ["SEAT_BASED", "QUANTITY_ONLY"] as const) {
    it(`gives the same answers after 30 days in one step as after 720 one-hour steps (${mode})`, async () => {
      const stepped = await scenario({ mode });
      const jumped = await scenario({ mode });
      for (let h = 0; h < 720; h++) await stepped.sim.post("/_simulator/clock/advance", { hours: 1 });
      await jumped.sim.post("/_simulator/clock/advance", { days: 30 });
      const after = await answers(jumped);
      expect((await stepped.sim.call("GET", "/_simulator/clock")).body.now).toBe("2025-07-12T07:30:00.000Z");
      expect(after.invoices.data.some((i: Json) => i.status === "FINALIZED" && i.type === "USAGE")).toBe(true);
      expect(after.credits.data.some((c: Json) => c.ledger.some((e: Json) => e.type === "CREDIT_EXPIRATION"))).toBe(true);
      expect(after.alerts.some((s: string[]) => s[2] === "in_alarm")).toBe(true);
      // Auto recharge ran on the clock's moves: at least twice in the 30 days, each a paid commit.
      const recharges = after.contract.commits.filter((c: Json) => c.name === "Auto recharge");
      expect(recharges.length).toBeGreaterThanOrEqual(2);
      expect(recharges.every((c: Json) => c.access_schedule.schedule_items[0].starting_at > START)).toBe(true);
      expect(await answers(stepped)).toEqual(after);
      // …and the same as computing the contract afresh at the final instant.
      const contract = jumped.sim.state.contracts.find((c) => c.id === jumped.contractId);
      if (contract) contract.version += 1;
      expect(await answers(jumped)).toEqual(after);
    });
  }

  it("gives the answers computed afresh after the clock is set back and moved on again", async () => {
    const ex = await scenario({ mode: "SEAT_BASED" });
    const contract = ex.sim.state.contracts.find((c) => c.id === ex.contractId);
    if (!contract) throw new Error("no contract");
    const afresh = async () => {
      contract.version += 1;
      return answers(ex);
    };
    await ex.sim.post("/_simulator/clock/advance", { days: 30 });
    await answers(ex);
    await ex.sim.setNow("2025-07-02T13:00:00.000Z");
    const back = await answers(ex);
    await ex.sim.post("/_simulator/clock/advance", { hours: 125 });
    expect(await answers(ex)).toEqual(await afresh());
    await ex.sim.setNow("2025-07-02T13:00:00.000Z");
    expect(back).toEqual(await afresh());
  });
});
