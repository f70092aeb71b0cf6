import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";
import { Badge, type Tone } from "../../../components/badge";
import { DataTable, type Column } from "../../../components/data-table";
import { cx } from "../../../components/cx";
import { formatAmount, formatDate, formatDateRange, formatNumber, type CreditTypeNames } from "../../../lib/format";
import { translate } from "../../../lib/i18n-core";
import { useT } from "../../../lib/i18n";
import { billingMessages } from "../../../locales/en/billing";
import { invoiceAnchor, invoiceState, lineKind, type InvoiceState, type LineKind } from "../utils/invoice-lines";

const stateTones: Record<InvoiceState, Tone> = { draft: "warning", finalized: "success", void: "neutral", other: "neutral" };
const kindTones: Record<LineKind, Tone> = { seats: "brand", top_up: "success", usage: "neutral", applied: "neutral", other: "neutral" };
type BillingId = keyof typeof billingMessages;
const stateIds: Record<InvoiceState, BillingId> = { draft: "billing.state.draft", finalized: "billing.state.finalized", void: "billing.state.void", other: "billing.state.other" };
const kindIds: Record<LineKind, BillingId> = {
  seats: "billing.kind.seats",
  top_up: "billing.kind.top_up",
  usage: "billing.kind.usage",
  applied: "billing.kind.applied",
  other: "billing.kind.other",
};

/**
 * "Invoice for Nov 1 – Dec 1, 2026" (a period's invoice); a charge made on a day is named by what it
 * bills: "Seat charge invoice of Nov 7, 2026", "Top-up invoice of Nov 24, 2026", else "Invoice of …".
 */
export function invoiceTitle(invoice: Pick<Invoice, "start_timestamp" | "end_timestamp" | "issued_at" | "line_items">): string {
  const start = invoice.start_timestamp ?? null;
  const end = invoice.end_timestamp ?? null;
  if (start && end && start !== end) return translate(billingMessages, "billing.periodTitle", { period: formatDateRange(start, end) });
  const date = formatDate(invoice.issued_at ?? start);
  const kinds = new Set(invoice.line_items.map(lineKind));
  if (kinds.size === 1 && kinds.has("top_up")) return translate(billingMessages, "billing.topUpTitle", { date });
  if (kinds.size === 1 && kinds.has("seats")) return translate(billingMessages, "billing.seatChargeTitle", { date });
  return translate(billingMessages, "billing.chargeTitle", { date });
}

export interface InvoiceSectionProps {
  invoice: Invoice;
  names: CreditTypeNames | undefined;
  /** Opened from a link: shown open and marked. */
  highlighted?: boolean;
  /** Past invoices start folded (details); the upcoming one is shown open. */
  foldable?: boolean;
}

/** One invoice: title, status, total, and its line items in a table. */
export function InvoiceSection({ invoice, names, highlighted = false, foldable = false }: InvoiceSectionProps) {
  const t = useT(billingMessages);
  const state = invoiceState(invoice);
  const title = invoiceTitle(invoice);
  const total = formatAmount(invoice.total, invoice.credit_type.id, names);
  const headingId = `${invoiceAnchor(invoice.id)}-title`;
  const columns: Array<Column<Invoice.LineItem>> = [
    { id: "item", header: t("billing.column.item"), cell: (line) => <span className="break-words">{line.name}</span> },
    {
      id: "kind",
      header: t("billing.column.kind"),
      cell: (line) => <Badge tone={kindTones[lineKind(line)]}>{t(kindIds[lineKind(line)])}</Badge>,
    },
    {
      id: "period",
      header: t("billing.column.period"),
      cell: (line) => (line.starting_at || line.ending_before ? formatDateRange(line.starting_at, line.ending_before) : "—"),
    },
    { id: "quantity", header: t("billing.column.quantity"), align: "right", cell: (line) => (line.quantity === undefined ? "—" : formatNumber(line.quantity, { maximumFractionDigits: 2 })) },
    { id: "amount", header: t("billing.column.amount"), align: "right", cell: (line) => formatAmount(line.total, line.credit_type.id, names) },
  ];
  const summary = (
    <span className="flex min-w-0 flex-1 flex-wrap items-center justify-between gap-x-3 gap-y-1">
      <span className="flex min-w-0 flex-wrap items-center gap-2">
        <span id={headingId} className="font-medium break-words">
          {title}
        </span>
        <Badge tone={stateTones[state]}>{t(stateIds[state])}</Badge>
      </span>
      <span className="font-semibold tabular-nums">
        <span className="sr-only">{t("billing.total")}: </span>
        {total}
      </span>
    </span>
  );
  const body = (
    <div className="mt-3 space-y-2">
      {highlighted ? <p className="text-sm text-[var(--color-muted)]">{t("billing.linked")}</p> : null}
      <DataTable caption={t("billing.linesCaption", { title })} captionHidden columns={columns} rows={invoice.line_items} rowKey={(line) => lineKey(invoice, line)} />
      <p className="flex justify-between border-t border-[var(--color-border)] pt-2 text-sm font-semibold">
        <span>{t("billing.total")}</span>
        <span className="tabular-nums">{total}</span>
      </p>
    </div>
  );
  const box = cx(
    "scroll-mt-4 rounded-md border border-[var(--color-border)] px-3 py-2 sm:px-4",
    highlighted && "border-[var(--color-brand)] ring-2 ring-[var(--color-brand)]",
  );
  if (!foldable) {
    return (
      <section id={invoiceAnchor(invoice.id)} aria-labelledby={headingId} tabIndex={-1} className={box}>
        <div className="flex items-center">{summary}</div>
        {body}
      </section>
    );
  }
  return (
    <details id={invoiceAnchor(invoice.id)} aria-labelledby={headingId} open={highlighted || undefined} tabIndex={-1} className={box}>
      <summary className="flex cursor-pointer items-center gap-2 rounded-sm py-1">
        <span aria-hidden="true" className="text-[var(--color-muted)] transition-transform [details[open]_&]:rotate-90">
          ▸
        </span>
        {summary}
      </summary>
      {body}
    </details>
  );
}

function lineKey(invoice: Invoice, line: Invoice.LineItem): string {
  return `${invoice.id}/${invoice.line_items.indexOf(line)}`;
}
