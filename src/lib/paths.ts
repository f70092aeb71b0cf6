/**
 * The URL scheme. Route modules read the ids with useRouteIds() (route-params.ts); links are built
 * here so every feature agrees on them.
 *
 *   /sign-in?next=                                           demo people
 *   /c/:customerId                                           contract list → first active contract
 *   /c/:customerId/k/:contractId                             overview
 *   /c/:customerId/k/:contractId/s/:subscriptionId/seats     seat editor
 *   …/s/:subscriptionId/history                              quantity and seat-ID history
 *   …/s/:subscriptionId/balances                             per-seat balances
 *   …/s/:subscriptionId/balances/:seatId                     one seat: ledger and lifetime
 *   /c/:customerId/k/:contractId/credits                     pooled / contract balance
 *   /c/:customerId/k/:contractId/alerts                      alerts
 *   /c/:customerId/k/:contractId/billing?invoice=            upcoming and past invoices
 *   /c/:customerId/audit                                     audit log
 * Date ranges: ?from=YYYY-MM-DD&to=YYYY-MM-DD (both inclusive UTC dates).
 */

const enc = encodeURIComponent;

export type SubscriptionPage = "seats" | "history" | "balances";

export const paths = {
  home: () => "/",
  signIn: (next?: string) => (next ? `/sign-in?next=${enc(next)}` : "/sign-in"),
  customer: (customerId: string) => `/c/${enc(customerId)}`,
  audit: (customerId: string) => `/c/${enc(customerId)}/audit`,
  contract: (customerId: string, contractId: string) => `/c/${enc(customerId)}/k/${enc(contractId)}`,
  credits: (customerId: string, contractId: string) => `${paths.contract(customerId, contractId)}/credits`,
  alerts: (customerId: string, contractId: string) => `${paths.contract(customerId, contractId)}/alerts`,
  billing: (customerId: string, contractId: string, invoiceId?: string) =>
    withSearch(`${paths.contract(customerId, contractId)}/billing`, { invoice: invoiceId }),
  subscription: (customerId: string, contractId: string, subscriptionId: string, page: SubscriptionPage) =>
    `${paths.contract(customerId, contractId)}/s/${enc(subscriptionId)}/${page}`,
  seats: (customerId: string, contractId: string, subscriptionId: string) =>
    paths.subscription(customerId, contractId, subscriptionId, "seats"),
  history: (customerId: string, contractId: string, subscriptionId: string) =>
    paths.subscription(customerId, contractId, subscriptionId, "history"),
  balances: (customerId: string, contractId: string, subscriptionId: string) =>
    paths.subscription(customerId, contractId, subscriptionId, "balances"),
  seat: (customerId: string, contractId: string, subscriptionId: string, seatId: string) =>
    `${paths.balances(customerId, contractId, subscriptionId)}/${enc(seatId)}`,
};

/** Appends a query string (values undefined/null/"" are dropped). */
export function withSearch(path: string, search: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
