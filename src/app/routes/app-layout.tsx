import { Suspense } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link, Outlet, useLocation, useNavigate, useParams } from "react-router-dom";
import { ErrorBoundary } from "../../components/error-boundary";
import { ErrorState } from "../../components/error-state";
import { PageSpinner } from "../../components/spinner";
import { StaleDataNotice } from "../../components/stale-data-notice";
import { DataAsOfNotice } from "../../components/data-as-of-notice";
import { UnauthorizedError } from "../../lib/api-errors";
import { customerQuery } from "../../lib/metronome-queries";
import { paths } from "../../lib/paths";
import { sessionQuery } from "../../lib/session";
import { useHostTheme } from "../../lib/theme";
import { CustomerSwitcher } from "../../features/customers/components/customer-switcher";
import { UserMenu } from "../user-menu";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";

/** The signed-in shell: waits for the session, then the header and the page. */
export function Component() {
  const session = useQuery(sessionQuery());
  const location = useLocation();
  const t = useT(appMessages);
  useHostTheme(session.data?.theme);
  if (session.isPending || (session.error instanceof UnauthorizedError)) return <PageSpinner label={t("app.shell.checkingSession")} />;
  if (session.isError) {
    return (
      <main className="mx-auto max-w-2xl p-6">
        <ErrorState error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-[var(--color-surface)] focus:px-3 focus:py-2"
      >
        {t("app.shell.skip")}
      </a>
      <AppHeader />
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl min-w-0 flex-1 px-3 py-4 sm:px-6 sm:py-6">
        <StaleDataNotice />
        <DataAsOfNotice />
        <ErrorBoundary resetKeys={[location.pathname]}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}

function AppHeader() {
  const session = useQuery(sessionQuery()).data;
  const { customerId } = useParams();
  const navigate = useNavigate();
  const t = useT(appMessages);
  const customer = useQuery({ ...customerQuery(customerId ?? ""), enabled: Boolean(customerId) });
  if (!session) return null;
  const manyCustomers = session.role === "account_manager" || session.customer_ids.length > 1;
  return (
    <header className="border-b border-[var(--color-border)] bg-[var(--color-surface)]">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2 sm:px-6">
        <Link to={paths.home()} className="text-lg font-semibold">
          {t("app.name")}
        </Link>
        {!manyCustomers && customer.data ? (
          <span className="min-w-0 truncate text-sm text-[var(--color-muted)]">{customer.data.name}</span>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          <UserMenu session={session} />
        </div>
        {manyCustomers ? (
          <div className="order-last w-full sm:order-none sm:w-auto">
            <CustomerSwitcher
              currentId={customerId}
              currentName={customer.data?.name}
              onSelect={(c) => void navigate(paths.customer(c.id))}
            />
          </div>
        ) : null}
      </div>
    </header>
  );
}
