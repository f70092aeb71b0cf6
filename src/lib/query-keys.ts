import type { ContractDetailParams, CustomerBalancesParams, NetBalanceParams, SeatBalancesParams, SeatsHistoryParams } from "../contract/metronome-reads";

/**
 * The shared query-key roots. Keys go generic → specific and hold every input, and everything that
 * belongs to one customer sits under `["customer", customerId]`, everything of one contract under
 * `[...customer, "contract", contractId]`, so a mutation can invalidate exactly what it changes
 * (see `invalidateContractData` in metronome-queries.ts) without importing another feature.
 *
 * Features build their own keys on these roots, e.g. the alerts feature:
 *   `[...queryKeys.alerts(customerId), "list", params]`.
 * Calling a factory without its trailing params gives the prefix to invalidate.
 */

export const queryKeys = {
  /** GET /api/session */
  session: () => ["session"] as const,
  /** GET /api/demo-people */
  demoPeople: () => ["demo-people"] as const,
  /** GET /api/customers?q= (the account manager's search) */
  customerSearch: (query?: string) =>
    query === undefined ? (["customer-search"] as const) : (["customer-search", query] as const),
  /** GET /v1/credit-types/list: credit type names, the same for every customer. */
  creditTypes: () => ["credit-types"] as const,

  /** Root of everything that belongs to one customer. */
  customer: (customerId: string) => ["customer", customerId] as const,
  /** GET /v1/customers/{id} */
  customerDetail: (customerId: string) => [...queryKeys.customer(customerId), "detail"] as const,
  /** GET /api/policy?customer_id= */
  policy: (customerId: string) => [...queryKeys.customer(customerId), "policy"] as const,
  /** POST /v2/contracts/list */
  contractList: (customerId: string) => [...queryKeys.customer(customerId), "contract-list"] as const,

  /** Root of everything that belongs to one contract. */
  contract: (customerId: string, contractId: string) =>
    [...queryKeys.customer(customerId), "contract", contractId] as const,
  /** POST /v2/contracts/get with its include flags. */
  contractDetail: (customerId: string, contractId: string, params?: ContractDetailParams) =>
    params === undefined
      ? ([...queryKeys.contract(customerId, contractId), "detail"] as const)
      : ([...queryKeys.contract(customerId, contractId), "detail", params] as const),
  /** Root of one subscription's resources. */
  subscription: (customerId: string, contractId: string, subscriptionId: string) =>
    [...queryKeys.contract(customerId, contractId), "subscription", subscriptionId] as const,
  /** POST /v1/contracts/getSubscriptionQuantityHistory */
  quantityHistory: (customerId: string, contractId: string, subscriptionId: string) =>
    [...queryKeys.subscription(customerId, contractId, subscriptionId), "quantity-history"] as const,
  /** POST /v1/contracts/getSubscriptionSeatsHistory (all pages) */
  seatsHistory: (customerId: string, contractId: string, subscriptionId: string, params?: SeatsHistoryParams) =>
    params === undefined
      ? ([...queryKeys.subscription(customerId, contractId, subscriptionId), "seats-history"] as const)
      : ([...queryKeys.subscription(customerId, contractId, subscriptionId), "seats-history", params] as const),
  /** POST /v1/contracts/getSubscriptionSeatsHistory with covering_date = now: the one segment in force at `now` (epoch ms). */
  currentSeats: (customerId: string, contractId: string, subscriptionId: string, now: number) =>
    [...queryKeys.seatsHistory(customerId, contractId, subscriptionId), "at", now] as const,
  /** POST /v1/contracts/seatBalances/list (all pages / all chunks) */
  seatBalances: (customerId: string, contractId: string, params?: SeatBalancesParams) =>
    params === undefined
      ? ([...queryKeys.contract(customerId, contractId), "seat-balances"] as const)
      : ([...queryKeys.contract(customerId, contractId), "seat-balances", params] as const),

  /** POST /v1/contracts/customerBalances/list (all pages) */
  customerBalances: (customerId: string, params?: CustomerBalancesParams) =>
    params === undefined
      ? ([...queryKeys.customer(customerId), "balances"] as const)
      : ([...queryKeys.customer(customerId), "balances", params] as const),
  /** POST /v1/contracts/customerBalances/getNetBalance */
  netBalance: (customerId: string, params?: NetBalanceParams) =>
    params === undefined
      ? ([...queryKeys.customer(customerId), "net-balance"] as const)
      : ([...queryKeys.customer(customerId), "net-balance", params] as const),

  /** Roots owned by features (alerts, alert events, invoices, audit); features append their own parts. */
  alerts: (customerId: string) => [...queryKeys.customer(customerId), "alerts"] as const,
  alertEvents: (customerId: string) => [...queryKeys.customer(customerId), "alert-events"] as const,
  invoices: (customerId: string) => [...queryKeys.customer(customerId), "invoices"] as const,
  audit: (customerId: string) => [...queryKeys.customer(customerId), "audit"] as const,
};
