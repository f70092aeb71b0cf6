import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "../../../components/badge";
import { Card } from "../../../components/card";
import { TimeChart, type ChartPoint } from "../../../components/chart";
import { DataTable, type Column } from "../../../components/data-table";
import { ErrorState } from "../../../components/error-state";
import { ExportButton } from "../../../components/export-button";
import { Skeleton } from "../../../components/spinner";
import { fiatCreditTypeId, isSeatBased, type Subscription } from "../../../domain/subscription";
import type { CsvColumn } from "../../../lib/csv";
import { csvFileName } from "../../../lib/csv";
import type { DateRange } from "../../../lib/date-range";
import { rangeTimes } from "../../../lib/date-range-check";
import { csvAmount, formatAmount, formatCompactNumber, formatCreditTypeName, formatDate, formatNumber, formatSeats } from "../../../lib/format";
import { quantityHistoryQuery, seatsHistoryQuery } from "../../../lib/metronome-queries";
import { failedFirstLoad } from "../../../lib/query-state";
import { quantityChartPoints, quantitySteps, stepAt, stepsInRange, type QuantityStep } from "../../../domain/quantity-over-time";
import { useT } from "../../../lib/i18n";
import { historyMessages } from "../../../locales/en/history";

export interface QuantityHistoryPanelProps {
  customerId: string;
  contractId: string;
  subscription: Subscription;
  /** End of the subscription (ISO), if it ends. */
  subscriptionEnd: string | null;
  range: DateRange;
  now: number;
}

const iso = (t: number | null) => (t === null ? "" : new Date(t).toISOString());

