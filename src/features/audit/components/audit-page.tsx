import { useMemo, type ReactNode } from "react";
import { useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import type { AuditEntry, Role } from "../../../contract/bff";
import { Badge } from "../../../components/badge";
import { Button } from "../../../components/button";
import { Card } from "../../../components/card";
import { DataTable, type Column } from "../../../components/data-table";
import { ErrorState } from "../../../components/error-state";
import { ExportButton } from "../../../components/export-button";
import { Field, Select } from "../../../components/field";
import { PageHeader } from "../../../components/page-header";
import { Skeleton } from "../../../components/spinner";
import { csvFileName, type CsvColumn } from "../../../lib/csv";
import { formatDateTime } from "../../../lib/format";
import { creditTypesQuery } from "../../../lib/metronome-queries";
import { Trans, useT, type Translate } from "../../../lib/i18n";
import { failedFirstLoad } from "../../../lib/query-state";
import { auditMessages } from "../../../locales/en/audit";
import { auditLogQuery, editHistoryQuery } from "../api/audit-queries";
import {
  auditByEditId,
  changeSummary,
  describeEdit,
  editsById,
  matchEdit,
  claimedChargeText,
  previewedChargeCsv,
  previewedChargeText,
  previewedCreditsPhrases,
  previewedCreditsText,
  seatTotalsChanges,
  seatTotalsText,
  sortedEdits,
  type ContractEdit,
  type MetronomeMatch,
} from "../utils/audit-rows";

export interface AuditSubscriptionOption {
  id: string;
  title: string;
}
export interface AuditContractOption {
  id: string;
  title: string;
  subscriptions: AuditSubscriptionOption[];
}

export interface AuditFilter {
  contractId: string | null;
  subscriptionId: string | null;
}

export interface AuditPageProps {
  customerId: string;
  customerName: string | undefined;
  contracts: AuditContractOption[];
  filter: AuditFilter;
  onFilter: (next: AuditFilter) => void;
  roleLabels: Record<Role, string>;
  /** Shown above the tables (e.g. a notice that a filter in the URL was ignored). */
  notice?: ReactNode;
  /** A link back to the contract pages. */
  back?: ReactNode;
  /** The invoice a change landed on (a link to it): the column's header and one cell per row; no column without it. */
  invoiceColumn?: { header: string; cell: (entry: AuditEntry) => ReactNode };
}

/** Metronome's edit ids are UUIDs: the first 8 characters are enough to tell them apart on screen. */
function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}

const ALL = "";

