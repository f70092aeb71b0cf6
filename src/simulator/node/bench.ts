/**
 * npm run bench:simulator — milliseconds per operation on scenario (c) (1,000 seats, 24 months)
 * and on the same shape at 100 seats, with the ratio. Cost should grow no faster than linearly.
 * Also times the shared domain preview (src/domain/preview.ts) of a seat change on the same state:
 * the seat editor runs it on every keystroke and the BFF's seat-policy gate on every edit.
 * The clock rows move the simulated clock forward (1 hour, 1 day, 30 days) and time that move
 * together with the first seat-balance read and the first invoice list after it.
 */
import { previewSubscriptionChange } from "../../domain/preview";
import { createSimulator } from "../simulator";
import { AI_CREDITS_ID, USD_CENTS_ID } from "../state";
import { monthStart, iso, DAY_MS, HOUR_MS } from "../time";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const NOW = "2026-03-18T10:00:00.000Z";

async function setup(seats: number) {
  const sim = await createSimulator({ scenario: "empty", now: NOW, tickSeconds: 0 });
  const call = async (path: string, body: unknown): Promise<Json> => {
    const res = await sim.handle(new Request(`http://bench${path}`, { method: "POST", headers: { authorization: "Bearer bench" }, body: JSON.stringify(body) }));
    const json: Json = await res.json();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const get = async (path: string): Promise<Json> => {
    const res = await sim.handle(new Request(`http://bench${path}`, { headers: { authorization: "Bearer bench" } }));
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return res.json();
  };
  const setNow = (ms: number) => call("/_simulator/clock", { now: iso(ms) });
  const now = Date.parse(NOW);
  const start = monthStart(now, 23);
  await setNow(start - DAY_MS);
  const product = (await call("/v1/contract-pricing/products/create", { name: "Enterprise Seat", type: "SUBSCRIPTION" })).data.id;
  const credits = (await call("/v1/contract-pricing/products/create", { name: "AI credits", type: "FIXED" })).data.id;
  const card = (await call("/v1/contract-pricing/rate-cards/create", { name: "Bench", fiat_credit_type_id: USD_CENTS_ID })).data.id;
  await call("/v1/contract-pricing/rate-cards/addRate", { rate_card_id: card, product_id: product, starting_at: iso(start), entitled: true, rate_type: "SUBSCRIPTION", price: 6000, billing_frequency: "MONTHLY" });
  const customer = (await call("/v1/customers", { name: `Bench ${seats}`, ingest_aliases: [`bench-${seats}`] })).data.id;
  let next = 0;
  const seat = () => `user-${String(next++).padStart(5, "0")}@bench.example`;
  const initial = Array.from({ length: Math.round(seats * 0.94) }, seat);
  const contract = (await call("/v1/contracts/create", {
    customer_id: customer, starting_at: iso(start), rate_card_id: card,
    subscriptions: [{ temporary_id: "s", collection_schedule: "ADVANCE", proration: { is_prorated: true }, subscription_rate: { billing_frequency: "MONTHLY", product_id: product }, quantity_management_mode: "SEAT_BASED", seat_config: { seat_group_key: "user_id", initial_seat_ids: initial } }],
    recurring_credits: [{ product_id: credits, priority: 1, starting_at: iso(start), access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 2000 }, commit_duration: { value: 1 }, subscription_config: { subscription_id: "s", allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } } }],
  })).data.id;
  const sub = (await call("/v2/contracts/get", { customer_id: customer, contract_id: contract })).data.subscriptions[0].id;
  const assigned = [...initial];
  for (let m = 1; m <= 23; m++) {
    const at = monthStart(start, -m) + 9 * DAY_MS + 9 * HOUR_MS;
    await setNow(at);
    const removes = assigned.splice(0, Math.max(1, Math.round(seats * 0.005)));
    const room = seats - assigned.length;
    const adds = Array.from({ length: m === 23 ? room : Math.min(room, removes.length + 1) }, seat);
    assigned.push(...adds);
    await call("/v2/contracts/edit", {
      customer_id: customer, contract_id: contract,
      update_subscriptions: [{ subscription_id: sub, seat_updates: {
        remove_seat_ids: [{ seat_ids: removes, starting_at: iso(at) }],
        ...(adds.length ? { add_seat_ids: [{ seat_ids: adds, starting_at: iso(at) }] } : {}),
      } }],
    });
  }
  await setNow(now);
  const state = sim.state;
  const rec = state.contracts.find((c) => c.id === contract);
  if (rec) {
    rec.usage = { seed: 7, intensity: 0.6 };
    rec.version += 1;
  }
  return { sim, call, get, customer, contract, sub, assigned, seat, now };
}

async function time(label: string, runs: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  await fn(-1); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await fn(i);
  const ms = (performance.now() - t0) / runs;
  return ms;
}

async function allSeatSegments(ctx: Awaited<ReturnType<typeof setup>>): Promise<Json[]> {
  const segments: Json[] = [];
  let cursor: string | null = null;
  do {
    const page: Json = await ctx.call("/v1/contracts/getSubscriptionSeatsHistory", { customer_id: ctx.customer, contract_id: ctx.contract, subscription_id: ctx.sub, limit: 10, ...(cursor ? { cursor } : {}) });
    segments.push(...page.data);
    cursor = page.next_page || null;
  } while (cursor);
  return segments;
}

