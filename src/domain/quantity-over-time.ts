/**
 * Quantity over time, the one derivation every view, CSV and chart reads: the seat quantity of a
 * subscription as steps, each with its price per seat and total: the past from the quantity
 * history, the future from the contract's quantity_schedule (quantity subscriptions) or the
 * seats-history segments (seat-based subscriptions); and the seats in force at an instant.
 */
import { historyQuantity, historyUnitPrice, type QuantityHistoryEntry, type SeatSegment, type Subscription } from "./subscription";
import { parseTime } from "./time";

export interface QuantityStep {
  /** epoch ms */
  start: number;
  /** epoch ms; null = open-ended */
  end: number | null;
  quantity: number;
  /** Seat-based only: assigned seats in this step (null when unknown). */
  assigned: number | null;
  /** Price per seat in the subscription's fiat unit (cents); null when unknown. */
  unitPrice: number | null;
  /** quantity × price per seat (the history's own total for past steps). */
  total: number | null;
  /** Starts after now: a scheduled change. */
  scheduled: boolean;
}

export interface QuantityStepsInput {
  history: readonly QuantityHistoryEntry[];
  /** QUANTITY_ONLY: the contract's quantity_schedule (the item covering now and every scheduled change). */
  schedule?: Subscription["quantity_schedule"] | null;
  /** SEAT_BASED: every seats-history segment (past and scheduled). */
  segments?: readonly SeatSegment[] | null;
  now: number;
  /** End of the subscription (epoch ms), null when open-ended. */
  end: number | null;
}

interface RawStep {
  start: number;
  quantity: number;
  assigned: number | null;
  unitPrice: number | null;
  total: number | null;
  /** An explicit end with nothing after it (a schedule item or segment that ends). */
  endsAt: number | null;
}

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

export function quantitySteps(input: QuantityStepsInput): QuantityStep[] {
  const { now } = input;
  const raw: RawStep[] = [];
  for (const entry of input.history) {
    const start = time(entry.starting_at);
    if (!Number.isFinite(start) || start > now) continue;
    const quantity = historyQuantity(entry);
    const unitPrice = historyUnitPrice(entry);
    const total = entry.data.reduce((sum, d) => sum + Number(d.total), 0);
    raw.push({ start, quantity, assigned: null, unitPrice, total: Number.isFinite(total) ? total : null, endsAt: null });
  }
  raw.sort((a, b) => a.start - b.start);
  const lastPast = raw.at(-1)?.start ?? Number.NEGATIVE_INFINITY;
  const lastPrice = raw.at(-1)?.unitPrice ?? null;

  const future: Array<{ start: number; quantity: number; assigned: number | null; end: number | null }> = [];
  if (input.segments) {
    for (const s of input.segments) {
      future.push({
        start: time(s.starting_at),
        quantity: Number(s.total_quantity),
        assigned: s.assigned_seat_ids.length,
        end: s.ending_before ? time(s.ending_before) : null,
      });
    }
  } else {
    for (const item of input.schedule ?? []) {
      future.push({ start: time(item.starting_at), quantity: Number(item.quantity), assigned: null, end: item.ending_before ? time(item.ending_before) : null });
    }
  }
  future.sort((a, b) => a.start - b.start);
  // With no history (not fetched, or none yet) the schedule or segments give the past too.
  const hasHistory = raw.length > 0;
  for (const [i, item] of future.entries()) {
    if (!Number.isFinite(item.start)) continue;
    // Past segments of a seat-based subscription carry the assigned count of the history's steps.
    if (hasHistory && (item.start <= now || item.start <= lastPast)) {
      if (item.assigned !== null) {
        // A segment where only the assigned seats changed has no history entry of its own: it starts a step.
        const inForce = raw.findLast((step) => step.start <= item.start);
        if (inForce && inForce.start < item.start) {
          raw.push({ ...inForce, start: item.start, assigned: item.assigned, endsAt: null });
          raw.sort((a, b) => a.start - b.start);
        }
        for (const step of raw) if (step.start >= item.start && (item.end === null || step.start < item.end)) step.assigned ??= item.assigned;
      }
      const last = raw.at(-1);
      if (last) {
        // The item covering now ends with nothing after it: the last known step ends there.
        if (!future[i + 1] && item.end !== null && item.end > last.start) last.endsAt = item.end;
        continue;
      }
    }
    const next = future[i + 1];
    const endsAt = item.end !== null && (!next || next.start > item.end) ? item.end : null;
    raw.push({
      start: item.start,
      quantity: item.quantity,
      assigned: item.assigned,
      unitPrice: lastPrice,
      total: lastPrice === null ? null : lastPrice * item.quantity,
      endsAt,
    });
  }
  raw.sort((a, b) => a.start - b.start);

  const steps: QuantityStep[] = [];
  for (const [i, step] of raw.entries()) {
    const prev = steps.at(-1);
    if (prev && prev.end === null && prev.quantity === step.quantity && prev.unitPrice === step.unitPrice && prev.assigned === step.assigned) continue;
    if (prev && prev.end === null) prev.end = step.start;
    const next = raw[i + 1];
    const end = next ? (step.endsAt !== null && step.endsAt < next.start ? step.endsAt : null) : (step.endsAt ?? input.end);
    steps.push({
      start: step.start,
      end,
      quantity: step.quantity,
      assigned: step.assigned,
      unitPrice: step.unitPrice,
      total: step.total,
      scheduled: step.start > now,
    });
  }
  for (const [i, step] of steps.entries()) {
    const next = steps[i + 1];
    if (step.end === null && next) step.end = next.start;
  }
  return steps;
}

