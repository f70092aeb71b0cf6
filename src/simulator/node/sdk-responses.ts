/**
 * Which @metronome/sdk type declares each simulator endpoint's response: the type the SDK's own
 * method for that path returns (for lists, the page body the SDK parses the items from).
 */
import type { SchemaRequest } from "./sdk-schema";

const SDK = "@metronome/sdk";

export const SDK_RESPONSE_IMPORTS: readonly string[] = [
  `import type { BodyCursorPageResponse, CursorPageResponse, CursorPageWithoutLimitResponse } from "${SDK}/core/pagination";`,
  `import type { Commit, Credit } from "${SDK}/resources/shared";`,
  `import type { AlertArchiveResponse, AlertCreateResponse } from "${SDK}/resources/v1/alerts";`,
  `import type { ContractCreateResponse, ContractGetNetBalanceResponse, ContractGetSubscriptionSeatsHistoryResponse, ContractListBalancesResponse, ContractListSeatBalancesResponse, ContractRetrieveSubscriptionQuantityHistoryResponse } from "${SDK}/resources/v1/contracts/contracts";`,
  `import type { ProductCreateResponse } from "${SDK}/resources/v1/contracts/products";`,
  `import type { RateCardCreateResponse } from "${SDK}/resources/v1/contracts/rate-cards/rate-cards";`,
  `import type { RateAddResponse } from "${SDK}/resources/v1/contracts/rate-cards/rates";`,
  `import type { AlertRetrieveResponse, CustomerAlert } from "${SDK}/resources/v1/customers/alerts";`,
  `import type { CustomerCreateResponse, CustomerDetail, CustomerRetrieveResponse } from "${SDK}/resources/v1/customers/customers";`,
  `import type { Invoice, InvoiceRetrieveResponse } from "${SDK}/resources/v1/customers/invoices";`,
  `import type { PricingUnitListResponse } from "${SDK}/resources/v1/pricing-units";`,
  `import type { ContractEditResponse, ContractGetEditHistoryResponse, ContractListResponse, ContractRetrieveResponse } from "${SDK}/resources/v2/contracts";`,
  // The SDK's page interfaces type next_page as string, but Metronome sends null on the last page
  // (docs.metronome.com/api-reference/pagination: "repeat this process until next_page is null").
  `type Paged<P> = Omit<P, "next_page"> & { next_page: string | null };`,
];

/** Endpoint (method and route pattern, as the simulator routes it) → the SDK type of its response body. */
export const SDK_RESPONSE_TYPES = {
  "GET /v1/customers": "Paged<CursorPageResponse<CustomerDetail>>",
  "POST /v1/customers": "CustomerCreateResponse",
  "GET /v1/customers/:customer_id": "CustomerRetrieveResponse",
  "GET /v1/customers/:customer_id/invoices": "Paged<CursorPageResponse<Invoice>>",
  "GET /v1/customers/:customer_id/invoices/:invoice_id": "InvoiceRetrieveResponse",
  "GET /v1/credit-types/list": "Paged<CursorPageResponse<PricingUnitListResponse>>",
  "POST /v1/contract-pricing/products/create": "ProductCreateResponse",
  "POST /v1/contract-pricing/rate-cards/create": "RateCardCreateResponse",
  "POST /v1/contract-pricing/rate-cards/addRate": "RateAddResponse",
  "POST /v1/contracts/create": "ContractCreateResponse",
  "POST /v2/contracts/get": "ContractRetrieveResponse",
  "POST /v2/contracts/list": "ContractListResponse",
  "POST /v2/contracts/edit": "ContractEditResponse",
  "POST /v2/contracts/getEditHistory": "ContractGetEditHistoryResponse",
  "POST /v1/contracts/getSubscriptionQuantityHistory": "ContractRetrieveSubscriptionQuantityHistoryResponse",
  "POST /v1/contracts/getSubscriptionSeatsHistory": "ContractGetSubscriptionSeatsHistoryResponse",
  "POST /v1/contracts/seatBalances/list": "ContractListSeatBalancesResponse",
  "POST /v1/contracts/customerBalances/list": "Paged<BodyCursorPageResponse<ContractListBalancesResponse>>",
  "POST /v1/contracts/customerBalances/getNetBalance": "ContractGetNetBalanceResponse",
  "POST /v1/contracts/customerCommits/list": "Paged<BodyCursorPageResponse<Commit>>",
  "POST /v1/contracts/customerCredits/list": "Paged<BodyCursorPageResponse<Credit>>",
  "POST /v1/alerts/create": "AlertCreateResponse",
  "POST /v1/alerts/archive": "AlertArchiveResponse",
  "POST /v1/customer-alerts/list": "Paged<CursorPageWithoutLimitResponse<CustomerAlert>>",
  "POST /v1/customer-alerts/get": "AlertRetrieveResponse",
} as const satisfies Record<string, string>;

export type Endpoint = keyof typeof SDK_RESPONSE_TYPES;

export const ENDPOINTS = Object.keys(SDK_RESPONSE_TYPES) as Endpoint[];

export function sdkResponseRequest(): SchemaRequest {
  return { imports: [...SDK_RESPONSE_IMPORTS], roots: { ...SDK_RESPONSE_TYPES } };
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
