/**
 * Recurring credits linked to subscriptions (A18–A20, A30, A41): one materialised credit per
 * recurrence period; POOLED credits hold one balance, INDIVIDUAL credits one slice per seat. Seat
 * increases release CREDIT_SEAT_BASED_ADJUSTMENT grants; synthetic usage is drawn day by day and
 * surfaced as one CREDIT_AUTOMATED_INVOICE_DEDUCTION per usage statement period (future-dated while
 * pending); what is left at the segment end expires.
 */
import { fmix32, hash32, unitFromKey, uuidFromKey } from "./ids";
import { roundAmount, tidy } from "./rounding";
import type { ContractRecord, ManualEntryRecord, RecurringCreditRecord, SubscriptionRecord } from "./state";
import { DAY_MS, boundary, hoursBetween, periodIndex, periodsBetween, type Frequency } from "./time";
import { quantityAt, type Segment } from "./timeline";

export type CreditLedgerType =
  | "CREDIT_SEGMENT_START"
  | "CREDIT_SEAT_BASED_ADJUSTMENT"
  | "CREDIT_AUTOMATED_INVOICE_DEDUCTION"
  | "CREDIT_EXPIRATION"
  | "CREDIT_MANUAL";

export interface LedgerEntry {
  type: CreditLedgerType;
  amount: number;
  timestamp: number;
  invoice_id?: string;
  reason?: string;
}

export interface Slice {
  seat: string | null;
  entries: LedgerEntry[];
  /** Segment start plus seat-based adjustments. */
  granted: number;
  balance: number;
  /** Where the usage draw stood before its last, unfinished day, so a later instant continues from there. */
  draw?: DrawState;
}

/** The usage draw of one slice after its whole days up to `day` (exclusive). */
export interface DrawState {
  day: number;
  /** How many of the slice's grants and manual entries (sorted by time) have been added to `avail`. */
  idx: number;
  avail: number;
  /** Drawn so far per deduction timestamp (usage statement period end). */
  perPeriod: Map<number, { amount: number; invoiceId: string }>;
}

export interface MaterialCredit {
  id: string;
  segment_id: string;
  recurring: RecurringCreditRecord;
  subscription: SubscriptionRecord | undefined;
  /** Access segment [start, end). */
  start: number;
  end: number;
  /** Schedule amount: what the segment started with. */
  amount: number;
  allocation: "POOLED" | "INDIVIDUAL" | "NONE";
  slices: Map<string, Slice>;
  pool: Slice;
  /** Credit-level ledger (INDIVIDUAL: aggregated over slices). */
  ledger: LedgerEntry[];
  balance: number;
}

export interface UsageCalendar {
  /** Id of the usage invoice whose statement period contains t, and that period's end. */
  periodOf(t: number): { end: number; invoiceId: string };
}

export function usageCalendar(contract: ContractRecord): UsageCalendar {
  const { frequency, billing_anchor_date } = contract.usage_statement_schedule;
  const cache = new Map<number, { start: number; end: number; invoiceId: string }>();
  let last: { start: number; end: number; invoiceId: string } | undefined;
  return {
    periodOf(t: number) {
      if (last && last.start <= t && t < last.end) return last;
      const k = periodIndex(billing_anchor_date, frequency, t);
      let hit = cache.get(k);
      if (!hit) {
        const start = boundary(billing_anchor_date, frequency, k);
        const end = Math.min(boundary(billing_anchor_date, frequency, k + 1), contract.ending_before ?? Infinity);
        hit = { start, end, invoiceId: usageInvoiceId(contract.id, end) };
        cache.set(k, hit);
      }
      last = hit;
      return hit;
    },
  };
}

export const usageInvoiceId = (contractId: string, issueAt: number): string => uuidFromKey(`${contractId}:invoice:usage:${issueAt}`);

function recurrence(rc: RecurringCreditRecord, contract: ContractRecord): { anchor: number; frequency: Frequency } {
  if (rc.recurrence_frequency) return { anchor: rc.starting_at, frequency: rc.recurrence_frequency };
  return { anchor: contract.usage_statement_schedule.billing_anchor_date, frequency: contract.usage_statement_schedule.frequency };
}

const newSlice = (seat: string | null): Slice => ({ seat, entries: [], granted: 0, balance: 0 });

