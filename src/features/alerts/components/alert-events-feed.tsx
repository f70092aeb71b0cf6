import { useState } from "react";
import { Badge } from "../../../components/badge";
import { Button } from "../../../components/button";
import { Card } from "../../../components/card";
import { EmptyState } from "../../../components/empty-state";
import { ErrorState } from "../../../components/error-state";
import { Skeleton } from "../../../components/spinner";
import { formatAmount, formatDateTime, formatRelativeTime, type CreditTypeNames } from "../../../lib/format";
import { useAlertEvents } from "../api/alert-queries";
import { describeAlertEvent, type AlertEventKind } from "../utils/alert-events";
import type { AlertsMessageId } from "../utils/alert-model";
import { Trans, useT } from "../../../lib/i18n";
import { alertsMessages } from "../../../locales/en/alerts";

const kindLabels: Record<AlertEventKind, { label: AlertsMessageId; tone: "danger" | "success" | "neutral" }> = {
  reached: { label: "alerts.events.reached", tone: "danger" },
  resolved: { label: "alerts.events.resolved", tone: "success" },
  other: { label: "alerts.events.other", tone: "neutral" },
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
  const t = useT(alertsMessages);
  const events = useAlertEvents(customerId, contractId);
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? (events.data ?? []) : (events.data ?? []).slice(0, FEED_PREVIEW);
  const more = (events.data?.length ?? 0) - FEED_PREVIEW;
  return (
    <Card title={t("alerts.events.title")} headingLevel={3} titleId="alert-events-title" description={t("alerts.events.description")}>
      {events.isPending ? (
        <Skeleton className="h-24 w-full" label={t("alerts.events.loading")} />
      ) : events.isLoadingError ? (
        <ErrorState error={events.error} title={t("alerts.events.loadError")} onRetry={() => void events.refetch()} retrying={events.isFetching} />
      ) : events.data.length === 0 ? (
        <EmptyState title={t("alerts.events.none")}>{t("alerts.events.noneBody")}</EmptyState>
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
                          {t(kind.label)}
                        </Badge>
                        {view.alertName ?? view.alertType}
                      </p>
                      <time dateTime={view.at} title={formatDateTime(view.at)} className="text-xs text-[var(--color-muted)]">
                        {formatRelativeTime(view.at, now, { past: true })}
                      </time>
                    </div>
                    <p className="mt-0.5 text-[var(--color-muted)]">
                      {view.seatId ? (
                        <>
                          <Trans t={t} id="alerts.events.seat" values={{ seat: <span className="break-all text-[var(--color-text)]">{view.seatId}</span> }} />{" "}
                        </>
                      ) : null}
                      {view.remainingBalance !== null
                        ? t("alerts.events.left", { amount: formatAmount(view.remainingBalance, view.creditTypeId, names) })
                        : t("alerts.events.notReported")}
                      {view.threshold !== null ? ` ${t("alerts.events.alarmsAt", { amount: formatAmount(view.threshold, view.creditTypeId, names) })}` : ""}
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
              {showAll ? t("alerts.events.latestOnly") : t("alerts.events.showOlder", { count: more })}
            </Button>
          ) : null}
        </>
      )}
    </Card>
  );
}
