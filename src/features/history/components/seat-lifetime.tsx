import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { Card } from "../../../components/card";
import { ErrorState } from "../../../components/error-state";
import { Skeleton } from "../../../components/spinner";
import { formatDate, formatDateRange } from "../../../lib/format";
import { seatsHistoryQuery } from "../../../lib/metronome-queries";
import { seatLifetime } from "../utils/seat-intervals";

export interface SeatLifetimeProps {
  customerId: string;
  contractId: string;
  subscriptionId: string;
  seatId: string;
  now: number;
}

/** One seat's lifetime on the subscription: when it was assigned and removed. */
export function SeatLifetime({ customerId, contractId, subscriptionId, seatId, now }: SeatLifetimeProps) {
  const segments = useQuery(seatsHistoryQuery(customerId, contractId, subscriptionId));
  const intervals = useMemo(() => (segments.data ? seatLifetime(segments.data, seatId) : []), [segments.data, seatId]);
  if (segments.isLoadingError) return <ErrorState error={segments.error} title="Could not load the seat's history" onRetry={() => void segments.refetch()} />;
  const assignedNow = intervals.some((i) => i.start <= now && (i.end === null || i.end > now));
  return (
    <Card title="Seat lifetime" headingLevel={3} description={segments.data ? (assignedNow ? "Assigned now." : "Not assigned now.") : undefined}>
      {!segments.data ? (
        <Skeleton className="h-16 w-full" label="Loading the seat's history" />
      ) : intervals.length === 0 ? (
        <p className="text-sm text-[var(--color-muted)]">This seat was never assigned on this subscription.</p>
      ) : (
        <ol className="space-y-1 text-sm">
          {intervals.map((i) => (
            <li key={i.start}>
              {i.end === null ? `Assigned since ${formatDate(i.start)}` : `Assigned ${formatDateRange(i.start, i.end)}`}
              {i.start > now ? " (scheduled)" : i.end !== null && i.end > now ? " (removal scheduled)" : ""}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
