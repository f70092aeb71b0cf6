/** Pure shaping of the quantity and balance series shown in the strip (tests beside). */

export interface StepPoint {
  /** epoch ms */
  t: number;
  value: number;
}

interface QuantityHistoryLike {
  starting_at: string;
  data: ReadonlyArray<{ quantity: number }>;
}
interface ScheduleItemLike {
  quantity: number;
  starting_at: string;
  ending_before?: string;
}
interface SeatSegmentLike {
  starting_at: string;
  ending_before: string | null;
  total_quantity: number | string;
}

const time = (iso: string) => new Date(iso).getTime();

/** Orders by time and keeps the last value given for one instant. */
function normalise(points: StepPoint[]): StepPoint[] {
  const byTime = new Map<number, number>();
  for (const p of [...points].sort((a, b) => a.t - b.t)) if (Number.isFinite(p.t) && Number.isFinite(p.value)) byTime.set(p.t, p.value);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, value]) => ({ t, value }));
}

/**
 * Seat quantity over time for a QUANTITY_ONLY subscription: the past from the quantity history
 * (several data rows of one entry are tiers, summed), the future from the contract's
 * quantity_schedule (items starting after `now`; an item's ending_before with no follower drops to 0).
 */
export function quantitySteps(history: readonly QuantityHistoryLike[], schedule: readonly ScheduleItemLike[], now: number): StepPoint[] {
  const points: StepPoint[] = history
    .filter((h) => time(h.starting_at) <= now)
    .map((h) => ({ t: time(h.starting_at), value: h.data.reduce((sum, d) => sum + Number(d.quantity), 0) }));
  const sorted = [...schedule].sort((a, b) => time(a.starting_at) - time(b.starting_at));
  for (const [i, item] of sorted.entries()) {
    const start = time(item.starting_at);
    // The item covering now is in the history already (unless the history is empty).
    if (start > now || points.length === 0) points.push({ t: start, value: Number(item.quantity) });
    const next = sorted[i + 1];
    if (item.ending_before && (!next || time(next.starting_at) > time(item.ending_before)) && time(item.ending_before) > now) {
      points.push({ t: time(item.ending_before), value: 0 });
    }
  }
  return normalise(points);
}

/** Seat quantity over time for a SEAT_BASED subscription, from seats-history segments (past and scheduled). */
export function seatSegmentSteps(segments: readonly SeatSegmentLike[]): StepPoint[] {
  const points: StepPoint[] = [];
  const sorted = [...segments].sort((a, b) => time(a.starting_at) - time(b.starting_at));
  for (const [i, segment] of sorted.entries()) {
    points.push({ t: time(segment.starting_at), value: Number(segment.total_quantity) });
    const next = sorted[i + 1];
    if (segment.ending_before && (!next || time(next.starting_at) > time(segment.ending_before))) {
      points.push({ t: time(segment.ending_before), value: 0 });
    }
  }
  return normalise(points);
}

/** Running balance from ledger entries (amounts signed), one point per instant. */
export function runningBalance(entries: ReadonlyArray<{ timestamp: string; amount: number }>): StepPoint[] {
  const sorted = [...entries].sort((a, b) => time(a.timestamp) - time(b.timestamp));
  let sum = 0;
  const points: StepPoint[] = [];
  for (const entry of sorted) {
    sum += Number(entry.amount);
    points.push({ t: time(entry.timestamp), value: sum });
  }
  return normalise(points);
}

/** The value in force at `t` (step semantics), or null before the first point. */
export function valueAt(points: readonly StepPoint[], t: number): number | null {
  let value: number | null = null;
  for (const p of points) {
    if (p.t <= t) value = p.value;
    else break;
  }
  return value;
}

/**
 * Keeps the points inside [from, to] and adds a point at each edge carrying the value in force
 * there, so a step line spans the whole window.
 */
export function clipSteps(points: readonly StepPoint[], from: number, to: number): StepPoint[] {
  const inside = points.filter((p) => p.t >= from && p.t <= to);
  const startValue = valueAt(points, from);
  const endValue = valueAt(points, to);
  const out = [...inside];
  if (startValue !== null && !inside.some((p) => p.t === from)) out.unshift({ t: from, value: startValue });
  if (endValue !== null && !inside.some((p) => p.t === to)) out.push({ t: to, value: endValue });
  return out;
}

/** The next change after `now`, if any. */
export function nextChange(points: readonly StepPoint[], now: number): StepPoint | null {
  const current = valueAt(points, now);
  return points.find((p) => p.t > now && p.value !== current) ?? null;
}
