import { useMemo, useState } from "react";
import { useQueries } from "@tanstack/react-query";
import { Badge } from "../../../components/badge";
import { Button } from "../../../components/button";
import { DataTable, type Column } from "../../../components/data-table";
import { ErrorState } from "../../../components/error-state";
import { Spinner } from "../../../components/spinner";
import { formatAmount, formatDateTime, formatNumber, formatSeats, type CreditTypeNames } from "../../../lib/format";
import { failedFirstLoad } from "../../../lib/query-state";
import { seatStatusesQuery, sortSeatStatuses, type SeatStatus } from "../api/alert-queries";
import { alertStatusLabels } from "../utils/alert-model";
import { NEXT_BATCH, seatBatches, seatsCovered, type SeatBalanceLine } from "../utils/seat-batches";
import { useT } from "../../../lib/i18n";
import { alertsMessages } from "../../../locales/en/alerts";

export interface SeatStatusPanelProps {
  customerId: string;
  alertId: string;
  alertName: string;
  seatGroupKey: string;
  threshold: number;
  /** The seats to show (one for a single-seat alert, every seat of the subscription otherwise) with their balances. */
  seats: readonly SeatBalanceLine[];
  /** Seats whose balance is known (others show a dash). */
  knownBalances: ReadonlySet<string>;
  creditTypeId: string | null;
  names: CreditTypeNames;
}

/**
 * Each seat's status for a seat alert, seats in alarm first. Seats are checked lowest balance first
 * (see seat-batches.ts): the first batch finds every seat in alarm, more are checked on request.
 */
export function SeatStatusPanel({ customerId, alertId, alertName, seatGroupKey, threshold, seats, knownBalances, creditTypeId, names }: SeatStatusPanelProps) {
  const t = useT(alertsMessages);
  const [batchCount, setBatchCount] = useState(1);
  const [showAll, setShowAll] = useState(false);
  const batches = useMemo(() => seatBatches(seats, threshold, batchCount), [seats, threshold, batchCount]);
  const results = useQueries({ queries: batches.map((seatIds) => seatStatusesQuery(customerId, alertId, seatGroupKey, seatIds)) });
  const balances = useMemo(() => new Map(seats.map((s) => [s.seatId, s.balance])), [seats]);

  if (seats.length === 0) return <p className="text-sm text-[var(--color-muted)]">{t("alerts.seatStatus.noSeats")}</p>;
  const failed = failedFirstLoad(results);
  if (failed) {
    return (
      <ErrorState
        error={failed.error}
        title={t("alerts.seatStatus.loadError")}
        onRetry={() => results.forEach((r) => r.isError && void r.refetch())}
        retrying={results.some((r) => r.isFetching)}
      />
    );
  }
  const loaded = sortSeatStatuses(results.flatMap((r) => r.data ?? []));
  const loading = results.some((r) => r.isPending);
  if (loaded.length === 0 && loading) return <Spinner size="sm" label={t("alerts.seatStatus.checking", { seats: formatSeats(seatsCovered(batches)) })} />;

  const total = seats.length;
  const covered = seatsCovered(batches);
  const inAlarm = loaded.filter((s) => s.status === "in_alarm");
  const rows = showAll || (inAlarm.length === 0 && loaded.length <= 10) ? loaded : inAlarm;
  const hidden = loaded.length - rows.length;
  const columns: Array<Column<SeatStatus>> = [
    { id: "seat", header: t("alerts.seatStatus.seat"), cell: (s) => <span className="break-all">{s.seatId}</span> },
    {
      id: "status",
      header: t("alerts.seatStatus.status"),
      cell: (s) => <Badge tone={alertStatusLabels[s.status].tone}>{t(alertStatusLabels[s.status].label)}</Badge>,
    },
    {
      id: "balance",
      header: t("alerts.seatStatus.balance"),
      align: "right",
      cell: (s) => (knownBalances.has(s.seatId) ? formatAmount(balances.get(s.seatId), creditTypeId, names) : "—"),
    },
    { id: "since", header: t("alerts.seatStatus.since"), cell: (s) => formatDateTime(s.updatedAt) },
  ];
  const checked =
    covered >= total
      ? t("alerts.seatStatus.checkedAll", { seats: formatSeats(total) })
      : t("alerts.seatStatus.checkedLowest", { seats: formatSeats(covered), total: formatNumber(total) });
  return (
    <div className="space-y-2">
      <p className="text-sm" aria-live="polite">
        {inAlarm.length === 0
          ? t("alerts.seatStatus.noneInAlarm", { checked })
          : t("alerts.seatStatus.inAlarm", { count: formatNumber(inAlarm.length), checked })}
      </p>
      {rows.length > 0 ? (
        <DataTable caption={t("alerts.seatStatus.caption", { name: alertName })} captionHidden columns={columns} rows={rows} rowKey={(s) => s.seatId} />
      ) : null}
      <div className="flex flex-wrap gap-2">
        {hidden > 0 || showAll ? (
          <Button size="sm" variant="ghost" aria-expanded={showAll} onClick={() => setShowAll((v) => !v)}>
            {showAll ? t("alerts.seatStatus.onlyInAlarm") : t("alerts.seatStatus.showOk", { seats: formatSeats(hidden) })}
          </Button>
        ) : null}
        {covered < total ? (
          <Button size="sm" variant="ghost" loading={loading} onClick={() => setBatchCount((n) => n + 1)}>
            {t("alerts.seatStatus.checkMore", { seats: formatSeats(Math.min(NEXT_BATCH, total - covered)) })}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
