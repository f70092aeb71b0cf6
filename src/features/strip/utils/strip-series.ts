/** Pure shaping of the step series shown in the strip (quantity over time itself: domain/quantity-over-time). */

export interface StepPoint {
  /** epoch ms */
  t: number;
  value: number;
}

const time = (iso: string) => new Date(iso).getTime();

/** Orders by time and keeps the last value given for one instant. */
function normalise(points: StepPoint[]): StepPoint[] {
  const byTime = new Map<number, number>();
  for (const p of [...points].sort((a, b) => a.t - b.t)) if (Number.isFinite(p.t) && Number.isFinite(p.value)) byTime.set(p.t, p.value);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, value]) => ({ t, value }));
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
