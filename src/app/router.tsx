import { createBrowserRouter, type LoaderFunctionArgs, type RouteObject } from "react-router-dom";
import type { QueryKey } from "@tanstack/react-query";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { contractListQuery, contractQuery, creditTypesQuery, currentSeatsQuery, customerQuery, findSubscription, quantityHistoryQuery, seatsHistoryQuery } from "../lib/metronome-queries";
import { queryClient } from "../lib/query-client";
import { serverTime } from "../lib/use-now";
import { alertEventsQuery, alertListQuery } from "../features/alerts/api/alert-queries";
import { contractEditHistoryQuery, seatPolicyQuery } from "../features/seats/api/seat-edit";
import { stripQueries } from "../features/strip/api/strip-queries";
import { idleWindow } from "../features/balances/api/idle-queries";
import { sessionQuery } from "../lib/session";
import { RouteErrorView } from "./route-error";
import { NotFoundView } from "./not-found";
import { PageSpinner } from "../components/spinner";
import { isSeatBased, type Subscription } from "../domain/subscription";

/**
 * Starts a query the layouts below will read, unless it is already cached. It never waits: the
 * layouts still render their own loading and error states. Started here, the session, customer,
 * contract list and contract load in one parallel wave with the route modules, instead of each
 * layout waiting for the one above it before asking for its data.
 */
function warm(options: { queryKey: QueryKey; enabled?: unknown }): null {
  if (options.enabled === false) return null;
  if (queryClient.getQueryData(options.queryKey) === undefined) void queryClient.prefetchQuery(options);
  return null;
}

interface ContractContext {
  customerId: string;
  contractId: string;
  contract: ContractV2;
  /** The subscription in the URL, else the contract's first (the one the strip shows). */
  subscription: Subscription | undefined;
  seatBased: boolean;
  /** The upstream's time (the session's clock), as the pages' useNow sees it. */
  now: number;
  search: URLSearchParams;
}

/**
 * Runs `then` as soon as the contract and the session are known (both already on their way), so
 * the reads that need the contract's subscriptions start then, not once the layouts have rendered.
 */
function afterContract({ params, request }: LoaderFunctionArgs, then: (c: ContractContext) => void): null {
  const { customerId, contractId, subscriptionId } = params;
  if (!customerId || !contractId) return null;
  const session = queryClient.ensureQueryData(sessionQuery());
  void Promise.all([queryClient.ensureQueryData(contractQuery(customerId, contractId)), session])
    .then(([contract]) => {
      const subscription = subscriptionId ? findSubscription(contract, subscriptionId) : contract.subscriptions?.[0];
      const state = queryClient.getQueryState(sessionQuery().queryKey);
      then({
        customerId,
        contractId,
        contract,
        subscription,
        seatBased: isSeatBased(subscription),
        now: serverTime(state?.data?.now, state?.dataUpdatedAt ?? 0, Date.now()),
        search: new URL(request.url).searchParams,
      });
    })
    .catch(() => undefined);
  return null;
}

/** Every subscription page of a seat-based subscription reads its whole seats history. */
const warmSeatsHistory = ({ customerId, contractId, subscription, seatBased }: ContractContext) => {
  if (seatBased && subscription?.id) warm(seatsHistoryQuery(customerId, contractId, subscription.id));
};

const warmSession = () => warm(sessionQuery());
const warmCustomer = ({ params }: LoaderFunctionArgs) => {
  if (params.customerId) {
    warm(customerQuery(params.customerId));
    warm(contractListQuery(params.customerId));
  }
  return null;
};
// Every contract page draws charts (the quantity and balance strip at least): fetch the chart
// library alongside the contract instead of after it, once the strip has its data.
const warmCharts = () => void import("../components/chart-impl").catch(() => undefined);
const warmContract = (args: LoaderFunctionArgs) => {
  const { params } = args;
  warmCharts();
  if (!params.customerId || !params.contractId) return null;
  warm(contractQuery(params.customerId, params.contractId));
  warm(creditTypesQuery());
  // The low-balance banner of the contract layout reads the customer's alerts and their events on every contract page.
  warm(alertListQuery(params.customerId, false));
  warm(alertEventsQuery(params.customerId));
  return afterContract(args, ({ customerId, contractId, subscription, now, search }) => {
    if (!subscription) return;
    const strip = stripQueries({ customerId, contractId, subscription, seatId: params.seatId ?? null, now, search });
    for (const query of [strip.seats, strip.quantity, strip.pool, strip.seat]) warm(query);
  });
};