/** H1: seat quantity over time (past and scheduled) with price per seat and total per step; chart, table, CSV. */
export function QuantityHistoryPanel({ customerId, contractId, subscription, subscriptionEnd, range, now }: QuantityHistoryPanelProps) {
  const t = useT(historyMessages);
  const subscriptionId = subscription.id ?? "";
  const seatBased = isSeatBased(subscription);
  const history = useQuery(quantityHistoryQuery(customerId, contractId, subscriptionId));
  const segments = useQuery({ ...seatsHistoryQuery(customerId, contractId, subscriptionId), enabled: seatBased });
  const fiat = fiatCreditTypeId(subscription, history.data);
  const money = (v: number | null) => formatAmount(v, fiat);

  const steps = useMemo<QuantityStep[] | null>(() => {
    if (!history.data || (seatBased && !segments.data)) return null;
    return quantitySteps({
      history: history.data.history,
      ...(seatBased ? { segments: segments.data } : { schedule: subscription.quantity_schedule }),
      now,
      end: subscriptionEnd ? Date.parse(subscriptionEnd) : null,
    });
  }, [history.data, segments.data, seatBased, subscription.quantity_schedule, now, subscriptionEnd]);

  const [from, to] = rangeTimes(range);
  const shown = useMemo(() => (steps ? stepsInRange(steps, from, to) : []), [steps, from, to]);
  const points = useMemo<ChartPoint[]>(
    () => (steps ? quantityChartPoints(steps, from, to).map((p) => ({ t: p.t, quantity: p.quantity, total: p.total })) : []),
    [steps, from, to],
  );

  const failed = failedFirstLoad([history, segments]);
  if (failed) return <ErrorState error={failed.error} title={t("history.q.failed")} onRetry={() => void failed.refetch()} />;

  const columns: Array<Column<QuantityStep>> = [
    { id: "from", header: t("history.col.from"), cell: (s) => formatDate(s.start) },
    { id: "to", header: t("history.col.until"), cell: (s) => (s.end === null ? t("history.openEnded") : formatDate(s.end)) },
    { id: "seats", header: t("history.col.seats"), align: "right", cell: (s) => formatNumber(s.quantity) },
    ...(seatBased ? [{ id: "assigned", header: t("history.col.assigned"), align: "right" as const, cell: (s: QuantityStep) => formatNumber(s.assigned) }] : []),
    { id: "price", header: t("history.col.price"), align: "right", cell: (s) => money(s.unitPrice) },
    { id: "total", header: t("history.col.total"), align: "right", cell: (s) => money(s.total) },
    {
      id: "status",
      header: t("history.col.status"),
      cell: (s) =>
        s.scheduled ? <Badge tone="brand">{t("history.scheduled")}</Badge> : s.start <= now && (s.end === null || s.end > now) ? <Badge tone="success">{t("history.current")}</Badge> : <Badge>{t("history.past")}</Badge>,
    },
  ];
  const csvColumns: Array<CsvColumn<QuantityStep>> = [
    { header: "starting_at", value: (s) => iso(s.start) },
    { header: "ending_before", value: (s) => iso(s.end) },
    { header: "quantity", value: (s) => s.quantity },
    ...(seatBased ? [{ header: "assigned", value: (s: QuantityStep) => s.assigned }] : []),
    { header: "currency", value: () => formatCreditTypeName(fiat) },
    { header: "unit_price", value: (s) => csvAmount(s.unitPrice, fiat) },
    { header: "total", value: (s) => csvAmount(s.total, fiat) },
    { header: "status", value: (s) => (s.scheduled ? "scheduled" : "past or current") },
  ];
  const current = steps ? stepAt(steps, now) : null;
  const nextScheduled = steps?.find((s) => s.scheduled);
  const summary = current
    ? t("history.q.summaryNow", { seats: formatSeats(current.quantity), price: money(current.unitPrice), total: money(current.total) }) +
      (nextScheduled ? t("history.q.summaryNext", { seats: formatSeats(nextScheduled.quantity), date: formatDate(nextScheduled.start) }) : t("history.q.summaryNoNext")) +
      t("history.q.steps", { count: shown.length, from: formatDate(from), to: formatDate(to - 1) })
    : t("history.q.noSeats", { from: formatDate(from), to: formatDate(to - 1) });

  return (
    <Card
      title={t("history.q.title")}
      titleId="quantity-history-title"
      description={t("history.q.description")}
      actions={
        <ExportButton
          what={t("history.q.what")}
          fileName={csvFileName("seat-quantity-history", range.from, range.to)}
          columns={csvColumns}
          rows={shown}
          disabled={!steps}
        />
      }
    >
      {!steps ? (
        <Skeleton className="h-56 w-full" label={t("history.q.loading")} />
      ) : (
        <div className="space-y-4">
          {/* Seats and money are two units: two charts, each on its own one axis. */}
          <div className="grid gap-4 lg:grid-cols-2">
            <TimeChart
              title={t("history.q.seatsOverTime")}
              data={points}
              now={now}
              xDomain={[from, to]}
              height={220}
              yRange="data"
              summary={summary}
              showSummary
              series={[{ id: "quantity", label: t("history.col.seats"), color: "chart-1", dashedAfter: now, format: (v) => formatSeats(v), formatAxis: (v) => formatCompactNumber(v) }]}
              empty={t("history.q.noSeatsInPeriod")}
            />
            <TimeChart
              title={t("history.q.totalTitle", { currency: formatCreditTypeName(fiat) })}
              data={points}
              now={now}
              xDomain={[from, to]}
              height={220}
              yRange="data"
              showSummary
              summary={current ? t("history.q.totalSummary", { total: money(current.total), seats: formatSeats(current.quantity), price: money(current.unitPrice) }) : summary}
              series={[{ id: "total", label: t("history.col.total"), color: "chart-2", dashedAfter: now, format: (v) => money(v), formatAxis: (v) => formatCompactNumber(v / 100) }]}
              empty={t("history.q.noSeatsInPeriod")}
            />
          </div>
          <DataTable
            caption={t("history.q.caption")}
            columns={columns}
            rows={shown}
            rowKey={(s) => String(s.start)}
            empty={t("history.q.none")}
          />
        </div>
      )}
    </Card>
  );
}
