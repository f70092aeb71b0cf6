/**
 * Property: over generated contracts run by the simulator (QUANTITY_ONLY subscriptions edited with
 * totals and deltas, SEAT_BASED ones with seats and unassigned seats added and removed; changes in
 * the past, each sent when it happens, and scheduled ahead of now; some contracts ending), at random
 * instants and at every change's boundaries, the quantity the domain derives (quantitySteps fed as
 * the views feed it, then quantityAt) equals what Metronome's endpoints say at that instant: the
 * quantity history's entry in force for the past, the contract's quantity_schedule for now and
 * ahead, and getSubscriptionSeatsHistory with `covering_date` for seat-based subscriptions (whose
 * assigned and unassigned seats seatsAt and the steps' assigned count must match too).
 */
import { describe, expect, it } from "vitest";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { createRandom } from "../simulator/ids";
import { createSimulator } from "../simulator/simulator";
import { strictCaller } from "../simulator/test-support";
import { USD_CENTS_CREDIT_TYPE_ID } from "./money";
import { quantityAt, quantitySteps, seatsAt, stepAt } from "./quantity-over-time";
import { historyQuantity, isSeatBased, type QuantityHistoryEntry, type SeatSegment } from "./subscription";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CASES = 32;
const INSTANTS = 10;

type Json = Record<string, unknown>;




const iso = (ms: number) => new Date(ms).toISOString();

interface Case {
  seed: number;
  sim: Awaited<ReturnType<typeof createSimulator>>;
  call: (path: string, body?: unknown, method?: "GET" | "POST") => Promise<Json>;
  ids: { customer_id: string; contract_id: string; subscription_id: string };
  contract: ContractV2;
  seatBased: boolean;
  start: number;
  now: number;
  end: number | null;
  /** Instants at which the quantity or the seats changed (past and scheduled). */
  changes: number[];
}

type Rand = () => number;
type Update = Record<string, unknown>;

/** QUANTITY_ONLY edits: a total or a delta (never below 0), at instants in order. */
function quantityUpdate(rand: Rand, quantity: { value: number }): Update {
  if (rand() < 0.4) {
    quantity.value = Math.floor(rand() * 60);
    return { quantity: quantity.value };
  }
  const delta = rand() < 0.5 && quantity.value > 1 ? -(1 + Math.floor(rand() * Math.min(10, quantity.value))) : 1 + Math.floor(rand() * 15);
  quantity.value += delta;
  return { quantity_delta: delta };
}

/** SEAT_BASED edits: named seats added and removed, unassigned seats added and removed. */
function seatUpdate(rand: Rand, at: number, seats: { assigned: Set<string>; next: number }): Update | null {
  const when = { starting_at: iso(at) };
  const update: Update = {};
  const assigned = [...seats.assigned];
  if (assigned.length > 1 && rand() < 0.45) {
    const removed = assigned.filter(() => rand() < 0.4).slice(0, assigned.length - 1);
    if (removed.length > 0) {
      for (const s of removed) seats.assigned.delete(s);
      update.remove_seat_ids = [{ seat_ids: removed, ...when }];
    }
  }
  if (rand() < 0.6) {
    const added = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => `seat-${seats.next++}@case.example`);
    for (const s of added) seats.assigned.add(s);
    update.add_seat_ids = [{ seat_ids: added, ...when }];
  }
  if (rand() < 0.35) update.add_unassigned_seats = [{ quantity: 1 + Math.floor(rand() * 4), ...when }];
  else if (rand() < 0.3) update.remove_unassigned_seats = [{ quantity: 1 + Math.floor(rand() * 2), ...when }];
  return Object.keys(update).length > 0 ? update : null;
}

