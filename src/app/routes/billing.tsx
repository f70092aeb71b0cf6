import { useSearchParams } from "react-router-dom";
import { BillingView } from "../../features/billing/components/billing-view";
import { invoiceListQuery } from "../../features/billing/api/invoice-queries";
import { useT } from "../../lib/i18n";
import { billingMessages } from "../../locales/en/billing";
import { useContractScope } from "../scope";
import { contractPage } from "../view-loader";

/** /c/:customerId/k/:contractId/billing?invoice= — the contract's upcoming and past invoices (B1). */
export function Component() {
  const { customerId, contractId } = useContractScope();
  const [search] = useSearchParams();
  const t = useT(billingMessages);
  return (
    <div className="space-y-4">
      <h2 className="text-xl font-semibold">{t("billing.heading")}</h2>
      <BillingView customerId={customerId} contractId={contractId} highlight={search.get("invoice")} />
    </div>
  );
}

/** Billing's view: the layout's reads and the customer's invoices. */
export const loader = contractPage("billing", ({ customerId }) => ({ queries: [invoiceListQuery(customerId)] }));
