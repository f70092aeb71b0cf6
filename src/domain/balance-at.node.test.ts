/**
 * Property: over generated contracts run by the simulator (seat-based subscriptions with
 * seat-scoped recurring credits, seeded usage, seats added and removed in the past and ahead), at
 * random instants, balanceAt of each seat from seatBalances/list with `covering_date` equals
 * that seat's ledger running balance then — the sum of every entry of every one of its credits
 * dated at or before the instant, as the whole ledger reports it — and at now it equals the
 * balance Metronome reports. Seats balanceAt finds holding nothing held nothing and were not
 * assigned then; every seat assigned then holds its slice.
 */
import { describe, expect, it } from "vitest";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { createRandom } from "../simulator/ids";
import { createSimulator } from "../simulator/simulator";
import { strictCaller } from "../simulator/test-support";
import { balanceAt, grantCreditTypes, seatGrants, type SeatBalance } from "./balance-at";
import { USD_CENTS_CREDIT_TYPE_ID } from "./money";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CASES = 24;
const INSTANTS = 6;

type Json = Record<string, unknown>;




const iso = (ms: number) => new Date(ms).toISOString();

interface Case {
  sim: Awaited<ReturnType<typeof createSimulator>>;
  call: (path: string, body?: unknown, method?: "GET" | "POST") => Promise<Json>;
  customerId: string;
  contractId: string;
  subscriptionId: string;
  contract: ContractV2;
  start: number;
  now: number;
  /** Instants at which seats changed (for picking boundary instants). */
  changes: number[];
}