async function buildCase(seed: number): Promise<Case> {
  const rand = createRandom(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const seatBased = rand() < 0.5;
  const start = Date.parse(pick(["2026-03-01T00:00:00.000Z", "2026-05-01T00:00:00.000Z", "2026-06-15T00:00:00.000Z"]));
  const now = start + (30 + Math.floor(rand() * 150)) * DAY + Math.floor(rand() * 24) * HOUR + Math.floor(rand() * 60) * 60_000;
  const end = rand() < 0.3 ? Date.UTC(2027, Math.floor(rand() * 6), 1) : null;
  const sim = await createSimulator({ scenario: "empty", now: iso(start - DAY), tickSeconds: 0 });
  const call = strictCaller(sim, `seed ${seed}: `);
  const id = (r: Json) => (r.data as { id: string }).id;
  const product = id(await call("/v1/contract-pricing/products/create", { name: "Team Seat", type: "SUBSCRIPTION" }));
  const rateCard = id(await call("/v1/contract-pricing/rate-cards/create", { name: "Standard", fiat_credit_type_id: USD_CENTS_CREDIT_TYPE_ID }));
  const rate = { rate_card_id: rateCard, product_id: product, entitled: true, rate_type: "SUBSCRIPTION", billing_frequency: "MONTHLY", credit_type_id: USD_CENTS_CREDIT_TYPE_ID };
  await call("/v1/contract-pricing/rate-cards/addRate", { ...rate, starting_at: "2026-01-01T00:00:00.000Z", price: 3000 });
  // Sometimes a price change two months in, so the history has a step where only the price moves.
  if (rand() < 0.3) await call("/v1/contract-pricing/rate-cards/addRate", { ...rate, starting_at: iso(Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth() + 2, 1)), price: 3500 });
  const customer_id = id(await call("/v1/customers", { name: `Case ${seed}`, ingest_aliases: [`case-${seed}`] }));
  const seats = { assigned: new Set<string>(), next: 0 };
  const initial = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => `seat-${seats.next++}@case.example`);
  for (const s of initial) seats.assigned.add(s);
  const quantity = { value: 5 + Math.floor(rand() * 40) };
  const contract_id = id(
    await call("/v1/contracts/create", {
      customer_id, name: "Case", starting_at: iso(start), ...(end !== null ? { ending_before: iso(end) } : {}), rate_card_id: rateCard,
      usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: iso(start) },
      subscriptions: [{
        temporary_id: "sub", collection_schedule: "ADVANCE",
        proration: { is_prorated: true, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: product },
        ...(seatBased
          ? { quantity_management_mode: "SEAT_BASED", seat_config: { seat_group_key: "user_id", initial_seat_ids: initial, initial_unassigned_seats: Math.floor(rand() * 3) } }
          : { quantity_management_mode: "QUANTITY_ONLY", initial_quantity: quantity.value }),
      }],
    }),
  );
  const get = async () => (await call("/v2/contracts/get", { customer_id, contract_id })).data as ContractV2;
  const subscription_id = (await get()).subscriptions?.[0]?.id ?? "";
  const ids = { customer_id, contract_id, subscription_id };

  // Changes on the hour, in time order: the past ones sent when they happen, the rest scheduled at now.
  const changes: number[] = [];
  const horizon = Math.min(end ?? Infinity, now + 120 * DAY);
  const edits = 2 + Math.floor(rand() * 6);
  let at = start;
  for (let i = 0; i < edits; i++) {
    at += Math.floor(rand() * ((horizon - start) / edits / HOUR)) * HOUR + HOUR;
    if (at >= horizon) break;
    const update = seatBased ? seatUpdate(rand, at, seats) : { quantity_updates: [{ starting_at: iso(at), ...quantityUpdate(rand, quantity) }] };
    if (!update) continue;
    await call("/_simulator/clock", { now: iso(Math.min(at, now)) });
    const body = seatBased ? { seat_updates: update } : update;
    await call("/v2/contracts/edit", { ...ids, contract_id, update_subscriptions: [{ subscription_id, ...body }] });
    changes.push(at);
  }
  await call("/_simulator/clock", { now: iso(now) });
  // Sometimes one more scheduled increase, sent now, ahead of or between the others.
  if (!seatBased && rand() < 0.5) {
    const ahead = Math.floor(now / HOUR) * HOUR + HOUR + Math.floor(rand() * ((horizon - now) / HOUR)) * HOUR;
    if (ahead < horizon) {
      await call("/v2/contracts/edit", { ...ids, update_subscriptions: [{ subscription_id, quantity_updates: [{ starting_at: iso(ahead), quantity_delta: 3 }] }] });
      changes.push(ahead);
    }
  }
  return { seed, sim, call, ids, contract: await get(), seatBased, start, now, end, changes };
}

async function allSegments(c: Case): Promise<SeatSegment[]> {
  const out: SeatSegment[] = [];
  let cursor: string | null = null;
  do {
    const page = await c.call("/v1/contracts/getSubscriptionSeatsHistory", { ...c.ids, limit: 10, ...(cursor ? { cursor } : {}) });
    out.push(...(page.data as SeatSegment[]));
    cursor = page.next_page as string | null;
  } while (cursor);
  return out;
}

function instants(c: Case, rand: Rand): number[] {
  const last = Math.min(c.end ?? Infinity, c.now + 150 * DAY) + 10 * DAY;
  const out = [c.start, c.start - 1, c.now, c.now + 1];
  for (let i = 0; i < INSTANTS; i++) out.push(c.start - 5 * DAY + Math.floor(rand() * (last - c.start + 5 * DAY)));
  for (const t of c.changes) out.push(t, t - 1);
  if (c.end !== null) out.push(c.end, c.end - 1);
  return out;
}

/** What the endpoints say at t: the history entry in force (past), the schedule item covering t (now and ahead). */
function quantityFromHistory(history: readonly QuantityHistoryEntry[], t: number): number | null {
  const entry = [...history].reverse().find((e) => Date.parse(e.starting_at) <= t);
  return entry ? historyQuantity(entry) : null;
}

