import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { TimeChart, type ChartPoint } from "../../../components/chart";
import { ErrorState } from "../../../components/error-state";
import { Skeleton } from "../../../components/spinner";
import { stripQueries, stripWindow } from "../api/strip-queries";
import { formatAmount, formatCompactNumber, formatCreditTypeName, formatDate, formatNumber, formatSeats } from "../../../lib/format";
import { creditTypesQuery } from "../../../lib/metronome-queries";
import { readsDailyBurn } from "../../../domain/read-windows";
import { usageWindowsQuery } from "../../../lib/breakdown-queries";
import { balanceOverTime, holderWindows } from "../../../domain/balance-over-time";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import { useNow } from "../../../lib/use-now";
import { seatBalanceSeries, subscriptionBalanceSeries } from "../utils/balance-sources";
import { quantityPoints, quantitySteps } from "../../../domain/quantity-over-time";
import { clipSteps, nextChange, valueAt, type StepPoint } from "../utils/strip-series";
import { isSeatBased, type Subscription } from "../../../domain/subscription";
import { useT } from "../../../lib/i18n";
import { stripMessages } from "../../../locales/en/strip";
import { creditsMessages } from "../../../locales/en/credits";

export interface QuantityBalanceStripProps {
  customerId: string;
  contract: ContractV2;
  subscription: Subscription;
  /** On seat routes: the seat whose balance is shown. */
  seatId: string | null;
}

const DAY = 24 * 3600_000;

/** The window shown: stripWindow, ending 45 days ahead (further for a later scheduled change) unless the URL sets the end. */
function useWindow(subscription: Subscription, now: number, points: StepPoint[]): [number, number] {
  const [search] = useSearchParams();
  const { start, end } = stripWindow(subscription, now, search);
  if (end !== null) return [start, end];
  const next = nextChange(points, now);
  return [start, Math.min(Math.max(now + 45 * DAY, next ? next.t + 7 * DAY : 0), now + 366 * DAY)];
}

function toChart(points: StepPoint[], key: string): ChartPoint[] {
  return points.map((p) => ({ t: p.t, [key]: p.value }) as ChartPoint);
}

/**
 * Seat quantity and credit balance over time for the selected subscription (or seat), on every
 * page of the contract scope: past solid, scheduled future dashed, a "now" marker, and a table
 * and summary for screen readers.
 */
