/**
 * Commits and credits (see docs/metronome.md, "Recurring credits and seat-scoped allocation" and
 * "Balances and ledgers"): one materialised balance per recurrence period of a
 * recurring credit or commit, and one per started access schedule item of a one-off commit or
 * credit. POOLED and plain balances hold one slice, INDIVIDUAL ones one slice per seat. Seat
 * increases release SEAT_BASED_ADJUSTMENT grants; usage is drawn day by day (usage.ts) and surfaced
 * as one AUTOMATED_INVOICE_DEDUCTION per usage statement period (future-dated while pending); what
 * is left at the segment end expires (a postpaid commit's is trued up when it is invoiced).
 */
import { commitTerms, recurringCommitTerms, recurringCreditTerms, type BalanceKind, type GrantTerms, type LedgerEntryType } from "./grants";
import { uuidFromKey } from "./ids";
import { isReleased } from "./payment-gates";
import { roundAmount, tidy } from "./rounding";
import type { CommitRecord, ContractRecord, ManualEntryRecord, RecurringCommitRecord, RecurringCreditRecord, SubscriptionRecord } from "./state";
import { boundary, hoursBetween, periodIndex, periodsBetween, type Frequency, type Period } from "./time";
import { quantityAt, type Segment } from "./timeline";
import { applyUsage } from "./usage";

