import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { Button } from "../../../components/button";
import { Card } from "../../../components/card";
import { TimeChart, type ChartPoint } from "../../../components/chart";
import { DataTable, type Column } from "../../../components/data-table";
import { EmptyState } from "../../../components/empty-state";
import { ErrorState } from "../../../components/error-state";
import { ExportButton } from "../../../components/export-button";
import { Field, Input } from "../../../components/field";
import { Skeleton } from "../../../components/spinner";
import { csvFileName, type CsvColumn } from "../../../lib/csv";
import type { DateRange } from "../../../lib/date-range";
import { rangeTimes } from "../../../lib/date-range-check";
import { formatCompactNumber, formatDate, formatNumber, formatSeats } from "../../../lib/format";
import { seatsHistoryQuery } from "../../../lib/metronome-queries";
import { intervalsInRange, seatChanges, seatIntervals, type SeatChange, type SeatInterval } from "../utils/seat-intervals";
import { useT } from "../../../lib/i18n";
import { historyMessages } from "../../../locales/en/history";

export interface SeatHistoryPanelProps {
  customerId: string;
  contractId: string;
  subscriptionId: string;
  range: DateRange;
  now: number;
  /** The seat search (kept in the URL by the page). */
  search: string;
  onSearch: (value: string) => void;
  /** Link to one seat's page. */
  seatHref: (seatId: string) => string;
}

const PAGE = 50;
const iso = (t: number | null) => (t === null ? "" : new Date(t).toISOString());

function SeatList({ ids, seatHref, verb }: { ids: string[]; seatHref: (id: string) => string; verb: string }) {
  const t = useT(historyMessages);
  const [all, setAll] = useState(false);
  const shown = all ? ids : ids.slice(0, 8);
  return (
    <span>
      {verb} {formatSeats(ids.length)}:{" "}
      {shown.map((id, i) => (
        <span key={id}>
          {i > 0 ? ", " : ""}
          <Link className="break-all text-[var(--color-brand)] underline" to={seatHref(id)}>
            {id}
          </Link>
        </span>
      ))}
      {ids.length > shown.length ? (
        <>
          {" "}
          <Button size="sm" variant="ghost" onClick={() => setAll(true)}>
            {t("history.s.andMore", { count: formatNumber(ids.length - shown.length) })}
          </Button>
        </>
      ) : null}
    </span>
  );
}

