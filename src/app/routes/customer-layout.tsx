import { useQuery } from "@tanstack/react-query";
import { Outlet } from "react-router-dom";
import { ErrorState } from "../../components/error-state";
import { PageSpinner } from "../../components/spinner";
import { NotFoundError } from "../../lib/api-errors";
import { customerQuery } from "../../lib/metronome-queries";
import { useRequiredIds } from "../../lib/route-params";
import { useSession } from "../../lib/session";
import { NotFoundView } from "../not-found";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";

/** /c/:customerId — the customer must be one the session may see and must exist upstream. */
export function Component() {
  const { customerId } = useRequiredIds("customerId");
  const session = useSession();
  const t = useT(appMessages);
  const inScope = session.customer_ids.includes(customerId);
  const customer = useQuery({ ...customerQuery(customerId), enabled: inScope });
  if (!inScope || customer.error instanceof NotFoundError) return <NotFoundView what="customer" id={customerId} />;
  if (customer.isPending) return <PageSpinner label={t("app.loadingCustomer")} />;
  if (customer.isLoadingError) return <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />;
  return <Outlet />;
}
