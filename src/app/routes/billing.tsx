import { useSearchParams } from "react-router-dom";
import { BillingView } from "../../features/billing/components/billing-view";
import { billingMessages } from "../../features/billing/messages";
import { useContractScope } from "../scope";

/** /c/:customerId/k/:contractId/billing?invoice= — the contract's upcoming and past invoices (B1). */
export function Component() {
  const { customerId, contractId } = useContractScope();
  const [search] = useSearchParams();
  return (
    <div className="space-y-4">
      <h2 className="text-xl font-semibold">{billingMessages.heading}</h2>
      <BillingView customerId={customerId} contractId={contractId} highlight={search.get("invoice")} />
    </div>
  );
}
