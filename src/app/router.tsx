import { createBrowserRouter, type RouteObject } from "react-router-dom";
import { queryClient } from "../lib/query-client";
import { sessionQuery } from "../lib/session";
import { RouteErrorView } from "./route-error";
import { NotFoundView } from "./not-found";
import { PageSpinner } from "../components/spinner";

/**
 * The session, read once per navigation from here (the shell waits for it): started with the
 * route modules, before any of them has loaded. The pages' loaders read the same query.
 */
function sessionLoader(): null {
  void queryClient.prefetchQuery(sessionQuery());
  return null;
}

/**
 * The URL scheme (see src/lib/paths.ts). Every page is a lazy route module exporting `Component`
 * and, when it reads data, its `loader` (one view request per page, see ./view-loader.ts). React
 * Router loads every matched module at once, in parallel with the session, so a loader starts as
 * soon as its module and the session are in. Layout routes validate the ids in the URL and show a
 * not-found view for unknown ones, so the page modules below them can trust customerId /
 * contractId / subscriptionId / seatId.
 */
export const routes: RouteObject[] = [
  { path: "/sign-in", lazy: () => import("./routes/sign-in"), ErrorBoundary: RouteErrorView },
  {
    path: "/",
    lazy: () => import("./routes/app-layout"),
    loader: sessionLoader,
    ErrorBoundary: RouteErrorView,
    HydrateFallback: () => <PageSpinner />,
    children: [
      { index: true, lazy: () => import("./routes/home") },
      {
        path: "c/:customerId",
        lazy: () => import("./routes/customer-layout"),
        children: [
          { index: true, lazy: () => import("./routes/customer-index") },
          { path: "audit", lazy: () => import("./routes/audit") },
          {
            path: "k/:contractId",
            lazy: () => import("./routes/contract-layout"),
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
                  { path: "seats", lazy: () => import("./routes/seats") },
                  { path: "history", lazy: () => import("./routes/history") },
                  { path: "balances", lazy: () => import("./routes/balances") },
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