async function buildCase(seed: number): Promise<Case> {
  const rand = createRandom(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const start = Date.parse(pick(["2026-05-01T00:00:00.000Z", "2026-06-01T00:00:00.000Z", "2026-07-15T00:00:00.000Z"]));
  const now = start + (40 + Math.floor(rand() * 100)) * DAY + Math.floor(rand() * 24) * HOUR + Math.floor(rand() * 60) * 60_000;
  const sim = await createSimulator({ scenario: "empty", now: iso(start - DAY), tickSeconds: 0 });
  const call = strictCaller(sim, `seed ${seed}: `);
  const id = (r: Json) => (r.data as { id: string }).id;
  const product = id(await call("/v1/contract-pricing/products/create", { name: "Team Seat", type: "SUBSCRIPTION" }));
  const creditProduct = id(await call("/v1/contract-pricing/products/create", { name: "AI credits", type: "FIXED" }));
  const rateCard = id(await call("/v1/contract-pricing/rate-cards/create", { name: "Standard", fiat_credit_type_id: USD_CENTS_CREDIT_TYPE_ID }));
  await call("/v1/contract-pricing/rate-cards/addRate", {
    rate_card_id: rateCard, product_id: product, starting_at: "2026-01-01T00:00:00.000Z", entitled: true, rate_type: "SUBSCRIPTION",
    price: 3000, billing_frequency: "MONTHLY", credit_type_id: USD_CENTS_CREDIT_TYPE_ID,
  });
  const types = (await call("/v1/credit-types/list", undefined, "GET")).data as Array<{ id: string; is_currency: boolean }>;
  const aiCredits = types.find((t) => !t.is_currency)?.id ?? USD_CENTS_CREDIT_TYPE_ID;
  const customerId = id(await call("/v1/customers", { name: `Case ${seed}`, ingest_aliases: [`case-${seed}`] }));
  const pool = Array.from({ length: 12 }, (_, i) => `seat-${i}@case.example`);
  const initial = pool.slice(0, 1 + Math.floor(rand() * 5));
  const credit = (creditTypeId: string, unitPrice: number) => ({
    product_id: creditProduct, name: "Seat credits", priority: 1, starting_at: iso(start),
    access_amount: { credit_type_id: creditTypeId, unit_price: unitPrice }, commit_duration: { value: 1, unit: "PERIODS" },
    subscription_config: { subscription_id: "sub", allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: rand() < 0.6 } },
  });
  const contractId = id(
    await call("/v1/contracts/create", {
      customer_id: customerId, name: "Case", starting_at: iso(start), rate_card_id: rateCard,
      usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: iso(start) },
      subscriptions: [{
        temporary_id: "sub", collection_schedule: "ADVANCE",
        proration: { is_prorated: true, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: product },
        quantity_management_mode: "SEAT_BASED",
        seat_config: { seat_group_key: "user_id", initial_seat_ids: initial, initial_unassigned_seats: Math.floor(rand() * 3) },
      }],
      // Sometimes a second seat-scoped credit in another credit type, to keep credit types apart.
      recurring_credits: [credit(aiCredits, pick([500, 1000, 2000])), ...(rand() < 0.3 ? [credit(USD_CENTS_CREDIT_TYPE_ID, 1500)] : [])],
    }),
  );
  const record = sim.state.contracts.find((c) => c.id === contractId);
  if (!record) throw new Error("contract not stored");
  // Seeded usage, from light to heavy (heavy seats use their slice up within the period).
  record.usage = { seed: Math.floor(rand() * 2 ** 31), intensity: 0.3 + rand() * 1.4 };
  record.version += 1;
  let contract = (await call("/v2/contracts/get", { customer_id: customerId, contract_id: contractId })).data as ContractV2;
  const subscriptionId = contract.subscriptions?.[0]?.id ?? "";

  // Seats added and removed on the hour, each sent when it happens (and a few scheduled ahead of now).
  const assigned = new Set(initial);
  const changes: number[] = [];
  const edits = 2 + Math.floor(rand() * 5);
  let at = start;
  for (let i = 0; i < edits; i++) {
    at += Math.floor(rand() * ((now - start) / edits / HOUR)) * HOUR + HOUR;
    const ahead = at >= now;
    await call("/_simulator/clock", { now: iso(ahead ? now : at) });
    const free = pool.filter((s) => !assigned.has(s));
    const remove = assigned.size > 1 && rand() < 0.45 ? [pick([...assigned])] : [];
    const add = free.length > 0 && rand() < 0.8 ? free.slice(0, 1 + Math.floor(rand() * Math.min(2, free.length))) : [];
    if (remove.length === 0 && add.length === 0) continue;
    for (const s of remove) assigned.delete(s);
    for (const s of add) assigned.add(s);
    await call("/v2/contracts/edit", {
      customer_id: customerId, contract_id: contractId,
      update_subscriptions: [{
        subscription_id: subscriptionId,
        seat_updates: {
          ...(add.length ? { add_seat_ids: [{ seat_ids: add, starting_at: iso(at) }] } : {}),
          ...(remove.length ? { remove_seat_ids: [{ seat_ids: remove, starting_at: iso(at) }] } : {}),
        },
      }],
    });
    changes.push(at);
  }
  await call("/_simulator/clock", { now: iso(now) });
  contract = (await call("/v2/contracts/get", { customer_id: customerId, contract_id: contractId })).data as ContractV2;
  return { sim, call, customerId, contractId, subscriptionId, contract, start, now, changes };
}

async function seatBalances(c: Case, window: Json): Promise<SeatBalance[]> {
  const seats: SeatBalance[] = [];
  let cursor: string | null = null;
  do {
    const page = await c.call("/v1/contracts/seatBalances/list", {
      customer_id: c.customerId, contract_id: c.contractId, include_credits_and_commits: true, include_ledgers: true, limit: 100,
      ...window, ...(cursor ? { cursor } : {}),
    });
    seats.push(...(page.data as SeatBalance[]));
    cursor = (page.pagination as { next_page: string | null }).next_page;
  } while (cursor);
  return seats;
}

async function assignedAt(c: Case, t: number): Promise<Set<string>> {
  const page = await c.call("/v1/contracts/getSubscriptionSeatsHistory", {
    customer_id: c.customerId, contract_id: c.contractId, subscription_id: c.subscriptionId, covering_date: iso(t), limit: 10,
  });
  return new Set((page.data as Array<{ assigned_seat_ids: string[] }>).flatMap((s) => s.assigned_seat_ids));
}

