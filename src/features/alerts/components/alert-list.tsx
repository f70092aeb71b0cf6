import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "../../../components/badge";
import { Button } from "../../../components/button";
import { Card } from "../../../components/card";
import { Dialog } from "../../../components/dialog";
import { EmptyState } from "../../../components/empty-state";
import { ErrorState } from "../../../components/error-state";
import { Notice } from "../../../components/notice";
import { Skeleton } from "../../../components/spinner";
import { ValidationError, NotFoundError, errorMessage } from "../../../lib/api-errors";
import { isCustomerOwnedAlert } from "../../../domain/alert-ownership";
import { formatAmount, formatDateTime, type CreditTypeNames } from "../../../lib/format";
import type { Subscription } from "../../../domain/subscription";
import type { SeatBalance } from "../../../domain/balance-at";
import { useArchiveAlert } from "../api/alert-mutations";
import { alertListQuery } from "../api/alert-queries";
import {
  alertStatusLabels,
  alertTypeLabels,
  compareStatus,
  displayStatus,
  isSeatAlert,
  type AlertsMessageId,
  type CustomerAlert,
} from "../utils/alert-model";
import { subscriptionName } from "../utils/alert-request";
import { SeatStatusPanel } from "./seat-status-panel";
import { useT, type Translate } from "../../../lib/i18n";
import { alertsMessages } from "../../../locales/en/alerts";

export interface AlertListProps {
  customerId: string;
  canWrite: boolean;
  /** Seat-based subscriptions of the contract (to name a seat alert's scope and list its seats). */
  seatSubscriptions: readonly Subscription[];
  /** Current seat balances per seat-based subscription id; null while loading. */
  seatBalances: ReadonlyMap<string, readonly SeatBalance[]> | null;
  /** Called when someone opens a seat alert's statuses: seat balances are read from then on. */
  onSeatsWanted?: () => void;
  names: CreditTypeNames;
}

/** The archive refusals a person can act on, in plain words. */
function archiveErrorMessage(error: unknown, t: Translate<typeof alertsMessages>): string {
  if (error instanceof ValidationError && /already archived/i.test(error.message)) return t("alerts.list.alreadyArchived");
  if (error instanceof NotFoundError) return t("alerts.list.gone");
  return errorMessage(error);
}