/** P2: who changed which seats, when and at what previewed cost, beside Metronome's own edit history. */
export function AuditPage({ customerId, customerName, contracts, filter, onFilter, roleLabels, notice, back, invoiceColumn }: AuditPageProps) {
  const t = useT(auditMessages);
  const log = useInfiniteQuery(auditLogQuery(customerId, filter.contractId, filter.subscriptionId));
  const creditTypes = useQuery(creditTypesQuery());
  const historyContracts = filter.contractId ? [filter.contractId] : contracts.map((c) => c.id);
  const histories = useQueries({ queries: historyContracts.map((id) => editHistoryQuery(customerId, id)) });

  const contractTitles = useMemo(() => new Map(contracts.map((c) => [c.id, c.title])), [contracts]);
  const subscriptionTitles = useMemo(
    () => new Map(contracts.flatMap((c) => c.subscriptions.map((s) => [s.id, s.title] as const))),
    [contracts],
  );
  const subscriptionOptions = (filter.contractId ? contracts.filter((c) => c.id === filter.contractId) : contracts).flatMap((c) =>
    c.subscriptions.map((s) => ({ value: s.id, label: filter.contractId || contracts.length === 1 ? s.title : `${s.title} (${c.title})` })),
  );

  // The server filters by contract and subscription: every loaded row matches the filter.
  const rows = useMemo(() => log.data?.pages.flatMap((p) => p.data) ?? [], [log.data]);
  const allEdits: ContractEdit[] = histories.flatMap((h) => h.data ?? []);
  const loadedContracts = new Set(historyContracts.filter((_, i) => histories[i]?.isSuccess));
  const byId = editsById(allEdits);
  const actors = auditByEditId(rows);
  const edits = sortedEdits(allEdits, filter.subscriptionId);
  const allRowsLoaded = log.data !== undefined && !log.hasNextPage;
  const names = creditTypes.data;

  const subscriptionName = (id: string) => subscriptionTitles.get(id) ?? id;
  const contractName = (id: string) => contractTitles.get(id) ?? id;

  const columns: Array<Column<AuditEntry>> = [
    {
      id: "when",
      header: t("audit.col.when"),
      cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time>,
    },
    {
      id: "who",
      header: t("audit.col.who"),
      cell: (e) => (
        <span className="inline-block">
          <span className="block font-medium">{e.actor.name}</span>
          <span className="block text-xs text-[var(--color-muted)]">{roleLabels[e.role]}</span>
        </span>
      ),
    },
    {
      id: "where",
      header: t("audit.col.subscription"),
      cell: (e) => (
        <span className="inline-block">
          <span className="block">{e.subscription_ids.length ? e.subscription_ids.map(subscriptionName).join(", ") : "—"}</span>
          {!filter.contractId && contracts.length > 1 ? (
            <span className="block text-xs text-[var(--color-muted)]">{contractName(e.contract_id)}</span>
          ) : null}
        </span>
      ),
    },
    {
      id: "change",
      header: t("audit.col.change"),
      cell: (e) => <span className="inline-block max-w-72 break-words">{changeSummary(e)}</span>,
    },
    {
      id: "seats",
      header: t("audit.col.seats"),
      align: "right",
      cell: (e) => {
        const changes = seatTotalsChanges(e);
        if (changes.length === 0) return "—";
        return (
          <span className="inline-block whitespace-nowrap">
            {changes.map((c) => (
              <span key={c.subscriptionId} className="block">
                {changes.length > 1 ? <span className="text-[var(--color-muted)]">{subscriptionName(c.subscriptionId)}: </span> : null}
                {seatTotalsText(c)}
              </span>
            ))}
          </span>
        );
      },
    },
    {
      id: "cost",
      header: t("audit.col.cost"),
      stackLabel: t("audit.col.costShort"),
      align: "right",
      cell: (e) => {
        const charge = previewedChargeText(e, names);
        if (charge === null) return <span className="text-[var(--color-muted)]">{t("audit.noPreview")}</span>;
        const credits = previewedCreditsPhrases(e, names);
        const claimed = claimedChargeText(e, names);
        return (
          <span className="inline-block">
            <span className="block">{charge}</span>
            {claimed !== null ? <span className="block text-xs text-[var(--color-muted)]">{t("audit.pageShowed", { amount: claimed })}</span> : null}
            {credits.map((c) => (
              <span key={c} className="block text-xs text-[var(--color-muted)]">
                {c}
              </span>
            ))}
          </span>
        );
      },
    },
    {
      id: "outcome",
      header: t("audit.col.outcome"),
      cell: (e) =>
        e.outcome === "applied" ? (
          <Badge tone="success">{t("audit.applied")}</Badge>
        ) : (
          <span className="inline-block max-w-64">
            <Badge tone="danger">{t("audit.refused")}</Badge>
            {e.error ? <span className="mt-1 block text-xs break-words text-[var(--color-danger)]">{e.error.message}</span> : null}
          </span>
        ),
    },
    {
      id: "metronome",
      header: t("audit.col.metronome"),
      cell: (e) => <MatchCell t={t} match={matchEdit(e, byId, loadedContracts)} editId={e.edit_id} loading={histories.some((h) => h.isPending)} />,
    },
    ...(invoiceColumn ? [{ id: "invoice", ...invoiceColumn }] : []),
  ];

  const csvColumns: Array<CsvColumn<AuditEntry>> = [
    { header: "When", value: (e) => e.at },
    { header: "Who", value: (e) => e.actor.name },
    { header: "Email", value: (e) => e.actor.email },
    { header: "Role", value: (e) => roleLabels[e.role] },
    { header: "Contract", value: (e) => contractName(e.contract_id) },
    { header: "Subscriptions", value: (e) => e.subscription_ids.map(subscriptionName).join("; ") },
    { header: "Change", value: (e) => changeSummary(e) },
    { header: "Seats before", value: (e) => seatTotalsChanges(e).map((c) => c.before ?? "").join("; ") },
    { header: "Seats after", value: (e) => seatTotalsChanges(e).map((c) => c.after ?? "").join("; ") },
    { header: "Currency", value: (e) => previewedChargeCsv(e.preview ?? e.claimed_preview, names).currency },
    { header: "Previewed charge", value: (e) => previewedChargeCsv(e.preview, names).amount },
    { header: "Charge the page showed", value: (e) => previewedChargeCsv(e.claimed_preview ?? e.preview, names).amount },
    { header: "Previewed credits", value: (e) => previewedCreditsText(e, names).join("; ") },
    { header: "Outcome", value: (e) => (e.outcome === "applied" ? "Applied" : "Refused") },
    { header: "Reason", value: (e) => e.error?.message ?? "" },
    { header: "Metronome edit id", value: (e) => e.edit_id },
  ];

  const editColumns: Array<Column<ContractEdit>> = [
    {
      id: "when",
      header: t("audit.col.when"),
      cell: ({ edit }) => (edit.timestamp ? <time dateTime={edit.timestamp}>{formatDateTime(edit.timestamp)}</time> : "—"),
    },
    {
      id: "edit",
      header: t("audit.col.edit"),
      cell: ({ edit }) => (
        <code className="text-xs" title={edit.id}>
          {shortId(edit.id)}
        </code>
      ),
    },
    {
      id: "recorded",
      header: t("audit.col.recorded"),
      cell: ({ edit, contractId }) => (
        <span className="inline-block max-w-96 break-words">
          {describeEdit(edit, filter.subscriptionId)}
          {!filter.contractId && contracts.length > 1 ? (
            <span className="block text-xs text-[var(--color-muted)]">{contractName(contractId)}</span>
          ) : null}
        </span>
      ),
    },
    {
      id: "by",
      header: t("audit.col.madeBy"),
      cell: ({ edit }) => {
        const row = actors.get(edit.id);
        if (row) {
          return (
            <span className="inline-block">
              <span className="block font-medium">{row.actor.name}</span>
              <span className="block text-xs text-[var(--color-muted)]">
                {roleLabels[row.role]} · <time dateTime={row.at}>{formatDateTime(row.at)}</time>
              </span>
            </span>
          );
        }
        return (
          <span className="text-[var(--color-muted)]">
            {allRowsLoaded ? t("audit.notMadeHere") : t("audit.notLoaded")}
          </span>
        );
      },
    },
  ];

  const historyError = failedFirstLoad(histories);
  const filtered = filter.subscriptionId !== null;

  return (
    <div className="space-y-4">
      <PageHeader
        title={t("audit.title")}
        description={customerName ? t("audit.descriptionFor", { customer: customerName }) : t("audit.description")}
        actions={back}
      />
      {notice}
      <div role="group" aria-label={t("audit.filter")} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <Field label={t("audit.filter.contract")} className="sm:w-64">
          <Select
            value={filter.contractId ?? ALL}
            options={[{ value: ALL, label: t("audit.filter.allContracts") }, ...contracts.map((c) => ({ value: c.id, label: c.title }))]}
            onValueChange={(value) => onFilter({ contractId: value || null, subscriptionId: null })}
          />
        </Field>
        <Field label={t("audit.filter.subscription")} className="sm:w-72">
          <Select
            value={filter.subscriptionId ?? ALL}
            options={[{ value: ALL, label: t("audit.filter.allSubscriptions") }, ...subscriptionOptions]}
            onValueChange={(value) => onFilter({ contractId: filter.contractId, subscriptionId: value || null })}
          />
        </Field>
      </div>

      <Card
        title={t("audit.changes.title")}
        titleId="audit-changes-title"
        description={t("audit.changes.description")}
        actions={
          <ExportButton
            what={t("audit.changes.exportWhat")}
            fileName={csvFileName("audit-log", customerName ?? customerId)}
            columns={csvColumns}
            rows={rows}
            disabled={!log.data}
          />
        }
      >
        {log.isPending ? (
          <div className="space-y-2">
            <Skeleton label={t("audit.changes.loading")} className="h-8 w-full" />
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-full" />
          </div>
        ) : !log.data ? (
          <ErrorState error={log.error} title={t("audit.changes.loadFailed")} onRetry={() => void log.refetch()} retrying={log.isRefetching} />
        ) : (
          <>
            <DataTable
              caption={t("audit.changes.title")}
              captionHidden
              columns={columns}
              rows={rows}
              rowKey={(e) => e.id}
              empty={filtered ? t("audit.changes.emptyFiltered") : t("audit.changes.empty")}
            />
            <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
              <p role="status" className="text-sm text-[var(--color-muted)]">
                {t(filtered ? "audit.changes.showingFiltered" : "audit.changes.showing", { count: rows.length, more: log.hasNextPage ? "yes" : "no" })}
              </p>
              {log.hasNextPage ? (
                <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
                  {t("audit.changes.loadMore")}
                </Button>
              ) : null}
            </div>
            {log.isFetchNextPageError ? (
              <ErrorState className="mt-2" error={log.error} title={t("audit.changes.loadMoreFailed")} onRetry={() => void log.fetchNextPage()} />
            ) : null}
          </>
        )}
      </Card>

      <Card
        title={t("audit.history.title")}
        titleId="audit-metronome-title"
        description={t("audit.history.description")}
      >
        {historyError ? (
          <ErrorState
            className="mb-3"
            error={historyError.error}
            title={t("audit.history.loadFailed")}
            onRetry={() => histories.forEach((h) => h.isError && void h.refetch())}
          />
        ) : null}
        {histories.some((h) => h.isPending) ? (
          <Skeleton label={t("audit.history.loading")} className="h-16 w-full" />
        ) : (
          <DataTable
            caption={t("audit.history.title")}
            captionHidden
            columns={editColumns}
            rows={edits}
            rowKey={(e) => `${e.contractId}/${e.edit.id}`}
            empty={filtered ? t("audit.history.emptyFiltered") : t("audit.history.empty")}
          />
        )}
      </Card>
    </div>
  );
}

function MatchCell({ t, match, editId, loading }: { t: Translate<typeof auditMessages>; match: MetronomeMatch; editId: string | null; loading: boolean }) {
  switch (match.kind) {
    case "recorded":
      return (
        <span className="inline-block">
          <span className="block">
            <Trans t={t} id="audit.match.edit" values={{ id: <code className="text-xs" title={match.edit.id}>{shortId(match.edit.id)}</code> }} />
          </span>
          {match.edit.timestamp ? (
            <span className="block text-xs text-[var(--color-muted)]">
              <time dateTime={match.edit.timestamp}>{formatDateTime(match.edit.timestamp)}</time>
            </span>
          ) : null}
        </span>
      );
    case "missing":
      return (
        <span className="inline-block text-[var(--color-warning)]">
          {t("audit.match.missing")}
          {editId ? <code className="ml-1 text-xs">({shortId(editId)})</code> : null}
        </span>
      );
    case "not_applied":
      return <span className="text-[var(--color-muted)]">{t("audit.match.notApplied")}</span>;
    case "unknown":
      return <span className="text-[var(--color-muted)]">{loading ? t("audit.match.loading") : "—"}</span>;
  }
}