function grant(slice: Slice, type: CreditLedgerType, amount: number, at: number): void {
  slice.entries.push({ type, amount, timestamp: at });
  slice.granted = tidy(slice.granted + amount);
}

/** Seat → the intervals during which it is assigned. */
export function assignmentIntervals(segments: readonly Segment[]): Map<string, Array<[number, number]>> {
  const out = new Map<string, Array<[number, number]>>();
  for (const seg of segments) {
    const end = seg.end ?? Infinity;
    for (const seat of seg.assigned) {
      let list = out.get(seat);
      if (!list) {
        list = [];
        out.set(seat, list);
      }
      const last = list[list.length - 1];
      if (last && last[1] === seg.start) last[1] = end;
      else list.push([seg.start, end]);
    }
  }
  return out;
}

export interface CreditInputs {
  contract: ContractRecord;
  timelines: Map<string, Segment[]>;
  intervals: Map<string, Map<string, Array<[number, number]>>>;
  /** Current instant, floored to the hour. */
  now: number;
  /**
   * The same contract version's credits at another instant. Credits whose period and segment ended
   * by both instants are taken as they are; when `now` is later, the others continue their usage
   * draw from where it stood instead of from their start.
   */
  previous?: { now: number; credits: readonly MaterialCredit[] };
}

/** What a previous materialisation lends to this one. */
interface Carried {
  /** Credits (by id) whose every input is settled by both instants. */
  byId: Map<string, MaterialCredit>;
  settledBy: number;
  /** Credits taken over unchanged in this materialisation. */
  kept: Set<MaterialCredit>;
  /** The previous slice of the same credit and holder, when its draw may be continued. */
  resume(credit: MaterialCredit, slice: Slice): DrawState | undefined;
}

function carryOver(input: CreditInputs): Carried {
  const previous = input.previous;
  const byId = new Map<string, MaterialCredit>();
  for (const credit of previous?.credits ?? []) byId.set(credit.id, credit);
  const forward = previous !== undefined && previous.now <= input.now;
  return {
    byId,
    settledBy: previous ? Math.min(previous.now, input.now) : -Infinity,
    kept: new Set(),
    resume(credit, slice) {
      if (!forward) return undefined;
      const before = byId.get(credit.id);
      return (slice.seat === null ? before?.pool : before?.slices.get(slice.seat))?.draw;
    },
  };
}

