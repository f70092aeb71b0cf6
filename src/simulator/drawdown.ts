/**
 * Usage draw-down over a stream: everything one holder's usage can burn (a seat's slices of its
 * seat-scoped commits and credits, or a contract's pooled and plain ones) in one credit type. Day by
 * day (split where a balance starts or ends) the stream's usage burns the balances active then in
 * Metronome's order (grants.ts `burnOrder`), each never below zero; one deduction per balance and
 * usage statement period is recorded at the period's end. A stream whose previous materialisation
 * stood at an earlier instant continues from the start of that instant's unfinished day.
 */
import type { DrawState, LedgerEntry, MaterialCredit, Slice, UsageCalendar } from "./credits";
import { appliesTo, burnOrder } from "./grants";
import { DAY_MS } from "./time";

export interface Member {
  credit: MaterialCredit;
  slice: Slice;
}

/** Usage of one product (undefined: of a product every balance applies to). */
export interface DemandPart {
  amount: number;
  product_id: string | undefined;
}

export interface Stream {
  members: Member[];
  /** The usage in [from, to) of the day starting at `day`, while `active` members are live. */
  demand(from: number, to: number, day: number, active: readonly Member[]): DemandPart[];
}

export interface DrawContext {
  calendar: UsageCalendar;
  /** Current instant, floored to the hour. */
  now: number;
  /** Balances taken over settled from a previous materialisation: never drawn into again. */
  kept: ReadonlySet<MaterialCredit>;
  /** The member's draw state in the previous materialisation, when the clock moved forward. */
  resume(member: Member): DrawState | undefined;
}

interface Working {
  member: Member;
  /** The member's grants and manual entries by time (a kept member's are a copy: its slice stays as it is). */
  entries: LedgerEntry[];
  state: DrawState;
  kept: boolean;
}

const floorDay = (t: number): number => Math.floor(t / DAY_MS) * DAY_MS;
const overlaps = (a: MaterialCredit, b: MaterialCredit): boolean => a.start < b.end && b.start < a.end;
const GRANTS: ReadonlySet<LedgerEntry["type"]> = new Set(["SEGMENT_START", "SEAT_BASED_ADJUSTMENT", "MANUAL"]);

function copyDraw(d: DrawState): DrawState {
  const perPeriod: DrawState["perPeriod"] = new Map();
  for (const [at, v] of d.perPeriod) perPeriod.set(at, { amount: v.amount, invoiceId: v.invoiceId });
  return { day: d.day, idx: d.idx, avail: d.avail, perPeriod };
}

/**
 * The members whose draw can change: the fresh ones, and the kept ones that share time with them
 * (directly or through each other), which are drawn again on a copy so the fresh ones see the same
 * balances burnt first.
 */
function involved(members: readonly Member[], kept: ReadonlySet<MaterialCredit>): Member[] {
  const inSet = members.filter((m) => !kept.has(m.credit));
  if (inSet.length === 0 || inSet.length === members.length) return inSet;
  let rest = members.filter((m) => kept.has(m.credit));
  for (let grew = true; grew; ) {
    grew = false;
    rest = rest.filter((m) => {
      if (!inSet.some((n) => overlaps(m.credit, n.credit))) return true;
      inSet.push(m);
      grew = true;
      return false;
    });
  }
  return inSet;
}

/** Where to start: the day the previous draw stood at, when every member continues cleanly from it, else the first member's first day. */
function startingDay(list: readonly Member[], ctx: DrawContext): { day: number; resumed: Map<Member, DrawState> } {
  const resumed = new Map<Member, DrawState>();
  let day: number | undefined;
  for (const m of list) {
    if (ctx.kept.has(m.credit)) continue;
    const prev = ctx.resume(m);
    if (!prev) continue;
    if (day !== undefined && prev.day !== day) return { day: floorDay(Math.min(...list.map((x) => x.credit.start))), resumed: new Map() };
    day = prev.day;
    resumed.set(m, prev);
  }
  const first = floorDay(Math.min(...list.map((x) => x.credit.start)));
  if (day === undefined) return { day: first, resumed };
  const from = day;
  const clean = list.every((m) => (ctx.kept.has(m.credit) ? m.credit.end <= from : resumed.has(m) || m.credit.start >= from));
  return clean ? { day: from, resumed } : { day: first, resumed: new Map() };
}

function working(m: Member, day: number, resumed: Map<Member, DrawState>, kept: ReadonlySet<MaterialCredit>): Working {
  const isKept = kept.has(m.credit);
  const entries = isKept ? m.slice.entries.filter((e) => GRANTS.has(e.type)) : m.slice.entries;
  entries.sort((a, b) => a.timestamp - b.timestamp);
  const prev = resumed.get(m);
  return { member: m, entries, state: prev ? copyDraw(prev) : { day, idx: 0, avail: 0, perPeriod: new Map() }, kept: isKept };
}

