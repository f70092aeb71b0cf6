import { lazy, Suspense, useEffect, useId, useRef, useState, type ReactNode, type RefObject } from "react";
import { formatDate, formatDateTime } from "../lib/format";
import { Button } from "./button";
import { legendEntries, tableRows, type ChartPoint } from "./chart-data";
import { ErrorBoundary } from "./error-boundary";
import { Skeleton } from "./spinner";
import { useT } from "../lib/i18n";
import { componentsMessages } from "../locales/en/components";

export type { ChartPoint } from "./chart-data";

/** Theme colours for series: index into --color-chart-1..3 (and brand/danger/success). */
export type ChartColor = "chart-1" | "chart-2" | "chart-3" | "brand" | "danger" | "success" | "warning" | "muted";

export interface ChartSeries {
  /** Key of the value in each ChartPoint. */
  id: string;
  /** Legend, tooltip and table header. */
  label: string;
  color: ChartColor;
  /** "step": value holds until the next point (quantities, balances); "line": straight segments. */
  shape?: "step" | "line";
  /** Points after this time (epoch ms) are drawn dashed (scheduled future). Usually `now`. */
  dashedAfter?: number;
  /** What the dashed part is, in the legend and the table: "scheduled" (default) or e.g. "forecast". */
  futureLabel?: string;
  /** Formats a value for the tooltip, the axis and the table. */
  format: (value: number) => string;
  /** Shorter axis labels (default `format`). */
  formatAxis?: (value: number) => string;
}

export interface TimeChartProps {
  /** Accessible name of the chart and caption of its data table. */
  title: string;
  data: readonly ChartPoint[];
  series: ChartSeries[];
  /** Draws a "Now" marker at this time (epoch ms). */
  now?: number;
  /** Fixed x range (epoch ms); default: the data (and now). */
  xDomain?: [number, number];
  height?: number;
  /**
   * The value axis: "zero" (default) starts at 0; "data" spans the data (small changes on a large
   * count, such as 960 → 1,000 seats, stay visible), and the axis says so with its ticks.
   */
  yRange?: "zero" | "data";
  /** A sentence describing what the chart shows, read by screen readers (and shown under the chart if `showSummary`). */
  summary: string;
  showSummary?: boolean;
  /** Table rows show date-times instead of dates. */
  withTime?: boolean;
  /** "toggle" (default): a "Show table" button; "hidden": a table for screen readers only. */
  table?: "toggle" | "hidden";
  /** Shown when data is empty. */
  empty?: ReactNode;
  className?: string;
}

const ChartImpl = lazy(() => import("./chart-impl").then((m) => ({ default: m.ChartImpl })));

/** CSS variable of a chart colour. */
export function chartColor(color: ChartColor): string {
  return color.startsWith("chart-") ? `var(--color-${color})` : `var(--color-${color === "muted" ? "muted" : color})`;
}

/**
 * The one chart of the dashboard: a responsive time series (Recharts, loaded lazily) with step or
 * straight lines on one value axis (one unit per chart: two units are two charts), dashed future
 * segments, a "now" marker, colours only from CSS variables, a legend whenever it draws more than
 * one line, and a data table equivalent (toggle or screen-reader only) plus a summary sentence.
 * The drawing is one image named by the title and the summary, and takes no focus: the table
 * toggle ("Show table: <title>") is the chart's one tab stop.
 */
