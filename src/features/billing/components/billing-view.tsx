import { useEffect, useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { Card } from "../../../components/card";
import { EmptyState } from "../../../components/empty-state";
import { ErrorState } from "../../../components/error-state";
import { Skeleton } from "../../../components/spinner";
import { creditTypesQuery } from "../../../lib/metronome-queries";
import { invoiceListQuery } from "../api/invoice-queries";
import { useT } from "../../../lib/i18n";
import { billingMessages } from "../../../locales/en/billing";
import { contractInvoices, invoiceAnchor } from "../utils/invoice-lines";
import { InvoiceSection } from "./invoice-section";

export interface BillingViewProps {
  customerId: string;
  contractId: string;
  /** An invoice to open and bring into view (?invoice= in the URL), or null. */
  highlight: string | null;
}

/** B1: the contract's upcoming (draft) invoice and its past invoices, each with its seat and top-up lines and total. */
export function BillingView({ customerId, contractId, highlight }: BillingViewProps) {
  const t = useT(billingMessages);
  const invoices = useQuery(invoiceListQuery(customerId));
  const creditTypes = useQuery(creditTypesQuery());
  const split = useMemo(() => (invoices.data ? contractInvoices(invoices.data, contractId) : null), [invoices.data, contractId]);
  const found = Boolean(highlight && split && [...split.upcoming, ...split.past].some((i) => i.id === highlight));

  useEffect(() => {
    if (!found || !highlight) return;
    const element = document.getElementById(invoiceAnchor(highlight));
    element?.scrollIntoView({ block: "start" });
    element?.focus({ preventScroll: true });
  }, [found, highlight]);

  if (invoices.isPending) return <Skeleton className="h-64 w-full" label={t("billing.loading")} />;
  if (!split) return <ErrorState error={invoices.error} title={t("billing.loadError")} onRetry={() => void invoices.refetch()} retrying={invoices.isRefetching} />;
  const names = creditTypes.data;
  return (
    <div className="space-y-4">
      <Card title={t("billing.upcomingTitle")} titleId="billing-upcoming-title" description={t("billing.upcomingDescription")}>
        {split.upcoming.length === 0 ? (
          <EmptyState title={t("billing.noUpcoming")} />
        ) : (
          <div className="space-y-3">
            {split.upcoming.map((invoice) => (
              <InvoiceSection key={invoice.id} invoice={invoice} names={names} highlighted={invoice.id === highlight} />
            ))}
          </div>
        )}
      </Card>
      <Card title={t("billing.pastTitle")} titleId="billing-past-title" description={t("billing.pastDescription")}>
        {split.past.length === 0 ? (
          <EmptyState title={t("billing.noPast")} />
        ) : (
          <div className="space-y-2">
            {split.past.map((invoice) => (
              <InvoiceSection key={invoice.id} invoice={invoice} names={names} highlighted={invoice.id === highlight} foldable />
            ))}
          </div>
        )}
      </Card>
    </div>
  );
}
