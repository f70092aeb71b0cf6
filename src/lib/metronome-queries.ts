import { queryOptions, type QueryClient } from "@tanstack/react-query";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { CustomerDetail } from "@metronome/sdk/resources/v1/customers/customers";
import type {
  ContractGetNetBalanceParams,
  ContractGetNetBalanceResponse,
  ContractGetSubscriptionSeatsHistoryParams,
  ContractGetSubscriptionSeatsHistoryResponse,
  ContractListBalancesParams,
  ContractListSeatBalancesParams,
  ContractListSeatBalancesResponse,
  ContractRetrieveSubscriptionQuantityHistoryResponse,
} from "@metronome/sdk/resources/v1/contracts/contracts";
import type { QuantityHistory, SeatSegment, Subscription } from "../domain/subscription";
import type { BalanceItem } from "../domain/credit-figures";
import type { SeatBalance } from "../domain/balance-at";
import type { PricingUnitListResponse } from "@metronome/sdk/resources/v1/pricing-units";
import type { Session } from "../contract/bff";
import { metronome, metronomeGet } from "./api-client";
import { serverTime } from "./use-now";
import {
  queryKeys,
  type ContractDetailParams,
  type CustomerBalancesParams,
  type NetBalanceParams,
  type SeatBalancesParams,
  type SeatsHistoryParams,
} from "./query-keys";

export interface CreditTypeInfo {
  id: string;
  name: string;
  isCurrency: boolean;
}
/** Seats history segments may carry `total_quantity` as a string upstream: normalised here, where they are fetched. */
function normaliseSegment(segment: SeatSegment): SeatSegment & { total_quantity: number } {
  return { ...segment, total_quantity: Number(segment.total_quantity) };
}

// ---------------------------------------------------------------------------------------------
// Fetchers that follow cursors

/** Every page of the seats history (10 segments a page upstream), in order. */
export async function fetchAllSeatsHistory(
  ids: { customerId: string; contractId: string; subscriptionId: string },
  params: SeatsHistoryParams,
  signal?: AbortSignal,
): Promise<SeatSegment[]> {
  const segments: SeatSegment[] = [];
  let cursor: string | null = null;
  do {
    const body: ContractGetSubscriptionSeatsHistoryParams = {
      customer_id: ids.customerId,
      contract_id: ids.contractId,
      subscription_id: ids.subscriptionId,
      limit: 10,
      ...(params.startingAt ? { starting_at: params.startingAt } : {}),
      ...(params.endingBefore ? { ending_before: params.endingBefore } : {}),
      ...(cursor ? { cursor } : {}),
    };
    const page: ContractGetSubscriptionSeatsHistoryResponse = await metronome<ContractGetSubscriptionSeatsHistoryResponse>(
      "/v1/contracts/getSubscriptionSeatsHistory",
      body,
      signal ? { signal } : undefined,
    );
    for (const segment of page.data) segments.push(normaliseSegment(segment));
    cursor = page.next_page;
  } while (cursor);
  return segments;
}

const SEAT_PAGE_LIMIT = 100;

/**
 * How many seats one seatBalances/list page holds when each carries `objectsPerSeat` commits and
 * credits: seats join a page while the count before them is under 100 (see docs/metronome.md,
 * Pagination), so asking for
 * at most this many gets them in one request instead of a cursor walk.
 */
export function seatsPerPage(objectsPerSeat: number): number {
  const k = Math.max(1, Math.ceil(objectsPerSeat));
  return Math.min(SEAT_PAGE_LIMIT, Math.floor(99 / k) + 1);
}

/** Splits a list into chunks of `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Seat balances for every seat (following `pagination.next_page`), or, when `seatIds` is given, for
 * those seats in chunks of 100 fetched in parallel (unknown seat ids are skipped, not an error).
 * Results are ordered by seat id.
 */