export interface LedgerEntry {
  type: LedgerEntryType;
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

/** What a recurring commit's period is invoiced (its `invoice_amount`, prorated like its access). */
export interface CommitPurchase {
  id: string;
  /** The invoice's credit type (invoice_amount.credit_type_id). */
  credit_type_id: string;
  timestamp: number;
  unit_price: number;
  quantity: number;
  amount: number;
}

export interface MaterialCredit {
  /** The commit's or credit's id (a one-off one's segments share it). */
  id: string;
  segment_id: string;
  kind: BalanceKind;
  terms: GrantTerms;
  /** The recurring credit or commit that made this period. */
  recurring: RecurringCreditRecord | undefined;
  /** The one-off commit or credit this is a segment of. */
  commit: CommitRecord | undefined;
  purchase: CommitPurchase | undefined;
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
export const scheduledInvoiceId = (contractId: string, issueAt: number): string => uuidFromKey(`${contractId}:invoice:scheduled:${issueAt}`);

function recurrence(rc: RecurringCreditRecord, contract: ContractRecord): { anchor: number; frequency: Frequency } {
  if (rc.recurrence_frequency) return { anchor: rc.starting_at, frequency: rc.recurrence_frequency };
  return { anchor: contract.usage_statement_schedule.billing_anchor_date, frequency: contract.usage_statement_schedule.frequency };
}

const newSlice = (seat: string | null): Slice => ({ seat, entries: [], granted: 0, balance: 0 });

function grant(slice: Slice, type: LedgerEntryType, amount: number, at: number): void {
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
export interface Carried {
  /** Balances of the previous materialisation, by segment id. */
  bySegment: Map<string, MaterialCredit>;
  settledBy: number;
  /** Credits taken over unchanged in this materialisation. */
  kept: Set<MaterialCredit>;
  /** The previous slice of the same credit and holder, when its draw may be continued. */
  resume(credit: MaterialCredit, slice: Slice): DrawState | undefined;
  /** The previous balance of this segment, when its every input is settled by both instants. */
  settled(segmentId: string, end: number): MaterialCredit | undefined;
}

function carryOver(input: CreditInputs): Carried {
  const previous = input.previous;
  const bySegment = new Map<string, MaterialCredit>();
  for (const credit of previous?.credits ?? []) bySegment.set(credit.segment_id, credit);
  const forward = previous !== undefined && previous.now <= input.now;
  const settledBy = previous ? Math.min(previous.now, input.now) : -Infinity;
  const kept = new Set<MaterialCredit>();
  return {
    bySegment,
    settledBy,
    kept,
    resume(credit, slice) {
      if (!forward) return undefined;
      const before = bySegment.get(credit.segment_id);
      return (slice.seat === null ? before?.pool : before?.slices.get(slice.seat))?.draw;
    },
    settled(segmentId, end) {
      const before = bySegment.get(segmentId);
      if (!before || end > settledBy) return undefined;
      kept.add(before);
      return before;
    },
  };
}

/** Materialises every commit and credit segment that has started by `now`, with grants, usage, manual entries and expirations. */
export function materialiseCredits(input: CreditInputs): MaterialCredit[] {
  const { contract, now } = input;
  const credits: MaterialCredit[] = [];
  const carried = carryOver(input);
  for (const rc of contract.recurring_credits) credits.push(...recurringPeriods(input, carried, rc, recurringCreditTerms(rc), undefined));
  for (const rc of contract.recurring_commits) credits.push(...recurringPeriods(input, carried, rc, recurringCommitTerms(rc), rc));
  // A payment-gated commit has no balance until its payment succeeds.
  for (const record of [...contract.commits, ...contract.credits]) if (isReleased(record)) credits.push(...oneOffSegments(input, carried, record));
  const fresh = carried.kept.size === 0 ? credits : credits.filter((c) => !carried.kept.has(c));
  applyManualEntries(fresh, contract.manual_entries);
  applyUsage(input, credits, carried, usageCalendar(contract));
  for (const credit of fresh) finalise(credit, now, contract.id);
  return credits;
}

function isProrated(rc: RecurringCreditRecord, p: Period, isFirst: boolean, isLast: boolean): boolean {
  const partial = p.start !== p.naturalStart || p.end !== p.naturalEnd;
  return (
    partial &&
    ((isFirst && (rc.proration === "FIRST" || rc.proration === "FIRST_AND_LAST")) ||
      (isLast && (rc.proration === "LAST" || rc.proration === "FIRST_AND_LAST")))
  );
}

/** One balance per recurrence period started by now; a recurring commit's period may also be invoiced. */
function recurringPeriods(
  input: CreditInputs, carried: Carried, rc: RecurringCreditRecord, terms: GrantTerms, commit: RecurringCommitRecord | undefined,
): MaterialCredit[] {
  const { contract, now } = input;
  const sub = rc.subscription ? contract.subscriptions.find((s) => s.id === rc.subscription?.subscription_id) : undefined;
  const segments = sub ? input.timelines.get(sub.id) ?? [] : [];
  const { anchor, frequency } = recurrence(rc, contract);
  const end = Math.min(rc.ending_before ?? Infinity, contract.ending_before ?? Infinity);
  const periods = periodsBetween(anchor, frequency, rc.starting_at, end, 100_000, now + 1);
  const noun = terms.kind === "CREDIT" ? "credit" : "commit";
  const out: MaterialCredit[] = [];
  periods.forEach((p, i) => {
    const naturalHours = hoursBetween(p.naturalStart, p.naturalEnd);
    const f0 = isProrated(rc, p, i === 0, p.end === end) ? hoursBetween(p.start, p.end) / naturalHours : 1;
    const segEnd = Math.min(boundary(anchor, frequency, p.index + rc.commit_duration), end);
    const segmentId = uuidFromKey(`${rc.id}:segment:${p.index}`);
    // Grants, draw and expiry of a balance depend on the instant only until its period and segment end.
    const settled = carried.settled(segmentId, Math.max(p.end, segEnd));
    if (settled) {
      out.push(settled);
      return;
    }
    const credit: MaterialCredit = {
      id: uuidFromKey(`${rc.id}:${noun}:${p.index}`),
      segment_id: segmentId,
      kind: terms.kind,
      terms,
      recurring: rc,
      commit: undefined,
      purchase: commit?.invoice_amount ? periodPurchase(commit, rc.id, p, f0) : undefined,
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
    if (credit.allocation === "INDIVIDUAL") grantPerSeat(credit, segments, p, now, perSeat(f0), (t) => perSeat(increaseFraction(t)));
    else grantPooled(credit, segments, p, now, credit.allocation === "POOLED" ? quantityAt(segments, p.start) : rc.quantity ?? 1, perSeat(f0), (t) => perSeat(increaseFraction(t)));
    credit.amount =
      credit.allocation === "INDIVIDUAL"
        ? tidy([...credit.slices.values()].reduce((s, sl) => s + (sl.entries[0]?.type === "SEGMENT_START" ? sl.entries[0].amount : 0), 0))
        : credit.pool.entries[0]?.amount ?? 0;
    out.push(credit);
  });
  return out;
}

/** A recurring commit's invoice for one period, at its start: invoice_amount, prorated and rounded as the access is. */
function periodPurchase(rc: RecurringCommitRecord, key: string, p: Period, fraction: number): CommitPurchase | undefined {
  const invoice = rc.invoice_amount;
  if (!invoice) return undefined;
  const unit = fraction === 1 ? invoice.unit_price : roundAmount(invoice.unit_price * fraction, rc.invoice_rounding);
  return { id: uuidFromKey(`${key}:invoice:${p.index}`), credit_type_id: invoice.credit_type_id, timestamp: p.start, unit_price: unit, quantity: invoice.quantity, amount: tidy(unit * invoice.quantity) };
}

/** INDIVIDUAL: one slice per seat assigned at the period start, and one per seat added later in the period (by now). */
function grantPerSeat(credit: MaterialCredit, segments: readonly Segment[], p: Period, now: number, atStart: number, added: (t: number) => number): void {
  for (const seat of segments.length ? segmentSeats(segments, p.start) : []) {
    const slice = newSlice(seat);
    grant(slice, "SEGMENT_START", atStart, p.start);
    credit.slices.set(seat, slice);
  }
  for (const seg of segments) {
    if (seg.start <= p.start) continue;
    if (seg.start >= p.end || seg.start > now) break;
    for (const seat of seg.assigned) {
      if (credit.slices.has(seat)) continue;
      const slice = newSlice(seat);
      grant(slice, "SEAT_BASED_ADJUSTMENT", added(seg.start), seg.start);
      credit.slices.set(seat, slice);
    }
  }
}

/** POOLED and plain: one grant for the quantity at the period start; POOLED adds one per rise above the period's high-water mark. */
function grantPooled(
  credit: MaterialCredit, segments: readonly Segment[], p: Period, now: number, qty: number, perSeat: number, added: (t: number) => number,
): void {
  grant(credit.pool, "SEGMENT_START", tidy(perSeat * qty), p.start);
  if (credit.allocation !== "POOLED") return;
  let hwm = qty;
  for (const seg of segments) {
    if (seg.start <= p.start) continue;
    if (seg.start >= p.end || seg.start > now) break;
    if (seg.total <= hwm) continue;
    grant(credit.pool, "SEAT_BASED_ADJUSTMENT", tidy(added(seg.start) * (seg.total - hwm)), seg.start);
    hwm = seg.total;
  }
}

/** A one-off commit's or credit's access schedule items that have started by now, each a balance of its own. */
function oneOffSegments(input: CreditInputs, carried: Carried, record: CommitRecord): MaterialCredit[] {
  const terms = commitTerms(record);
  const out: MaterialCredit[] = [];
  for (const item of record.access_schedule) {
    if (item.starting_at > input.now) continue;
    const settled = carried.settled(item.id, item.ending_before);
    if (settled) {
      out.push(settled);
      continue;
    }
    const credit: MaterialCredit = {
      id: record.id, segment_id: item.id, kind: record.type, terms, recurring: undefined, commit: record, purchase: undefined,
      subscription: undefined, start: item.starting_at, end: item.ending_before, amount: item.amount, allocation: "NONE",
      slices: new Map(), pool: newSlice(null), ledger: [], balance: 0,
    };
    grant(credit.pool, "SEGMENT_START", item.amount, item.starting_at);
    out.push(credit);
  }
  return out;
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
  const bySegment = new Map(credits.map((c) => [`${c.id}|${c.segment_id}`, c]));
  for (const entry of entries) {
    const credit = bySegment.get(`${entry.credit_id}|${entry.segment_id}`);
    if (!credit) continue;
    if (credit.allocation === "INDIVIDUAL" && entry.per_group_amounts) {
      for (const [seat, amount] of Object.entries(entry.per_group_amounts)) {
        let slice = credit.slices.get(seat);
        if (!slice) {
          slice = newSlice(seat);
          credit.slices.set(seat, slice);
        }
        slice.entries.push({ type: "MANUAL", amount, timestamp: entry.timestamp, reason: entry.reason });
      }
    } else {
      credit.pool.entries.push({ type: "MANUAL", amount: entry.amount, timestamp: entry.timestamp, reason: entry.reason });
    }
  }
}

const TYPE_ORDER: Record<LedgerEntryType, number> = {
  SEGMENT_START: 0,
  SEAT_BASED_ADJUSTMENT: 1,
  MANUAL: 2,
  AUTOMATED_INVOICE_DEDUCTION: 3,
  EXPIRATION: 4,
  TRUEUP: 4,
};

/**
 * What is left when a segment ends leaves it: it expires, except a postpaid commit's, which is
 * the true-up its invoice schedule bills ("Customer pays when the commitment expires").
 */
function closing(credit: MaterialCredit, amount: number, contractId: string): LedgerEntry {
  const schedule = credit.commit?.invoice_schedule;
  const item = schedule?.items[0];
  if (credit.kind === "POSTPAID" && item && !schedule.do_not_invoice) {
    return { type: "TRUEUP", amount: -amount, timestamp: credit.end, invoice_id: scheduledInvoiceId(contractId, item.timestamp) };
  }
  return { type: "EXPIRATION", amount: -amount, timestamp: credit.end };
}

function finaliseSlice(credit: MaterialCredit, slice: Slice, now: number, contractId: string): void {
  slice.entries.sort((a, b) => a.timestamp - b.timestamp || TYPE_ORDER[a.type] - TYPE_ORDER[b.type]);
  const sum = tidy(slice.entries.reduce((s, e) => s + e.amount, 0));
  if (credit.end <= now && sum > 0) {
    slice.entries.push(closing(credit, sum, contractId));
    slice.balance = 0;
  } else {
    slice.balance = credit.end <= now ? 0 : Math.max(0, sum);
  }
}

function finalise(credit: MaterialCredit, now: number, contractId: string): void {
  if (credit.allocation === "INDIVIDUAL") {
    const aggregate = new Map<string, LedgerEntry>();
    for (const slice of credit.slices.values()) {
      finaliseSlice(credit, slice, now, contractId);
      for (const e of slice.entries) {
        if (e.type === "MANUAL") {
          continue;
        }
        const key = `${e.type}:${e.timestamp}`;
        const prev = aggregate.get(key);
        if (prev) prev.amount += e.amount;
        else aggregate.set(key, { ...e });
      }
    }
    const manual = [...credit.slices.values()].flatMap((s) => s.entries.filter((e) => e.type === "MANUAL"));
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
    finaliseSlice(credit, credit.pool, now, contractId);
    credit.ledger = credit.pool.entries;
    credit.balance = credit.pool.balance;
  }
}