export function TimeChart(props: TimeChartProps) {
  const { title, data, series, height = 200, summary, showSummary, withTime, table = "toggle", empty, className } = props;
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  const t = useT(componentsMessages);
  const drawing = useRef<HTMLDivElement>(null);
  useOutOfTabOrder(drawing, data.length > 0);
  const rows = [...data].sort((a, b) => a.t - b.t);
  const tableBody = tableRows(rows, series, props.now);
  const legend = legendEntries(rows, series);
  const formatTime = withTime ? (t: number) => formatDateTime(t) : (t: number) => formatDate(t);
  const tableVisible = table === "toggle" && showTable;

  return (
    <figure className={className} aria-labelledby={`${id}-title`}>
      <figcaption className="flex flex-wrap items-center justify-between gap-2">
        <span id={`${id}-title`} className="text-sm font-medium">
          {title}
        </span>
        {table === "toggle" && rows.length > 0 ? (
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={showTable}
            aria-controls={`${id}-table`}
            aria-label={t("components.chart.tableFor", { action: t(showTable ? "components.chart.hideTable" : "components.chart.showTable"), title })}
            onClick={() => setShowTable((s) => !s)}
          >
            {t(showTable ? "components.chart.hideTable" : "components.chart.showTable")}
          </Button>
        ) : null}
      </figcaption>
      <p id={`${id}-summary`} className={showSummary ? "mt-1 text-xs text-[var(--color-muted)]" : "sr-only"}>
        {summary}
      </p>
      {rows.length > 0 && legend.length > 1 ? <ChartLegend entries={legend} series={series} /> : null}
      {rows.length === 0 ? (
        <div className="mt-2 flex items-center justify-center rounded-md border border-dashed border-[var(--color-border)] text-sm text-[var(--color-muted)]" style={{ height }}>
          {empty ?? t("components.chart.noData")}
        </div>
      ) : (
        <div ref={drawing} role="img" aria-labelledby={`${id}-title ${id}-summary`} className="mt-1 min-w-0" style={{ height }}>
          <ErrorBoundary fallback={() => <p className="text-sm text-[var(--color-muted)]">{t("components.chart.notDrawn")}</p>}>
            <Suspense fallback={<Skeleton className="h-full w-full" />}>
              <ChartImpl {...props} height={height} data={rows} formatTime={formatTime} />
            </Suspense>
          </ErrorBoundary>
        </div>
      )}
      {rows.length > 0 ? (
        <div id={`${id}-table`} className={tableVisible ? "mt-2 max-h-72 overflow-auto rounded-md border border-[var(--color-border)]" : "sr-only"}>
          <table className="w-full text-sm">
            <caption className="sr-only">{title}</caption>
            <thead className="sticky top-0 bg-[var(--color-surface-2)]">
              <tr>
                <th scope="col" className="px-3 py-1.5 text-left font-medium">
                  {t(withTime ? "components.chart.time" : "components.chart.date")}
                </th>
                {series.map((s) => (
                  <th key={s.id} scope="col" className="px-3 py-1.5 text-right font-medium">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tableBody.map(({ point: row, note }) => (
                <tr key={row.t} className="border-t border-[var(--color-border)]">
                  <th scope="row" className="px-3 py-1 text-left font-normal whitespace-nowrap">
                    {formatTime(row.t)}
                    {note ? ` (${note})` : ""}
                  </th>
                  {series.map((s) => {
                    const v = row[s.id];
                    return (
                      <td key={s.id} className="px-3 py-1 text-right tabular-nums">
                        {typeof v === "number" ? s.format(v) : "—"}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </figure>
  );
}

/**
 * Keeps the drawing out of the tab order: Chromium focuses Recharts' layer groups (`<g>`) on Tab
 * although they take no input, so each one (and each the chart adds later) gets tabindex="-1".
 */
function useOutOfTabOrder(ref: RefObject<HTMLElement | null>, drawn: boolean): void {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const mark = () => {
      for (const node of root.querySelectorAll("svg, g")) if (!node.hasAttribute("tabindex")) node.setAttribute("tabindex", "-1");
    };
    mark();
    const observer = new MutationObserver(mark);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [ref, drawn]);
}

/** The chart's legend: a line swatch per series part (solid, or dashed for what lies ahead) and its label. */
function ChartLegend({ entries, series }: { entries: ReturnType<typeof legendEntries>; series: readonly ChartSeries[] }) {
  return (
    <ul aria-label="Legend" className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-[var(--color-muted)]">
      {entries.map((entry) => {
        const s = series.find((x) => x.id === entry.seriesId);
        return (
          <li key={entry.key} className="flex items-center gap-1.5">
            <svg aria-hidden="true" width="20" height="8" viewBox="0 0 20 8" className="shrink-0">
              <line x1="0" y1="4" x2="20" y2="4" stroke={s ? chartColor(s.color) : "currentColor"} strokeWidth="2" strokeDasharray={entry.dashed ? "6 4" : undefined} />
            </svg>
            <span>{entry.label}</span>
          </li>
        );
      })}
    </ul>
  );
}
