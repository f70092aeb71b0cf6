import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import type { AuditEntry } from "../../../contract/bff";
import { changeEffectiveAt, invoiceForChange } from "../../../domain/invoice-for-change";
import { paths } from "../../../lib/paths";
import { invoiceListQuery } from "../api/invoice-queries";
import { useT } from "../../../lib/i18n";
import { billingMessages } from "../../../locales/en/billing";
import { invoiceTitle } from "./invoice-section";

/**
 * The invoice a seat change of the audit log landed on, as a link to it on the contract's Billing
 * page (domain/invoice-for-change); "Not on an invoice yet" when none covers it. Refused changes
 * have none.
 */
export function SeatChangeInvoice({ entry }: { entry: Pick<AuditEntry, "customer_id" | "contract_id" | "subscription_ids" | "request" | "at" | "outcome"> }) {
  const t = useT(billingMessages);
  const invoices = useQuery({ ...invoiceListQuery(entry.customer_id), enabled: entry.outcome === "applied" });
  if (entry.outcome !== "applied") return <span className="text-[var(--color-muted)]">—</span>;
  if (!invoices.data) return <span className="text-[var(--color-muted)]">{invoices.isPending ? t("billing.invoiceLoading") : "—"}</span>;
  const change = { contractId: entry.contract_id, subscriptionIds: entry.subscription_ids, effectiveAt: changeEffectiveAt(entry.request, Date.parse(entry.at)) };
  const invoice = invoiceForChange(change, invoices.data);
  if (!invoice) return <span className="text-[var(--color-muted)]">{t("billing.notInvoicedYet")}</span>;
  const title = invoiceTitle(invoice);
  return (
    <Link to={paths.billing(entry.customer_id, entry.contract_id, invoice.id)} className="text-[var(--color-brand)] underline">
      {title}
    </Link>
  );
}