export function QuantityBalanceStrip({ customerId, contract, subscription, seatId }: QuantityBalanceStripProps) {
  const now = useNow();
  const t = useT(stripMessages);
  const tCredits = useT(creditsMessages);
  const contractId = contract.id;
  const subscriptionId = subscription.id ?? "";
  const seatBased = isSeatBased(subscription);
  const [search] = useSearchParams();
  const queries = stripQueries({ customerId, contractId, subscription, seatId, now, search });
  const seats = useQuery(queries.seats);
  const quantity = useQuery(queries.quantity);
  const pool = useQuery(queries.pool);
  const seat = useQuery(queries.seat);
  const creditTypes = useQuery(creditTypesQuery());

  const quantityQuery = seatBased ? seats : quantity;
  const quantitySeries = useMemo<StepPoint[]>(() => {
    if (seatBased) return seats.data ? quantityPoints(quantitySteps({ history: [], segments: seats.data, now, end: null })) : [];
    return quantity.data ? quantityPoints(quantitySteps({ history: quantity.data.history, schedule: subscription.quantity_schedule, now, end: null })) : [];
  }, [seatBased, seats.data, quantity.data, subscription.quantity_schedule, now]);

  const balanceQuery = seatId ? seat : pool;
  const balance = useMemo(() => {
    if (seatId) {
      const row = seat.data?.find((s) => s.seat_id === seatId);
      if (!row) return null;
      const creditTypeOf = (creditId: string) => {
        const found = [...(contract.credits ?? []), ...(contract.commits ?? [])].find((c) => c.id === creditId);
        const type = found?.access_schedule?.credit_type;
        return type?.id ? { id: type.id, name: type.name ?? null } : undefined;
      };
      return seatBalanceSeries(row, creditTypeOf, now);
    }
    return pool.data ? subscriptionBalanceSeries(pool.data, subscriptionId, now) : null;
  }, [seatId, seat.data, pool.data, subscriptionId, contract.credits, contract.commits, now]);

  const [from, to] = useWindow(subscription, now, quantitySeries);
  const quantityShown = clipSteps(quantitySeries, from, to);
  // The balance day by day: the settled ledger plus the usage by day of the invoices (breakdowns), pending after the last finalized one.
  const dailyBurn = readsDailyBurn(contract, now);
  const breakdowns = useQuery(usageWindowsQuery(customerId, from, to, now, dailyBurn));
  const burn = useMemo(
    () => (balance ? balanceOverTime(balance.grants, balance.creditTypeId, holderWindows(breakdowns.data ?? [], seatId ?? undefined), { from, to }, now) : null),
    [balance, breakdowns.data, seatId, from, to, now],
  );
  const balanceShown: StepPoint[] = burn ? burn.points.map((p) => ({ t: p.t, value: p.balance })) : [];
  const settledUntil = burn?.settledUntil ?? now;

  const names = creditTypes.data;
  const creditTypeId = balance?.creditTypeId ?? null;
  const unitName =
    creditTypeId === USD_CENTS_CREDIT_TYPE_ID
      ? "USD"
      : (names?.get(creditTypeId ?? "")?.name ?? balance?.creditTypeName ?? formatCreditTypeName(creditTypeId, names));
  const nameMap = creditTypeId ? new Map([[creditTypeId, { name: unitName }]]) : undefined;
  const formatBalance = (v: number) => formatAmount(v, creditTypeId, nameMap);

  const seatsNow = valueAt(quantitySeries, now);
  const upcoming = nextChange(quantitySeries, now);
  const balanceNow = balance ? balance.current : null;
  const upcomingBalance = balance ? nextChange(balance.points, now) : null;

  const figureLabel = tCredits(`credits.figure.${seatId ? "seat" : (balance?.figure ?? "pooled")}`);
  const subject = seatId ? t("strip.subjectSeat", { seat: seatId }) : (subscription.name ?? subscription.subscription_rate.product.name);
  const quantitySummary =
    seatsNow === null
      ? t("strip.noQuantity")
      : upcoming
        ? t("strip.quantityNowAndNext", { seats: formatSeats(seatsNow), next: formatSeats(upcoming.value), date: formatDate(upcoming.t) })
        : t("strip.quantityNow", { seats: formatSeats(seatsNow) });
  const balanceSummary =
    balanceNow === null
      ? t("strip.noBalance")
      : (upcomingBalance
          ? t("strip.balanceNowAndNext", { balance: formatBalance(balanceNow), next: formatBalance(upcomingBalance.value), date: formatDate(upcomingBalance.t) })
          : t("strip.balanceNow", { balance: formatBalance(balanceNow) })) +
        (settledUntil < now ? t("strip.settledUpTo", { date: formatDate(settledUntil) }) : "");

  return (
    <section aria-label={t("strip.region", { subject })} className="grid gap-3 rounded-lg border border-[var(--color-border)] bg-[var(--color-surface)] p-3 sm:p-4 md:grid-cols-2">
      <div className="min-w-0">
        <Headline label={t("strip.seats")} value={seatsNow === null ? "—" : formatNumber(seatsNow)} loading={quantityQuery.isPending && quantityQuery.fetchStatus !== "idle"} />
        {quantityQuery.isLoadingError ? (
          <ErrorState error={quantityQuery.error} title={t("strip.quantityFailed")} onRetry={() => void quantityQuery.refetch()} />
        ) : quantityQuery.isPending ? (
          <Skeleton className="mt-2 h-32 w-full" />
        ) : (
          <TimeChart
            title={t(seatId ? "strip.quantityTitleSubscription" : "strip.quantityTitle")}
            data={toChart(quantityShown, "seats")}
            series={[{ id: "seats", label: t("strip.seats"), color: "chart-1", shape: "step", dashedAfter: now, format: (v) => formatNumber(v), formatAxis: formatCompactNumber }]}
            now={now}
            xDomain={[from, to]}
            height={130}
            yRange="data"
            summary={quantitySummary}
            empty={t("strip.noQuantityInPeriod")}
          />
        )}
      </div>
      <div className="min-w-0">
        <Headline
          label={t("strip.figureUnit", { figure: figureLabel, unit: unitName })}
          value={balanceNow === null ? "—" : formatBalance(balanceNow)}
          loading={balanceQuery.isPending && balanceQuery.fetchStatus !== "idle"}
        />
        {balanceQuery.isLoadingError ? (
          <ErrorState error={balanceQuery.error} title={t("strip.creditsFailed")} onRetry={() => void balanceQuery.refetch()} />
        ) : balanceQuery.isPending ? (
          <Skeleton className="mt-2 h-32 w-full" />
        ) : (
          <TimeChart
            title={seatId ? t("strip.balanceTitleSeat", { figure: figureLabel, seat: seatId }) : t("strip.balanceTitle", { figure: figureLabel })}
            data={toChart(balanceShown, "balance")}
            series={[{ id: "balance", label: t("strip.figureUnit", { figure: figureLabel, unit: unitName }), color: "chart-2", shape: "step", dashedAfter: settledUntil, futureLabel: t("strip.pending"), format: formatBalance, formatAxis: formatCompactNumber }]}
            now={now}
            xDomain={[from, to]}
            height={130}
            summary={balanceSummary}
            empty={t(balance ? "strip.noBalanceInPeriod" : "strip.noCredits")}
          />
        )}
      </div>
    </section>
  );
}

function Headline({ label, value, loading }: { label: string; value: string; loading: boolean }) {
  return (
    <p role="group" aria-label={label} className="flex items-baseline justify-between gap-2">
      <span className="text-sm text-[var(--color-muted)]">{label}</span>
      <span className="text-lg font-semibold tabular-nums">{loading ? "…" : value}</span>
    </p>
  );
}
