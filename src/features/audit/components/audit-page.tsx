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
import { formatDateTime, formatNumber } from "../../../lib/format";
import { creditTypesQuery } from "../../../lib/metronome-queries";
import { failedFirstLoad } from "../../../lib/query-state";
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
      header: "When",
      cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time>,
    },
    {
      id: "who",
      header: "Who",
      cell: (e) => (
        <span className="inline-block">
          <span className="block font-medium">{e.actor.name}</span>
          <span className="block text-xs text-[var(--color-muted)]">{roleLabels[e.role]}</span>
        </span>
      ),
    },
    {
      id: "where",
      header: "Subscription",
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
      header: "Change",
      cell: (e) => <span className="inline-block max-w-72 break-words">{changeSummary(e)}</span>,
    },
    {
      id: "seats",
      header: "Seats before → after",
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
      header: "Previewed charge and credits",
      stackLabel: "Previewed",
      align: "right",
      cell: (e) => {
        const charge = previewedChargeText(e, names);
        if (charge === null) return <span className="text-[var(--color-muted)]">No preview</span>;
        const credits = previewedCreditsPhrases(e, names);
        const claimed = claimedChargeText(e, names);
        return (
          <span className="inline-block">
            <span className="block">{charge}</span>
            {claimed !== null ? <span className="block text-xs text-[var(--color-muted)]">The page showed {claimed}</span> : null}
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
      header: "Outcome",
      cell: (e) =>
        e.outcome === "applied" ? (
          <Badge tone="success">Applied</Badge>
        ) : (
          <span className="inline-block max-w-64">
            <Badge tone="danger">Refused</Badge>
            {e.error ? <span className="mt-1 block text-xs break-words text-[var(--color-danger)]">{e.error.message}</span> : null}
          </span>
        ),
    },
    {
      id: "metronome",
      header: "Metronome's record",
      cell: (e) => <MatchCell match={matchEdit(e, byId, loadedContracts)} editId={e.edit_id} loading={histories.some((h) => h.isPending)} />,
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
      header: "When",
      cell: ({ edit }) => (edit.timestamp ? <time dateTime={edit.timestamp}>{formatDateTime(edit.timestamp)}</time> : "—"),
    },
    {
      id: "edit",
      header: "Edit",
      cell: ({ edit }) => (
        <code className="text-xs" title={edit.id}>
          {shortId(edit.id)}
        </code>
      ),
    },
    {
      id: "recorded",
      header: "What Metronome recorded",
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
      header: "Made by",
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
            {allRowsLoaded ? "Not made in this dashboard" : "Not among the changes loaded above"}
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
        title="Audit log"
        description={`${customerName ? `${customerName}: ` : ""}who changed seats, when, and what the preview said it would cost, beside Metronome's own record of each edit.`}
        actions={back}
      />
      {notice}
      <div role="group" aria-label="Filter the audit log" className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <Field label="Contract" className="sm:w-64">
          <Select
            value={filter.contractId ?? ALL}
            options={[{ value: ALL, label: "All contracts" }, ...contracts.map((c) => ({ value: c.id, label: c.title }))]}
            onValueChange={(value) => onFilter({ contractId: value || null, subscriptionId: null })}
          />
        </Field>
        <Field label="Subscription" className="sm:w-72">
          <Select
            value={filter.subscriptionId ?? ALL}
            options={[{ value: ALL, label: "All subscriptions" }, ...subscriptionOptions]}
            onValueChange={(value) => onFilter({ contractId: filter.contractId, subscriptionId: value || null })}
          />
        </Field>
      </div>

      <Card
        title="Seat changes"
        titleId="audit-changes-title"
        description="Every seat change made in this dashboard, newest first, with the cost the server worked out when it checked the change (and what the page showed, where that differed). Refused attempts are kept too."
        actions={
          <ExportButton
            what="seat changes"
            fileName={csvFileName("audit-log", customerName ?? customerId)}
            columns={csvColumns}
            rows={rows}
            disabled={!log.data}
          />
        }
      >
        {log.isPending ? (
          <div className="space-y-2">
            <Skeleton label="Loading the audit log…" className="h-8 w-full" />
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-full" />
          </div>
        ) : !log.data ? (
          <ErrorState error={log.error} title="Could not load the audit log" onRetry={() => void log.refetch()} retrying={log.isRefetching} />
        ) : (
          <>
            <DataTable
              caption="Seat changes"
              captionHidden
              columns={columns}
              rows={rows}
              rowKey={(e) => e.id}
              empty={filtered ? "No changes to this subscription yet." : "No seat changes yet."}
            />
            <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
              <p role="status" className="text-sm text-[var(--color-muted)]">
                {`Showing ${formatNumber(rows.length)} ${rows.length === 1 ? "change" : "changes"}${filtered ? " to this subscription" : ""}`}
                {log.hasNextPage ? "; older changes can be loaded." : "."}
              </p>
              {log.hasNextPage ? (
                <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
                  Load more changes
                </Button>
              ) : null}
            </div>
            {log.isFetchNextPageError ? (
              <ErrorState className="mt-2" error={log.error} title="Could not load more changes" onRetry={() => void log.fetchNextPage()} />
            ) : null}
          </>
        )}
      </Card>

      <Card
        title="Metronome's edit history"
        titleId="audit-metronome-title"
        description="What Metronome itself recorded for each contract edit. Edits made in this dashboard show who made them."
      >
        {historyError ? (
          <ErrorState
            className="mb-3"
            error={historyError.error}
            title="Could not load Metronome's edit history"
            onRetry={() => histories.forEach((h) => h.isError && void h.refetch())}
          />
        ) : null}
        {histories.some((h) => h.isPending) ? (
          <Skeleton label="Loading Metronome's edit history…" className="h-16 w-full" />
        ) : (
          <DataTable
            caption="Metronome's edit history"
            captionHidden
            columns={editColumns}
            rows={edits}
            rowKey={(e) => `${e.contractId}/${e.edit.id}`}
            empty={filtered ? "Metronome has no edits of this subscription." : "Metronome has no edits of this contract."}
          />
        )}
      </Card>
    </div>
  );
}

function MatchCell({ match, editId, loading }: { match: MetronomeMatch; editId: string | null; loading: boolean }) {
  switch (match.kind) {
    case "recorded":
      return (
        <span className="inline-block">
          <span className="block">
            Edit <code className="text-xs" title={match.edit.id}>{shortId(match.edit.id)}</code>
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
          Not in Metronome&apos;s history{editId ? <code className="ml-1 text-xs">({shortId(editId)})</code> : null}
        </span>
      );
    case "not_applied":
      return <span className="text-[var(--color-muted)]">Nothing recorded (not applied)</span>;
    case "unknown":
      return <span className="text-[var(--color-muted)]">{loading ? "Loading…" : "—"}</span>;
  }
}
