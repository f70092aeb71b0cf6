/**
 * A subscription's seat count as a step function of time: contiguous steps from `start` to `end`
 * (null = open-ended). Seat-based subscriptions also carry the assigned seat IDs of each step.
 */
import { toIso } from "./time";

export interface TimelineStep {
  /** Epoch ms at which this step starts; it lasts until the next step's start (or the timeline end). */
  start: number;
  /** Seats billed: assigned + unassigned for seat-based subscriptions. */
  total: number;
  /** Assigned seat IDs in assignment order (seat-based only; null for quantity-only). */
  assigned: readonly string[] | null;
}

export interface Timeline {
  /** Steps in time order, at distinct starts; never empty. */
  steps: TimelineStep[];
  /** End of the last step, null when open-ended. */
  end: number | null;
}

/** One entry of a seat schedule as shown to people. */
export interface ScheduleEntry {
  starting_at: string;
  ending_before: string | null;
  total: number;
  /** Seat-based only: the number of assigned seats. */
  assigned?: number;
  /** Seat-based only: the number of unassigned (paid, not yet given to anyone) seats. */
  unassigned?: number;
  /** Seat-based only: the assigned seat IDs. */
  seat_ids?: readonly string[];
}

/** Index of the step in force at t; -1 before the first step or at/after the end. */
export function stepIndexAt(timeline: Timeline, t: number): number {
  const { steps } = timeline;
  if (steps.length === 0 || t < steps[0]!.start) return -1;
  if (timeline.end !== null && t >= timeline.end) return -1;
  let lo = 0;
  let hi = steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (steps[mid]!.start <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The step in force at t, or null outside the timeline. */
export function stepAt(timeline: Timeline, t: number): TimelineStep | null {
  const i = stepIndexAt(timeline, t);
  return i < 0 ? null : timeline.steps[i]!;
}

/** The seat total at t; 0 outside the timeline (nothing is billed there). */
export function totalAt(timeline: Timeline, t: number): number {
  return stepAt(timeline, t)?.total ?? 0;
}

/** Order-insensitive equality of two seat ID lists (fast path for shared arrays). */
export function sameSeats(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  const set = new Set(a);
  for (const id of b) if (!set.has(id)) return false;
  return true;
}

function sameState(a: TimelineStep, b: TimelineStep): boolean {
  return a.total === b.total && sameSeats(a.assigned, b.assigned);
}

/** Merges consecutive steps with equal totals and equal seat sets. */
export function collapseSteps(steps: TimelineStep[]): TimelineStep[] {
  const out: TimelineStep[] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && last.start === s.start) out[out.length - 1] = s;
    else if (!last || !sameState(last, s)) out.push(s);
  }
  return out;
}

/** The steps ending after `from` (the one covering `from` first), as schedule entries. */
export function toSchedule(timeline: Timeline, from: number | null = null): ScheduleEntry[] {
  const { steps } = timeline;
  const first = from === null ? 0 : Math.max(0, stepIndexAt(timeline, from));
  const out: ScheduleEntry[] = [];
  for (let i = first; i < steps.length; i += 1) {
    const s = steps[i]!;
    const end = i + 1 < steps.length ? steps[i + 1]!.start : timeline.end;
    const entry: ScheduleEntry = {
      starting_at: toIso(s.start),
      ending_before: end === null ? null : toIso(end),
      total: s.total,
    };
    if (s.assigned !== null) {
      entry.assigned = s.assigned.length;
      entry.unassigned = s.total - s.assigned.length;
      entry.seat_ids = s.assigned;
    }
    out.push(entry);
  }
  return out;
}

/** An interval in which the change makes the schedule differ from what it was. */
export interface ChangedInterval {
  starting_at: string;
  ending_before: string | null;
  total_before: number;
  total_after: number;
  /** Seat-based only: IDs assigned after but not before, and before but not after. */
  seats_added?: string[];
  seats_removed?: string[];
}

/** Internal form of a changed interval (epoch ms). */
export interface ChangedSpan {
  start: number;
  end: number | null;
  before: TimelineStep | null;
  after: TimelineStep | null;
}

/** Every maximal interval where `before` and `after` differ (total or seat set), in time order. */
export function diffTimelines(before: Timeline, after: Timeline): ChangedSpan[] {
  const points = new Set<number>();
  for (const s of before.steps) points.add(s.start);
  for (const s of after.steps) points.add(s.start);
  if (before.end !== null) points.add(before.end);
  if (after.end !== null) points.add(after.end);
  const sorted = [...points].sort((x, y) => x - y);
  const spans: ChangedSpan[] = [];
  for (let i = 0; i < sorted.length; i += 1) {
    const t = sorted[i]!;
    const b = stepAt(before, t);
    const a = stepAt(after, t);
    const bothEmpty = b === null && a === null;
    const equal = bothEmpty || (b !== null && a !== null && sameState(a, b));
    const last = spans[spans.length - 1];
    if (equal) {
      if (last && last.end === null) last.end = t;
      continue;
    }
    if (last && last.end === null && last.before === b && last.after === a) continue;
    if (last && last.end === null) last.end = t;
    spans.push({ start: t, end: null, before: b, after: a });
  }
  return spans;
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return a.filter((id) => !set.has(id));
}

export function toChangedInterval(span: ChangedSpan): ChangedInterval {
  const out: ChangedInterval = {
    starting_at: toIso(span.start),
    ending_before: span.end === null ? null : toIso(span.end),
    total_before: span.before?.total ?? 0,
    total_after: span.after?.total ?? 0,
  };
  const before = span.before?.assigned ?? null;
  const after = span.after?.assigned ?? null;
  if (before !== null || after !== null) {
    out.seats_added = difference(after ?? [], before ?? []);
    out.seats_removed = difference(before ?? [], after ?? []);
  }
  return out;
}
