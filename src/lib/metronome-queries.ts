import { queryOptions, type QueryClient } from "@tanstack/react-query";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { Subscription } from "../domain/subscription";
import {
  readAllSeatsHistory,
  readContract,
  readContractList,
  readCreditTypes,
  readCustomer,
  readCustomerBalances,
  readNetBalance,
  readQuantityHistory,
  readSeatBalances,
  readSeatsAt,
  type ContractDetailParams,
  type CustomerBalancesParams,
  type NetBalanceParams,
  type ReadRequest,
  type SeatBalancesParams,
  type SeatsHistoryParams,
  type SendRead,
} from "../contract/metronome-reads";
import { metronome, metronomeGet } from "./api-client";
import { queryKeys } from "./query-keys";

export interface CreditTypeInfo {
  id: string;
  name: string;
  isCurrency: boolean;
}

/**
 * The browser's sender of Metronome reads (src/contract/metronome-reads.ts builds them): through
 * /api/metronome, with the query's abort signal and, optionally, a fetch priority.
 */
export function browserReads(options: { signal?: AbortSignal; priority?: RequestPriority } = {}): SendRead {
  const request = { ...(options.signal ? { signal: options.signal } : {}), ...(options.priority ? { priority: options.priority } : {}) };
  return <T>(read: ReadRequest) => (read.method === "GET" ? metronomeGet<T>(read.path, undefined, request) : metronome<T>(read.path, read.body, request));
}

/** Every credit type, with the names the pages show. */
export async function fetchCreditTypes(signal?: AbortSignal): Promise<CreditTypeInfo[]> {
  const items = await readCreditTypes(browserReads(signal ? { signal } : {}));
  return items.flatMap((item) => (item.id ? [{ id: item.id, name: item.name ?? item.id, isCurrency: item.is_currency ?? false }] : []));
}

// ---------------------------------------------------------------------------------------------
// queryOptions factories: use with useQuery / useSuspenseQuery / queryClient.ensureQueryData.

/** GET /v1/customers/{id} → the customer (name, ids). */
export function customerQuery(customerId: string) {
  return queryOptions({
    queryKey: queryKeys.customerDetail(customerId),
    queryFn: ({ signal }) => readCustomer(browserReads({ signal }), customerId),
    staleTime: 5 * 60_000,
  });
}

/** POST /v2/contracts/list → the customer's contracts, chronological. */
export function contractListQuery(customerId: string) {
  return queryOptions({
    queryKey: queryKeys.contractList(customerId),
    queryFn: ({ signal }) => readContractList(browserReads({ signal }), customerId),
  });
}

/** POST /v2/contracts/get → one contract (subscriptions, quantity_schedule, recurring credits, credits). */
export function contractQuery(customerId: string, contractId: string, options: Partial<ContractDetailParams> = {}) {
  const params: ContractDetailParams = {
    includeBalance: options.includeBalance ?? false,
    includeLedgers: options.includeLedgers ?? false,
  };
  return queryOptions({
    queryKey: queryKeys.contractDetail(customerId, contractId, params),
    queryFn: ({ signal }) => readContract(browserReads({ signal }), customerId, contractId, params),
  });
}

/**
 * POST /v1/contracts/getSubscriptionQuantityHistory → Metronome's own shape (past quantity/price
 * change points, ascending), with the subscription id and an empty history filled in.
 */
export function quantityHistoryQuery(customerId: string, contractId: string, subscriptionId: string) {
  return queryOptions({
    queryKey: queryKeys.quantityHistory(customerId, contractId, subscriptionId),
    queryFn: ({ signal }) => readQuantityHistory(browserReads({ signal }), { customerId, contractId, subscriptionId }),
  });
}

/** Every seats-history segment (SEAT_BASED subscriptions only), including future scheduled ones. */
export function seatsHistoryQuery(
  customerId: string,
  contractId: string,
  subscriptionId: string,
  options: Partial<SeatsHistoryParams> = {},
) {
  const params: SeatsHistoryParams = { startingAt: options.startingAt ?? null, endingBefore: options.endingBefore ?? null };
  return queryOptions({
    queryKey: queryKeys.seatsHistory(customerId, contractId, subscriptionId, params),
    queryFn: ({ signal }) => readAllSeatsHistory(browserReads({ signal }), { customerId, contractId, subscriptionId }, params),
  });
}

