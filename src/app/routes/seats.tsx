import { SeatEditorPage } from "../../features/seats/components/seat-editor-page";
import { useSubscriptionScope } from "../scope";

/** …/s/:subscriptionId/seats — the seat editor of one subscription. */
export function Component() {
  const { customerId, contractId, contract, subscriptionId, subscription } = useSubscriptionScope();
  return (
    <SeatEditorPage
      customerId={customerId}
      contractId={contractId}
      contract={contract}
      subscriptionId={subscriptionId}
      subscription={subscription}
    />
  );
}
