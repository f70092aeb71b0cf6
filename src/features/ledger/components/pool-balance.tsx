import { useMemo, useState } from "react";
import { useQueries, useQuery } from "@tanstack/react-query";
import { Card } from "../../../components/card";
import { EmptyState } from "../../../components/empty-state";
import { ErrorState } from "../../../components/error-state";
import { Field, Select } from "../../../components/field";
import { Skeleton } from "../../../components/spinner";
import type { DateRange } from "../../../lib/date-range";
import { formatAmount, formatCreditTypeName } from "../../../lib/format";
import { creditFigures, isPooled, type BalanceItem } from "../../../domain/credit-figures";
import { forecastRunOut, readingInstant, type ForecastGrant } from "../../../domain/run-out";
import { balanceItemGrant } from "../../../domain/balance-over-time";
import { readsDailyBurn } from "../../../domain/read-windows";
import { usageWindowsQuery } from "../../../lib/breakdown-queries";
import { rangeTimes } from "../../../lib/date-range-check";
import { contractQuery, creditTypesQuery, customerBalancesQuery, netBalanceQuery } from "../../../lib/metronome-queries";
import { useUpstreamTime } from "../../../lib/use-now";
import { ledgerCreditTypes, ledgerRows, type LedgerSource } from "../utils/ledger-rows";
import { LedgerView } from "./ledger-view";
import { useT } from "../../../lib/i18n";
import { ledgerMessages } from "../../../locales/en/ledger";
import { creditsMessages } from "../../../locales/en/credits";

export interface PoolBalanceProps {
  customerId: string;
  contractId: string;
  range: DateRange;
  now: number;
}

function accessWindow(item: BalanceItem): { start: number; end: number | null } {
  const items = item.access_schedule?.schedule_items ?? [];
  if (items.length === 0) return { start: Number.NEGATIVE_INFINITY, end: null };
  return {
    start: Math.min(...items.map((s) => Date.parse(s.starting_at))),
    end: Math.max(...items.map((s) => Date.parse(s.ending_before))),
  };
}

