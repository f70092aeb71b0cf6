import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { Badge } from "../../../components/badge";
import { DataTable, type Column } from "../../../components/data-table";
import type { PortfolioRow, PortfolioSort, SortDirection } from "../../../domain/portfolio";
import { formatCredits, formatDate, formatNumber, formatShortDate } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { paths } from "../../../lib/paths";
import { portfolioMessages } from "../../../locales/en/portfolio";

/** A row with the state of its reads: still loading, or one of them failed. */
export interface PortfolioEntry {
  row: PortfolioRow;
  pending: boolean;
  failed: boolean;
}

export interface PortfolioTableProps {
  entries: readonly PortfolioEntry[];
  sort: PortfolioSort;
  dir: SortDirection;
  onSort: (sort: PortfolioSort) => void;
  empty: ReactNode;
}

type T = ReturnType<typeof useT<typeof portfolioMessages>>;

const COLUMN_LABEL: Record<PortfolioSort, Parameters<T>[0]> = {
  name: "portfolio.column.name",
  seats: "portfolio.column.seats",
  credits: "portfolio.column.credits",
  alerts: "portfolio.column.alerts",
  out: "portfolio.column.out",
};

function SortHeader({ column, sort, dir, onSort, t }: { column: PortfolioSort; sort: PortfolioSort; dir: SortDirection; onSort: (s: PortfolioSort) => void; t: T }) {
  const label = t(COLUMN_LABEL[column]);
  const active = column === sort;
  return (
    <button type="button" className="inline-flex min-h-11 items-center gap-1 font-semibold underline-offset-2 hover:underline" onClick={() => onSort(column)} aria-label={t("portfolio.sortBy", { column: label })}>
      {label}
      <span aria-hidden="true">{active ? (dir === "asc" ? "▲" : "▼") : "↕"}</span>
    </button>
  );
}

/** A figure, or what stands in for it while its read is on its way or after it failed. */
function figure(entry: PortfolioEntry, value: ReactNode | null, t: T): ReactNode {
  if (value !== null) return value;
  if (entry.failed) return <span className="text-[var(--color-danger)]">{t("portfolio.failedCell")}</span>;
  if (entry.pending) return <span className="text-[var(--color-muted)]">{t("portfolio.loadingCell")}</span>;
  return <span className="text-[var(--color-muted)]">{t("portfolio.unknown")}</span>;
}

function seatsCell(entry: PortfolioEntry, t: T): ReactNode {
  const { seatsNow, nextChange } = entry.row;
  if (seatsNow === null) return figure(entry, entry.pending || entry.failed ? null : t("portfolio.noSeats"), t);
  const trend = nextChange ? t(nextChange.quantity > seatsNow ? "portfolio.up" : "portfolio.down") : t("portfolio.steady");
  return (
    <span className="inline-flex flex-col items-end">
      <span className="tabular-nums">{formatNumber(seatsNow)}</span>
      <span className="text-xs text-[var(--color-muted)]">
        {nextChange ? (
          <>
            <span aria-hidden="true">{nextChange.quantity > seatsNow ? "↗ " : "↘ "}</span>
            <span className="sr-only">{trend}: </span>
            {t("portfolio.nextChange", { quantity: formatNumber(nextChange.quantity), date: formatShortDate(nextChange.at) })}
          </>
        ) : (
          trend
        )}
      </span>
    </span>
  );
}

function creditsCell(entry: PortfolioEntry, t: T): ReactNode {
  const credits = entry.row.credits;
  if (credits === null) return figure(entry, null, t);
  if (credits.length === 0) return <span className="text-[var(--color-muted)]">{t("portfolio.noCredits")}</span>;
  return (
    <span className="inline-flex flex-col items-end tabular-nums">
      {credits.map((c) => (
        <span key={c.creditTypeId}>{formatCredits(c.remaining, c.creditTypeName ?? c.creditTypeId)}</span>
      ))}
    </span>
  );
}

function accessCell(entry: PortfolioEntry, t: T): ReactNode {
  const { allowed, resetsAt } = entry.row;
  if (allowed === null) return figure(entry, null, t);
  if (allowed) return <Badge tone="success">{t("portfolio.allowed")}</Badge>;
  return <Badge tone="danger">{resetsAt ? t("portfolio.gatedUntil", { date: formatDate(resetsAt) }) : t("portfolio.gated")}</Badge>;
}

/** The portfolio: one row per customer, each column sortable from its header (aria-sort), stacking into cards on a phone. */
export function PortfolioTable({ entries, sort, dir, onSort, empty }: PortfolioTableProps) {
  const t = useT(portfolioMessages);
  const ariaSort = (column: PortfolioSort) => (column === sort ? (dir === "asc" ? "ascending" : "descending") : "none");
  const header = (column: PortfolioSort) => <SortHeader column={column} sort={sort} dir={dir} onSort={onSort} t={t} />;
  const count = (value: number | null, entry: PortfolioEntry) => figure(entry, value === null ? null : <span className="tabular-nums">{formatNumber(value)}</span>, t);
  const columns: Array<Column<PortfolioEntry>> = [
    {
      id: "name",
      header: header("name"),
      stackLabel: t("portfolio.column.name"),
      sort: ariaSort("name"),
      cell: (e) => (
        <Link className="inline-flex min-h-11 items-center font-medium underline" to={paths.customer(e.row.customerId)}>
          {e.row.name}
        </Link>
      ),
    },
    { id: "seats", header: header("seats"), stackLabel: t("portfolio.column.seats"), sort: ariaSort("seats"), align: "right", cell: (e) => seatsCell(e, t) },
    { id: "credits", header: header("credits"), stackLabel: t("portfolio.column.credits"), sort: ariaSort("credits"), align: "right", cell: (e) => creditsCell(e, t) },
    { id: "alerts", header: header("alerts"), stackLabel: t("portfolio.column.alerts"), sort: ariaSort("alerts"), align: "right", cell: (e) => count(e.row.alertsInAlarm, e) },
    { id: "out", header: header("out"), stackLabel: t("portfolio.column.out"), sort: ariaSort("out"), align: "right", cell: (e) => count(e.row.seatsOutOfCredits, e) },
    { id: "access", header: t("portfolio.column.access"), cell: (e) => accessCell(e, t) },
  ];
  return (
    <DataTable
      caption={t("portfolio.caption", { column: t(COLUMN_LABEL[sort]), direction: t(dir === "asc" ? "portfolio.asc" : "portfolio.desc") })}
      captionHidden
      columns={columns}
      rows={entries}
      rowKey={(e) => e.row.customerId}
      empty={empty}
    />
  );
}
