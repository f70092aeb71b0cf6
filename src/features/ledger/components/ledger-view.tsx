import { useMemo } from "react";
import { Badge } from "../../../components/badge";
import { TimeChart, type ChartPoint } from "../../../components/chart";
import { DataTable, type Column } from "../../../components/data-table";
import { ExportButton } from "../../../components/export-button";
import { csvFileName, type CsvColumn } from "../../../lib/csv";
import type { DateRange } from "../../../lib/date-range";
import { rangeTimes } from "../../../lib/date-range-check";
import { amountValue, csvAmount, formatCompactNumber, formatDate, formatDateTimeWithUtc } from "../../../lib/format";
import type { HeldGrant } from "../../../domain/balance-at";
import { balanceOverTime, type UsageWindow } from "../../../domain/balance-over-time";
import type { Forecast } from "../../../domain/run-out";
import { projectionPoints } from "../../../domain/run-out";
import { ledgerEntryLabel } from "../utils/ledger-labels";
import { rowsInRange, type LedgerRow } from "../utils/ledger-rows";
import { useT } from "../../../lib/i18n";
import { ledgerMessages } from "../../../locales/en/ledger";
import { translate } from "../../../lib/i18n-core";

export interface LedgerViewProps {
  /** "Ledger of alice@acme.com" — chart title and table caption. */
  title: string;
  rows: readonly LedgerRow[];
  /** The holder's commits and credits with their ledgers, and their usage by day (invoice breakdowns): the chart's balance over time. */
  grants: readonly HeldGrant[];
  windows: readonly UsageWindow[];
  /** False when the daily breakdowns are not read (a contract with many seats): usage stays one step per invoice period. */
  dailyBurn?: boolean;
  creditTypeId: string | null;
  formatAmount: (value: number) => string;
  range: DateRange;
  now: number;
  /** The run-out forecast, drawn as a dashed projection from now. */
  forecast: Forecast | null;
  /** The balance now (as Metronome reports it), where the projection starts. */
  balanceNow: number | null;
  /** Why there is no forecast although a balance is held (e.g. a removed seat draws nothing). */
  noForecast?: string;
  fileStem: string;
  /** What the running total is ("Pooled credits", "This seat's credits"): names the chart, its line and the column. */
  figureLabel?: string;
}

const iso = (t: number) => new Date(t).toISOString();

/** The sentence after the balance: when it runs out or lasts at the current rate, or why there is no forecast. */
function forecastSentence(forecast: Forecast | null, balanceNow: number | null, noForecast: string | undefined, formatAmount: (value: number) => string): string {
  if (balanceNow === null) return "";
  if (!forecast) return noForecast ? ` ${noForecast}` : "";
  switch (forecast.status) {
    case "runs_out":
      return translate(ledgerMessages, "ledger.forecast.runsOut", { rate: formatAmount(forecast.ratePerDay), date: formatDate(forecast.runOutAt) });
    case "lasts":
      return translate(ledgerMessages, "ledger.forecast.lasts", { rate: formatAmount(forecast.ratePerDay), date: formatDate(forecast.endsAt) });
    case "empty":
      return translate(ledgerMessages, "ledger.forecast.empty");
    case "no_usage":
      return translate(ledgerMessages, "ledger.forecast.noUsage");
    case "no_balance":
      return "";
  }
}

/** What of the line is settled and what pending (the draft invoice's usage, drawn dashed). */
function pendingSentence(settledUntil: number | null, now: number, dailyBurn: boolean): string {
  if (!dailyBurn) return translate(ledgerMessages, "ledger.pending.perInvoice");
  if (settledUntil === null || settledUntil >= now) return translate(ledgerMessages, "ledger.pending.settled");
  return translate(ledgerMessages, "ledger.pending.until", { date: formatDate(settledUntil) });
}

