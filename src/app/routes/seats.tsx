import { useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { SeatEditorPage } from "../../features/seats/components/seat-editor-page";
import { parseRemovalSearch } from "../../features/seats/utils/removal-prefill";
import { useSubscriptionScope } from "../scope";
import { quantityHistoryQuery } from "../../lib/metronome-queries";
import { seatPolicyQuery } from "../../features/seats/api/seat-edit";
import { contractPage } from "../view-loader";

/**
 * …/s/:subscriptionId/seats?remove=<seat id>&remove=…&remove_unassigned=<n>&at=next-period — the
 * seat editor of one subscription, optionally opened with a removal filled in (the idle seats link).
 */
export function Component() {
  const { customerId, contractId, contract, subscriptionId, subscription } = useSubscriptionScope();
  const [search] = useSearchParams();
  const removal = useMemo(() => parseRemovalSearch(search), [search]);
  return (
    <SeatEditorPage
      customerId={customerId}
      contractId={contractId}
      contract={contract}
      subscriptionId={subscriptionId}
      subscription={subscription}
      removal={removal}
    />
  );
}

/** The seat editor's view: the quantity history, the seat policy, and the seats history or the contract's edit history. */
export const loader = contractPage("seats", ({ customerId, contractId }, { params }) => ({
  queries: params.subscriptionId ? [quantityHistoryQuery(customerId, contractId, params.subscriptionId), seatPolicyQuery(customerId)] : [],
}));
