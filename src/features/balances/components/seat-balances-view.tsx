import { useMemo, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button, LinkButton } from "../../../components/button";
import { Card } from "../../../components/card";
import { EmptyState } from "../../../components/empty-state";
import { ErrorState } from "../../../components/error-state";
import { ExportButton } from "../../../components/export-button";
import { Field, Input, Select } from "../../../components/field";
import { Notice } from "../../../components/notice";
import { Skeleton } from "../../../components/spinner";
import { csvFileName, type CsvColumn } from "../../../lib/csv";
import { csvAmount, formatAmount, formatCreditTypeName, formatDate, formatNumber, formatSeats } from "../../../lib/format";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { grantCreditTypes, seatGrants } from "../../../domain/balance-at";
import { seatGrantsPerSeat } from "../../../domain/credit-release";
import { readingInstant } from "../../../domain/run-out";
import { toIsoDate } from "../../../lib/date-range";
import { useUpstreamTime } from "../../../lib/use-now";
import { seatsPerPage } from "../../../contract/metronome-reads";
import { seatIdsToFetch, segmentAt } from "../../../domain/seat-reads";
import { creditTypesQuery, currentSeatsQuery, seatsHistoryQuery } from "../../../lib/metronome-queries";
import type { Subscription } from "../../../domain/subscription";
import { mergeSeatBalanceChunks, useSeatBalanceChunks } from "../api/use-seat-balance-chunks";
import {
  FILTERS,
  balancesInstant,
  creditTypesOf,
  selectRows,
  toRow,
  type BalanceFilter,
  type BalanceRow,
  type SortDir,
  type SortKey,
} from "../utils/balance-rows";
import { IdleSeatsPanel } from "./idle-seats-panel";
import { SeatBalancesTable } from "./seat-balances-table";
import { useT } from "../../../lib/i18n";
import { balancesMessages } from "../../../locales/en/balances";

export interface BalancesUrlState {
  search: string;
  filter: BalanceFilter;
  sort: SortKey;
  dir: SortDir;
  /** Chosen credit type id, or null for the most common. */
  creditTypeId: string | null;
  /** The date the balances cover (YYYY-MM-DD) or null for now. */
  on: string | null;
  idleDays: string;
}

export interface SeatBalancesViewProps {
  customerId: string;
  contractId: string;
  subscriptionId: string;
  contract: ContractV2;
  subscription: Subscription;
  now: number;
  state: BalancesUrlState;
  onState: (patch: Partial<Record<"q" | "filter" | "sort" | "dir" | "ct" | "on" | "idle", string | null>>) => void;
  /** A message for a bad `on` date; the table is not shown then. */
  onError: string | null;
  seatHref: (seatId: string) => string;
  onSeatIntent: (seatId: string) => void;
  seatsPath: string;
  canWrite: boolean;
  /** sessionStorage key for the table's scroll. */
  scrollKey: string;
  /** A seat's access state and a per-seat action, passed to the table (SeatBalancesTableProps). */
  accessCell?: ((seatId: string) => ReactNode) | undefined;
  rowAction?: ((seatId: string) => ReactNode) | undefined;
}

