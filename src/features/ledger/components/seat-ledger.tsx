import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { Card } from "../../../components/card";
import { ErrorState } from "../../../components/error-state";
import { Select, Field } from "../../../components/field";
import { Skeleton } from "../../../components/spinner";
import type { DateRange } from "../../../lib/date-range";
import { formatAmount, formatCreditTypeName } from "../../../lib/format";
import { balanceAt, grantCreditTypes, seatGrants } from "../../../domain/balance-at";
import { seatsAt } from "../../../domain/quantity-over-time";
import { forecastAt, readingInstant } from "../../../domain/run-out";
import { holderWindows } from "../../../domain/balance-over-time";
import { readsDailyBurn } from "../../../domain/read-windows";
import { usageWindowsQuery } from "../../../lib/breakdown-queries";
import { rangeTimes } from "../../../lib/date-range-check";
import { creditTypesQuery, seatsHistoryQuery } from "../../../lib/metronome-queries";
import { useUpstreamTime } from "../../../lib/use-now";
import { seatLedgerQuery } from "../api/ledger-queries";
import { ledgerCreditTypes, ledgerRows, type LedgerSource } from "../utils/ledger-rows";
import { LedgerView } from "./ledger-view";
import { useT } from "../../../lib/i18n";
import { ledgerMessages } from "../../../locales/en/ledger";
import { creditsMessages } from "../../../locales/en/credits";

export interface SeatLedgerProps {
  customerId: string;
  contractId: string;
  subscriptionId: string;
  contract: ContractV2;
  seatId: string;
  range: DateRange;
  now: number;
}

/** The name of each of the contract's credits and commits, by id. */
function grantNames(contract: ContractV2): Map<string, string | null> {
  const map = new Map<string, string | null>();
  for (const g of [...(contract.credits ?? []), ...(contract.commits ?? [])]) map.set(g.id, g.name ?? g.product?.name ?? null);
  return map;
}

/** H4: one seat's credits and commits with their ledger entries in the range, a running balance and its run-out. */
export function SeatLedger({ customerId, contractId, subscriptionId, contract, seatId, range, now }: SeatLedgerProps) {
  const ledger = useQuery(seatLedgerQuery({ customerId, contractId, subscriptionId }, seatId, range));
  const creditTypes = useQuery(creditTypesQuery());
  // The seat's usage by day (invoice breakdowns), so its balance falls as it is used.
  const [from, to] = rangeTimes(range);
  const dailyBurn = readsDailyBurn(contract, now);
  const breakdowns = useQuery(usageWindowsQuery(customerId, from, to, now, dailyBurn));
  const windows = useMemo(() => holderWindows(breakdowns.data ?? [], seatId), [breakdowns.data, seatId]);
  // The seats history (the seat layout has it) tells whether the seat is still assigned: a removed seat has no run-out.
  const history = useQuery(seatsHistoryQuery(customerId, contractId, subscriptionId));
  const upstreamTime = useUpstreamTime();
  const [picked, setPicked] = useState<string | null>(null);
  const t = useT(ledgerMessages);
  const tCredits = useT(creditsMessages);
  const names = useMemo(() => grantNames(contract), [contract]);
  const types = useMemo(() => grantCreditTypes(contract), [contract]);

  const seat = ledger.data?.[0];
  const model = useMemo(() => {
    if (!seat) return null;
    const grants = seatGrants(seat, types);
    const sources: LedgerSource[] = grants.map((g) => ({ grantId: g.id, grantName: names.get(g.id) ?? null, creditTypeId: g.creditTypeId, entries: g.entries }));
    const rows = ledgerRows(sources, now);
    return { grants, rows, types: ledgerCreditTypes(rows) };
  }, [seat, types, names, now]);

  if (ledger.isLoadingError) return <ErrorState error={ledger.error} title={t("ledger.seat.failed")} onRetry={() => void ledger.refetch()} />;
  if (ledger.isPending) return <Skeleton className="h-72 w-full" label={t("ledger.seat.loading")} />;
  if (!model || model.rows.length === 0) {
    return (
      <Card title={t("ledger.seat.heading")} headingLevel={3}>
        <p className="text-sm text-[var(--color-muted)]">{t("ledger.seat.none")}</p>
      </Card>
    );
  }
  const creditTypeId = picked && model.types.includes(picked) ? picked : (model.types[0] ?? null);
  const held = balanceAt(model.grants, creditTypeId, now, now);
  const balanceNow = held.held ? held.balance : null;
  // Measured to the hour the ledger was read at (the same data, the same forecast), for a seat still assigned.
  const asOf = readingInstant(upstreamTime(ledger.dataUpdatedAt));
  const assignedNow = history.data ? (seatsAt(history.data, now)?.seatIds.includes(seatId) ?? false) : true;
  const forecast = forecastAt(balanceAt(model.grants, creditTypeId, asOf, asOf), asOf, assignedNow);
  const typeNames = creditTypes.data;

  return (
    <Card
      title={t("ledger.seat.heading")}
      headingLevel={3}
      actions={
        model.types.length > 1 ? (
          <Field label={t("ledger.creditType")}>
            <Select value={creditTypeId ?? ""} options={model.types.map((t) => ({ value: t ?? "", label: formatCreditTypeName(t, typeNames) }))} onValueChange={setPicked} />
          </Field>
        ) : null
      }
    >
      <LedgerView
        title={t("ledger.seat.title", { seat: seatId })}
        rows={model.rows}
        grants={model.grants}
        windows={windows}
        dailyBurn={dailyBurn}
        creditTypeId={creditTypeId}
        formatAmount={(v) => formatAmount(v, creditTypeId, typeNames)}
        range={range}
        now={now}
        forecast={forecast}
        balanceNow={balanceNow}
        noForecast={assignedNow ? undefined : t("ledger.seat.unassigned")}
        fileStem={`ledger-${seatId}`}
        figureLabel={tCredits("credits.figure.seat")}
      />
    </Card>
  );
}
