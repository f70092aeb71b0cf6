import { useState } from "react";
import { Badge } from "../../../components/badge";
import { Button } from "../../../components/button";
import { Card } from "../../../components/card";
import { EmptyState } from "../../../components/empty-state";
import { ErrorState } from "../../../components/error-state";
import { Skeleton } from "../../../components/spinner";
import { formatAmount, formatDateTime, formatNumber, formatRelativeTime, type CreditTypeNames } from "../../../lib/format";
import { useAlertEvents } from "../api/alert-queries";
import { describeAlertEvent, type AlertEventKind } from "../utils/alert-events";

const kindLabels: Record<AlertEventKind, { label: string; tone: "danger" | "success" | "neutral" }> = {
  reached: { label: "Reached", tone: "danger" },
  resolved: { label: "Resolved", tone: "success" },
  other: { label: "Event", tone: "neutral" },
};

/** Events listed before "Show all". */
export const FEED_PREVIEW = 10;

export interface AlertEventsFeedProps {
  customerId: string;
  contractId: string;
  names: CreditTypeNames;
  now: number;
}

/** Alert notifications as Metronome delivered them (signed webhooks received by the server), newest first. */
export function AlertEventsFeed({ customerId, contractId, names, now }: AlertEventsFeedProps) {
  const events = useAlertEvents(customerId, contractId);
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? (events.data ?? []) : (events.data ?? []).slice(0, FEED_PREVIEW);
  const more = (events.data?.length ?? 0) - FEED_PREVIEW;
  return (
    <Card title="Recent events" headingLevel={3} titleId="alert-events-title" description="Sent by Metronome when an alert fires or resolves. Checked every 10 seconds.">
      {events.isPending ? (
        <Skeleton className="h-24 w-full" label="Loading events…" />
      ) : events.isLoadingError ? (
        <ErrorState error={events.error} title="Could not load the events" onRetry={() => void events.refetch()} retrying={events.isFetching} />
      ) : events.data.length === 0 ? (
        <EmptyState title="No events yet">When an alert reaches its threshold or recovers, it shows here.</EmptyState>
      ) : (
        <>
          <div role="log" aria-labelledby="alert-events-title">
            <ol className="divide-y divide-[var(--color-border)]">
              {shown.map((event) => {
                const view = describeAlertEvent(event);
                const kind = kindLabels[view.kind];
                return (
                  <li key={view.id} className="py-2 text-sm">
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <p className="min-w-0 font-medium break-words">
                        <Badge tone={kind.tone} className="mr-2">
                          {kind.label}
                        </Badge>
                        {view.alertName ?? view.alertType}
                      </p>
                      <time dateTime={view.at} title={formatDateTime(view.at)} className="text-xs text-[var(--color-muted)]">
                        {formatRelativeTime(view.at, now, { past: true })}
                      </time>
                    </div>
                    <p className="mt-0.5 text-[var(--color-muted)]">
                      {view.seatId ? <>Seat <span className="break-all text-[var(--color-text)]">{view.seatId}</span>: </> : null}
                      {view.remainingBalance !== null ? `${formatAmount(view.remainingBalance, view.creditTypeId, names)} left` : "Balance not reported"}
                      {view.threshold !== null ? ` (alarms at ${formatAmount(view.threshold, view.creditTypeId, names)})` : ""}
                      {" · "}
                      {formatDateTime(view.at)}
                    </p>
                  </li>
                );
              })}
            </ol>
          </div>
          {more > 0 ? (
            <Button size="sm" variant="ghost" className="mt-2" aria-expanded={showAll} onClick={() => setShowAll((v) => !v)}>
              {showAll ? "Show the latest only" : `Show ${formatNumber(more)} older ${more === 1 ? "event" : "events"}`}
            </Button>
          ) : null}
        </>
      )}
    </Card>
  );
}