/**
 * The seat's ledger running balance at `t` per credit type, from its whole ledger: each credit's
 * entries dated at or before `t`, summed; a credit whose access ended by `t` has expired and
 * holds 0 ("expired segments contribute 0" — its expiration takes what was left, and a deduction
 * rounded past the grant leaves no debt), and one not yet started holds nothing.
 */
function runningBalance(whole: SeatBalance, creditTypes: ReturnType<typeof grantCreditTypes>, t: number): Map<string | null, number> {
  const sums = new Map<string | null, number>();
  for (const grant of seatGrants(whole, creditTypes)) {
    const entries = grant.entries.filter((e) => Date.parse(e.timestamp) <= t);
    if (entries.length === 0) continue;
    const ended = grant.end !== null && grant.end <= t;
    const sum = ended ? 0 : Math.max(0, entries.reduce((a, e) => a + e.amount, 0));
    sums.set(grant.creditTypeId, (sums.get(grant.creditTypeId) ?? 0) + sum);
  }
  return sums;
}

function instants(c: Case, rand: () => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < INSTANTS; i++) out.push(c.start + Math.floor(rand() * (c.now - c.start)));
  // Boundaries: a seat change exactly, a period start exactly, and just before one.
  const change = c.changes.find((t) => t < c.now);
  if (change !== undefined) out.push(change, change - 1);
  const secondPeriod = Date.UTC(new Date(c.start).getUTCFullYear(), new Date(c.start).getUTCMonth() + 1, new Date(c.start).getUTCDate());
  if (secondPeriod < c.now) out.push(secondPeriod, secondPeriod - 1);
  return out;
}

describe("balanceAt against the simulator's seat ledgers", () => {
  it(`equals each seat's ledger running balance at random instants, over ${CASES} generated contracts`, async () => {
    let checked = 0;
    for (let n = 0; n < CASES; n++) {
      const seed = 1000 + n * 7919;
      const c = await buildCase(seed);
      try {
        const rand = createRandom(seed ^ 0x5bd1e995);
        const creditTypes = grantCreditTypes(c.contract);
        const whole = new Map((await seatBalances(c, { starting_at: iso(c.start), effective_before: iso(c.now + 400 * DAY) })).map((s) => [s.seat_id, s]));
        for (const t of instants(c, rand)) {
          const [seats, assigned] = await Promise.all([seatBalances(c, { covering_date: iso(t) }), assignedAt(c, t)]);
          const where = `seed ${seed}, ${iso(t)}`;
          for (const seat of seats) {
            const ledger = runningBalance(whole.get(seat.seat_id) ?? seat, creditTypes, t);
            for (const [creditTypeId, expected] of ledger) {
              const at = balanceAt(seatGrants(seat, creditTypes), creditTypeId, t, c.now);
              expect(at.balance, `${where}: ${seat.seat_id} ${creditTypeId}`).toBeCloseTo(expected, 6);
              if (!at.held) {
                expect(Math.abs(expected), `${where}: ${seat.seat_id} held nothing, so its ledger is at 0`).toBeLessThan(1e-6);
                expect(assigned.has(seat.seat_id), `${where}: ${seat.seat_id} held nothing, so it was not assigned`).toBe(false);
              }
              checked += 1;
            }
          }
          for (const seatId of assigned) {
            const seat = seats.find((s) => s.seat_id === seatId);
            expect(seat, `${where}: assigned ${seatId} is listed`).toBeDefined();
            for (const b of seat?.balances ?? []) {
              expect(balanceAt(seatGrants(seat as SeatBalance, creditTypes), b.credit_type_id, t, c.now).held, `${where}: assigned ${seatId} holds its slice`).toBe(true);
            }
          }
        }
        // Now: what Metronome reports as each seat's balance (its pending usage included).
        for (const seat of await seatBalances(c, {})) {
          for (const b of seat.balances) {
            expect(balanceAt(seatGrants(seat, creditTypes), b.credit_type_id, c.now, c.now).balance, `seed ${seed} now: ${seat.seat_id}`).toBeCloseTo(Number(b.balance), 6);
            checked += 1;
          }
        }
      } finally {
        await c.sim.close();
      }
    }
    expect(checked).toBeGreaterThan(CASES * INSTANTS);
  }, 60_000);
});