/**
 * The domain preview on the state the seat editor reads (contract, quantity history, every seats
 * history segment): two new seat IDs and 5 % of the assigned seats removed at the next hour.
 */
async function timePreview(ctx: Awaited<ReturnType<typeof setup>>): Promise<number> {
  const key = { customer_id: ctx.customer, contract_id: ctx.contract, subscription_id: ctx.sub };
  const contract: Json = (await ctx.call("/v2/contracts/get", { customer_id: ctx.customer, contract_id: ctx.contract })).data;
  const quantityHistory: Json = (await ctx.call("/v1/contracts/getSubscriptionQuantityHistory", key)).data;
  const seatsHistory = await allSeatSegments(ctx);
  const at = iso(ctx.now - (ctx.now % HOUR_MS) + HOUR_MS);
  const input = {
    contract,
    now: iso(ctx.now),
    quantityHistory,
    seatsHistory,
    update: { subscription_id: ctx.sub, seat_updates: {
      add_seat_ids: [{ seat_ids: ["preview-1@bench.example", "preview-2@bench.example"], starting_at: at }],
      remove_seat_ids: [{ seat_ids: ctx.assigned.slice(0, Math.round(ctx.assigned.length * 0.05)), starting_at: at }],
    } },
  };
  const check = previewSubscriptionChange(input);
  if (!check.ok) throw new Error(`domain preview: ${check.issues.map((i) => i.message).join("; ")}`);
  return time("preview", 200, async () => previewSubscriptionChange(input));
}

async function measure(seats: number): Promise<Record<string, number>> {
  const ctx = await setup(seats);
  const { call, customer, contract, sub } = ctx;
  const out: Record<string, number> = {};
  out["domain preview, seat change (add 2 seat IDs, remove 5 %)"] = await timePreview(ctx);
  out["seatBalances/list, 100 seats with ledgers"] = await time("balances", 20, () =>
    call("/v1/contracts/seatBalances/list", { customer_id: customer, contract_id: contract, include_credits_and_commits: true, include_ledgers: true, limit: 100 }));
  out["quantity history"] = await time("qh", 50, () => call("/v1/contracts/getSubscriptionQuantityHistory", { customer_id: customer, contract_id: contract, subscription_id: sub }));
  out["seats history (10 segments)"] = await time("sh", 50, () => call("/v1/contracts/getSubscriptionSeatsHistory", { customer_id: customer, contract_id: contract, subscription_id: sub, limit: 10 }));
  // Each edit swaps 100 seat IDs one hour later than the previous one (the subscription stays at its cap).
  let hour = 0;
  out["edit: add 100 seat IDs (remove 100)"] = await time("edit", 5, async () => {
    hour++;
    const at = iso(Date.parse(NOW) - (Date.parse(NOW) % HOUR_MS) + hour * HOUR_MS);
    const removes = ctx.assigned.splice(0, 100);
    const adds = Array.from({ length: 100 }, ctx.seat);
    ctx.assigned.push(...adds);
    await call("/v2/contracts/edit", { customer_id: customer, contract_id: contract, update_subscriptions: [{ subscription_id: sub, seat_updates: { remove_seat_ids: [{ seat_ids: removes, starting_at: at }], add_seat_ids: [{ seat_ids: adds, starting_at: at }] } }] });
  });
  out["first seatBalances/list after an edit (recompute)"] = await time("recompute", 3, async () => {
    const rec = ctx.sim.state.contracts.find((c) => c.id === contract);
    if (rec) rec.version += 1;
    await call("/v1/contracts/seatBalances/list", { customer_id: customer, contract_id: contract, include_credits_and_commits: true, include_ledgers: true, limit: 100 });
  });
  for (const [label, move, runs] of CLOCK_MOVES) {
    out[`clock +${label}, then first seatBalances/list and invoices`] = await time(label, runs, async () => {
      await call("/_simulator/clock/advance", move);
      await call("/v1/contracts/seatBalances/list", { customer_id: customer, contract_id: contract, include_credits_and_commits: true, include_ledgers: true, limit: 100 });
      await ctx.get(`/v1/customers/${customer}/invoices?limit=100`);
    });
  }
  await ctx.sim.close();
  return out;
}

/** Clock moves timed after the other rows: label, advance body, runs (each run moves the clock again). */
const CLOCK_MOVES: Array<[string, { hours?: number; days?: number }, number]> = [
  ["1 hour", { hours: 1 }, 10],
  ["1 day", { days: 1 }, 10],
  ["30 days", { days: 30 }, 3],
];

async function main(): Promise<void> {
  const small = await measure(100);
  const large = await measure(1000);
  const rows = Object.keys(large).map((op) => {
    const a = small[op] ?? NaN;
    const b = large[op] ?? NaN;
    return { operation: op, "100 seats (ms)": a.toFixed(2), "1,000 seats (ms)": b.toFixed(2), ratio: (b / a).toFixed(1) };
  });
  console.log("Simulator benchmark, 24 months of history, milliseconds per operation");
  console.table(rows);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