/** Materialises every credit period that has started by `now`, with grants, usage, manual entries and expirations. */
export function materialiseCredits(input: CreditInputs): MaterialCredit[] {
  const { contract, now } = input;
  const credits: MaterialCredit[] = [];
  const carried = carryOver(input);
  for (const rc of contract.recurring_credits) {
    const sub = rc.subscription ? contract.subscriptions.find((s) => s.id === rc.subscription?.subscription_id) : undefined;
    const segments = sub ? input.timelines.get(sub.id) ?? [] : [];
    const { anchor, frequency } = recurrence(rc, contract);
    const end = Math.min(rc.ending_before ?? Infinity, contract.ending_before ?? Infinity);
    const periods = periodsBetween(anchor, frequency, rc.starting_at, end, 100_000, now + 1);
    periods.forEach((p, i) => {
      const isFirst = i === 0;
      const isLast = p.end === end;
      const partial = p.start !== p.naturalStart || p.end !== p.naturalEnd;
      const prorate =
        partial &&
        ((isFirst && (rc.proration === "FIRST" || rc.proration === "FIRST_AND_LAST")) ||
          (isLast && (rc.proration === "LAST" || rc.proration === "FIRST_AND_LAST")));
      const naturalHours = hoursBetween(p.naturalStart, p.naturalEnd);
      const f0 = prorate ? hoursBetween(p.start, p.end) / naturalHours : 1;
      const segEnd = Math.min(boundary(anchor, frequency, p.index + rc.commit_duration), end);
      const id = uuidFromKey(`${rc.id}:credit:${p.index}`);
      // Grants, draw and expiry of a credit depend on the instant only until its period and segment end.
      const settled = carried.byId.get(id);
      if (settled && Math.max(p.end, segEnd) <= carried.settledBy) {
        carried.kept.add(settled);
        credits.push(settled);
        return;
      }
      const credit: MaterialCredit = {
        id,
        segment_id: uuidFromKey(`${rc.id}:segment:${p.index}`),
        recurring: rc,
        subscription: sub,
        start: p.start,
        end: segEnd,
        amount: 0,
        allocation: rc.subscription ? rc.subscription.allocation : "NONE",
        slices: new Map(),
        pool: newSlice(null),
        ledger: [],
        balance: 0,
      };
      const perSeat = (fraction: number) => (fraction === 1 ? rc.unit_price : roundAmount(rc.unit_price * fraction, rc.proration_rounding));
      const increaseFraction = (t: number) => (rc.subscription?.is_prorated ? hoursBetween(t, p.end) / naturalHours : 1);
      if (credit.allocation === "INDIVIDUAL") {
        const atStart = segments.length ? segmentSeats(segments, p.start) : [];
        for (const seat of atStart) {
          const slice = newSlice(seat);
          grant(slice, "CREDIT_SEGMENT_START", perSeat(f0), p.start);
          credit.slices.set(seat, slice);
        }
        for (const seg of segments) {
          if (seg.start <= p.start) continue;
          if (seg.start >= p.end) break;
          if (seg.start > now) break;
          for (const seat of seg.assigned) {
            if (credit.slices.has(seat)) continue;
            const slice = newSlice(seat);
            grant(slice, "CREDIT_SEAT_BASED_ADJUSTMENT", perSeat(increaseFraction(seg.start)), seg.start);
            credit.slices.set(seat, slice);
          }
        }
      } else {
        const qty = credit.allocation === "POOLED" ? quantityAt(segments, p.start) : rc.quantity ?? 1;
        grant(credit.pool, "CREDIT_SEGMENT_START", tidy(perSeat(f0) * qty), p.start);
        if (credit.allocation === "POOLED") {
          let hwm = qty;
          for (const seg of segments) {
            if (seg.start <= p.start) continue;
            if (seg.start >= p.end || seg.start > now) break;
            if (seg.total <= hwm) continue;
            grant(credit.pool, "CREDIT_SEAT_BASED_ADJUSTMENT", tidy(perSeat(increaseFraction(seg.start)) * (seg.total - hwm)), seg.start);
            hwm = seg.total;
          }
        }
      }
      credit.amount =
        credit.allocation === "INDIVIDUAL"
          ? tidy([...credit.slices.values()].reduce((s, sl) => s + (sl.entries[0]?.type === "CREDIT_SEGMENT_START" ? sl.entries[0].amount : 0), 0))
          : credit.pool.entries[0]?.amount ?? 0;
      credits.push(credit);
    });
  }
  const fresh = carried.kept.size === 0 ? credits : credits.filter((c) => !carried.kept.has(c));
  applyManualEntries(fresh, contract.manual_entries);
  applyUsage(input, credits, carried);
  for (const credit of fresh) finalise(credit, now);
  return credits;
}

function segmentSeats(segments: readonly Segment[], t: number): readonly string[] {
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i];
    if (seg && seg.start <= t) return seg.assigned;
  }
  return [];
}

function applyManualEntries(credits: MaterialCredit[], entries: readonly ManualEntryRecord[]): void {
  if (entries.length === 0) return;
  const byId = new Map(credits.map((c) => [c.id, c]));
  for (const entry of entries) {
    const credit = byId.get(entry.credit_id);
    if (!credit) continue;
    if (credit.allocation === "INDIVIDUAL" && entry.per_group_amounts) {
      for (const [seat, amount] of Object.entries(entry.per_group_amounts)) {
        let slice = credit.slices.get(seat);
        if (!slice) {
          slice = newSlice(seat);
          credit.slices.set(seat, slice);
        }
        slice.entries.push({ type: "CREDIT_MANUAL", amount, timestamp: entry.timestamp, reason: entry.reason });
      }
    } else {
      credit.pool.entries.push({ type: "CREDIT_MANUAL", amount: entry.amount, timestamp: entry.timestamp, reason: entry.reason });
    }
  }
}

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

type Draw = Array<{ credit: MaterialCredit; slice: Slice }>;

