import { Navigate } from "react-router-dom";
import { EmptyState } from "../../components/empty-state";
import { useSession } from "../../lib/session";
import { paths } from "../../lib/paths";

/** "/" → the person's (first) customer. */
export function Component() {
  const session = useSession();
  const first = session.customer_ids[0];
  if (first) return <Navigate to={paths.customer(first)} replace />;
  return (
    <EmptyState title="No customers yet">
      No customer accounts are assigned to you. Ask an administrator to assign one.
    </EmptyState>
  );
}
