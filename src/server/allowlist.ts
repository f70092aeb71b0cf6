/** The Metronome reads the dashboard may make through /api/metronome/<path>. Writes are parsed operations (seat-edit.ts, alerts.ts), never forwarded. */

/** Where a route's customer id sits: the JSON body, a path segment, or nowhere (customer-free reads). */
export type CustomerLocation = "body" | "path" | "none";

export interface AllowedRoute {
  method: "GET" | "POST";
  /** Matches the Metronome path; capture group 1 is the customer id when `customer` is "path". */
  pattern: RegExp;
  customer: CustomerLocation;
  /** Query parameters forwarded upstream (everything else is dropped). */
  query: readonly string[];
}

const ID = "([^/]+)";
const PAGE = ["next_page"] as const;

export const ALLOWLIST: readonly AllowedRoute[] = [
  { method: "GET", pattern: new RegExp(`^/v1/customers/${ID}$`), customer: "path", query: [] },
  {
    method: "GET",
    pattern: new RegExp(`^/v1/customers/${ID}/invoices$`),
   
    customer: "path",
    query: ["next_page", "limit", "status", "starting_on", "ending_before", "sort", "credit_type_id", "skip_zero_qty_line_items"],
  },
  { method: "GET", pattern: new RegExp(`^/v1/customers/${ID}/invoices/breakdowns$`), customer: "path", query: ["next_page", "limit", "status", "starting_on", "ending_before", "window_size", "sort", "credit_type_id", "skip_zero_qty_line_items"] },
  { method: "GET", pattern: new RegExp(`^/v1/customers/${ID}/invoices/[^/]+$`), customer: "path", query: ["skip_zero_qty_line_items"] },
  { method: "GET", pattern: /^\/v1\/credit-types\/list$/, customer: "none", query: ["next_page", "limit"] },
  { method: "POST", pattern: /^\/v2\/contracts\/get$/, customer: "body", query: [] },
  { method: "POST", pattern: /^\/v2\/contracts\/list$/, customer: "body", query: [] },
  { method: "POST", pattern: /^\/v2\/contracts\/getEditHistory$/, customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/contracts\/getSubscriptionQuantityHistory$/, customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/contracts\/getSubscriptionSeatsHistory$/, customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/contracts\/seatBalances\/list$/, customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/contracts\/customerBalances\/list$/, customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/contracts\/customerBalances\/getNetBalance$/, customer: "body", query: [] },
  { method: "POST", pattern: /^\/v1\/customer-alerts\/list$/, customer: "body", query: PAGE },
  { method: "POST", pattern: /^\/v1\/customer-alerts\/get$/, customer: "body", query: [] },
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