/** The steps that overlap [from, to). */
export function stepsInRange(steps: readonly QuantityStep[], from: number, to: number): QuantityStep[] {
  return steps.filter((s) => s.start < to && (s.end === null || s.end > from));
}

/** Chart points for the steps inside [from, to): one point per step start (clipped to `from`) and one at the end. */
export function quantityChartPoints(steps: readonly QuantityStep[], from: number, to: number): Array<{ t: number; quantity: number; total: number | null }> {
  const inRange = stepsInRange(steps, from, to);
  const points = inRange.map((s) => ({ t: Math.max(s.start, from), quantity: s.quantity, total: s.total }));
  const last = inRange.at(-1);
  if (last) {
    const endT = last.end === null ? to : Math.min(last.end, to);
    points.push(last.end !== null && last.end <= to ? { t: endT, quantity: 0, total: 0 } : { t: endT, quantity: last.quantity, total: last.total });
  }
  return points;
}

/** The step in force at t, or null before the first step and from the end of the last. */
export function stepAt(steps: readonly QuantityStep[], t: number): QuantityStep | null {
  return steps.find((s) => s.start <= t && (s.end === null || t < s.end)) ?? null;
}

/** The seat quantity in force at t (null where no step covers t). */
export function quantityAt(steps: readonly QuantityStep[], t: number): number | null {
  return stepAt(steps, t)?.quantity ?? null;
}

/** How many changes of quantity start after now (scheduled changes). */
export function scheduledChangeCount(steps: readonly QuantityStep[]): number {
  return steps.filter((s, i) => s.scheduled && (i === 0 || steps[i - 1]!.quantity !== s.quantity || steps[i - 1]!.end !== s.start)).length;
}

/** A step function as points: one at each step start, and a 0 where a step ends with nothing after it. */
export function quantityPoints(steps: readonly QuantityStep[]): Array<{ t: number; value: number }> {
  const points: Array<{ t: number; value: number }> = [];
  for (const [i, s] of steps.entries()) {
    points.push({ t: s.start, value: s.quantity });
    const next = steps[i + 1];
    if (s.end !== null && (!next || next.start > s.end)) points.push({ t: s.end, value: 0 });
  }
  return points;
}

export interface SeatTotals {
  assigned: number;
  unassigned: number;
  total: number;
  /** Assigned seat IDs. */
  seatIds: readonly string[];
  /** When this state started and ends (null: open-ended). */
  since: string | null;
  until: string | null;
}

function covers(start: string, end: string | null, t: number): boolean {
  const s = parseTime(start);
  const e = end === null ? null : parseTime(end);
  return s !== null && s <= t && (e === null || t < e);
}

/** Seats at t (seat-based): the seats-history segment covering t (the last one that started, when none covers it). */
export function seatsAt(segments: readonly SeatSegment[], t: number): SeatTotals | null {
  const sorted = [...segments].sort((a, b) => (parseTime(a.starting_at) ?? 0) - (parseTime(b.starting_at) ?? 0));
  const segment =
    sorted.find((s) => covers(s.starting_at, s.ending_before, t)) ??
    [...sorted].reverse().find((s) => (parseTime(s.starting_at) ?? Infinity) <= t) ??
    null;
  if (!segment) return null;
  const total = Number(segment.total_quantity);
  const ids = segment.assigned_seat_ids ?? [];
  return {
    assigned: ids.length,
    unassigned: Math.max(0, total - ids.length),
    total,
    seatIds: ids,
    since: segment.starting_at,
    until: segment.ending_before,
  };
}