function applyUsage(input: CreditInputs, credits: MaterialCredit[], carried: Carried): void {
  const { contract, now } = input;
  const profile = contract.usage;
  if (!profile) return;
  const calendar = usageCalendar(contract);
  // Kept credits are not drawn again; only those starting with or after a fresh one can end its draw.
  const firstFresh = credits.reduce((m, c) => (carried.kept.has(c) ? m : Math.min(m, c.start)), Infinity);
  // Group slices by who draws on them: each seat (INDIVIDUAL), each pooled/plain credit by its recurring credit.
  const seatSlices = new Map<string, Map<string, Draw>>();
  const poolSlices = new Map<string, Draw>();
  for (const credit of credits) {
    if (credit.start < firstFresh) continue;
    if (credit.allocation === "INDIVIDUAL") {
      const subId = credit.subscription?.id ?? "";
      let bySeat = seatSlices.get(subId);
      if (!bySeat) {
        bySeat = new Map();
        seatSlices.set(subId, bySeat);
      }
      for (const [seat, slice] of credit.slices) {
        const list = bySeat.get(seat);
        if (list) list.push({ credit, slice });
        else bySeat.set(seat, [{ credit, slice }]);
      }
    } else {
      const list = poolSlices.get(credit.recurring.id) ?? [];
      list.push({ credit, slice: credit.pool });
      poolSlices.set(credit.recurring.id, list);
    }
  }
  for (const [subId, bySeat] of seatSlices) {
    const subIntervals = input.intervals.get(subId);
    for (const [seat, list] of bySeat) {
      const intervals = subIntervals?.get(seat) ?? [];
      const factor = seatFactor(profile.seed, seat) * profile.intensity;
      const seed = hash32(seat, profile.seed);
      let cursor = 0;
      drawDown(list, calendar, now, seed, carried, (day, credit) => {
        while (cursor < intervals.length && (intervals[cursor]?.[1] ?? 0) <= day) cursor++;
        const iv = intervals[cursor];
        if (!iv || iv[0] > day) return 0;
        return (credit.recurring.unit_price * factor) / (30 * WEEK_AVERAGE);
      });
    }
  }
  for (const [rcId, list] of poolSlices) {
    const first = list[0]?.credit;
    const segments = first?.subscription ? input.timelines.get(first.subscription.id) ?? [] : [];
    const factor = (0.6 + 0.5 * unitFromKey(rcId, profile.seed)) * profile.intensity;
    drawDown(list, calendar, now, hash32(rcId, profile.seed), carried, (day, credit) => {
      const qty = credit.allocation === "POOLED" ? quantityAt(segments, day) : credit.recurring.quantity ?? 1;
      return (credit.recurring.unit_price * qty * factor) / (30 * WEEK_AVERAGE);
    });
  }
}

/**
 * Draws daily demand from each slice over the days it serves: from its start until the next
 * slice of the same holder starts (or it ends), up to now, never beyond the balance available
 * at that time. One deduction per usage statement period is recorded at the period's end.
 * A slice whose previous materialisation stood at an earlier instant continues from the start
 * of that instant's unfinished day (the same sums in the same order as a draw from the start).
 */
function drawDown(list: Draw, calendar: UsageCalendar, now: number, seed: number, carried: Carried, dailyBase: (day: number, credit: MaterialCredit) => number): void {
  const sorted = [...list].sort((a, b) => a.credit.start - b.credit.start);
  sorted.forEach(({ credit, slice }, i) => {
    if (carried.kept.has(credit)) return;
    const nextStart = sorted[i + 1]?.credit.start ?? Infinity;
    const stop = Math.min(now, credit.end, nextStart);
    if (stop <= credit.start) return;
    slice.entries.sort((a, b) => a.timestamp - b.timestamp);
    const resumed = carried.resume(credit, slice);
    const state: DrawState = resumed ? copyDraw(resumed) : { day: Math.floor(credit.start / DAY_MS) * DAY_MS, idx: 0, avail: 0, perPeriod: new Map() };
    // A draw that reached the credit's end is final: it keeps no state to continue from.
    const open = stop < credit.end;
    for (; state.day < stop; state.day += DAY_MS) {
      const horizon = Math.min(state.day + DAY_MS, stop);
      if (open && horizon < state.day + DAY_MS) slice.draw = copyDraw(state);
      drawDay(state, slice, credit, horizon, calendar, seed, dailyBase);
    }
    if (open) slice.draw ??= copyDraw(state);
    for (const [timestamp, { amount, invoiceId }] of state.perPeriod) {
      const rounded = Math.round(amount * 100) / 100;
      if (rounded <= 0) continue;
      slice.entries.push({ type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -rounded, timestamp, invoice_id: invoiceId });
    }
  });
}

