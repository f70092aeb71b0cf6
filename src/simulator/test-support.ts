/** Helpers for the simulator's own tests: drive it through `handle` as a client would. */
import { createSimulator, type SimulatorOptions } from "./simulator";
import { AI_CREDITS_ID, USD_CENTS_ID } from "./state";

export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TestSim {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json; headers: Headers }>;
  post(path: string, body: unknown): Promise<Json>;
  /** Sends a request as given (own headers), straight to the simulator's handler. */
  raw(request: Request): Promise<Response>;
  setNow(iso: string): Promise<void>;
  close(): Promise<void>;
  state: Awaited<ReturnType<typeof createSimulator>>["state"];
}

export async function testSimulator(now: string, options: SimulatorOptions = {}): Promise<TestSim> {
  const sim = await createSimulator({ scenario: "empty", now, tickSeconds: 0, ...options });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await sim.handle(
      new Request(`http://simulator.test${path}`, {
        method,
        headers: { authorization: "Bearer test", "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return { status: res.status, body: (await res.json()) as Json, headers: res.headers };
  };
  return {
    call,
    async post(path, body) {
      const res = await call("POST", path, body);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async setNow(iso) {
      const res = await call("POST", "/_simulator/clock", { now: iso });
      if (res.status !== 200) throw new Error(`clock: ${JSON.stringify(res.body)}`);
    },
    raw: (request) => sim.handle(request),
    close: () => sim.close(),
    get state() {
      return sim.state;
    },
  };
}

export interface WorkedExample {
  sim: TestSim;
  customerId: string;
  contractId: string;
  subscriptionId: string;
  creditProductId: string;
}

export interface ExampleOptions {
  invoiceBehavior?: "BILL_IMMEDIATELY" | "BILL_ON_NEXT_COLLECTION_DATE";
  isProrated?: boolean;
  unitPrice?: number;
  rounding?: { rounding_method: "HALF_UP" | "FLOOR" | "CEILING"; decimal_places: number };
  allocation?: "INDIVIDUAL" | "POOLED";
  mode?: "SEAT_BASED" | "QUANTITY_ONLY";
}

/** The worked example contract: from 2025-06-01, Team Seat 3000/month ADVANCE, 1000 AI credits per seat. */
export async function workedExample(opts: ExampleOptions = {}): Promise<WorkedExample> {
  const sim = await testSimulator("2025-05-31T12:00:00.000Z");
  const seatProduct = (await sim.post("/v1/contract-pricing/products/create", { name: "Team Seat", type: "SUBSCRIPTION" })).data.id;
  const creditProductId = (await sim.post("/v1/contract-pricing/products/create", { name: "Included AI credits", type: "FIXED" })).data.id;
  const rateCardId = (await sim.post("/v1/contract-pricing/rate-cards/create", { name: "Standard", fiat_credit_type_id: USD_CENTS_ID })).data.id;
  await sim.post("/v1/contract-pricing/rate-cards/addRate", {
    rate_card_id: rateCardId, product_id: seatProduct, starting_at: "2025-01-01T00:00:00.000Z", entitled: true,
    rate_type: "SUBSCRIPTION", price: opts.unitPrice ?? 3000, billing_frequency: "MONTHLY",
  });
  const customerId = (await sim.post("/v1/customers", { name: "Acme, Inc.", ingest_aliases: ["acme-workspace"] })).data.id;
  const mode = opts.mode ?? "SEAT_BASED";
  const contractId = (
    await sim.post("/v1/contracts/create", {
      customer_id: customerId,
      starting_at: "2025-06-01T00:00:00.000Z",
      name: "Team plan",
      rate_card_id: rateCardId,
      usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: "2025-06-01T00:00:00.000Z" },
      subscriptions: [{
        temporary_id: "seats",
        name: "Team Seat",
        collection_schedule: "ADVANCE",
        proration: {
          is_prorated: opts.isProrated ?? true,
          invoice_behavior: opts.invoiceBehavior ?? "BILL_IMMEDIATELY",
          ...(opts.rounding ? { rounding: opts.rounding } : {}),
        },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: seatProduct },
        quantity_management_mode: mode,
        ...(mode === "SEAT_BASED"
          ? { seat_config: { seat_group_key: "user_id", initial_seat_ids: ["alice", "bob", "carol"], initial_unassigned_seats: 1 } }
          : { initial_quantity: 4 }),
      }],
      recurring_credits: [{
        product_id: creditProductId, priority: 1, starting_at: "2025-06-01T00:00:00.000Z", name: "Included AI credits",
        access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 1000 }, commit_duration: { value: 1, unit: "PERIODS" },
        subscription_config: {
          subscription_id: "seats", allocation: opts.allocation ?? (mode === "SEAT_BASED" ? "INDIVIDUAL" : "POOLED"),
          apply_seat_increase_config: { is_prorated: opts.isProrated ?? true },
        },
      }],
    })
  ).data.id;
  const contract = (await sim.post("/v2/contracts/get", { customer_id: customerId, contract_id: contractId })).data;
  return { sim, customerId, contractId, subscriptionId: contract.subscriptions[0].id, creditProductId };
}

export const AI = AI_CREDITS_ID;

/** A POST (or GET) straight to the simulator's handler that answers its JSON and throws on a refusal. */
export type StrictCall = (path: string, body?: unknown, method?: "GET" | "POST") => Promise<Record<string, unknown>>;

/** The simulator driven as a client would, failing loudly: a refusal throws with its path and body (`label` first, e.g. a seed). */
export function strictCaller(sim: { handle(request: Request): Promise<Response> }, label = ""): StrictCall {
  return async (path, body, method = "POST") => {
    const response = await sim.handle(
      new Request(`http://simulator.test${path}`, {
        method,
        headers: { authorization: "Bearer test", "content-type": "application/json" },
        ...(method === "POST" ? { body: JSON.stringify(body ?? {}) } : {}),
      }),
    );
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${label}${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/**
 * A customer whose June 2025 contract holds a 10,000-cent starter credit drawn 500 cents a day from
 * 06-01 (the top-up and auto-recharge tests' worked numbers); with a rate card when given.
 */
export async function juneCreditContract(sim: TestSim, name: string, rateCardId?: string): Promise<{ customerId: string; contractId: string }> {
  const creditProduct = (await sim.post("/v1/contract-pricing/products/create", { name: "Starter credit", type: "FIXED" })).data.id as string;
  const customerId = (await sim.post("/v1/customers", { name })).data.id as string;
  const contractId = (await sim.post("/v1/contracts/create", {
    customer_id: customerId, starting_at: "2025-06-01T00:00:00.000Z", ...(rateCardId ? { rate_card_id: rateCardId } : {}),
    usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: "2025-06-01T00:00:00.000Z" },
    credits: [{ product_id: creditProduct, name: "Starter credit", access_schedule: { schedule_items: [{ amount: 10_000, starting_at: "2025-06-01T00:00:00.000Z", ending_before: "2025-07-01T00:00:00.000Z" }] } }],
  })).data.id as string;
  const contract = sim.state.contracts.find((c) => c.id === contractId);
  if (!contract) throw new Error("no contract");
  contract.usage = { seed: 1, intensity: 1, daily: [{ credit_type_id: USD_CENTS_ID, amount: 500 }] };
  contract.version += 1;
  return { customerId, contractId };
}
