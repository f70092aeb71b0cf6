import { Navigate } from "react-router-dom";
import { paths } from "../../lib/paths";
import { useSubscriptionScope } from "../scope";

/** …/s/:subscriptionId → its seats page. */
export function Component() {
  const { customerId, contractId, subscriptionId } = useSubscriptionScope();
  return <Navigate to={paths.seats(customerId, contractId, subscriptionId)} replace />;
}
