import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatShortDate } from "../lib/format";
import { chartColor, type TimeChartProps } from "./chart";
import { FUTURE_SUFFIX, PAST_SUFFIX, splitSeriesAt, timeDomain, timeTicks, type ChartPoint } from "./chart-data";
import { translate } from "../lib/i18n-core";
import { componentsMessages } from "../locales/en/components";

interface ImplProps extends TimeChartProps {
  height: number;
  formatTime: (t: number) => string;
}

/** The Recharts part of TimeChart (loaded lazily, so Recharts stays out of the first paint). */
export function ChartImpl({ data, series, now, xDomain, height, formatTime, yRange = "zero" }: ImplProps) {
  let points: ChartPoint[] = [...data];
  for (const s of series) if (s.dashedAfter !== undefined) points = splitSeriesAt(points, s.id, s.dashedAfter);
  const domain = xDomain ?? timeDomain(points, [now]) ?? [0, 1];
  const first = series[0];
  const grid = "var(--color-chart-grid)";
  const muted = "var(--color-muted)";

  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart accessibilityLayer={false} data={points} margin={{ top: 16, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={grid} strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={domain}
          ticks={timeTicks(domain)}
          tickFormatter={(t: number) => formatShortDate(t)}
          stroke={muted}
          tick={{ fill: muted, fontSize: 12 }}
          minTickGap={16}
          allowDataOverflow
        />
        <YAxis
          yAxisId="left"
          stroke={muted}
          tick={{ fill: muted, fontSize: 12 }}
          width={56}
          allowDecimals={false}
          domain={yRange === "data" ? ["auto", "auto"] : [0, "auto"]}
          tickFormatter={(v: number) => (first ? (first.formatAxis ?? first.format)(v) : String(v))}
        />
        <Tooltip
          labelFormatter={(t) => formatTime(Number(t))}
          formatter={(value, name) => {
            const s = series.find((x) => x.label === name);
            return [typeof value === "number" && s ? s.format(value) : String(value), name];
          }}
          contentStyle={{
            background: "var(--color-surface)",
            border: "1px solid var(--color-border)",
            color: "var(--color-text)",
            borderRadius: 6,
          }}
          labelStyle={{ color: "var(--color-text)" }}
        />
        {now !== undefined ? (
          <ReferenceLine
            yAxisId="left"
            x={now}
            stroke="var(--color-text)"
            strokeDasharray="2 2"
            label={{ value: translate(componentsMessages, "components.chart.now"), position: "top", fill: "var(--color-text)", fontSize: 12 }}
          />
        ) : null}
        {series.flatMap((s) => {
          const common = {
            yAxisId: "left",
            type: s.shape === "line" ? ("linear" as const) : ("stepAfter" as const),
            stroke: chartColor(s.color),
            strokeWidth: 2,
            dot: false,
            isAnimationActive: false,
            name: s.label,
          };
          if (s.dashedAfter === undefined) return [<Line key={s.id} dataKey={s.id} connectNulls {...common} />];
          return [
            <Line key={`${s.id}p`} dataKey={`${s.id}${PAST_SUFFIX}`} connectNulls {...common} />,
            <Line
              key={`${s.id}f`}
              dataKey={`${s.id}${FUTURE_SUFFIX}`}
              connectNulls
              strokeDasharray="6 4"
              legendType="none"
              tooltipType="none"
              {...common}
              name={translate(componentsMessages, "components.chart.withNote", { label: s.label, note: s.futureLabel ?? translate(componentsMessages, "components.chart.scheduled") })}
            />,
          ];
        })}
      </LineChart>
    </ResponsiveContainer>
  );
}