/** Instants in (day, dayEnd) where a live member starts or ends, with both ends: the day's pieces (undefined: the day is one piece). */
function cuts(live: readonly Working[], day: number, dayEnd: number): number[] | undefined {
  let points: number[] | undefined;
  for (const w of live) {
    const { start, end } = w.member.credit;
    if (start > day && start < dayEnd) (points ??= [day, dayEnd]).push(start);
    if (end > day && end < dayEnd) (points ??= [day, dayEnd]).push(end);
  }
  return points && [...new Set(points)].sort((a, b) => a - b);
}

/** The members live on a day, in burn order: kept up to date as the days pass (members start and end a few times a stream). */
class LiveSet {
  private next = 0;
  private readonly byStart: Working[];
  live: Working[] = [];
  members: Member[] = [];

  constructor(all: readonly Working[]) {
    this.byStart = [...all].sort((a, b) => a.member.credit.start - b.member.credit.start);
  }

  /** Brings the set to [day, dayEnd): members that have started by its end and not ended by its start. */
  advance(day: number, dayEnd: number): void {
    let changed = false;
    while (this.next < this.byStart.length && (this.byStart[this.next]?.member.credit.start ?? Infinity) < dayEnd) {
      this.live.push(this.byStart[this.next] as Working);
      this.next++;
      changed = true;
    }
    if (this.live.some((w) => w.member.credit.end <= day)) {
      this.live = this.live.filter((w) => w.member.credit.end > day);
      changed = true;
    }
    if (!changed) return;
    this.live.sort((a, b) => burnOrder(a.member.credit, b.member.credit));
    this.members = this.live.map((w) => w.member);
  }
}

function burn(w: Working, amount: number, from: number, calendar: UsageCalendar): number {
  const take = Math.min(w.state.avail, amount);
  w.state.avail -= take;
  const period = calendar.periodOf(from);
  const at = Math.min(period.end, w.member.credit.end);
  const prev = w.state.perPeriod.get(at);
  if (prev) prev.amount += take;
  else w.state.perPeriod.set(at, { amount: take, invoiceId: period.invoiceId });
  return take;
}

/** One piece [from, to) of a day: adds the grants dated before its end, then burns its usage in order. */
function drawPiece(stream: Stream, set: LiveSet, from: number, to: number, day: number, calendar: UsageCalendar, whole: boolean): void {
  const active = whole ? set.live : set.live.filter((w) => w.member.credit.start <= from && from < w.member.credit.end);
  if (active.length === 0) return;
  let avail = 0;
  for (const w of active) {
    while (w.state.idx < w.entries.length && (w.entries[w.state.idx]?.timestamp ?? Infinity) < to) {
      w.state.avail += w.entries[w.state.idx]?.amount ?? 0;
      w.state.idx++;
    }
    if (w.state.avail > 0) avail += w.state.avail;
  }
  if (avail <= 0) return;
  for (const part of stream.demand(from, to, day, whole ? set.members : active.map((w) => w.member))) {
    let left = part.amount;
    for (const w of active) {
      if (left <= 0) break;
      if (w.state.avail <= 0 || !appliesTo(w.member.credit.terms, part.product_id)) continue;
      left -= burn(w, left, from, calendar);
    }
  }
}

/** Draws one stream up to now and records each fresh member's deductions (and where its draw stands, while open). */
export function drawStream(stream: Stream, ctx: DrawContext): void {
  const list = involved(stream.members, ctx.kept);
  if (list.length === 0) return;
  const { day: begin, resumed } = startingDay(list, ctx);
  const all = list.map((m) => working(m, begin, resumed, ctx.kept));
  const set = new LiveSet(all);
  const saveOpen = (day: number) => {
    for (const w of all) if (!w.kept && w.member.credit.end > ctx.now) w.member.slice.draw = { ...copyDraw(w.state), day };
  };
  let day = begin;
  for (; day < ctx.now; day += DAY_MS) {
    const dayEnd = Math.min(day + DAY_MS, ctx.now);
    if (dayEnd < day + DAY_MS) saveOpen(day);
    set.advance(day, dayEnd);
    if (set.live.length === 0) continue;
    const points = cuts(set.live, day, dayEnd);
    if (!points) {
      // No start or end inside the day: every live member serves all of it.
      drawPiece(stream, set, day, dayEnd, day, ctx.calendar, true);
      continue;
    }
    for (let i = 0; i + 1 < points.length; i++) drawPiece(stream, set, points[i] ?? day, points[i + 1] ?? dayEnd, day, ctx.calendar, false);
  }
  if (day === ctx.now) saveOpen(day);
  for (const w of all) {
    if (w.kept) continue;
    for (const [timestamp, { amount, invoiceId }] of w.state.perPeriod) {
      const rounded = Math.round(amount * 100) / 100;
      if (rounded <= 0) continue;
      w.member.slice.entries.push({ type: "AUTOMATED_INVOICE_DEDUCTION", amount: -rounded, timestamp, invoice_id: invoiceId });
    }
  }
}
