import { Navigate } from "react-router-dom";
import { EmptyState } from "../../components/empty-state";
import { useSession } from "../../lib/session";
import { paths } from "../../lib/paths";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";

/** "/" → the person's (first) customer. */
export function Component() {
  const session = useSession();
  const t = useT(appMessages);
  const first = session.customer_ids[0];
  if (first) return <Navigate to={paths.customer(first)} replace />;
  return (
    <EmptyState title={t("app.noCustomers")}>
      {t("app.noCustomersBody")}
    </EmptyState>
  );
}