function copyDraw(d: DrawState): DrawState {
  const perPeriod: DrawState["perPeriod"] = new Map();
  for (const [at, v] of d.perPeriod) perPeriod.set(at, { amount: v.amount, invoiceId: v.invoiceId });
  return { day: d.day, idx: d.idx, avail: d.avail, perPeriod };
}

/** One day of a slice's draw, [state.day, horizon), clipped to the credit's start. */
function drawDay(
  state: DrawState, slice: Slice, credit: MaterialCredit, horizon: number, calendar: UsageCalendar, seed: number,
  dailyBase: (day: number, credit: MaterialCredit) => number,
): void {
  const from = Math.max(state.day, credit.start);
  while (state.idx < slice.entries.length && (slice.entries[state.idx]?.timestamp ?? Infinity) < horizon) {
    state.avail += slice.entries[state.idx]?.amount ?? 0;
    state.idx++;
  }
  if (state.avail <= 0) return;
  const demand = dailyBase(from, credit) * dayMultiplier(seed, state.day) * ((horizon - from) / DAY_MS);
  if (demand <= 0) return;
  const draw = Math.min(state.avail, demand);
  state.avail -= draw;
  const period = calendar.periodOf(from);
  const at = Math.min(period.end, credit.end);
  const prev = state.perPeriod.get(at);
  if (prev) prev.amount += draw;
  else state.perPeriod.set(at, { amount: draw, invoiceId: period.invoiceId });
}

const TYPE_ORDER: Record<CreditLedgerType, number> = {
  CREDIT_SEGMENT_START: 0,
  CREDIT_SEAT_BASED_ADJUSTMENT: 1,
  CREDIT_MANUAL: 2,
  CREDIT_AUTOMATED_INVOICE_DEDUCTION: 3,
  CREDIT_EXPIRATION: 4,
};

function finaliseSlice(slice: Slice, end: number, now: number): void {
  slice.entries.sort((a, b) => a.timestamp - b.timestamp || TYPE_ORDER[a.type] - TYPE_ORDER[b.type]);
  const sum = tidy(slice.entries.reduce((s, e) => s + e.amount, 0));
  if (end <= now && sum > 0) {
    slice.entries.push({ type: "CREDIT_EXPIRATION", amount: -sum, timestamp: end });
    slice.balance = 0;
  } else {
    slice.balance = end <= now ? 0 : Math.max(0, sum);
  }
}

function finalise(credit: MaterialCredit, now: number): void {
  if (credit.allocation === "INDIVIDUAL") {
    const aggregate = new Map<string, LedgerEntry>();
    for (const slice of credit.slices.values()) {
      finaliseSlice(slice, credit.end, now);
      for (const e of slice.entries) {
        if (e.type === "CREDIT_MANUAL") {
          continue;
        }
        const key = `${e.type}:${e.timestamp}`;
        const prev = aggregate.get(key);
        if (prev) prev.amount += e.amount;
        else aggregate.set(key, { ...e });
      }
    }
    const manual = [...credit.slices.values()].flatMap((s) => s.entries.filter((e) => e.type === "CREDIT_MANUAL"));
    const merged = new Map<string, LedgerEntry>();
    for (const e of manual) {
      const key = `${e.timestamp}:${e.reason ?? ""}`;
      const prev = merged.get(key);
      if (prev) prev.amount = tidy(prev.amount + e.amount);
      else merged.set(key, { ...e });
    }
    for (const e of aggregate.values()) e.amount = tidy(e.amount);
    credit.ledger = [...aggregate.values(), ...merged.values()].sort(
      (a, b) => a.timestamp - b.timestamp || TYPE_ORDER[a.type] - TYPE_ORDER[b.type],
    );
    credit.balance = tidy([...credit.slices.values()].reduce((s, sl) => s + sl.balance, 0));
    credit.pool.granted = tidy([...credit.slices.values()].reduce((s, sl) => s + sl.granted, 0));
  } else {
    finaliseSlice(credit.pool, credit.end, now);
    credit.ledger = credit.pool.entries;
    credit.balance = credit.pool.balance;
  }
}