function quantityFromSchedule(schedule: NonNullable<ContractV2["subscriptions"]>[number]["quantity_schedule"], t: number): number | null {
  const item = schedule.find((s) => Date.parse(s.starting_at) <= t && (!s.ending_before || t < Date.parse(s.ending_before)));
  return item ? Number(item.quantity) : null;
}

/** What the generated cases exercised, so a generator change cannot quietly stop testing a kind of change. */
const seen = { scheduled: 0, unassigned: 0, ended: 0 };

async function checkCase(c: Case): Promise<number> {
  const rand = createRandom(c.seed ^ 0x5bd1e995);
  const subscription = c.contract.subscriptions?.[0];
  if (!subscription) throw new Error(`seed ${c.seed}: no subscription`);
  expect(isSeatBased(subscription)).toBe(c.seatBased);
  const history = ((await c.call("/v1/contracts/getSubscriptionQuantityHistory", c.ids)).data as { history: QuantityHistoryEntry[] }).history;
  const segments = c.seatBased ? await allSegments(c) : null;
  const end = subscription.ending_before ? Date.parse(subscription.ending_before) : c.contract.ending_before ? Date.parse(c.contract.ending_before) : null;
  // Fed as the history panel feeds it.
  const steps = quantitySteps({ history, ...(segments ? { segments } : { schedule: subscription.quantity_schedule }), now: c.now, end });
  // Fed as the strip and the overview feed it: the segments alone (seat-based), no end given.
  const stripSteps = quantitySteps(segments ? { history: [], segments, now: c.now, end: null } : { history, schedule: subscription.quantity_schedule, now: c.now, end: null });
  let checked = 0;
  for (const t of instants(c, rand)) {
    const where = `seed ${c.seed} (${c.seatBased ? "SEAT_BASED" : "QUANTITY_ONLY"}), ${iso(t)}, now ${iso(c.now)}`;
    const inLife = t >= c.start && (c.end === null || t < c.end);
    let expected: number | null;
    if (segments) {
      const covering = (await c.call("/v1/contracts/getSubscriptionSeatsHistory", { ...c.ids, covering_date: iso(t) })).data as SeatSegment[];
      const segment = covering[0] ?? null;
      expected = segment ? Number(segment.total_quantity) : null;
      if (segment) {
        if (Number(segment.total_quantity) > segment.assigned_seat_ids.length) seen.unassigned += 1;
        const seats = seatsAt(segments, t);
        expect(seats?.total, `${where}: seatsAt total`).toBe(expected);
        expect(seats?.assigned, `${where}: seatsAt assigned`).toBe(segment.assigned_seat_ids.length);
        expect(seats?.unassigned, `${where}: seatsAt unassigned`).toBe(Number(segment.total_quantity) - segment.assigned_seat_ids.length);
        expect(stepAt(steps, t)?.assigned, `${where}: the step's assigned seats`).toBe(segment.assigned_seat_ids.length);
      }
    } else {
      expected = t > c.now ? quantityFromSchedule(subscription.quantity_schedule, t) : quantityFromHistory(history, t);
      // The schedule's first item covers now: where it covers a past instant too, it agrees with the history.
      const scheduled = quantityFromSchedule(subscription.quantity_schedule, t);
      if (t <= c.now && scheduled !== null) expect(scheduled, `${where}: schedule vs history`).toBe(expected);
    }
    if (t <= c.now && inLife) expect(quantityFromHistory(history, t), `${where}: history vs ${segments ? "seats history" : "schedule"}`).toBe(expected);
    expect(inLife || expected === null, `${where}: nothing outside the subscription's life`).toBe(true);
    expect(quantityAt(steps, t), `${where}: quantityAt`).toBe(inLife ? expected : null);
    expect(quantityAt(stripSteps, t), `${where}: quantityAt as the strip and overview feed it`).toBe(inLife ? expected : null);
    if (t > c.now && expected !== null && expected !== quantityAt(steps, c.now)) seen.scheduled += 1;
    if (c.end !== null && t >= c.end) seen.ended += 1;
    checked += 1;
  }
  return checked;
}

describe("quantity over time against the simulator's history endpoints", () => {
  it(`equals the quantity history, the quantity_schedule and the seats history at random instants, over ${CASES} generated contracts`, async () => {
    let checked = 0;
    const modes = new Set<boolean>();
    for (let n = 0; n < CASES; n++) {
      const c = await buildCase(2000 + n * 7919);
      try {
        modes.add(c.seatBased);
        checked += await checkCase(c);
      } finally {
        await c.sim.close();
      }
    }
    expect(modes.size, "both modes generated").toBe(2);
    expect(checked).toBeGreaterThan(CASES * INSTANTS);
    expect(seen.scheduled, "instants after a scheduled change").toBeGreaterThan(0);
    expect(seen.unassigned, "instants with unassigned seats").toBeGreaterThan(0);
    expect(seen.ended, "instants after a contract ended").toBeGreaterThan(0);
  }, 60_000);
});