export async function fetchSeatBalances(
  ids: { customerId: string; contractId: string },
  params: SeatBalancesParams,
  signal?: AbortSignal,
  priority?: RequestPriority,
): Promise<SeatBalance[]> {
  const base: ContractListSeatBalancesParams = {
    customer_id: ids.customerId,
    contract_id: ids.contractId,
    limit: SEAT_PAGE_LIMIT,
    ...(params.subscriptionIds ? { subscription_ids: params.subscriptionIds } : {}),
    ...(params.includeCreditsAndCommits ? { include_credits_and_commits: true } : {}),
    ...(params.includeLedgers ? { include_credits_and_commits: true, include_ledgers: true } : {}),
    ...(params.coveringDate ? { covering_date: params.coveringDate } : {}),
    ...(params.startingAt ? { starting_at: params.startingAt } : {}),
    ...(params.effectiveBefore ? { effective_before: params.effectiveBefore } : {}),
  };
  const followPages = async (body: ContractListSeatBalancesParams): Promise<SeatBalance[]> => {
    const seats: SeatBalance[] = [];
    let cursor: string | null | undefined = undefined;
    do {
      const page: ContractListSeatBalancesResponse = await metronome<ContractListSeatBalancesResponse>(
        "/v1/contracts/seatBalances/list",
        cursor ? { ...body, cursor } : body,
        { ...(signal ? { signal } : {}), ...(priority ? { priority } : {}) },
      );
      seats.push(...page.data);
      cursor = page.pagination.next_page;
    } while (cursor);
    return seats;
  };
  if (params.seatIds === null) return followPages(base);
  if (params.seatIds.length === 0) return [];
  const parts = await Promise.all(
    chunk(params.seatIds, SEAT_PAGE_LIMIT).map((seatIds) =>
      followPages({ ...base, seat_ids: seatIds, skip_missing_seat_ids: true }),
    ),
  );
  return parts.flat().sort((a, b) => (a.seat_id < b.seat_id ? -1 : a.seat_id > b.seat_id ? 1 : 0));
}

interface BalancesPage {
  data: BalanceItem[];
  next_page: string | null;
}

/** Every page of customerBalances/list with contract-level balances included. */
export async function fetchAllCustomerBalances(
  customerId: string,
  params: CustomerBalancesParams,
  signal?: AbortSignal,
): Promise<BalanceItem[]> {
  const items: BalanceItem[] = [];
  let nextPage: string | null = null;
  do {
    const body: ContractListBalancesParams = {
      customer_id: customerId,
      include_contract_balances: true,
      include_balance: params.includeBalance,
      include_ledgers: params.includeLedgers,
      limit: 25,
      ...(params.coveringDate ? { covering_date: params.coveringDate } : {}),
      ...(params.startingAt ? { starting_at: params.startingAt } : {}),
      ...(params.effectiveBefore ? { effective_before: params.effectiveBefore } : {}),
      ...(nextPage ? { next_page: nextPage } : {}),
    };
    const page: BalancesPage = await metronome<BalancesPage>(
      "/v1/contracts/customerBalances/list",
      body,
      signal ? { signal } : undefined,
    );
    items.push(...page.data);
    nextPage = page.next_page;
  } while (nextPage);
  if (params.contractId === null) return items;
  return items.filter((item) => item.contract?.id === params.contractId);
}

interface CreditTypesPage {
  data: PricingUnitListResponse[];
  next_page: string | null;
}

/** Every credit type (fiat and custom units such as "AI credits"). */
export async function fetchCreditTypes(signal?: AbortSignal): Promise<CreditTypeInfo[]> {
  const types: CreditTypeInfo[] = [];
  let nextPage: string | null = null;
  do {
    const page: CreditTypesPage = await metronomeGet<CreditTypesPage>(
      "/v1/credit-types/list",
      { limit: 100, next_page: nextPage },
      signal ? { signal } : undefined,
    );
    for (const item of page.data) {
      if (item.id) types.push({ id: item.id, name: item.name ?? item.id, isCurrency: item.is_currency ?? false });
    }
    nextPage = page.next_page;
  } while (nextPage);
  return types;
}

// ---------------------------------------------------------------------------------------------
// queryOptions factories: use with useQuery / useSuspenseQuery / queryClient.ensureQueryData.

/** GET /v1/customers/{id} → the customer (name, ids). */
export function customerQuery(customerId: string) {
  return queryOptions({
    queryKey: queryKeys.customerDetail(customerId),
    queryFn: ({ signal }) =>
      metronomeGet<{ data: CustomerDetail }>(`/v1/customers/${encodeURIComponent(customerId)}`, undefined, { signal }).then(
        (r) => r.data,
      ),
    staleTime: 5 * 60_000,
  });
}

