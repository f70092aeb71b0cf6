import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { Card } from "../../../components/card";
import { ErrorState } from "../../../components/error-state";
import { Skeleton } from "../../../components/spinner";
import { formatDate, formatDateRange } from "../../../lib/format";
import { seatsHistoryQuery } from "../../../lib/metronome-queries";
import { seatLifetime } from "../utils/seat-intervals";
import { useT } from "../../../lib/i18n";
import { historyMessages } from "../../../locales/en/history";

export interface SeatLifetimeProps {
  customerId: string;
  contractId: string;
  subscriptionId: string;
  seatId: string;
  now: number;
}

/** One seat's lifetime on the subscription: when it was assigned and removed. */
export function SeatLifetime({ customerId, contractId, subscriptionId, seatId, now }: SeatLifetimeProps) {
  const t = useT(historyMessages);
  const segments = useQuery(seatsHistoryQuery(customerId, contractId, subscriptionId));
  const intervals = useMemo(() => (segments.data ? seatLifetime(segments.data, seatId) : []), [segments.data, seatId]);
  if (segments.isLoadingError) return <ErrorState error={segments.error} title={t("history.l.failed")} onRetry={() => void segments.refetch()} />;
  const assignedNow = intervals.some((i) => i.start <= now && (i.end === null || i.end > now));
  return (
    <Card title={t("history.l.title")} headingLevel={3} description={segments.data ? t(assignedNow ? "history.l.assignedNow" : "history.l.notAssignedNow") : undefined}>
      {!segments.data ? (
        <Skeleton className="h-16 w-full" label={t("history.l.loading")} />
      ) : intervals.length === 0 ? (
        <p className="text-sm text-[var(--color-muted)]">This seat was never assigned on this subscription.</p>
      ) : (
        <ol className="space-y-1 text-sm">
          {intervals.map((i) => (
            <li key={i.start}>
              {i.end === null ? t("history.l.since", { date: formatDate(i.start) }) : t("history.l.range", { range: formatDateRange(i.start, i.end) })}
              {i.start > now ? " (scheduled)" : i.end !== null && i.end > now ? " (removal scheduled)" : ""}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