/** A daily balance chart (domain/balance-over-time: settled solid, pending dashed, the forecast dashed), the entries in the range with readable types, and CSV. */
export function LedgerView({ title, rows, grants, windows, dailyBurn = true, creditTypeId, formatAmount, range, now, forecast, balanceNow, noForecast, fileStem, figureLabel: givenFigure }: LedgerViewProps) {
  const t = useT(ledgerMessages);
  const figureLabel = givenFigure ?? t("ledger.creditsLeft");
  const [from, to] = rangeTimes(range);
  const shown = useMemo(() => rowsInRange(rows, creditTypeId, from, to), [rows, creditTypeId, from, to]);
  const burn = useMemo(() => balanceOverTime(grants, creditTypeId, windows, { from, to }, now), [grants, creditTypeId, windows, from, to, now]);
  const points = useMemo<ChartPoint[]>(() => {
    const balance = burn.points.map((p) => ({ t: p.t, balance: p.balance, forecast: null }) as ChartPoint);
    if (forecast && balanceNow !== null && now >= from && now < to) {
      for (const p of projectionPoints(forecast, balanceNow, now)) {
        if (p.t >= from && p.t < to) balance.push({ t: p.t, balance: null, forecast: p.value });
        else if (p.t >= to) balance.push({ t: to - 1, balance: null, forecast: p.value });
      }
    }
    return balance;
  }, [burn, from, to, forecast, balanceNow, now]);

  const columns: Array<Column<LedgerRow>> = [
    { id: "date", header: t("ledger.col.date"), cell: (r) => formatDateTimeWithUtc(r.t) },
    {
      id: "type",
      header: t("ledger.col.entry"),
      cell: (r) => (
        <span>
          {ledgerEntryLabel(r.type)} {r.pending ? <Badge tone="brand">{t("ledger.pendingBadge")}</Badge> : null}
        </span>
      ),
    },
    { id: "grant", header: t("ledger.col.grant"), cell: (r) => r.grantName ?? r.grantId },
    { id: "amount", header: t("ledger.col.amount"), align: "right", cell: (r) => ((amountValue(r.amount, creditTypeId) ?? 0) > 0 ? `+${formatAmount(r.amount)}` : formatAmount(r.amount)) },
    { id: "balance", header: t("ledger.col.after", { figure: figureLabel }), align: "right", cell: (r) => formatAmount(r.balanceAfter) },
  ];
  const csvColumns: Array<CsvColumn<LedgerRow>> = [
    { header: "timestamp", value: (r) => iso(r.t) },
    { header: "type", value: (r) => r.type },
    { header: "entry", value: (r) => ledgerEntryLabel(r.type) },
    { header: "grant_id", value: (r) => r.grantId },
    { header: "grant_name", value: (r) => r.grantName },
    { header: "credit_type_id", value: () => creditTypeId },
    { header: "amount", value: (r) => csvAmount(r.amount, creditTypeId) },
    { header: "balance_after", value: (r) => csvAmount(r.balanceAfter, creditTypeId) },
    { header: "pending", value: (r) => r.pending },
  ];
  const forecastText = forecastSentence(forecast, balanceNow, noForecast, formatAmount);

  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <ExportButton what={title} fileName={csvFileName(fileStem, range.from, range.to)} columns={csvColumns} rows={shown} />
      </div>
      <TimeChart
        title={t("ledger.chartTitle", { figure: figureLabel, title })}
        data={points}
        now={now}
        xDomain={[from, to]}
        height={220}
        showSummary
        summary={`${balanceNow === null ? t("ledger.noneNow", { figure: figureLabel }) : t("ledger.now", { figure: figureLabel, amount: formatAmount(balanceNow) })}${forecastText}${pendingSentence(burn.settledUntil, now, dailyBurn)}${t("ledger.entries", { count: shown.length, from: formatDate(from), to: formatDate(to - 1) })}`}
        series={[
          { id: "balance", label: figureLabel, color: "chart-1", dashedAfter: burn.settledUntil ?? now, futureLabel: t(dailyBurn ? "ledger.pending" : "ledger.forecast"), format: formatAmount, formatAxis: formatCompactNumber },
          { id: "forecast", label: t("ledger.forecastLine"), color: "warning", shape: "line", dashedAfter: now, futureLabel: t("ledger.forecast"), format: formatAmount, formatAxis: formatCompactNumber },
        ]}
        empty={t("ledger.noEntries")}
      />
      <DataTable caption={t("ledger.caption", { title })} columns={columns} rows={shown} rowKey={(r) => `${r.grantId}|${r.t}|${r.type}|${r.amount}`} empty={t("ledger.noEntries")} />
    </div>
  );
}
