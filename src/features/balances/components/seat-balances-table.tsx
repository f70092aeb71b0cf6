import { useRef, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { Badge } from "../../../components/badge";
import { cx } from "../../../components/cx";
import { Skeleton } from "../../../components/spinner";
import { formatDate, formatPercent } from "../../../lib/format";
import type { BalanceRow, SortDir, SortKey } from "../utils/balance-rows";
import { useVirtualRows } from "./use-virtual-rows";
import { useT } from "../../../lib/i18n";
import { balancesMessages } from "../../../locales/en/balances";
import { translate } from "../../../lib/i18n-core";

export interface SeatBalancesTableProps {
  rows: readonly BalanceRow[];
  /** How many seats before search and filter. */
  totalSeats: number;
  formatAmount: (value: number | null) => string;
  sort: SortKey;
  dir: SortDir;
  onSort: (key: SortKey) => void;
  seatHref: (seatId: string) => string;
  /** A seat's row is hovered or focused: a good moment to prefetch its ledger. */
  onSeatIntent?: (seatId: string) => void;
  /** sessionStorage key for the scroll position (include the filters). */
  scrollKey: string;
  /** Every chunk has arrived. */
  complete: boolean;
  empty: ReactNode;
  /** A seat's access state (allowed / gated), shown in an Access column when given. */
  accessCell?: ((seatId: string) => ReactNode) | undefined;
  /** A per-seat action (e.g. Buy credits), shown in a last column when given. */
  rowAction?: ((seatId: string) => ReactNode) | undefined;
}

const ROW = 44;
const VIEWPORT = 560;

const headers: Array<{ key: SortKey; align: "left" | "right" }> = [
  { key: "seat", align: "left" },
  { key: "balance", align: "right" },
  { key: "starting", align: "right" },
  { key: "used", align: "right" },
  { key: "runout", align: "right" },
];

function runOutText(row: BalanceRow): ReactNode {
  const f = row.forecast;
  if (!f) return "—";
  switch (f.status) {
    case "runs_out":
      return <span className="font-medium text-[var(--color-danger)]">{formatDate(f.runOutAt)}</span>;
    case "empty":
      return <span className="font-medium text-[var(--color-danger)]">{translate(balancesMessages, "balances.usedUp")}</span>;
    case "lasts":
      return <span className="text-[var(--color-muted)]">{translate(balancesMessages, "balances.lasts")}</span>;
    case "no_usage":
      return <span className="text-[var(--color-muted)]">{translate(balancesMessages, "balances.noUsage")}</span>;
    case "no_balance":
      return "—";
  }
}

/**
 * The seat balances table: a real table whose rows are virtualized (only the visible ones are in
 * the DOM, aria-rowcount/rowindex tell screen readers the full size), sortable headers, and rows
 * that show the seat ID at once and fill in when their chunk arrives.
 */
export function SeatBalancesTable(props: SeatBalancesTableProps) {
  const { rows, formatAmount, sort, dir, onSort, seatHref, onSeatIntent, scrollKey, complete, empty, accessCell, rowAction } = props;
  const columnCount = headers.length + (accessCell ? 1 : 0) + (rowAction ? 1 : 0);
  const boxRef = useRef<HTMLDivElement | null>(null);
  const t = useT(balancesMessages);
  const v = useVirtualRows(boxRef, rows.length, ROW, VIEWPORT, scrollKey, complete);
  const visible = rows.slice(v.start, v.end);
  return (
    <div
      ref={boxRef}
      onScroll={v.onScroll}
      className="relative overflow-auto rounded-md border border-[var(--color-border)]"
      style={{ maxHeight: VIEWPORT }}
      tabIndex={-1}
    >
      <table className="w-full min-w-[36rem] border-collapse text-sm" aria-rowcount={rows.length + 1}>
        <caption className="sr-only">Seat balances, {rows.length} seats shown. Use the column buttons to sort.</caption>
        <thead className="sticky top-0 z-10 bg-[var(--color-surface-2)]">
          <tr aria-rowindex={1}>
            {headers.map((h) => {
              const active = sort === h.key;
              return (
                <th
                  key={h.key}
                  scope="col"
                  aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}
                  className={cx("px-3 py-2 font-medium", h.align === "right" ? "text-right" : "text-left")}
                >
                  <button type="button" className="inline-flex items-center gap-1 rounded-sm hover:underline" onClick={() => onSort(h.key)}>
                    {t(`balances.col.${h.key}`)}
                    <span aria-hidden="true" className="text-[var(--color-muted)]">
                      {active ? (dir === "asc" ? "▲" : "▼") : "↕"}
                    </span>
                  </button>
                </th>
              );
            })}
            {accessCell ? (
              <th scope="col" className="px-3 py-2 text-left font-medium">
                {t("balances.table.access")}
              </th>
            ) : null}
            {rowAction ? (
              <th scope="col" className="px-3 py-2 text-left font-medium">
                <span className="sr-only">{t("balances.table.actions")}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columnCount} className="px-3 py-8 text-center text-[var(--color-muted)]">
                {empty}
              </td>
            </tr>
          ) : null}
          {v.padTop > 0 ? <tr aria-hidden="true" style={{ height: v.padTop }} /> : null}
          {visible.map((row, i) => (
            <tr key={row.seatId} aria-rowindex={v.start + i + 2} className="border-t border-[var(--color-border)]" style={{ height: ROW }}>
              <th scope="row" className="max-w-[18rem] truncate px-3 text-left font-normal">
                <Link
                  to={seatHref(row.seatId)}
                  className="text-[var(--color-brand)] underline"
                  onMouseEnter={() => onSeatIntent?.(row.seatId)}
                  onFocus={() => onSeatIntent?.(row.seatId)}
                  title={row.seatId}
                >
                  {row.seatId}
                </Link>
                {!row.assigned ? (
                  <Badge className="ml-2" tone="warning">
                    Removed
                  </Badge>
                ) : null}
              </th>
              {row.loaded ? (
                <>
                  <td className="px-3 text-right whitespace-nowrap tabular-nums">{row.balance === null ? t("balances.noCredits") : formatAmount(row.balance)}</td>
                  <td className="px-3 text-right whitespace-nowrap tabular-nums">{formatAmount(row.startingBalance)}</td>
                  <td className="px-3 text-right whitespace-nowrap tabular-nums">{formatPercent(row.usedShare)}</td>
                  <td className="px-3 text-right whitespace-nowrap">{runOutText(row)}</td>
                </>
              ) : (
                <td colSpan={4} className="px-3">
                  <Skeleton className="h-3 w-full" label={t("balances.loadingSeat", { seat: row.seatId })} />
                </td>
              )}
              {accessCell ? <td className="px-3 whitespace-nowrap">{accessCell(row.seatId)}</td> : null}
              {rowAction ? <td className="px-3 text-right whitespace-nowrap">{rowAction(row.seatId)}</td> : null}
            </tr>
          ))}
          {v.padBottom > 0 ? <tr aria-hidden="true" style={{ height: v.padBottom }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
