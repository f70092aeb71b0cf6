/**
 * H1: the seat quantity of a subscription as steps over time, each with its price per seat and
 * total: the past from the quantity history, the future from the contract's quantity_schedule
 * (quantity subscriptions) or the future seats-history segments (seat-based subscriptions).
 */
import { historyQuantity, historyUnitPrice, type QuantityHistoryEntry, type SeatSegment, type Subscription } from "../../../domain/subscription";

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
  for (const [i, item] of future.entries()) {
    if (!Number.isFinite(item.start)) continue;
    // Past segments of a seat-based subscription carry the assigned count of the history's steps.
    if (item.start <= now || item.start <= lastPast) {
      if (item.assigned !== null) {
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
