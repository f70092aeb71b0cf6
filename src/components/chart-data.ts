/** Pure data shaping for the chart wrapper (tested in chart-data.test.ts). */

/** One point of a time series chart: `t` is epoch milliseconds, the rest are series values by id. */
export type ChartPoint = { t: number } & Record<string, number | null>;

export const PAST_SUFFIX = "__past";
export const FUTURE_SUFFIX = "__future";

/**
 * Splits series `key` at time `cut` into `key__past` (points up to and including `cut`) and
 * `key__future` (from `cut` on), so the future part can be drawn dashed. A point is inserted at
 * `cut` carrying the value in force then (step semantics: the last value at or before `cut`), so
 * both halves meet at the cut with no gap. Points are returned sorted by `t`.
 */
export function splitSeriesAt(data: readonly ChartPoint[], key: string, cut: number): ChartPoint[] {
  const sorted = [...data].sort((a, b) => a.t - b.t);
  let valueAtCut: number | null = null;
  for (const point of sorted) {
    const v = point[key];
    if (point.t <= cut && typeof v === "number") valueAtCut = v;
  }
  const hasCutPoint = sorted.some((p) => p.t === cut);
  const withCut: ChartPoint[] = hasCutPoint ? sorted : [...sorted, { t: cut } as ChartPoint].sort((a, b) => a.t - b.t);
  return withCut.map((point) => {
    const raw = point[key];
    const value = typeof raw === "number" ? raw : null;
    const atCut = point.t === cut;
    const v = atCut ? (value ?? valueAtCut) : value;
    return {
      ...point,
      [`${key}${PAST_SUFFIX}`]: point.t <= cut ? v : null,
      [`${key}${FUTURE_SUFFIX}`]: point.t >= cut ? v : null,
    };
  });
}

/** [min, max] of `t`, widened to include `extra` times (e.g. now); null for no data. */
export function timeDomain(data: readonly ChartPoint[], extra: ReadonlyArray<number | null | undefined> = []): [number, number] | null {
  const times = [...data.map((p) => p.t), ...extra.filter((t): t is number => typeof t === "number")];
  if (times.length === 0) return null;
  let min = Math.min(...times);
  let max = Math.max(...times);
  if (min === max) {
    min -= 12 * 3600_000;
    max += 12 * 3600_000;
  }
  return [min, max];
}
