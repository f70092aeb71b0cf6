/**
 * The usage that draws commits and credits down. Each seat of a seat-based subscription uses its
 * seat-scoped (INDIVIDUAL) balances; the contract's other usage uses its pooled and plain balances;
 * each per credit type, in one stream (drawdown.ts). By default usage follows a seeded pattern: a
 * share (intensity) of each balance's allocation, with weekday noise and quieter weekends, heavier
 * for a few seats; a profile may instead give fixed daily amounts (worked examples).
 */
import type { Carried, CreditInputs, MaterialCredit, UsageCalendar } from "./credits";
import { drawStream, type DemandPart, type Member, type Stream } from "./drawdown";
import { fmix32, hash32, unitFromKey } from "./ids";
import type { UsageProfile } from "./state";
import { DAY_MS } from "./time";
import { quantityAt, type Segment } from "./timeline";

/** Integer mixing (murmur3 finaliser) for per-day noise without string allocation. */
function mix32(a: number, b: number): number {
  return fmix32(a ^ Math.imul(b, 0x9e3779b1));
}

/** Demand multiplier for one day: weekday noise, quieter weekends. */
function dayMultiplier(seed: number, day: number): number {
  const dayIndex = Math.floor(day / DAY_MS);
  const base = 0.55 + (0.9 * mix32(seed, dayIndex)) / 4294967296;
  const weekday = (dayIndex + 4) % 7; // 1970-01-01 was a Thursday
  return weekday === 0 || weekday === 6 ? base * 0.35 : base;
}

const WEEK_AVERAGE = (5 + 2 * 0.35) / 7;

/** How heavily one seat uses its allocation: most seats use part of it, a few run out early. */
export function seatFactor(seed: number, seat: string): number {
  const u = unitFromKey(seat, seed);
  if (u > 0.93) return 3 + 10 * (u - 0.93); // heavy users who exhaust their slice within days
  return 0.25 + 1.1 * u;
}

/** Sums `own` over the balances active in a piece, once per commit or credit they came from (a recurring one's overlapping periods count once). */
function sumGrants(active: readonly Member[], own: (g: MaterialCredit) => number): number {
  const first = active[0];
  if (!first) return 0;
  let total = own(first.credit);
  if (active.length === 1) return total;
  const seen = new Set<string>([first.credit.terms.id]);
  for (const m of active) {
    if (seen.has(m.credit.terms.id)) continue;
    seen.add(m.credit.terms.id);
    total += own(m.credit);
  }
  return total;
}

/** Fixed daily usage of one kind (per seat or pooled) in one credit type, for the piece [from, to). */
function fixedParts(profile: UsageProfile, creditTypeId: string, perSeat: boolean, from: number, to: number): DemandPart[] {
  return (profile.daily ?? [])
    .filter((d) => d.credit_type_id === creditTypeId && (d.per_seat ?? false) === perSeat)
    .map((d) => ({ amount: (d.amount * (to - from)) / DAY_MS, product_id: d.product_id }));
}

/** One seat's usage: while it is assigned, a share of each seat-scoped grant's per-seat amount. */
function seatStream(members: Member[], profile: UsageProfile, seat: string, creditTypeId: string, intervals: Array<[number, number]>): Stream {
  const factor = seatFactor(profile.seed, seat) * profile.intensity;
  const seed = hash32(seat, profile.seed);
  let cursor = 0;
  const assigned = (t: number): boolean => {
    while (cursor < intervals.length && (intervals[cursor]?.[1] ?? 0) <= t) cursor++;
    const iv = intervals[cursor];
    return iv !== undefined && iv[0] <= t;
  };
  return {
    members,
    demand(from, to, day, active) {
      if (!assigned(from)) return [];
      if (profile.daily) return fixedParts(profile, creditTypeId, true, from, to);
      const base = sumGrants(active, (g) => ((g.recurring?.unit_price ?? g.amount) * factor) / (30 * WEEK_AVERAGE));
      return [{ amount: base * dayMultiplier(seed, day) * ((to - from) / DAY_MS), product_id: undefined }];
    },
  };
}

/** The contract's other usage: a share of each pooled or plain grant's allocation, each with its own noise. */
function poolStream(members: Member[], profile: UsageProfile, creditTypeId: string, timelines: Map<string, Segment[]>): Stream {
  const noise = new Map<string, { factor: number; seed: number }>();
  const noiseOf = (id: string) => {
    let n = noise.get(id);
    if (!n) noise.set(id, (n = { factor: (0.6 + 0.5 * unitFromKey(id, profile.seed)) * profile.intensity, seed: hash32(id, profile.seed) }));
    return n;
  };
  const daily = (g: MaterialCredit, from: number): number => {
    const { factor } = noiseOf(g.terms.id);
    const rc = g.recurring;
    if (!rc) return (g.amount * factor) / (((g.end - g.start) / DAY_MS) * WEEK_AVERAGE);
    const qty = g.allocation === "POOLED" ? quantityAt(g.subscription ? timelines.get(g.subscription.id) ?? [] : [], from) : rc.quantity ?? 1;
    return (rc.unit_price * qty * factor) / (30 * WEEK_AVERAGE);
  };
  return {
    members,
    demand(from, to, day, active) {
      if (profile.daily) return fixedParts(profile, creditTypeId, false, from, to);
      const amount = sumGrants(active, (g) => daily(g, from) * dayMultiplier(noiseOf(g.terms.id).seed, day) * ((to - from) / DAY_MS));
      return [{ amount, product_id: undefined }];
    },
  };
}

/** A seat's streams, one per credit type. */
type SeatStreams = Map<string, Member[]>;

function push(map: Map<string, Member[]>, key: string, member: Member): void {
  const list = map.get(key);
  if (list) list.push(member);
  else map.set(key, [member]);
}

/** Draws the contract's usage from its balances up to now (nothing without a usage profile). */
export function applyUsage(input: CreditInputs, credits: readonly MaterialCredit[], carried: Carried, calendar: UsageCalendar): void {
  const profile = input.contract.usage;
  if (!profile) return;
  // subscription → seat → credit type → the seat's slices; credit type → the pooled and plain balances.
  const seatMembers = new Map<string, Map<string, SeatStreams>>();
  const poolMembers = new Map<string, Member[]>();
  for (const credit of credits) {
    const ct = credit.terms.credit_type_id;
    if (credit.allocation !== "INDIVIDUAL") {
      push(poolMembers, ct, { credit, slice: credit.pool });
      continue;
    }
    const subId = credit.subscription?.id ?? "";
    let bySeat = seatMembers.get(subId);
    if (!bySeat) seatMembers.set(subId, (bySeat = new Map()));
    for (const [seat, slice] of credit.slices) {
      let byType = bySeat.get(seat);
      if (!byType) bySeat.set(seat, (byType = new Map()));
      push(byType, ct, { credit, slice });
    }
  }
  const ctx = { calendar, now: input.now, kept: carried.kept, resume: (m: Member) => carried.resume(m.credit, m.slice) };
  for (const [subId, bySeat] of seatMembers) {
    const intervals = input.intervals.get(subId);
    for (const [seat, byType] of bySeat) {
      for (const [ct, members] of byType) drawStream(seatStream(members, profile, seat, ct, intervals?.get(seat) ?? []), ctx);
    }
  }
  for (const [ct, members] of poolMembers) drawStream(poolStream(members, profile, ct, input.timelines), ctx);
}