/** H3 with H7 and H8: every seat's balance, starting balance, share used and run-out; idle seats; CSV. */
export function SeatBalancesView(props: SeatBalancesViewProps) {
  const { customerId, contractId, subscriptionId, contract, subscription, now, state, onState, onError, seatHref, onSeatIntent, seatsPath, canWrite, scrollKey } = props;
  const t = useT(balancesMessages);
  // Balances now start from the segment in force now (one request); the whole history, fetched
  // alongside, adds the seats no longer assigned that may still hold credits.
  const current = useQuery({ ...currentSeatsQuery(customerId, contractId, subscriptionId, now), enabled: !state.on });
  const segments = useQuery(seatsHistoryQuery(customerId, contractId, subscriptionId));
  const creditTypes = useQuery(creditTypesQuery());
  const { at, live } = balancesInstant(state.on, now);
  const coveringDate = live ? null : new Date(at).toISOString();
  const upstreamTime = useUpstreamTime();
  const ids = useMemo(() => {
    if (segments.data) return seatIdsToFetch(segments.data, at);
    if (!state.on && current.data !== undefined) return { assigned: [...new Set(current.data?.assigned_seat_ids ?? [])].sort(), others: [] };
    return { assigned: [], others: [] };
  }, [segments.data, current.data, state.on, at]);
  const allIds = useMemo(() => [...ids.assigned, ...ids.others], [ids]);
  const seatsPerRequest = useMemo(() => seatsPerPage(seatGrantsPerSeat(contract, subscription, at, at)), [contract, subscription, at]);
  const chunkParams = { customerId, contractId, subscriptionId, coveringDate, includeLedgers: true, enabled: !onError, seatsPerRequest };
  const assignedChunks = useSeatBalanceChunks({ ...chunkParams, seatIds: ids.assigned });
  const otherChunks = useSeatBalanceChunks({ ...chunkParams, seatIds: ids.others });
  const chunks = useMemo(() => mergeSeatBalanceChunks([assignedChunks, otherChunks]), [assignedChunks, otherChunks]);
  const complete = segments.data !== undefined && chunks.loadedChunks === chunks.totalChunks;

  const seatList = useMemo(() => [...chunks.seats.values()], [chunks.seats]);
  const types = useMemo(() => creditTypesOf(seatList), [seatList]);
  const creditTypeId = state.creditTypeId && types.includes(state.creditTypeId) ? state.creditTypeId : (types[0] ?? null);
  const assignedSet = useMemo(() => new Set(ids.assigned), [ids.assigned]);
  const grantTypes = useMemo(() => grantCreditTypes(contract), [contract]);
  const grantsBySeat = useMemo(() => new Map([...chunks.seats].map(([id, seat]) => [id, seatGrants(seat, grantTypes)])), [chunks.seats, grantTypes]);
  const rows = useMemo<BalanceRow[]>(() => {
    const out: BalanceRow[] = [];
    for (const id of allIds) {
      const loaded = chunks.loadedIds.has(id);
      const grants = grantsBySeat.get(id);
      const assigned = assignedSet.has(id);
      // A seat not assigned at the date shows only when it held a balance of this type then
      // (a removed seat keeps its slice; a seat added later did not exist yet).
      if (!assigned && !grants) continue;
      // Forecasts are for now only, each measured to the hour its seat's balances were read at.
      const readAt = chunks.readAt.get(id);
      const forecastAsOf = live && readAt !== undefined ? readingInstant(upstreamTime(readAt)) : null;
      const row = toRow(id, assigned, grants, creditTypeId, { at, now, forecastAsOf }, loaded);
      if (!assigned && row.balance === null) continue;
      out.push(row);
    }
    return out;
  }, [allIds, chunks.loadedIds, chunks.readAt, grantsBySeat, assignedSet, creditTypeId, at, now, live, upstreamTime]);
  const shown = useMemo(() => selectRows(rows, state), [rows, state]);
  const names = creditTypes.data;
  const amount = (v: number | null) => formatAmount(v, creditTypeId, names);
  const unitName = formatCreditTypeName(creditTypeId, names);

  if (onError) {
    return (
      <div className="space-y-3">
        <Notice tone="warning" title={t("balances.cannotShow")} live="none">
          {onError}
        </Notice>
        <Button onClick={() => onState({ on: null })}>Show the balances now</Button>
      </div>
    );
  }
  const history = segments.data;
  if (!history && segments.isLoadingError) {
    return <ErrorState error={segments.error} title={t("balances.seatsFailed")} onRetry={() => void segments.refetch()} />;
  }
  if (!history && allIds.length === 0) return <Skeleton className="h-64 w-full" label={t("balances.loadingSeats")} />;

  const segmentNow = history ? segmentAt(history, now) : (current.data ?? undefined);
  if (history && allIds.length === 0) {
    return (
      <EmptyState
        title={t("balances.noSeats")}
        actions={
          canWrite ? (
            <LinkButton to={seatsPath} variant="primary">
              {t("balances.addSeats")}
            </LinkButton>
          ) : undefined
        }
      >
        {segmentNow && Number(segmentNow.total_quantity) > 0
          ? t("balances.noneAssigned", { seats: formatSeats(Number(segmentNow.total_quantity)) })
          : t("balances.nobody")}
      </EmptyState>
    );
  }

  const csvColumns: Array<CsvColumn<BalanceRow>> = [
    { header: "seat_id", value: (r) => r.seatId },
    { header: "assigned", value: (r) => r.assigned },
    { header: "credit_type", value: () => unitName },
    { header: "balance", value: (r) => csvAmount(r.balance, creditTypeId) },
    { header: "starting_balance", value: (r) => csvAmount(r.startingBalance, creditTypeId) },
    { header: "share_used", value: (r) => (r.usedShare === null ? null : Math.round(r.usedShare * 10000) / 10000) },
    { header: "burn_per_day", value: (r) => (r.forecast ? Math.round(r.forecast.ratePerDay * 100) / 100 : null) },
    { header: "runs_out_at", value: (r) => (r.forecast && (r.forecast.status === "runs_out" || r.forecast.status === "empty") && r.forecast.runOutAt !== null ? new Date(r.forecast.runOutAt).toISOString() : "") },
    { header: "forecast", value: (r) => r.forecast?.status ?? "" },
  ];
  const runningOut = rows.filter((r) => r.forecast?.status === "runs_out" || r.forecast?.status === "empty").length;

  return (
    <div className="space-y-4">
      <Card
        title={live ? t("balances.titleNow") : t("balances.titleOn", { date: formatDate(at) })}
        titleId="seat-balances-title"
        description={
          complete
            ? live
              ? t("balances.descNow", { seats: formatSeats(rows.length), unit: unitName, count: formatNumber(runningOut) })
              : t("balances.descOn", { seats: formatSeats(rows.length), unit: unitName, date: formatDate(at) })
            : t("balances.descLoading", { seats: formatSeats(allIds.length), loaded: formatNumber(chunks.loadedChunks), total: formatNumber(chunks.totalChunks) })
        }
        actions={
          <ExportButton
            what="seat balances"
            fileName={csvFileName("seat-balances", state.on ?? "now", state.filter !== "all" ? state.filter : null, state.search || null)}
            columns={csvColumns}
            rows={shown.filter((r) => r.loaded)}
            disabled={!complete}
          />
        }
      >
        <div className="mb-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Field label={t("balances.search")}>
            <Input type="search" value={state.search} placeholder={t("balances.searchPlaceholder")} onChange={(e) => onState({ q: e.target.value || null })} />
          </Field>
          <Field label={t("balances.show")}>
            <Select
              value={state.filter}
              options={FILTERS.map((f) => ({ value: f, label: t(`balances.filter.${f}`) }))}
              onValueChange={(f) => onState({ filter: f === "all" ? null : f })}
            />
          </Field>
          {types.length > 1 ? (
            <Field label={t("balances.creditType")}>
              <Select value={creditTypeId ?? ""} options={types.map((type) => ({ value: type, label: formatCreditTypeName(type, names) }))} onValueChange={(type) => onState({ ct: type })} />
            </Field>
          ) : null}
          <Field label={t("balances.on")} hint={t("balances.onHint")}>
            <Input type="date" value={state.on ?? ""} max={toIsoDate(now)} onChange={(e) => onState({ on: e.target.value || null })} />
          </Field>
        </div>
        {chunks.error ? <ErrorState className="mb-3" error={chunks.error} title={t("balances.someFailed")} onRetry={chunks.retry} /> : null}
        <p className="mb-2 text-sm text-[var(--color-muted)]" aria-live="polite">
          {complete ? t("balances.shown", { shown: formatNumber(shown.length), seats: formatSeats(rows.length) }) : t("balances.shownSoFar", { shown: formatNumber(shown.length) })}
        </p>
        <SeatBalancesTable
          rows={shown}
          totalSeats={rows.length}
          formatAmount={amount}
          sort={state.sort}
          dir={state.dir}
          onSort={(key) => onState(state.sort === key ? { dir: state.dir === "asc" ? "desc" : "asc" } : { sort: key, dir: key === "seat" ? null : "desc" })}
          seatHref={seatHref}
          onSeatIntent={onSeatIntent}
          scrollKey={scrollKey}
          complete={complete}
          empty={state.search ? t("balances.noMatch", { search: state.search }) : t("balances.noFilterMatch")}
          accessCell={props.accessCell}
          rowAction={props.rowAction}
        />
      </Card>
      {!state.on && segmentNow ? (
        <IdleSeatsPanel
          customerId={customerId}
          contractId={contractId}
          subscriptionId={subscriptionId}
          contract={contract}
          subscription={subscription}
          assigned={segmentNow.assigned_seat_ids}
          unassigned={segmentNow ? Math.max(0, Number(segmentNow.total_quantity) - segmentNow.assigned_seat_ids.length) : 0}
          now={now}
          days={state.idleDays}
          onDays={(d) => onState({ idle: d })}
          seatsPath={seatsPath}
          seatHref={seatHref}
          canWrite={canWrite}
        />
      ) : null}
    </div>
  );
}
