import { Navigate } from "react-router-dom";
import { paths } from "../../lib/paths";
import { useSubscriptionScope } from "../scope";
import { redirect, type LoaderFunctionArgs } from "react-router-dom";

/** …/s/:subscriptionId → its seats page. */
export function Component() {
  const { customerId, contractId, subscriptionId } = useSubscriptionScope();
  return <Navigate to={paths.seats(customerId, contractId, subscriptionId)} replace />;
}

/** …/s/:subscriptionId goes to its seats page before anything renders (the layouts check the ids there). */
export function loader({ params }: LoaderFunctionArgs) {
  const { customerId, contractId, subscriptionId } = params;
  return customerId && contractId && subscriptionId ? redirect(paths.seats(customerId, contractId, subscriptionId)) : null;
}
