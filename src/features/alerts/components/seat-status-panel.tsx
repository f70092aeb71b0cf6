import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "../../../components/badge";
import { Button } from "../../../components/button";
import { DataTable, type Column } from "../../../components/data-table";
import { ErrorState } from "../../../components/error-state";
import { Spinner } from "../../../components/spinner";
import { formatAmount, formatDateTime, formatNumber, formatSeats, type CreditTypeNames } from "../../../lib/format";
import { seatStatusesQuery, type SeatStatus } from "../api/alert-queries";
import { alertStatusLabels } from "../utils/alert-model";

export interface SeatStatusPanelProps {
  customerId: string;
  alertId: string;
  alertName: string;
  seatGroupKey: string;
  /** The seats to show (one for a single-seat alert, every seat of the subscription otherwise). */
  seatIds: readonly string[];
  /** Each seat's balance in the alert's credit type. */
  balances: ReadonlyMap<string, number>;
  creditTypeId: string | null;
  names: CreditTypeNames;
}

/** Each seat's status for a seat alert, seats in alarm first; the seats that are fine fold away. */
export function SeatStatusPanel({ customerId, alertId, alertName, seatGroupKey, seatIds, balances, creditTypeId, names }: SeatStatusPanelProps) {
  const statuses = useQuery(seatStatusesQuery(customerId, alertId, seatGroupKey, seatIds));
  const [showAll, setShowAll] = useState(false);

  if (seatIds.length === 0) return <p className="text-sm text-[var(--color-muted)]">This subscription has no seats right now.</p>;
  if (statuses.isPending) return <Spinner size="sm" label={`Checking ${formatSeats(seatIds.length)}…`} />;
  if (statuses.isError) {
    return <ErrorState error={statuses.error} title="Could not load the seats' statuses" onRetry={() => void statuses.refetch()} retrying={statuses.isFetching} />;
  }
  const inAlarm = statuses.data.filter((s) => s.status === "in_alarm");
  const rows = showAll || (inAlarm.length === 0 && seatIds.length <= 10) ? statuses.data : inAlarm;
  const hidden = statuses.data.length - rows.length;
  const columns: Array<Column<SeatStatus>> = [
    { id: "seat", header: "Seat", cell: (s) => <span className="break-all">{s.seatId}</span> },
    {
      id: "status",
      header: "Status",
      cell: (s) => <Badge tone={alertStatusLabels[s.status].tone}>{alertStatusLabels[s.status].label}</Badge>,
    },
    {
      id: "balance",
      header: "Balance",
      align: "right",
      cell: (s) => (balances.has(s.seatId) ? formatAmount(balances.get(s.seatId), creditTypeId, names) : "—"),
    },
    { id: "since", header: "Since", cell: (s) => formatDateTime(s.updatedAt) },
  ];
  return (
    <div className="space-y-2">
      <p className="text-sm" aria-live="polite">
        {inAlarm.length === 0
          ? `No seat is in alarm (${formatSeats(statuses.data.length)} checked).`
          : `${formatNumber(inAlarm.length)} of ${formatSeats(statuses.data.length)} in alarm.`}
      </p>
      {rows.length > 0 ? (
        <DataTable caption={`Seat statuses of “${alertName}”`} captionHidden columns={columns} rows={rows} rowKey={(s) => s.seatId} />
      ) : null}
      {hidden > 0 || showAll ? (
        <Button size="sm" variant="ghost" aria-expanded={showAll} onClick={() => setShowAll((v) => !v)}>
          {showAll ? "Show only seats in alarm" : `Show the ${formatSeats(hidden)} that are OK`}
        </Button>
      ) : null}
    </div>
  );
}