/** The seat editor: quantity history and seat policy from the URL; the seats or the edit history once the mode is known. */
const warmSeatsPage = (args: LoaderFunctionArgs) => {
  const { customerId, contractId, subscriptionId } = args.params;
  if (!customerId || !contractId || !subscriptionId) return null;
  warm(quantityHistoryQuery(customerId, contractId, subscriptionId));
  warm(seatPolicyQuery(customerId));
  return afterContract(args, (c) => {
    warmSeatsHistory(c);
    if (!c.seatBased) warm(contractEditHistoryQuery(customerId, contractId));
  });
};

const warmHistoryPage = (args: LoaderFunctionArgs) => {
  const { customerId, contractId, subscriptionId } = args.params;
  if (customerId && contractId && subscriptionId) warm(quantityHistoryQuery(customerId, contractId, subscriptionId));
  return afterContract(args, warmSeatsHistory);
};

/**
 * The seats now (the table's first rows), the whole history and the idle-seat window's segments;
 * then, once the table is up, the seat page's modules.
 */
const warmBalancesPage = (args: LoaderFunctionArgs) => {
  afterContract(args, (c) => {
    warmSeatsHistory(c);
    const subscriptionId = c.subscription?.id;
    if (!c.seatBased || !subscriptionId || c.search.get("on")) return;
    warm(currentSeatsQuery(c.customerId, c.contractId, subscriptionId));
    warm(idleWindow({ customerId: c.customerId, contractId: c.contractId, subscriptionId }, c.now, c.search.get("idle")).held);
  });
  preloadSeatPage();
  return null;
};

/** Once the seat balances table is up, load the seat page's modules, so opening a seat waits only for its data. */
const preloadSeatPage = () => {
  const load = () => {
    void import("./routes/seat-layout").catch(() => undefined);
    void import("./routes/seat-detail").catch(() => undefined);
  };
  if (typeof requestIdleCallback === "function") requestIdleCallback(load, { timeout: 3_000 });
  else setTimeout(load, 1_000);
  return null;
};

/**
 * The URL scheme (see src/lib/paths.ts). Every page is a lazy route module exporting `Component`.
 * Layout routes validate the ids in the URL and show a not-found view for unknown ones, so the
 * page modules below them can trust customerId / contractId / subscriptionId / seatId.
 */
export const routes: RouteObject[] = [
  { path: "/sign-in", lazy: () => import("./routes/sign-in"), ErrorBoundary: RouteErrorView },
  {
    path: "/",
    lazy: () => import("./routes/app-layout"),
    loader: warmSession,
    ErrorBoundary: RouteErrorView,
    HydrateFallback: () => <PageSpinner />,
    children: [
      { index: true, lazy: () => import("./routes/home") },
      {
        path: "c/:customerId",
        lazy: () => import("./routes/customer-layout"),
        loader: warmCustomer,
        children: [
          { index: true, lazy: () => import("./routes/customer-index") },
          { path: "audit", lazy: () => import("./routes/audit") },
          {
            path: "k/:contractId",
            lazy: () => import("./routes/contract-layout"),
            loader: warmContract,
            children: [
              { index: true, lazy: () => import("./routes/overview") },
              { path: "credits", lazy: () => import("./routes/credits") },
              { path: "alerts", lazy: () => import("./routes/alerts") },
              { path: "billing", lazy: () => import("./routes/billing") },
              {
                path: "s/:subscriptionId",
                lazy: () => import("./routes/subscription-layout"),
                children: [
                  { index: true, lazy: () => import("./routes/subscription-index") },
                  { path: "seats", lazy: () => import("./routes/seats"), loader: warmSeatsPage },
                  { path: "history", lazy: () => import("./routes/history"), loader: warmHistoryPage },
                  { path: "balances", lazy: () => import("./routes/balances"), loader: warmBalancesPage },
                  {
                    path: "balances/:seatId",
                    lazy: () => import("./routes/seat-layout"),
                    loader: (args) => afterContract(args, warmSeatsHistory),
                    children: [{ index: true, lazy: () => import("./routes/seat-detail") }],
                  },
                ],
              },
            ],
          },
        ],
      },
      { path: "*", element: <NotFoundView what="page" /> },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
