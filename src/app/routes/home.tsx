import { Navigate } from "react-router-dom";
import { EmptyState } from "../../components/empty-state";
import { useSession } from "../../lib/session";
import { paths } from "../../lib/paths";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";
import { redirect } from "react-router-dom";
import { loaderSession } from "../view-loader";

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

/** "/" goes to the person's first customer before anything renders, so that page's loader starts at once. */
export async function loader() {
  const first = (await loaderSession())?.customer_ids[0];
  return first ? redirect(paths.customer(first)) : null;
}
