import { AlertsPage } from "../../features/alerts/components/alerts-page";
import { useSession } from "../../lib/session";
import { useContractScope } from "../scope";
import { contractPage } from "../view-loader";

/** /c/:customerId/k/:contractId/alerts — contract and seat low-balance alerts (A1–A3). */
export function Component() {
  const { customerId, contract } = useContractScope();
  const session = useSession();
  return <AlertsPage customerId={customerId} contract={contract} canWrite={session.can_write} />;
}

/** The alerts' view: the layout's reads (the alerts, their events and the credit names are among them). */
export const loader = contractPage("alerts", () => ({ queries: [] }));
