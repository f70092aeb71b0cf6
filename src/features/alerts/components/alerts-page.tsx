import { useState } from "react";
import { useQueries, useQuery } from "@tanstack/react-query";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { Card } from "../../../components/card";
import { ErrorState } from "../../../components/error-state";
import { Notice } from "../../../components/notice";
import { creditTypesQuery, seatBalancesQuery } from "../../../lib/metronome-queries";
import type { SeatBalance } from "../../../domain/balance-at";
import { useNow } from "../../../lib/use-now";
import { takesSeatAlerts } from "../utils/alert-request";
import { AlertEventsFeed } from "./alert-events-feed";
import { AlertForm } from "./alert-form";
import { AlertList } from "./alert-list";
import { useT } from "../../../lib/i18n";
import { alertsMessages } from "../../../locales/en/alerts";

export interface AlertsPageProps {
  customerId: string;
  contract: ContractV2;
  /** Whether the person may create and archive alerts (admins and account managers). */
  canWrite: boolean;
}

/** A1–A3: the customer's low-balance alerts, their live status, the events feed and the create form. */
export function AlertsPage({ customerId, contract, canWrite }: AlertsPageProps) {
  const now = useNow();
  const t = useT(alertsMessages);
  const contractId = contract.id;
  const subscriptions = (contract.subscriptions ?? []).filter((s) => Boolean(s.id));
  const seatSubscriptions = subscriptions.filter(takesSeatAlerts);
  const creditTypes = useQuery(creditTypesQuery());
  // Seat balances only feed the per-seat statuses: read them once someone opens them, not with the page.
  const [seatsWanted, setSeatsWanted] = useState(false);
  const seatBalances = useQueries({
    queries: seatSubscriptions.map((s) => ({
      ...seatBalancesQuery(customerId, contractId, { subscriptionIds: [s.id ?? ""] }),
      enabled: seatsWanted,
    })),
    combine: (results) => {
      if (!seatsWanted || results.some((r) => !r.data)) return null;
      const bySubscription = new Map<string, readonly SeatBalance[]>();
      results.forEach((r, i) => bySubscription.set(seatSubscriptions[i]?.id ?? "", r.data ?? []));
      return bySubscription;
    },
  });
  const names = creditTypes.data ?? new Map<string, { name: string }>();

  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-xl font-semibold">{t("alerts.page.heading")}</h2>
        <p className="mt-1 max-w-3xl text-sm text-[var(--color-muted)]">
          {t("alerts.page.intro")}
        </p>
      </div>
      {!canWrite ? (
        <Notice tone="info" live="none">
          {t("alerts.page.readOnly")}
        </Notice>
      ) : null}
      <AlertList customerId={customerId} canWrite={canWrite} seatSubscriptions={seatSubscriptions} seatBalances={seatBalances} onSeatsWanted={() => setSeatsWanted(true)} names={names} />
      <div className="grid items-start gap-4 lg:grid-cols-2">
        {canWrite ? (
          <Card>
            {creditTypes.isError ? (
              <ErrorState
                error={creditTypes.error}
                title={t("alerts.page.creditTypesError")}
                onRetry={() => void creditTypes.refetch()}
                retrying={creditTypes.isFetching}
              />
            ) : (
              <AlertForm customerId={customerId} contractId={contractId} subscriptions={subscriptions} creditTypes={creditTypes.data ?? null} />
            )}
          </Card>
        ) : null}
        <AlertEventsFeed customerId={customerId} contractId={contractId} names={names} now={now} />
      </div>
    </div>
  );
}
