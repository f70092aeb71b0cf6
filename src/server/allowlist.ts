/** The Metronome endpoints the dashboard may call through /api/metronome/<path>. */

export type Access = "read" | "write";

/** Where a route's customer id sits: the JSON body, a path segment, or nowhere (customer-free reads). */
export type CustomerLocation = "body" | "path" | "none";

export interface AllowedRoute {
  method: "GET" | "POST";
  /** Matches the Metronome path; capture group 1 is the customer id when `customer` is "path". */
  pattern: RegExp;
  access: Access;
  customer: CustomerLocation;
  /** Query parameters forwarded upstream (everything else is dropped). */
  query: readonly string[];
  /** Routes the proxy treats specially. */
  kind?: "contract-edit" | "alert-create" | "alert-archive";
}

const ID = "([^/]+)";
const PAGE = ["next_page"] as const;

export const ALLOWLIST: readonly AllowedRoute[] = [
  { method: "GET", pattern: new RegExp(`^/v1/customers/${ID}$`), access: "read", customer: "path", query: [] },
  {
    method: "GET",
    pattern: new RegExp(`^/v1/customers/${ID}/invoices$`),
    access: "read",
    customer: "path",
    query: ["next_page", "limit", "status", "starting_on", "ending_before", "sort", "credit_type_id", "skip_zero_qty_line_items"],
  },
  { method: "GET", pattern: new RegExp(`^/v1/customers/${ID}/invoices/[^/]+$`), access: "read", customer: "path", query: ["skip_zero_qty_line_items"] },
  { method: "GET", pattern: /^\/v1\/credit-types\/list$/, access: "read", customer: "none", query: ["next_page", "limit"] },
  { method: "POST", pattern: /^\/v2\/contracts\/get$/, access: "read", customer: "body", query: [] },
  { method: "POST", pattern: /^\/v2\/contracts\/list$/, access: "read", customer: "body", query: [] },
  { method: "POST", pattern: /^\/v2\/contracts\/getEditHistory$/, access: "read", customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/contracts\/getSubscriptionQuantityHistory$/, access: "read", customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/contracts\/getSubscriptionSeatsHistory$/, access: "read", customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/contracts\/seatBalances\/list$/, access: "read", customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/contracts\/customerBalances\/list$/, access: "read", customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/contracts\/customerBalances\/getNetBalance$/, access: "read", customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/customer-alerts\/list$/, access: "read", customer: "body", query: PAGE },
  { method: "POST", pattern: /^\/v1\/customer-alerts\/get$/, access: "read", customer: "body", query: [] },
  { method: "POST", pattern: /^\/v2\/contracts\/edit$/, access: "write", customer: "body", query: [], kind: "contract-edit" },
  { method: "POST", pattern: /^\/v1\/alerts\/create$/, access: "write", customer: "body", query: [], kind: "alert-create" },
  { method: "POST", pattern: /^\/v1\/alerts\/archive$/, access: "write", customer: "body", query: [], kind: "alert-archive" },
];

export interface MatchedRoute {
  route: AllowedRoute;
  /** The customer id from the path, decoded; null for body and customer-free routes. */
  pathCustomerId: string | null;
}

export function matchRoute(method: string, path: string): MatchedRoute | null {
  for (const route of ALLOWLIST) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    let pathCustomerId: string | null = null;
    if (route.customer === "path") {
      try {
        pathCustomerId = decodeURIComponent(match[1] ?? "");
      } catch {
        return null;
      }
    }
    return { route, pathCustomerId };
  }
  return null;
}
