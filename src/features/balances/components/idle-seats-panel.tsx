import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { Link } from "react-router-dom";
import { Button, LinkButton } from "../../../components/button";
import { Card } from "../../../components/card";
import { ErrorState } from "../../../components/error-state";
import { ExportButton } from "../../../components/export-button";
import { Field, Input } from "../../../components/field";
import { Skeleton } from "../../../components/spinner";
import { csvFileName, type CsvColumn } from "../../../lib/csv";
import { formatDate, formatNumber, formatSeats } from "../../../lib/format";
import { seatGrantsPerSeat } from "../../../domain/credit-release";
import { seatsPerPage } from "../../../contract/metronome-reads";
import type { Subscription } from "../../../domain/subscription";
import { idleWindow } from "../api/idle-queries";
import { useSeatBalanceChunks } from "../api/use-seat-balance-chunks";
import { segmentAt } from "../../../domain/seat-reads";
import { idleSeats, parseIdleDays, removalSearch, type IdleSeat } from "../utils/idle-seats";
import { Trans, useT } from "../../../lib/i18n";
import { balancesMessages } from "../../../locales/en/balances";

export interface IdleSeatsPanelProps {
  customerId: string;
  contractId: string;
  subscriptionId: string;
  contract: ContractV2;
  subscription: Subscription;
  /** Seats assigned now. */
  assigned: readonly string[];
  /** Paid seats nobody holds now. */
  unassigned: number;
  now: number;
  /** The "N days" from the URL (raw). */
  days: string;
  onDays: (days: string) => void;
  /** The seat editor's path; the removal is prefilled through its search params. */
  seatsPath: string;
  seatHref: (seatId: string) => string;
  canWrite: boolean;
}

/** H8: unassigned seats and seats with no usage in the last N days, with a one-click removal at the next period. */
export function IdleSeatsPanel(props: IdleSeatsPanelProps) {
  const { customerId, contractId, subscriptionId, contract, subscription, assigned, unassigned, now, days, onDays, seatsPath, seatHref, canWrite } = props;
  const t = useT(balancesMessages);
  const [draft, setDraft] = useState(days);
  const [error, setError] = useState<string | null>(null);
  const { days: n, since, held: heldQuery } = idleWindow({ customerId, contractId, subscriptionId }, now, days);
  const chunks = useSeatBalanceChunks({
    customerId,
    contractId,
    subscriptionId,
    seatIds: assigned,
    startingAt: new Date(since).toISOString(),
    includeLedgers: true,
    seatsPerRequest: seatsPerPage(seatGrantsPerSeat(contract, subscription, since, now)),
    // After the balances table's own reads: its rows come first.
    priority: "low",
  });
  // Who held which seat from the window's start on (a seat given out inside the window is not idle):
  // only those segments, usually one page.
  const held = useQuery(heldQuery);
  const complete = chunks.loadedChunks === chunks.totalChunks && held.data !== undefined;
  const candidates = useMemo(() => {
    const before = new Set(held.data ? (segmentAt(held.data, since)?.assigned_seat_ids ?? []) : []);
    return assigned.filter((id) => before.has(id));
  }, [assigned, held.data, since]);
  const idle = useMemo(() => (complete ? idleSeats(candidates, [...chunks.seats.values()], since) : []), [complete, candidates, chunks.seats, since]);
  const [showAll, setShowAll] = useState(false);

  const csvColumns: Array<CsvColumn<IdleSeat>> = [
    { header: "seat_id", value: (s) => s.seatId },
    { header: "last_used_before_window", value: (s) => (s.lastUsedAt === null ? "" : new Date(s.lastUsedAt).toISOString()) },
  ];

  return (
    <Card
      title={t("balances.idle.title")}
      titleId="idle-seats-title"
      description={t("balances.idle.description")}
      actions={complete ? <ExportButton what={t("balances.idle.exportWhat")} fileName={csvFileName("idle-seats", `${n}-days`)} columns={csvColumns} rows={idle} /> : null}
    >
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (parseIdleDays(draft) === null) {
            setError(t("balances.idle.daysInvalid"));
            return;
          }
          setError(null);
          onDays(draft.trim());
        }}
      >
        <Field label={t("balances.idle.daysLabel")} error={error} className="w-44">
          <Input inputMode="numeric" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </Field>
        <Button type="submit">{t("balances.idle.find")}</Button>
      </form>
      <div className="mt-4 space-y-3 text-sm" aria-live="polite">
        <p>
          <Trans t={t} id="balances.idle.unassigned" values={{ seats: <span className="font-medium">{formatSeats(unassigned)}</span> }} />
        </p>
        {chunks.error || held.isLoadingError ? (
          <ErrorState
            error={chunks.error ?? held.error}
            title={t("balances.idle.checkFailed")}
            onRetry={() => {
              chunks.retry();
              if (held.isLoadingError) void held.refetch();
            }}
          />
        ) : !complete ? (
          <Skeleton className="h-10 w-full" label={t("balances.idle.checking", { seats: formatSeats(assigned.length) })} />
        ) : (
          <>
            <p>
              <Trans
                t={t}
                id="balances.idle.found"
                values={{ seats: <span className="font-medium">{formatSeats(idle.length)}</span>, date: formatDate(since), days: n }}
              />
            </p>
            {idle.length > 0 ? (
              <ul className="max-h-48 overflow-auto rounded-md border border-[var(--color-border)] px-3 py-2">
                {(showAll ? idle : idle.slice(0, 20)).map((s) => (
                  <li key={s.seatId}>
                    <Link className="break-all text-[var(--color-brand)] underline" to={seatHref(s.seatId)}>
                      {s.seatId}
                    </Link>
                    <span className="text-[var(--color-muted)]">{s.lastUsedAt === null ? t("balances.idle.noUsageOnRecord") : t("balances.idle.lastUsedBefore", { date: formatDate(s.lastUsedAt) })}</span>
                  </li>
                ))}
                {idle.length > 20 && !showAll ? (
                  <li>
                    <Button size="sm" variant="ghost" onClick={() => setShowAll(true)}>
                      {t("balances.idle.showAll", { count: formatNumber(idle.length) })}
                    </Button>
                  </li>
                ) : null}
              </ul>
            ) : null}
          </>
        )}
        {canWrite && (unassigned > 0 || idle.length > 0) ? (
          <LinkButton variant="primary" to={`${seatsPath}${removalSearch(idle.map((s) => s.seatId), unassigned)}`}>
            {t("balances.idle.remove", { seats: formatSeats(idle.length + unassigned) })}
          </LinkButton>
        ) : null}
        {canWrite && (unassigned > 0 || idle.length > 0) ? (
          <p className="text-xs text-[var(--color-muted)]">{t("balances.idle.removeHint")}</p>
        ) : null}
      </div>
    </Card>
  );
}