/** H2: who held which seat when — assigned/total over time, a timeline of changes and a table of holdings. */
export function SeatHistoryPanel({ customerId, contractId, subscriptionId, range, now, search, onSearch, seatHref }: SeatHistoryPanelProps) {
  const t = useT(historyMessages);
  const segments = useQuery(seatsHistoryQuery(customerId, contractId, subscriptionId));
  const [limit, setLimit] = useState(PAGE);
  const [from, to] = rangeTimes(range);
  const changes = useMemo(() => (segments.data ? seatChanges(segments.data) : []), [segments.data]);
  const shownChanges = useMemo(() => changes.filter((c) => c.at < to && (c.until === null || c.until > from)), [changes, from, to]);
  const intervals = useMemo(() => (segments.data ? seatIntervals(segments.data) : []), [segments.data]);
  const needle = search.trim().toLowerCase();
  const holdings = useMemo(
    () => intervalsInRange(intervals, from, to).filter((i) => !needle || i.seatId.toLowerCase().includes(needle)),
    [intervals, from, to, needle],
  );
  const points = useMemo<ChartPoint[]>(() => {
    const inRange = shownChanges.map((c) => ({ t: Math.max(c.at, from), total: c.total, assigned: c.assigned }));
    const last = shownChanges.at(-1);
    if (last) inRange.push(last.until !== null && last.until <= to ? { t: last.until, total: 0, assigned: 0 } : { t: to, total: last.total, assigned: last.assigned });
    return inRange;
  }, [shownChanges, from, to]);

  if (segments.isLoadingError) return <ErrorState error={segments.error} title={t("history.s.failed")} onRetry={() => void segments.refetch()} />;

  const columns: Array<Column<SeatInterval>> = [
    { id: "seat", header: t("history.col.seat"), cell: (i) => <Link className="break-all text-[var(--color-brand)] underline" to={seatHref(i.seatId)}>{i.seatId}</Link> },
    { id: "from", header: t("history.col.assignedFrom"), cell: (i) => `${formatDate(i.start)}${i.start > now ? t("history.scheduledSuffix") : ""}` },
    { id: "to", header: t("history.col.until"), cell: (i) => (i.end === null ? t("history.stillAssigned") : `${formatDate(i.end)}${i.end > now ? t("history.scheduledSuffix") : ""}`) },
  ];
  const csvColumns: Array<CsvColumn<SeatInterval>> = [
    { header: "seat_id", value: (i) => i.seatId },
    { header: "assigned_from", value: (i) => iso(i.start) },
    { header: "assigned_until", value: (i) => iso(i.end) },
  ];
  const current = changes.find((c) => c.at <= now && (c.until === null || c.until > now));

  return (
    <Card
      title={t("history.s.title")}
      titleId="seat-history-title"
      description={current ? t("history.s.now", { seats: formatSeats(current.total), assigned: formatNumber(current.assigned), unassigned: formatNumber(current.unassigned) }) : undefined}
      actions={<ExportButton what={t("history.s.what")} fileName={csvFileName("seat-history", range.from, range.to, needle || null)} columns={csvColumns} rows={holdings} disabled={!segments.data} />}
    >
      {!segments.data ? (
        <Skeleton className="h-56 w-full" label={t("history.s.loading")} />
      ) : segments.data.every((s) => s.assigned_seat_ids.length === 0 && Number(s.total_quantity) === 0) ? (
        <EmptyState title={t("history.s.noSeats")}>{t("history.s.noSeatsBody")}</EmptyState>
      ) : (
        <div className="space-y-5">
          <TimeChart
            title={t("history.s.chartTitle")}
            data={points}
            now={now}
            xDomain={[from, to]}
            summary={t("history.s.changesSummary", { count: shownChanges.length, from: formatDate(from), to: formatDate(to - 1) })}
            series={[
              { id: "total", label: t("history.s.total"), color: "chart-1", dashedAfter: now, format: (v) => formatSeats(v), formatAxis: formatCompactNumber },
              { id: "assigned", label: t("history.s.assigned"), color: "chart-3", dashedAfter: now, format: (v) => formatSeats(v), formatAxis: formatCompactNumber },
            ]}
          />
          <section aria-labelledby="seat-changes-title">
            <h3 id="seat-changes-title" className="mb-2 text-sm font-semibold">
              {t("history.s.changes")}
            </h3>
            {shownChanges.length === 0 ? (
              <p className="text-sm text-[var(--color-muted)]">{t("history.s.noChanges")}</p>
            ) : (
              <ol className="space-y-2 border-l-2 border-[var(--color-border)] pl-4">
                {shownChanges.map((c: SeatChange) => (
                  <li key={c.at} className="text-sm">
                    <p className="font-medium">
                      {formatDate(c.at)}
                      {c.at > now ? t("history.scheduledSuffix") : ""} ·{" "}
                      {t("history.s.changeLine", { seats: formatSeats(c.total), assigned: formatNumber(c.assigned), unassigned: formatNumber(c.unassigned) })}
                    </p>
                    {c.added.length > 0 ? (
                      <p className="text-[var(--color-muted)]">
                        <SeatList ids={c.added} seatHref={seatHref} verb={t(c === changes[0] ? "history.s.startedWith" : "history.s.added")} />
                      </p>
                    ) : null}
                    {c.removed.length > 0 ? (
                      <p className="text-[var(--color-muted)]">
                        <SeatList ids={c.removed} seatHref={seatHref} verb={t("history.s.removed")} />
                      </p>
                    ) : null}
                    {c.added.length === 0 && c.removed.length === 0 ? <p className="text-[var(--color-muted)]">{t("history.s.unassignedChanged")}</p> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section aria-labelledby="seat-holdings-title" className="space-y-2">
            <h3 id="seat-holdings-title" className="text-sm font-semibold">
              {t("history.s.who")}
            </h3>
            <Field label={t("history.s.find")} className="max-w-sm">
              <Input
                type="search"
                value={search}
                placeholder={t("history.s.placeholder")}
                onChange={(e) => {
                  setLimit(PAGE);
                  onSearch(e.target.value);
                }}
              />
            </Field>
            <p className="text-sm text-[var(--color-muted)]" aria-live="polite">
              {needle ? t("history.s.holdingsMatching", { count: holdings.length, search: search.trim() }) : t("history.s.holdings", { count: holdings.length })}
            </p>
            <DataTable
              caption={t("history.s.holdingsCaption")}
              captionHidden
              columns={columns}
              rows={holdings.slice(0, limit)}
              rowKey={(i) => `${i.seatId}|${i.start}`}
              empty={needle ? t("history.s.noMatch", { search: search.trim() }) : t("history.s.nobody")}
            />
            {holdings.length > limit ? (
              <Button size="sm" onClick={() => setLimit((l) => l + PAGE * 4)}>
                {t("history.s.showMore", { count: formatNumber(holdings.length - limit) })}
              </Button>
            ) : null}
          </section>
        </div>
      )}
    </Card>
  );
}
