import { AlertsPage } from "../../features/alerts/components/alerts-page";
import { useSession } from "../../lib/session";
import { useContractScope } from "../scope";

/** /c/:customerId/k/:contractId/alerts — contract and seat low-balance alerts (A1–A3). */
export function Component() {
  const { customerId, contract } = useContractScope();
  const session = useSession();
  return <AlertsPage customerId={customerId} contract={contract} canWrite={session.can_write} />;
}
