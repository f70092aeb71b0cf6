import { useQueries, useQuery } from "@tanstack/react-query";
import { Navigate, redirect, useSearchParams, type LoaderFunctionArgs } from "react-router-dom";
import { EmptyState } from "../../components/empty-state";
import { ErrorState } from "../../components/error-state";
import { Field, Input } from "../../components/field";
import { Notice } from "../../components/notice";
import { PageHeader } from "../../components/page-header";
import { PORTFOLIO_BALANCES, PORTFOLIO_LIMIT, PORTFOLIO_SORTS, portfolioRow, portfolioView, type PortfolioSort, type SortDirection } from "../../domain/portfolio";
import { alertListQuery } from "../../features/alerts/api/alert-queries";
import { portfolioAccessQuery, portfolioCustomersQuery } from "../../features/portfolio/api/portfolio-queries";
import { PortfolioTable, type PortfolioEntry } from "../../features/portfolio/components/portfolio-table";
import { formatNumber, getLocales } from "../../lib/format";
import { useT } from "../../lib/i18n";
import { contractListQuery, customerBalancesQuery } from "../../lib/metronome-queries";
import { paths } from "../../lib/paths";
import { useSession } from "../../lib/session";
import { useNow } from "../../lib/use-now";
import { appMessages } from "../../locales/en/app";
import { portfolioMessages } from "../../locales/en/portfolio";
import { setSearchParams } from "../range-utils";
import { loaderSession, pageLoader, type PageQuery } from "../view-loader";

/** The portfolio's queries: the names, and each customer's reads its row is made of (the same queries the customer's own pages use). */
function portfolioQueries(customerIds: readonly string[]): PageQuery[] {
  return [
    portfolioCustomersQuery(),
    ...customerIds
      .slice(0, PORTFOLIO_LIMIT)
      .flatMap((id) => [contractListQuery(id), customerBalancesQuery(id, PORTFOLIO_BALANCES), alertListQuery(id, false), portfolioAccessQuery(id)]),
  ];
}

/** The URL's sort, direction and search (`?sort=credits&dir=asc&q=…`), validated. */
function usePortfolioSearch() {
  const [search, setSearch] = useSearchParams();
  const raw = search.get("sort");
  const sort: PortfolioSort = (PORTFOLIO_SORTS as readonly string[]).includes(raw ?? "") ? (raw as PortfolioSort) : "name";
  const dir: SortDirection = search.get("dir") === "desc" ? "desc" : "asc";
  const q = search.get("q") ?? "";
  const update = (next: Record<string, string | null>) => setSearchParams(setSearch, next);
  const onSort = (column: PortfolioSort) => update({ sort: column, dir: column === sort && dir === "asc" ? "desc" : "asc" });
  return { sort, dir, q, onSort, setQuery: (value: string) => update({ q: value }) };
}

/** One entry per customer, filled as each of its reads arrives. */
function usePortfolioEntries(customerIds: readonly string[]): PortfolioEntry[] {
  const now = useNow();
  const names = useQuery(portfolioCustomersQuery());
  const shown = customerIds.slice(0, PORTFOLIO_LIMIT);
  const contracts = useQueries({ queries: shown.map((id) => contractListQuery(id)) });
  const balances = useQueries({ queries: shown.map((id) => customerBalancesQuery(id, PORTFOLIO_BALANCES)) });
  const alerts = useQueries({ queries: shown.map((id) => alertListQuery(id, false)) });
  const access = useQueries({ queries: shown.map((id) => portfolioAccessQuery(id)) });
  const nameOf = new Map((names.data?.data ?? []).map((c) => [c.id, c.name]));
  return shown.map((customerId, i) => {
    const parts = [contracts[i], balances[i], alerts[i], access[i]];
    const row = portfolioRow({
      customerId,
      name: nameOf.get(customerId) ?? customerId,
      contracts: contracts[i]?.data ?? null,
      balances: balances[i]?.data ?? null,
      alerts: alerts[i]?.data ?? null,
      access: access[i]?.data ?? null,
      now,
    });
    return { row, pending: parts.some((r) => r?.isPending), failed: parts.some((r) => r?.isError) };
  });
}

function Portfolio({ customerIds }: { customerIds: readonly string[] }) {
  const t = useT(portfolioMessages);
  const { sort, dir, q, onSort, setQuery } = usePortfolioSearch();
  const entries = usePortfolioEntries(customerIds);
  const locale = getLocales()[0] ?? "en";
  const byRow = new Map(entries.map((e) => [e.row.customerId, e]));
  const visible = portfolioView(entries.map((e) => e.row), sort, dir, q, locale).flatMap((row) => byRow.get(row.customerId) ?? []);
  return (
    <div className="space-y-4">
      <PageHeader title={t("portfolio.heading")} description={t("portfolio.description", { count: customerIds.length })} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <Field label={t("portfolio.search")} hint={t("portfolio.searchHint")} className="w-full max-w-sm">
          <Input type="search" value={q} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        </Field>
        <p className="text-sm text-[var(--color-muted)]" aria-live="polite">
          {t("portfolio.shown", { shown: visible.length, total: formatNumber(entries.length) })}
        </p>
      </div>
      {customerIds.length > PORTFOLIO_LIMIT ? <Notice tone="info">{t("portfolio.more", { limit: PORTFOLIO_LIMIT })}</Notice> : null}
      <PortfolioTable entries={visible} sort={sort} dir={dir} onSort={onSort} empty={t("portfolio.noMatch", { query: q })} />
    </div>
  );
}

/** "/": an account manager's portfolio of every assigned customer; everyone else goes to their customer. */
export function Component() {
  const session = useSession();
  const t = useT(appMessages);
  const names = useQuery({ ...portfolioCustomersQuery(), enabled: session.role === "account_manager" });
  const first = session.customer_ids[0];
  if (session.role !== "account_manager" && first) return <Navigate to={paths.customer(first)} replace />;
  if (!first) return <EmptyState title={t("app.noCustomers")}>{t("app.noCustomersBody")}</EmptyState>;
  if (names.isLoadingError) return <ErrorState error={names.error} onRetry={() => void names.refetch()} />;
  return <Portfolio customerIds={session.customer_ids} />;
}

const portfolioLoader = pageLoader(({ session }) => (session.role === "account_manager" ? { view: { page: "portfolio", params: {} }, queries: portfolioQueries(session.customer_ids) } : null));

/** Customer roles go to their customer before anything renders; an account manager's portfolio starts its one view. */
export async function loader(args: LoaderFunctionArgs) {
  const session = await loaderSession();
  if (session && session.role !== "account_manager") {
    const first = session.customer_ids[0];
    return first ? redirect(paths.customer(first)) : null;
  }
  return portfolioLoader(args);
}