/**
 * The seats-history segment in force at `now` (the upstream's time, see useNow), in one request
 * with `covering_date`: the seats assigned then and the total, without paging through the whole
 * history. null when the subscription has no segment covering `now`.
 */
export function currentSeatsQuery(customerId: string, contractId: string, subscriptionId: string, now: number) {
  return queryOptions({
    queryKey: queryKeys.currentSeats(customerId, contractId, subscriptionId, now),
    queryFn: ({ signal }) => readSeatsAt(browserReads({ signal }), { customerId, contractId, subscriptionId }, now),
  });
}

/**
 * Seat balances (all seats, or the given seats in parallel chunks); see readSeatBalances.
 * `priority` is how the browser schedules the requests (not part of the key: the same read at either priority is one query).
 */
export function seatBalancesQuery(customerId: string, contractId: string, options: Partial<SeatBalancesParams> = {}, priority?: RequestPriority) {
  const params: SeatBalancesParams = {
    subscriptionIds: options.subscriptionIds ?? null,
    seatIds: options.seatIds ?? null,
    includeCreditsAndCommits: options.includeCreditsAndCommits ?? options.includeLedgers ?? false,
    includeLedgers: options.includeLedgers ?? false,
    coveringDate: options.coveringDate ?? null,
    startingAt: options.startingAt ?? null,
    effectiveBefore: options.effectiveBefore ?? null,
  };
  // The priority only orders the requests; the answer is the same, so it stays out of the key.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: queryKeys.seatBalances(customerId, contractId, params),
    queryFn: ({ signal }) => readSeatBalances(browserReads({ signal, ...(priority ? { priority } : {}) }), { customerId, contractId }, params),
  });
}

/** Every commit and credit of the customer (contract-level included), optionally of one contract only. */
export function customerBalancesQuery(customerId: string, options: Partial<CustomerBalancesParams> = {}) {
  const params: CustomerBalancesParams = {
    contractId: options.contractId ?? null,
    includeBalance: options.includeBalance ?? true,
    includeLedgers: options.includeLedgers ?? false,
    coveringDate: options.coveringDate ?? null,
    startingAt: options.startingAt ?? null,
    effectiveBefore: options.effectiveBefore ?? null,
  };
  return queryOptions({
    queryKey: queryKeys.customerBalances(customerId, params),
    queryFn: ({ signal }) => readCustomerBalances(browserReads({ signal }), customerId, params),
  });
}

/** POST /v1/contracts/customerBalances/getNetBalance → {balance, credit_type_id}. */
export function netBalanceQuery(customerId: string, options: Partial<NetBalanceParams> = {}) {
  const params: NetBalanceParams = {
    creditTypeId: options.creditTypeId ?? null,
    filters: options.filters ?? null,
    invoiceInclusionMode: options.invoiceInclusionMode ?? null,
  };
  return queryOptions({
    queryKey: queryKeys.netBalance(customerId, params),
    queryFn: ({ signal }) => readNetBalance(browserReads({ signal }), customerId, params),
  });
}

/** Credit types with their names: `select` gives a Map id → info for formatting. */
export function creditTypesQuery() {
  return queryOptions({
    queryKey: queryKeys.creditTypes(),
    queryFn: ({ signal }) => fetchCreditTypes(signal),
    staleTime: 60 * 60_000,
    select: (types) => new Map(types.map((t) => [t.id, t])),
  });
}

// ---------------------------------------------------------------------------------------------
// Invalidation

/**
 * After any change to a contract's seats (or a subscription of it), invalidate exactly what the
 * change can touch: the contract list and the contract (detail, quantity history, seats history,
 * seat balances), the customer's balances and net balance, alerts and alert events, invoices and
 * the audit log. Other customers and contracts are left alone. Returns when refetches are done.
 */
export function invalidateContractData(
  queryClient: QueryClient,
  { customerId, contractId }: { customerId: string; contractId: string },
): Promise<void> {
  const keys = [
    queryKeys.contractList(customerId),
    queryKeys.contract(customerId, contractId),
    queryKeys.customerBalances(customerId),
    queryKeys.netBalance(customerId),
    queryKeys.alerts(customerId),
    queryKeys.alertEvents(customerId),
    queryKeys.invoices(customerId),
    queryKeys.audit(customerId),
  ];
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}

/** A subscription of a contract, by id (undefined when the contract has no such subscription). */
export function findSubscription(contract: ContractV2, subscriptionId: string): Subscription | undefined {
  return contract.subscriptions?.find((s) => s.id === subscriptionId);
}