/** POST /v2/contracts/list → the customer's contracts, chronological. */
export function contractListQuery(customerId: string) {
  return queryOptions({
    queryKey: queryKeys.contractList(customerId),
    queryFn: ({ signal }) =>
      metronome<{ data: ContractV2[] }>("/v2/contracts/list", { customer_id: customerId }, { signal }).then((r) => r.data),
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
    queryFn: ({ signal }) =>
      metronome<{ data: ContractV2 }>(
        "/v2/contracts/get",
        {
          customer_id: customerId,
          contract_id: contractId,
          ...(params.includeBalance ? { include_balance: true } : {}),
          ...(params.includeLedgers ? { include_ledgers: true } : {}),
        },
        { signal },
      ).then((r) => r.data),
  });
}

/**
 * POST /v1/contracts/getSubscriptionQuantityHistory → Metronome's own shape (past quantity/price
 * change points, ascending), with the subscription id and an empty history filled in.
 */
export function quantityHistoryQuery(customerId: string, contractId: string, subscriptionId: string) {
  return queryOptions({
    queryKey: queryKeys.quantityHistory(customerId, contractId, subscriptionId),
    queryFn: ({ signal }) =>
      metronome<ContractRetrieveSubscriptionQuantityHistoryResponse>(
        "/v1/contracts/getSubscriptionQuantityHistory",
        { customer_id: customerId, contract_id: contractId, subscription_id: subscriptionId },
        { signal },
      ).then((r): QuantityHistory & { subscription_id: string; history: NonNullable<QuantityHistory["history"]> } => ({
        ...r.data,
        subscription_id: r.data.subscription_id ?? subscriptionId,
        history: r.data.history ?? [],
      })),
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
    queryFn: ({ signal }) => fetchAllSeatsHistory({ customerId, contractId, subscriptionId }, params, signal),
  });
}

/**
 * The seats-history segment in force now (the upstream's now: the session's server time), in one
 * request with `covering_date`: the seats assigned now and the total, without paging through the
 * whole history. null when the subscription has no segment covering now.
 */
export function currentSeatsQuery(customerId: string, contractId: string, subscriptionId: string) {
  return queryOptions({
    queryKey: queryKeys.currentSeats(customerId, contractId, subscriptionId),
    queryFn: async ({ signal, client }): Promise<SeatSegment | null> => {
      const session = client.getQueryState<Session>(queryKeys.session());
      const at = serverTime(session?.data?.now, session?.dataUpdatedAt ?? 0, Date.now());
      const body: ContractGetSubscriptionSeatsHistoryParams = {
        customer_id: customerId,
        contract_id: contractId,
        subscription_id: subscriptionId,
        covering_date: new Date(at).toISOString(),
        limit: 10,
      };
      const page = await metronome<ContractGetSubscriptionSeatsHistoryResponse>("/v1/contracts/getSubscriptionSeatsHistory", body, {
        signal,
      });
      // Exactly one segment is expected; should there be more, the last one is the current one.
      const segment = page.data.at(-1);
      return segment ? normaliseSegment(segment) : null;
    },
  });
}

/** Seat balances (all seats, or the given seats in parallel chunks); see fetchSeatBalances. */
/** `priority` is how the browser schedules the requests (not part of the key: the same read at either priority is one query). */
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
    queryFn: ({ signal }) => fetchSeatBalances({ customerId, contractId }, params, signal, priority),
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
    queryFn: ({ signal }) => fetchAllCustomerBalances(customerId, params, signal),
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
    queryFn: ({ signal }) => {
      const body: ContractGetNetBalanceParams = {
        customer_id: customerId,
        ...(params.creditTypeId ? { credit_type_id: params.creditTypeId } : {}),
        ...(params.filters ? { filters: params.filters } : {}),
        ...(params.invoiceInclusionMode ? { invoice_inclusion_mode: params.invoiceInclusionMode } : {}),
      };
      return metronome<ContractGetNetBalanceResponse>("/v1/contracts/customerBalances/getNetBalance", body, {
        signal,
      }).then((r) => r.data);
    },
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