/** The customer's alerts with their live status; archive, and per-seat statuses for seat alerts. */
export function AlertList({ customerId, canWrite, seatSubscriptions, seatBalances, onSeatsWanted, names }: AlertListProps) {
  const t = useT(alertsMessages);
  const [showArchived, setShowArchived] = useState(false);
  const alerts = useQuery(alertListQuery(customerId, showArchived));
  // Owned by the list, not the item: a refused archive refreshes the list, and the item may leave it.
  const archive = useArchiveAlert(customerId);
  const sorted = [...(alerts.data ?? [])].sort((a, b) => compareStatus(displayStatus(a), displayStatus(b)));

  return (
    <Card
      title={showArchived ? t("alerts.list.all") : t("alerts.list.active")}
      headingLevel={3}
      titleId="alerts-list-title"
      description={t("alerts.list.description")}
      actions={
        <label className="flex min-h-8 cursor-pointer items-center gap-2 text-sm">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
          {t("alerts.list.showArchived")}
        </label>
      }
    >
      {archive.isError && archive.variables ? (
        <Notice tone="danger" className="mb-3" title={t("alerts.list.notArchived", { name: archive.variables.name })}>
          {archiveErrorMessage(archive.error, t)}
        </Notice>
      ) : archive.isSuccess ? (
        <Notice key={archive.variables.id} tone="success" className="mb-3" focusOnMount>
          {t("alerts.list.archived", { name: archive.variables.name })}
        </Notice>
      ) : null}
      {alerts.isPending ? (
        <div className="space-y-2">
          <Skeleton className="h-16 w-full" label={t("alerts.list.loading")} />
          <Skeleton className="h-16 w-full" />
        </div>
      ) : alerts.isLoadingError ? (
        <ErrorState error={alerts.error} title={t("alerts.list.loadError")} onRetry={() => void alerts.refetch()} retrying={alerts.isFetching} />
      ) : sorted.length === 0 ? (
        <EmptyState title={showArchived ? t("alerts.list.none") : t("alerts.list.noneActive")}>
          {canWrite ? t("alerts.list.emptyWrite") : t("alerts.list.emptyRead")}
        </EmptyState>
      ) : (
        <ul className="space-y-3" aria-labelledby="alerts-list-title">
          {sorted.map((item) => (
            <AlertItem
              key={item.alert.id}
              item={item}
              customerId={customerId}
              canWrite={canWrite}
              archiving={archive.isPending && archive.variables?.id === item.alert.id}
              onArchive={() => archive.mutate({ id: item.alert.id, name: item.alert.name })}
              seatSubscriptions={seatSubscriptions}
              seatBalances={seatBalances}
              onSeatsWanted={onSeatsWanted}
              names={names}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

interface AlertItemProps extends AlertListProps {
  item: CustomerAlert;
  archiving: boolean;
  onArchive: () => void;
}

function AlertItem({ item, customerId, canWrite, archiving, onArchive, seatSubscriptions, seatBalances, onSeatsWanted, names }: AlertItemProps) {
  const t = useT(alertsMessages);
  const { alert } = item;
  const status = displayStatus(item);
  const [confirming, setConfirming] = useState(false);
  const [showSeats, setShowSeats] = useState(false);
  const headingId = `alert-${alert.id}`;
  const creditTypeId = alert.credit_type?.id ?? null;
  const itemNames = new Map<string, { name: string }>();
  if (alert.credit_type?.id && alert.credit_type.name) itemNames.set(alert.credit_type.id, { name: alert.credit_type.name });
  const allNames: CreditTypeNames = names instanceof Map ? new Map([...itemNames, ...names]) : itemNames;

  const seatAlert = isSeatAlert(alert.type);
  // Only alerts the dashboard created for this customer can be archived here (the server enforces it).
  const canArchive = canWrite && isCustomerOwnedAlert(customerId, alert.uniqueness_key);
  const seatFilter = alert.seat_filter;
  const subscriptionsWatched = seatFilter ? seatSubscriptions.filter((s) => s.seat_config?.seat_group_key === seatFilter.seat_group_key) : [];
  const balances = new Map<string, number>();
  for (const subscription of subscriptionsWatched) {
    for (const seat of seatBalances?.get(subscription.id ?? "") ?? []) {
      const balance = seat.balances.find((b) => b.credit_type_id === creditTypeId)?.balance ?? 0;
      balances.set(seat.seat_id, (balances.get(seat.seat_id) ?? 0) + balance);
    }
  }
  const seatLines = (seatFilter?.seat_group_value ? [seatFilter.seat_group_value] : [...balances.keys()]).map((seatId) => ({
    seatId,
    balance: balances.get(seatId) ?? 0,
  }));

  let scope: string;
  if (!seatAlert) scope = t("alerts.list.scopeContract");
  else if (seatFilter?.seat_group_value) scope = t("alerts.list.scopeSeat", { seat: seatFilter.seat_group_value });
  else if (subscriptionsWatched.length > 0) scope = t("alerts.list.scopeEverySeatOf", { subscriptions: subscriptionsWatched.map(subscriptionName).join(", ") });
  else scope = t("alerts.list.scopeEverySeat", { key: seatFilter?.seat_group_key ?? t("alerts.list.seatKeyFallback") });
  const typeLabel = alertTypeLabels[alert.type] as AlertsMessageId | undefined;

  return (
    <li className="rounded-md border border-[var(--color-border)] p-3" aria-labelledby={headingId}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h4 id={headingId} className="font-medium break-words">
            {alert.name}
          </h4>
          <p className="text-sm text-[var(--color-muted)]">
            {typeLabel ? t(typeLabel) : alert.type} · {scope}
          </p>
        </div>
        <Badge tone={alertStatusLabels[status].tone}>
          <span className="sr-only">{t("alerts.list.status")}: </span>
          {t(alertStatusLabels[status].label)}
        </Badge>
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
        <dt className="text-[var(--color-muted)]">{t("alerts.list.alarmsAt")}</dt>
        <dd className="tabular-nums">{t("alerts.list.orLess", { amount: formatAmount(alert.threshold, creditTypeId, allNames) })}</dd>
        <dt className="text-[var(--color-muted)]">{t("alerts.list.statusSince")}</dt>
        <dd>{formatDateTime(alert.updated_at)}</dd>
        {canWrite && !canArchive ? (
          <>
            <dt className="text-[var(--color-muted)]">{t("alerts.list.managed")}</dt>
            <dd>{t("alerts.list.managedValue")}</dd>
          </>
        ) : null}
      </dl>
      {status !== "archived" && (seatAlert || canArchive) ? (
        <div className="mt-2 flex flex-wrap gap-2">
          {seatAlert ? (
            <Button
              size="sm"
              aria-expanded={showSeats}
              aria-controls={`${headingId}-seats`}
              onClick={() => {
                if (!showSeats) onSeatsWanted?.();
                setShowSeats((v) => !v);
              }}
            >
              {showSeats ? t("alerts.list.hideSeats") : t("alerts.list.showSeats")}
            </Button>
          ) : null}
          {canArchive ? (
            <Button size="sm" variant="danger" loading={archiving} onClick={() => setConfirming(true)}>
              {t("alerts.list.archive")}
              <span className="sr-only"> {alert.name}</span>
            </Button>
          ) : null}
        </div>
      ) : null}
      {seatAlert && showSeats && seatFilter ? (
        <div id={`${headingId}-seats`} className="mt-3">
          {seatBalances === null ? (
            <Skeleton className="h-10 w-full" label={t("alerts.list.loadingSeats")} />
          ) : (
            <SeatStatusPanel
              customerId={customerId}
              alertId={alert.id}
              alertName={alert.name}
              seatGroupKey={seatFilter.seat_group_key}
              threshold={alert.threshold}
              seats={seatLines}
              knownBalances={new Set(balances.keys())}
              creditTypeId={creditTypeId}
              names={allNames}
            />
          )}
        </div>
      ) : null}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("alerts.list.confirmTitle")}
        description={t("alerts.list.confirmBody", { name: alert.name })}
        footer={
          <>
            <Button onClick={() => setConfirming(false)}>{t("alerts.list.cancel")}</Button>
            <Button
              variant="danger"
              onClick={() => {
                setConfirming(false);
                onArchive();
              }}
            >
              {t("alerts.list.confirm")}
            </Button>
          </>
        }
      />
    </li>
  );
}
