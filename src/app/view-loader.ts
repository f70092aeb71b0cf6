/**
 * What every route loader shares: the session (read once), the page's `now`, the page's view
 * (one request: the server composes every read the page makes, see src/server/views.ts) and the
 * page's own queries, started at once from the same query options the components use. The
 * queries' requests are answered from the view as its lines arrive (src/lib/view-reads.ts).
 */
import type { LoaderFunctionArgs } from "react-router-dom";
import type { QueryKey } from "@tanstack/react-query";
import type { Session } from "../contract/bff";
import type { Subscription } from "../domain/subscription";
import { contractListQuery, contractQuery, creditTypesQuery, customerQuery, findSubscription } from "../lib/metronome-queries";
import { queryClient } from "../lib/query-client";
import { sessionQuery } from "../lib/session";
import { sessionNow } from "../lib/use-now";
import { startView } from "../lib/view-reads";
import { alertEventsQuery, alertListQuery } from "../features/alerts/api/alert-queries";
import { stripBounds } from "../features/strip/api/strip-queries";
import { topUpCatalogueQuery } from "../features/top-ups/api/top-up-queries";

/** The default freshness of a query (src/lib/query-client.ts). */
const DEFAULT_STALE_MS = 30_000;

/** A query a loader starts: any queryOptions() of a feature (or an infinite query's options, with `prefetch`). */
export interface PageQuery {
  queryKey: QueryKey;
  staleTime?: unknown;
  enabled?: unknown;
}

type ViewParams = Record<string, string | number | boolean | null | undefined>;

/** What a page's loader knows once the session is in: the URL and the upstream's now. */
export interface PageContext {
  params: LoaderFunctionArgs["params"];
  search: URLSearchParams;
  session: Session;
  now: number;
}

export interface PagePlan {
  /** The view's name and parameters (see src/server/views.ts). */
  view: { page: string; params: ViewParams };
  /** The page's queries the loader names from the URL (others read from the view as they mount). */
  queries: PageQuery[];
}

function isFresh(query: PageQuery): boolean {
  const state = queryClient.getQueryState(query.queryKey);
  if (!state || state.data === undefined || state.isInvalidated) return false;
  const staleTime = typeof query.staleTime === "number" ? query.staleTime : DEFAULT_STALE_MS;
  return Date.now() - state.dataUpdatedAt < staleTime;
}

/** The session, read once for every loader of a navigation; null when signed out (the shell sends to sign-in). */
export async function loaderSession(): Promise<Session | null> {
  return queryClient.ensureQueryData(sessionQuery()).catch(() => null);
}

/**
 * A page's loader: starts its view unless everything it names is already fresh here, and its
 * queries, then returns at once (the page shows its own loading states while the view streams in).
 */
export function pageLoader(plan: (page: PageContext) => PagePlan | null) {
  return async ({ params, request }: LoaderFunctionArgs): Promise<null> => {
    const session = await loaderSession();
    if (!session) return null;
    const page = plan({ params, search: new URL(request.url).searchParams, session, now: sessionNow(queryClient) });
    if (!page) return null;
    const queries = page.queries.filter((q) => q.enabled !== false);
    if (queries.some((q) => !isFresh(q))) void startView(page.view.page, page.view.params);
    for (const query of queries) void queryClient.prefetchQuery(query as Parameters<typeof queryClient.prefetchQuery>[0]);
    return null;
  };
}

/** The strip's part of a view's parameters: now and the strip's window from the URL. */
export function stripViewParams({ search, now }: Pick<PageContext, "search" | "now">): ViewParams {
  const strip = stripBounds(now, search);
  return {
    now: new Date(now).toISOString(),
    strip_from: strip.from,
    strip_floored: strip.floored,
    strip_end: strip.end === null ? undefined : new Date(strip.end).toISOString(),
  };
}

/** Every contract page's view parameters: the ids in the URL, now and the strip's window. */
export function contractViewParams(page: PageContext): ViewParams {
  const { params } = page;
  return {
    customer_id: params.customerId,
    contract_id: params.contractId,
    subscription_id: params.subscriptionId,
    seat_id: params.seatId,
    ...stripViewParams(page),
  };
}

/** What the contract layout reads on every contract page: the header, the pickers, credit names and the low-balance banner. */
export function contractLayoutQueries(customerId: string, contractId: string): PageQuery[] {
  return [
    customerQuery(customerId),
    contractListQuery(customerId),
    contractQuery(customerId, contractId),
    creditTypesQuery(),
    alertListQuery(customerId, false),
    alertEventsQuery(customerId),
    // The banner's Buy credits button reads the operator's packs.
    topUpCatalogueQuery(customerId),
  ];
}

/** A contract page's plan: its view and the layout's queries plus its own; null outside a contract. */
export function contractPage(name: string, own: (ids: { customerId: string; contractId: string }, page: PageContext) => { params?: ViewParams; queries: PageQuery[] }) {
  return pageLoader((page) => {
    const { customerId, contractId } = page.params;
    if (!customerId || !contractId) return null;
    const extra = own({ customerId, contractId }, page);
    return {
      view: { page: name, params: { ...contractViewParams(page), ...extra.params } },
      queries: [...contractLayoutQueries(customerId, contractId), ...extra.queries],
    };
  });
}

/** The subscription as the cached contract has it (undefined when the contract is not cached yet). */
export function cachedSubscription(customerId: string, contractId: string, subscriptionId: string): Subscription | undefined {
  const contract = queryClient.getQueryData(contractQuery(customerId, contractId).queryKey);
  return contract ? findSubscription(contract, subscriptionId) : undefined;
}
