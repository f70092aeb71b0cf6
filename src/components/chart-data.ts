import { translate } from "../lib/i18n-core";
import { componentsMessages } from "../locales/en/components";
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

/**
 * Tick times for a time axis: the first of each month (UTC) inside the domain, thinned to at most
 * `max` ticks; days (every n days) when the domain is shorter than two months.
 */
export function timeTicks([from, to]: [number, number], max = 6): number[] {
  const day = 24 * 3600_000;
  const ticks: number[] = [];
  if (to - from < 60 * day) {
    const step = Math.max(1, Math.ceil((to - from) / day / max));
    const start = new Date(from);
    start.setUTCHours(0, 0, 0, 0);
    for (let t = start.getTime() < from ? start.getTime() + day : start.getTime(); t <= to; t += step * day) ticks.push(t);
    return ticks;
  }
  const d = new Date(from);
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (t < from) t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  while (t <= to) {
    ticks.push(t);
    const m = new Date(t);
    t = Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1);
  }
  const every = Math.ceil(ticks.length / max);
  return ticks.filter((_, i) => i % every === 0);
}

/** What the table and legend need of a series. */
export interface SeriesLike {
  id: string;
  label: string;
  /** Points after this time are drawn dashed. */
  dashedAfter?: number;
  /** What the dashed part is ("scheduled" by default; "forecast" for a projection). */
  futureLabel?: string;
}

export interface TableRow {
  point: ChartPoint;
  /** "scheduled", "forecast", …: what the row is when it lies after now; null otherwise. */
  note: string | null;
}

/**
 * The rows of a chart's table equivalent: the first point and every point where some series
 * changes (points that only repeat the values before them, such as a window's edge, are left
 * out), each after a changed series' dashed cut (its `dashedAfter`, else `now`) noted with what
 * that part is (scheduled, forecast, pending), so no row says "scheduled" when nothing is.
 */
export function tableRows(data: readonly ChartPoint[], series: readonly SeriesLike[], now: number | undefined): TableRow[] {
  const rows: TableRow[] = [];
  const last = new Map<string, number>();
  for (const point of [...data].sort((a, b) => a.t - b.t)) {
    const changed = series.filter((s) => {
      const v = point[s.id];
      return typeof v === "number" && last.get(s.id) !== v;
    });
    for (const s of changed) last.set(s.id, point[s.id] as number);
    if (rows.length > 0 && changed.length === 0) continue;
    // A series' dashed part starts at its own cut (usually now; "pending" usage starts earlier).
    const ahead = changed.filter((s) => {
      const cut = s.dashedAfter ?? now;
      return cut !== undefined && point.t > cut;
    });
    const notes = [...new Set(ahead.map((s) => s.futureLabel ?? translate(componentsMessages, "components.chart.scheduled")))];
    rows.push({ point, note: notes.length > 0 ? notes.join(", ") : null });
  }
  return rows;
}

export interface LegendEntry {
  key: string;
  label: string;
  seriesId: string;
  dashed: boolean;
}

/**
 * Legend entries: each series once, solid for its part up to `dashedAfter` and dashed, labelled
 * with what it is ("Seats (scheduled)"), for the part after, each only where the data has it (a
 * dashed part only where the value changes ahead).
 */
export function legendEntries(data: readonly ChartPoint[], series: readonly SeriesLike[]): LegendEntry[] {
  const entries: LegendEntry[] = [];
  for (const s of series) {
    const points = [...data].filter((p) => typeof p[s.id] === "number").sort((a, b) => a.t - b.t);
    const cut = s.dashedAfter;
    // A line that only starts at the cut (a projection from now) has no solid part.
    const hasPast = cut === undefined ? points.length > 0 : points.some((p) => p.t < cut);
    // Ahead counts only where the value changes (a window's edge repeating the value is no plan).
    const hasFuture = cut !== undefined && points.some((p, i) => p.t > cut && (i === 0 || points[i - 1]![s.id] !== p[s.id]));
    if (hasPast || !hasFuture) entries.push({ key: s.id, label: s.label, seriesId: s.id, dashed: false });
    if (hasFuture) {
      const future = s.futureLabel ?? translate(componentsMessages, "components.chart.scheduled");
      const label = hasPast ? translate(componentsMessages, "components.chart.withNote", { label: s.label, note: future }) : s.label;
      entries.push({ key: `${s.id}-future`, label, seriesId: s.id, dashed: true });
    }
  }
  return entries;
}