/** H5: the contract's pooled credit balance over time with its ledger and run-out, and the net balance per credit type. */
export function PoolBalance({ customerId, contractId, range, now }: PoolBalanceProps) {
  const balances = useQuery(customerBalancesQuery(customerId, { contractId, includeLedgers: true }));
  const creditTypes = useQuery(creditTypesQuery());
  // The pool's usage by day (invoice breakdowns), so its balance falls as it is used.
  const [from, to] = rangeTimes(range);
  const contract = useQuery(contractQuery(customerId, contractId));
  const dailyBurn = readsDailyBurn(contract.data, now);
  const breakdowns = useQuery(usageWindowsQuery(customerId, from, to, now, dailyBurn));
  const upstreamTime = useUpstreamTime();
  const [picked, setPicked] = useState<string | null>(null);
  const pooled = useMemo(() => (balances.data ?? []).filter(isPooled), [balances.data]);
  const model = useMemo(() => {
    const sources: LedgerSource[] = pooled.map((item) => ({
      grantId: item.id,
      grantName: item.name ?? item.product?.name ?? null,
      creditTypeId: item.access_schedule?.credit_type?.id ?? null,
      entries: (item.ledger ?? []).map((e) => ({ type: e.type, amount: e.amount, timestamp: e.timestamp })),
    }));
    const rows = ledgerRows(sources, now);
    return { sources, rows, grants: pooled.map(balanceItemGrant), types: ledgerCreditTypes(rows) };
  }, [pooled, now]);
  const figures = useMemo(() => creditFigures(balances.data ?? []), [balances.data]);
  const allTypes = figures.map((f) => f.creditTypeId);
  const nets = useQueries({ queries: allTypes.map((id) => netBalanceQuery(customerId, { creditTypeId: id })) });
  const names = creditTypes.data;
  const t = useT(ledgerMessages);
  const tCredits = useT(creditsMessages);

  if (balances.isLoadingError) return <ErrorState error={balances.error} title={t("ledger.pool.failed")} onRetry={() => void balances.refetch()} />;
  if (balances.isPending) return <Skeleton className="h-72 w-full" label={t("ledger.pool.loading")} />;

  const creditTypeId = picked && model.types.includes(picked) ? picked : (model.types[0] ?? null);
  const mineItems = pooled.filter((item) => (item.access_schedule?.credit_type?.id ?? null) === creditTypeId);
  const grants: ForecastGrant[] = mineItems.map((item) => ({ ...accessWindow(item), entries: item.ledger ?? [] }));
  const balanceNow = mineItems.length ? mineItems.reduce((sum, item) => sum + Number(item.balance ?? 0), 0) : null;
  // Measured to the hour the balances were read at: the same data, the same forecast.
  const asOf = readingInstant(upstreamTime(balances.dataUpdatedAt));
  const forecast = balanceNow === null ? null : forecastRunOut(grants, balanceNow, asOf);

  return (
    <div className="space-y-4">
      <Card title={t("ledger.pool.now")} titleId="credits-now-title" description={tCredits("credits.pooledVersusSeatScoped")}>
        {figures.length === 0 ? (
          <p className="text-sm text-[var(--color-muted)]">{t("ledger.pool.none")}</p>
        ) : (
          <div className="space-y-3">
            {figures.map((f, i) => {
              const net = nets[i];
              const amount = (v: number) => formatAmount(v, f.creditTypeId, names);
              const cells: Array<[string, string]> = [
                [tCredits("credits.figure.pooled"), f.hasPooled ? amount(f.pooled) : t("ledger.none")],
                [tCredits("credits.figure.seats"), f.hasSeats ? amount(f.seats) : t("ledger.none")],
                [tCredits("credits.figure.spendable"), net?.data ? amount(net.data.balance) : net?.isError ? t("ledger.couldNotLoad") : "…"],
              ];
              return (
                <section key={f.creditTypeId} aria-label={formatCreditTypeName(f.creditTypeId, names)}>
                  <h4 className="mb-1 text-sm font-medium">{formatCreditTypeName(f.creditTypeId, names)}</h4>
                  <dl className="grid gap-3 sm:grid-cols-3">
                    {cells.map(([label, value]) => (
                      <div key={label} className="rounded-md border border-[var(--color-border)] p-3">
                        <dt className="text-sm text-[var(--color-muted)]">{label}</dt>
                        <dd className="text-lg font-semibold tabular-nums">{value}</dd>
                      </div>
                    ))}
                  </dl>
                </section>
              );
            })}
          </div>
        )}
      </Card>
      <Card
        title={t("ledger.pool.overTime")}
        titleId="pool-title"
        description={t("ledger.pool.description")}
        actions={
          model.types.length > 1 ? (
            <Field label={t("ledger.creditType")}>
              <Select value={creditTypeId ?? ""} options={model.types.map((type) => ({ value: type ?? "", label: formatCreditTypeName(type, names) }))} onValueChange={setPicked} />
            </Field>
          ) : null
        }
      >
        {model.rows.length === 0 ? (
          <EmptyState title={t("ledger.pool.noPool")}>{t("ledger.pool.noPoolBody")}</EmptyState>
        ) : (
          <LedgerView
            title={t("ledger.pool.title")}
            rows={model.rows}
            grants={model.grants}
            windows={breakdowns.data ?? []}
            dailyBurn={dailyBurn}
            creditTypeId={creditTypeId}
            formatAmount={(v) => formatAmount(v, creditTypeId, names)}
            range={range}
            now={now}
            forecast={forecast}
            balanceNow={balanceNow}
            fileStem="pooled-credit-ledger"
            figureLabel={tCredits("credits.figure.pooled")}
          />
        )}
      </Card>
    </div>
  );
}
