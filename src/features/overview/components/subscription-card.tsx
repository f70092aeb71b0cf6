import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { Badge } from "../../../components/badge";
import { Card } from "../../../components/card";
import { Skeleton } from "../../../components/spinner";
import { formatAmount, formatCreditTypeName, formatDateRange, formatNumber, type CreditTypeNames } from "../../../lib/format";
import { quantityHistoryQuery } from "../../../lib/metronome-queries";
import { fiatCreditTypeId, type Subscription } from "../../../domain/subscription";
import { paths } from "../../../lib/paths";
import { quantityAt, quantitySteps, scheduledChangeCount } from "../../../domain/quantity-over-time";
import { creditTotals, type BalanceItem } from "../../../domain/credit-figures";
import { useT } from "../../../lib/i18n";
import { overviewMessages } from "../../../locales/en/overview";

export interface SubscriptionCardProps {
  customerId: string;
  contractId: string;
  subscription: Subscription & { id: string };
  /** The contract's commits and credits with balances (customerBalancesQuery); undefined while loading. */
  balances: readonly BalanceItem[] | undefined;
  /** Credit type names (creditTypesQuery merged with the names the balances carry). */
  creditTypes: CreditTypeNames | undefined;
  now: number;
  /** Whether the person may change seats (labels the seats link "Change seats" or "Seats"). */
  canWrite: boolean;
}

/** One subscription on the contract overview: seats, price, period, scheduled changes, credits, links. */
export function SubscriptionCard({ customerId, contractId, subscription, balances, creditTypes, now, canWrite }: SubscriptionCardProps) {
  const history = useQuery(quantityHistoryQuery(customerId, contractId, subscription.id));
  const t = useT(overviewMessages);
  const last = history.data?.history.at(-1);
  const unitPrice = last?.data[0]?.unit_price;
  const fiat = fiatCreditTypeId(subscription, history.data);
  const steps = quantitySteps({ history: history.data?.history ?? [], schedule: subscription.quantity_schedule, now, end: null });
  const seats = quantityAt(steps, now);
  const scheduled = scheduledChangeCount(steps);
  const period = subscription.billing_periods.current;
  const credits = balances ? creditTotals(balances, subscription.id) : undefined;
  const title = subscription.name ?? subscription.subscription_rate.product.name;
  const titleId = `sub-${subscription.id}`;

  return (
    <Card
      title={title}
      titleId={titleId}
      headingLevel={3}
      description={t("overview.description", {
        frequency: t(`overview.frequency.${subscription.subscription_rate.billing_frequency}`),
        collection: t(`overview.collection.${subscription.collection_schedule}`),
      })}
      actions={<Badge tone="brand">{t(`overview.mode.${subscription.quantity_management_mode}`)}</Badge>}
    >
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 text-sm break-words hyphens-auto sm:grid-cols-4">
        <div>
          <dt className="text-[var(--color-muted)]">{t("overview.seatsNow")}</dt>
          <dd className="text-xl font-semibold tabular-nums">{seats === null ? "—" : formatNumber(seats)}</dd>
        </div>
        <div>
          <dt className="text-[var(--color-muted)]">{t("overview.pricePerSeat")}</dt>
          <dd className="font-medium tabular-nums">
            {history.isPending ? <Skeleton className="h-5 w-20" /> : unitPrice === undefined ? "—" : formatAmount(unitPrice, fiat, creditTypes)}
          </dd>
        </div>
        <div>
          <dt className="text-[var(--color-muted)]">{t("overview.billingPeriod")}</dt>
          <dd className="font-medium">{period ? formatDateRange(period.starting_at, period.ending_before) : "—"}</dd>
        </div>
        <div>
          <dt className="text-[var(--color-muted)]">{t("overview.scheduledChanges")}</dt>
          <dd className="font-medium tabular-nums">{formatNumber(scheduled)}</dd>
        </div>
      </dl>
      <div className="mt-4 text-sm">
        <h4 className="text-[var(--color-muted)]">{t("overview.credits")}</h4>
        {credits === undefined ? (
          <Skeleton className="mt-1 h-5 w-40" />
        ) : credits.length === 0 ? (
          <p>{t("overview.noCredits")}</p>
        ) : (
          <ul className="mt-1 space-y-1">
            {credits.map((c) => (
              <li key={`${c.creditTypeId}-${c.allocation}`} className="flex flex-wrap justify-between gap-x-3">
                <span>
                  {formatCreditTypeName(c.creditTypeId, creditTypes)}
                  {c.allocation === "INDIVIDUAL" ? t("overview.perSeat") : c.allocation === "POOLED" ? t("overview.pooled") : ""}
                </span>
                <span className="font-medium tabular-nums">{formatAmount(c.balance, c.creditTypeId, creditTypes)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <nav aria-label={t("overview.pages", { title })} className="mt-4 flex flex-wrap gap-x-4 gap-y-2 text-sm">
        <Link className="font-medium text-[var(--color-brand)] underline" to={paths.seats(customerId, contractId, subscription.id)}>
          {t(canWrite ? "overview.changeSeats" : "overview.seats")}
        </Link>
        <Link className="font-medium text-[var(--color-brand)] underline" to={paths.history(customerId, contractId, subscription.id)}>
          {t("overview.history")}
        </Link>
        <Link className="font-medium text-[var(--color-brand)] underline" to={paths.balances(customerId, contractId, subscription.id)}>
          {t("overview.balances")}
        </Link>
      </nav>
    </Card>
  );
}
