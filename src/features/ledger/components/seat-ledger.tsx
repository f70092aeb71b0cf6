import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { Card } from "../../../components/card";
import { ErrorState } from "../../../components/error-state";
import { Select, Field } from "../../../components/field";
import { Skeleton } from "../../../components/spinner";
import type { DateRange } from "../../../lib/date-range";
import { formatAmount, formatCreditTypeName } from "../../../lib/format";
import { forecastRunOut, type ForecastGrant } from "../../../domain/run-out";
import { creditTypesQuery } from "../../../lib/metronome-queries";
import { seatLedgerQuery } from "../api/ledger-queries";
import { ledgerCreditTypes, ledgerRows, type LedgerSource } from "../utils/ledger-rows";
import { LedgerView } from "./ledger-view";

export interface SeatLedgerProps {
  customerId: string;
  contractId: string;
  subscriptionId: string;
  contract: ContractV2;
  seatId: string;
  range: DateRange;
  now: number;
}

/** The credit type and name of a contract credit or commit, by id. */
function grantInfo(contract: ContractV2): Map<string, { creditTypeId: string | null; name: string | null }> {
  const map = new Map<string, { creditTypeId: string | null; name: string | null }>();
  for (const g of [...(contract.credits ?? []), ...(contract.commits ?? [])]) {
    map.set(g.id, { creditTypeId: g.access_schedule?.credit_type?.id ?? null, name: g.name ?? g.product?.name ?? null });
  }
  return map;
}

/** H4: one seat's credits and commits with their ledger entries in the range, a running balance and its run-out. */
export function SeatLedger({ customerId, contractId, subscriptionId, contract, seatId, range, now }: SeatLedgerProps) {
  const ledger = useQuery(seatLedgerQuery({ customerId, contractId, subscriptionId }, seatId, range));
  const creditTypes = useQuery(creditTypesQuery());
  const [picked, setPicked] = useState<string | null>(null);
  const info = useMemo(() => grantInfo(contract), [contract]);

  const seat = ledger.data?.[0];
  const model = useMemo(() => {
    if (!seat) return null;
    const single = seat.balances.length === 1 ? (seat.balances[0]?.credit_type_id ?? null) : null;
    const grants = [...(seat.credits ?? []), ...(seat.commits ?? [])];
    const sources: LedgerSource[] = grants.map((g) => ({
      grantId: g.id,
      grantName: info.get(g.id)?.name ?? null,
      creditTypeId: info.get(g.id)?.creditTypeId ?? single,
      entries: g.ledger_entries ?? [],
    }));
    const rows = ledgerRows(sources, now);
    const types = ledgerCreditTypes(rows);
    return { grants, sources, rows, types };
  }, [seat, info, now]);

  if (ledger.isLoadingError) return <ErrorState error={ledger.error} title="Could not load the seat's ledger" onRetry={() => void ledger.refetch()} />;
  if (ledger.isPending) return <Skeleton className="h-72 w-full" label="Loading the seat's ledger" />;
  if (!model || model.rows.length === 0) {
    return (
      <Card title="Ledger" headingLevel={3}>
        <p className="text-sm text-[var(--color-muted)]">This seat held no credits or commits in the chosen period.</p>
      </Card>
    );
  }
  const creditTypeId = picked && model.types.includes(picked) ? picked : (model.types[0] ?? null);
  const mine = model.sources.filter((s) => s.creditTypeId === creditTypeId);
  const forecastGrants: ForecastGrant[] = mine.map((s) => {
    const g = model.grants.find((x) => x.id === s.grantId);
    return { start: Date.parse(g?.start_date ?? ""), end: g?.end_date ? Date.parse(g.end_date) : null, entries: s.entries };
  });
  const active = forecastGrants.filter((g) => g.start <= now && (g.end === null || g.end > now));
  const balanceNow = active.length ? active.reduce((sum, g) => sum + g.entries.reduce((a, e) => a + Number(e.amount), 0), 0) : null;
  const forecast = balanceNow === null ? null : forecastRunOut(forecastGrants, balanceNow, now);
  const names = creditTypes.data;

  return (
    <Card
      title="Ledger"
      headingLevel={3}
      actions={
        model.types.length > 1 ? (
          <Field label="Credit type">
            <Select value={creditTypeId ?? ""} options={model.types.map((t) => ({ value: t ?? "", label: formatCreditTypeName(t, names) }))} onValueChange={setPicked} />
          </Field>
        ) : null
      }
    >
      <LedgerView
        title={`ledger of ${seatId}`}
        rows={model.rows}
        creditTypeId={creditTypeId}
        formatAmount={(v) => formatAmount(v, creditTypeId, names)}
        range={range}
        now={now}
        forecast={forecast}
        balanceNow={balanceNow}
        fileStem={`ledger-${seatId}`}
      />
    </Card>
  );
}
