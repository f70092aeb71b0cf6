/**
 * Which @metronome/sdk client method each simulator endpoint answers for. The response type is the
 * one that method is declared to return (for lists, the page body the SDK reads its items from), so
 * the table names methods, never types; a test calls each method to prove it requests that path.
 */
import type { SchemaRequest } from "./sdk-schema";

const SDK = "@metronome/sdk";

const WIRE_TYPES: readonly string[] = [
  `import type Metronome from "${SDK}";`,
  `import type { CursorPageResponse, PagePromise } from "${SDK}/core/pagination";`,
  // A list's page body: the SDK's three page interfaces (CursorPage, BodyCursorPage, CursorPageWithoutLimit)
  // declare the same two fields. They type next_page as string, but Metronome sends null on the last page
  // (docs.metronome.com/api-reference/pagination: "repeat this process until next_page is null").
  `type Page<Item> = Omit<CursorPageResponse<Item>, "next_page"> & { next_page: string | null };`,
  `type Wire<R> = R extends PagePromise<infer _Page, infer Item> ? Page<Item> : Awaited<R>;`,
];

/** Endpoint (method and route pattern, as the simulator routes it) → the SDK client method for it. */
export const SDK_METHODS = {
  "GET /v1/customers": "v1.customers.list",
  "POST /v1/customers": "v1.customers.create",
  "GET /v1/customers/:customer_id": "v1.customers.retrieve",
  "GET /v1/customers/:customer_id/invoices": "v1.customers.invoices.list",
  "GET /v1/customers/:customer_id/invoices/breakdowns": "v1.customers.invoices.listBreakdowns",
  "GET /v1/customers/:customer_id/invoices/:invoice_id": "v1.customers.invoices.retrieve",
  "GET /v1/credit-types/list": "v1.pricingUnits.list",
  "POST /v1/contract-pricing/products/create": "v1.contracts.products.create",
  "POST /v1/contract-pricing/rate-cards/create": "v1.contracts.rateCards.create",
  "POST /v1/contract-pricing/rate-cards/addRate": "v1.contracts.rateCards.rates.add",
  "POST /v1/contracts/create": "v1.contracts.create",
  "POST /v2/contracts/get": "v2.contracts.retrieve",
  "POST /v2/contracts/list": "v2.contracts.list",
  "POST /v2/contracts/edit": "v2.contracts.edit",
  "POST /v2/contracts/getEditHistory": "v2.contracts.getEditHistory",
  "POST /v1/contracts/getSubscriptionQuantityHistory": "v1.contracts.retrieveSubscriptionQuantityHistory",
  "POST /v1/contracts/getSubscriptionSeatsHistory": "v1.contracts.getSubscriptionSeatsHistory",
  "POST /v1/contracts/seatBalances/list": "v1.contracts.listSeatBalances",
  "POST /v1/contracts/customerBalances/list": "v1.contracts.listBalances",
  "POST /v1/contracts/customerBalances/getNetBalance": "v1.contracts.getNetBalance",
  "POST /v1/contracts/customerCommits/list": "v1.customers.commits.list",
  "POST /v1/contracts/customerCredits/list": "v1.customers.credits.list",
  "POST /v1/alerts/create": "v1.alerts.create",
  "POST /v1/alerts/archive": "v1.alerts.archive",
  "POST /v1/customer-alerts/list": "v1.customers.alerts.list",
  "POST /v1/customer-alerts/get": "v1.customers.alerts.retrieve",
} as const satisfies Record<string, string>;

export type Endpoint = keyof typeof SDK_METHODS;

export const ENDPOINTS = Object.keys(SDK_METHODS) as Endpoint[];

/** `v2.contracts.edit` → `Wire<ReturnType<Metronome["v2"]["contracts"]["edit"]>>`. */
function wireType(method: string): string {
  return `Wire<ReturnType<Metronome${method.split(".").map((k) => `[${JSON.stringify(k)}]`).join("")}>>`;
}

export function sdkResponseRequest(): SchemaRequest {
  return { imports: [...WIRE_TYPES], roots: Object.fromEntries(ENDPOINTS.map((e) => [e, wireType(SDK_METHODS[e])])) };
}

/** The endpoint a concrete method and path (query string allowed) belong to, if any. */
export function endpointOf(method: string, pathAndQuery: string): Endpoint | undefined {
  const path = pathAndQuery.split("?")[0] ?? "";
  return ENDPOINTS.find((e) => {
    const [m, pattern] = e.split(" ");
    return m === method && patternRegExp(pattern ?? "").test(path);
  });
}

/** `/v1/customers/:customer_id` → a RegExp matching concrete paths of that route. */
export function patternRegExp(pattern: string): RegExp {
  const body = pattern
    .split("/")
    .map((seg) => (seg.startsWith(":") ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${body}$`);
}
