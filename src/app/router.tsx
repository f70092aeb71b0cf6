import { createBrowserRouter, type LoaderFunctionArgs, type RouteObject } from "react-router-dom";
import type { QueryKey } from "@tanstack/react-query";
import { contractListQuery, contractQuery, creditTypesQuery, customerQuery } from "../lib/metronome-queries";
import { queryClient } from "../lib/query-client";
import { alertListQuery } from "../features/alerts/api/alert-queries";
import { sessionQuery } from "../lib/session";
import { RouteErrorView } from "./route-error";
import { NotFoundView } from "./not-found";
import { PageSpinner } from "../components/spinner";

/**
 * Starts a query the layouts below will read, unless it is already cached. It never waits: the
 * layouts still render their own loading and error states. Started here, the session, customer,
 * contract list and contract load in one parallel wave with the route modules, instead of each
 * layout waiting for the one above it before asking for its data.
 */
function warm(options: { queryKey: QueryKey }): null {
  if (queryClient.getQueryData(options.queryKey) === undefined) void queryClient.prefetchQuery(options);
  return null;
}

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
const warmContract = ({ params }: LoaderFunctionArgs) => {
  warmCharts();
  if (!params.customerId || !params.contractId) return null;
  warm(contractQuery(params.customerId, params.contractId));
  warm(creditTypesQuery());
  // The low-balance banner of the contract layout reads the customer's alerts on every contract page.
  warm(alertListQuery(params.customerId, false));
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
              {
                path: "s/:subscriptionId",
                lazy: () => import("./routes/subscription-layout"),
                children: [
                  { index: true, lazy: () => import("./routes/subscription-index") },
                  { path: "seats", lazy: () => import("./routes/seats") },
                  { path: "history", lazy: () => import("./routes/history") },
                  { path: "balances", lazy: () => import("./routes/balances"), loader: preloadSeatPage },
                  {
                    path: "balances/:seatId",
                    lazy: () => import("./routes/seat-layout"),
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
