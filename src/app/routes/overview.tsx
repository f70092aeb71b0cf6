import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { Card } from "../../components/card";
import { EmptyState } from "../../components/empty-state";
import { ErrorState } from "../../components/error-state";
import { SubscriptionCard } from "../../features/overview/components/subscription-card";
import { creditTotals } from "../../domain/credit-figures";
import { formatAmount, formatCreditTypeName, formatDateRange } from "../../lib/format";
import { creditTypesQuery, customerBalancesQuery } from "../../lib/metronome-queries";
import { paths } from "../../lib/paths";
import { useSession } from "../../lib/session";
import { useNow } from "../../lib/use-now";
import { useContractScope } from "../scope";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";
import { contractPage } from "../view-loader";

/** /c/:customerId/k/:contractId — the contract at a glance. */
export function Component() {
  const { customerId, contractId, contract } = useContractScope();
  const now = useNow();
  const session = useSession();
  const t = useT(appMessages);
  const balances = useQuery(customerBalancesQuery(customerId, { contractId }));
  const creditTypes = useQuery(creditTypesQuery());
  const subscriptions = (contract.subscriptions ?? []).filter((s): s is typeof s & { id: string } => Boolean(s.id));
  const contractCredits = balances.data ? creditTotals(balances.data, null) : [];
  const names = new Map<string, { name: string }>();
  for (const item of balances.data ?? []) {
    const type = item.access_schedule?.credit_type;
    if (type?.id && type.name) names.set(type.id, { name: type.name });
  }
  for (const [id, info] of creditTypes.data ?? []) names.set(id, info);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-xl font-semibold">{t("app.overview.heading")}</h2>
        <p className="text-sm text-[var(--color-muted)]">{t("app.overview.term", { range: formatDateRange(contract.starting_at, contract.ending_before) })}</p>
      </div>
      {balances.isLoadingError ? (
        <ErrorState error={balances.error} title={t("app.overview.balancesFailed")} onRetry={() => void balances.refetch()} />
      ) : null}
      {subscriptions.length === 0 ? (
        <EmptyState title={t("app.overview.noSubscriptions")}>{t("app.overview.noSubscriptionsBody")}</EmptyState>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {subscriptions.map((s) => (
            <SubscriptionCard
              key={s.id}
              customerId={customerId}
              contractId={contractId}
              subscription={s}
              balances={balances.data}
              creditTypes={names}
              now={now}
              canWrite={session.can_write}
            />
          ))}
        </div>
      )}
      {contractCredits.length > 0 ? (
        <Card title={t("app.overview.otherCredits")} headingLevel={3}>
          <ul className="space-y-1 text-sm">
            {contractCredits.map((c) => (
              <li key={c.creditTypeId} className="flex justify-between gap-3">
                <span>{formatCreditTypeName(c.creditTypeId, names)}</span>
                <span className="font-medium tabular-nums">{formatAmount(c.balance, c.creditTypeId, names)}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <p className="text-sm">
        <Link className="font-medium text-[var(--color-brand)] underline" to={paths.credits(customerId, contractId)}>
          {t("app.overview.creditsLink")}
        </Link>
        {" · "}
        <Link className="font-medium text-[var(--color-brand)] underline" to={paths.alerts(customerId, contractId)}>
          {t("app.overview.alertsLink")}
        </Link>
      </p>
    </div>
  );
}

/** The overview's view: the layout's reads, the contract's credits and every subscription's quantity history. */
export const loader = contractPage("overview", ({ customerId, contractId }) => ({ queries: [customerBalancesQuery(customerId, { contractId })] }));
