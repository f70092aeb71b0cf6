/**
 * The Metronome reads the dashboard makes, each built and paged in one place. The SPA sends them
 * through /api/metronome (src/lib/metronome-queries.ts) and the server's view endpoints send the
 * same requests upstream (src/server/views.ts), so a page's view holds exactly the answers the
 * page's own queries would have received, request for request.
 */
import type { BalanceFilter, ContractV2 } from "@metronome/sdk/resources/shared";
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
import type { ContractGetEditHistoryResponse } from "@metronome/sdk/resources/v2/contracts";
import type { CustomerAlert } from "@metronome/sdk/resources/v1/customers/alerts";
import type { Invoice, InvoiceListBreakdownsResponse } from "@metronome/sdk/resources/v1/customers/invoices";
import type { PricingUnitListResponse } from "@metronome/sdk/resources/v1/pricing-units";
import type { QuantityHistory, SeatSegment } from "../domain/subscription";
import type { BalanceItem } from "../domain/credit-figures";
import type { SeatBalance } from "../domain/balance-at";
import { DAY_MS } from "../domain/time";

/** One Metronome read: its path (with the query string of a GET) and, for a POST, its JSON body. */
export interface ReadRequest {
  method: "GET" | "POST";
  /** Metronome's path, e.g. "/v1/credit-types/list?limit=100". */
  path: string;
  body?: Record<string, unknown>;
}

/** Sends one read and resolves to its JSON answer (throwing on a refusal). */
export type SendRead = <T>(request: ReadRequest) => Promise<T>;

/** Query-string values; undefined and null are left out. */
type QueryValues = Record<string, string | number | boolean | null | undefined>;

/** `path` with `values` as its query string, in the order given. */
export function withQueryString(path: string, values: QueryValues): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null) search.append(key, String(value));
  const text = search.toString();
  return text ? `${path}${path.includes("?") ? "&" : "?"}${text}` : path;
}

/**
 * The identity of a read as the browser sends it: method, path with its query sorted, and the
 * body as JSON with its keys sorted at every level, so two spellings of one read are one key.
 */
export function readKey(method: string, pathAndQuery: string, body: unknown): string {
  const [path = "", query = ""] = pathAndQuery.split("?", 2);
  const params = [...new URLSearchParams(query)].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const search = new URLSearchParams(params).toString();
  return `${method.toUpperCase()} ${path}${search ? `?${search}` : ""} ${body === undefined || body === null ? "" : canonicalJson(body)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

// ---------------------------------------------------------------------------------------------
// What shapes each read (the query keys hold the same params)

export interface ContractDetailParams {
  includeBalance: boolean;
  includeLedgers: boolean;
}

/** Either bound may be omitted (ISO times). */
export interface SeatsHistoryParams {
  startingAt: string | null;
  endingBefore: string | null;
}

export interface SeatBalancesParams {
  subscriptionIds: string[] | null;
  /** null: every seat; otherwise fetched in chunks of 100 in parallel. */
  seatIds: string[] | null;
  includeCreditsAndCommits: boolean;
  includeLedgers: boolean;
  /** ISO time; null means now. Not combinable with startingAt / effectiveBefore. */
  coveringDate: string | null;
  startingAt: string | null;
  effectiveBefore: string | null;
}

export interface CustomerBalancesParams {
  /** Keep only this contract's commits and credits (null: all, including customer-level ones). */
  contractId: string | null;
  includeBalance: boolean;
  includeLedgers: boolean;
  coveringDate: string | null;
  startingAt: string | null;
  effectiveBefore: string | null;
}

export interface NetBalanceParams {
  /** Default USD cents upstream. */
  creditTypeId: string | null;
  /** OR across filters, AND inside one (Metronome's BalanceFilter). */
  filters: BalanceFilter[] | null;
  invoiceInclusionMode: "FINALIZED" | "FINALIZED_AND_DRAFT" | null;
}

export interface SubscriptionIds {
  customerId: string;
  contractId: string;
  subscriptionId: string;
}

// ---------------------------------------------------------------------------------------------
// Single reads

const post = (path: string, body: Record<string, unknown>): ReadRequest => ({ method: "POST", path, body });

/** GET /v1/customers/{id} → the customer. */
export function readCustomer(send: SendRead, customerId: string): Promise<CustomerDetail> {
  return send<{ data: CustomerDetail }>({ method: "GET", path: `/v1/customers/${encodeURIComponent(customerId)}` }).then((r) => r.data);
}

/** POST /v2/contracts/list → the customer's contracts. */
export function readContractList(send: SendRead, customerId: string): Promise<ContractV2[]> {
  return send<{ data: ContractV2[] }>(post("/v2/contracts/list", { customer_id: customerId })).then((r) => r.data);
}

/** POST /v2/contracts/get → one contract. */
export function readContract(send: SendRead, customerId: string, contractId: string, params: ContractDetailParams): Promise<ContractV2> {
  const body = {
    customer_id: customerId,
    contract_id: contractId,
    ...(params.includeBalance ? { include_balance: true } : {}),
    ...(params.includeLedgers ? { include_ledgers: true } : {}),
  };
  return send<{ data: ContractV2 }>(post("/v2/contracts/get", body)).then((r) => r.data);
}

export type FilledQuantityHistory = QuantityHistory & { subscription_id: string; history: NonNullable<QuantityHistory["history"]> };

/** POST /v1/contracts/getSubscriptionQuantityHistory, with the subscription id and an empty history filled in. */
export function readQuantityHistory(send: SendRead, ids: SubscriptionIds): Promise<FilledQuantityHistory> {
  const body = { customer_id: ids.customerId, contract_id: ids.contractId, subscription_id: ids.subscriptionId };
  return send<ContractRetrieveSubscriptionQuantityHistoryResponse>(post("/v1/contracts/getSubscriptionQuantityHistory", body)).then((r) => ({
    ...r.data,
    subscription_id: r.data.subscription_id ?? ids.subscriptionId,
    history: r.data.history ?? [],
  }));
}

/** POST /v2/contracts/getEditHistory → the contract's edits as Metronome recorded them. */
export function readEditHistory(send: SendRead, customerId: string, contractId: string): Promise<ContractGetEditHistoryResponse["data"]> {
  return send<ContractGetEditHistoryResponse>(post("/v2/contracts/getEditHistory", { customer_id: customerId, contract_id: contractId })).then((r) => r.data);
}

/** POST /v1/contracts/customerBalances/getNetBalance → {balance, credit_type_id}. */
export function readNetBalance(send: SendRead, customerId: string, params: NetBalanceParams): Promise<ContractGetNetBalanceResponse["data"]> {
  const body: ContractGetNetBalanceParams = {
    customer_id: customerId,
    ...(params.creditTypeId ? { credit_type_id: params.creditTypeId } : {}),
    ...(params.filters ? { filters: params.filters } : {}),
    ...(params.invoiceInclusionMode ? { invoice_inclusion_mode: params.invoiceInclusionMode } : {}),
  };
  return send<ContractGetNetBalanceResponse>(post("/v1/contracts/customerBalances/getNetBalance", { ...body })).then((r) => r.data);
}

// ---------------------------------------------------------------------------------------------
// Reads that follow cursors

/** Seats history segments may carry `total_quantity` as a string upstream: normalised where they are read. */
function normaliseSegment(segment: SeatSegment): SeatSegment & { total_quantity: number } {
  return { ...segment, total_quantity: Number(segment.total_quantity) };
}

/** Every page of the seats history (10 segments a page upstream), in order. */
export async function readAllSeatsHistory(send: SendRead, ids: SubscriptionIds, params: SeatsHistoryParams): Promise<SeatSegment[]> {
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
    const page: ContractGetSubscriptionSeatsHistoryResponse = await send<ContractGetSubscriptionSeatsHistoryResponse>(
      post("/v1/contracts/getSubscriptionSeatsHistory", { ...body }),
    );
    for (const segment of page.data) segments.push(normaliseSegment(segment));
    cursor = page.next_page;
  } while (cursor);
  return segments;
}

/** The seats-history segment covering `at` (epoch ms) in one request; null when none covers it. */
export async function readSeatsAt(send: SendRead, ids: SubscriptionIds, at: number): Promise<SeatSegment | null> {
  const body: ContractGetSubscriptionSeatsHistoryParams = {
    customer_id: ids.customerId,
    contract_id: ids.contractId,
    subscription_id: ids.subscriptionId,
    covering_date: new Date(at).toISOString(),
    limit: 10,
  };
  const page = await send<ContractGetSubscriptionSeatsHistoryResponse>(post("/v1/contracts/getSubscriptionSeatsHistory", { ...body }));
  // Exactly one segment is expected; should there be more, the last one is the current one.
  const segment = page.data.at(-1);
  return segment ? normaliseSegment(segment) : null;
}

const SEAT_PAGE_LIMIT = 100;

/**
 * How many seats one seatBalances/list page holds when each carries `objectsPerSeat` commits and
 * credits: seats join a page while the count before them is under 100 (see docs/metronome.md,
 * Pagination), so asking for at most this many gets them in one request instead of a cursor walk.
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
 * those seats in chunks of 100 read in parallel (unknown seat ids are skipped, not an error).
 * Results are ordered by seat id.
 */
export async function readSeatBalances(send: SendRead, ids: { customerId: string; contractId: string }, params: SeatBalancesParams): Promise<SeatBalance[]> {
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
      const page: ContractListSeatBalancesResponse = await send<ContractListSeatBalancesResponse>(
        post("/v1/contracts/seatBalances/list", cursor ? { ...body, cursor } : { ...body }),
      );
      seats.push(...page.data);
      cursor = page.pagination.next_page;
    } while (cursor);
    return seats;
  };
  if (params.seatIds === null) return followPages(base);
  if (params.seatIds.length === 0) return [];
  const parts = await Promise.all(
    chunk(params.seatIds, SEAT_PAGE_LIMIT).map((seatIds) => followPages({ ...base, seat_ids: seatIds, skip_missing_seat_ids: true })),
  );
  return parts.flat().sort((a, b) => (a.seat_id < b.seat_id ? -1 : a.seat_id > b.seat_id ? 1 : 0));
}

/** Every page of customerBalances/list with contract-level balances included, optionally of one contract only. */
export async function readCustomerBalances(send: SendRead, customerId: string, params: CustomerBalancesParams): Promise<BalanceItem[]> {
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
    const page: { data: BalanceItem[]; next_page: string | null } = await send<{ data: BalanceItem[]; next_page: string | null }>(
      post("/v1/contracts/customerBalances/list", { ...body }),
    );
    items.push(...page.data);
    nextPage = page.next_page;
  } while (nextPage);
  if (params.contractId === null) return items;
  return items.filter((item) => item.contract?.id === params.contractId);
}

/** Every credit type (fiat and custom units such as "AI credits"). */
export async function readCreditTypes(send: SendRead): Promise<PricingUnitListResponse[]> {
  const types: PricingUnitListResponse[] = [];
  let nextPage: string | null = null;
  do {
    const page: { data: PricingUnitListResponse[]; next_page: string | null } = await send<{ data: PricingUnitListResponse[]; next_page: string | null }>({
      method: "GET",
      path: withQueryString("/v1/credit-types/list", { limit: 100, next_page: nextPage }),
    });
    types.push(...page.data);
    nextPage = page.next_page;
  } while (nextPage);
  return types;
}

/** Every page of /v1/customer-alerts/list (the cursor travels in the query string). */
export async function readCustomerAlerts(send: SendRead, customerId: string, includeArchived: boolean): Promise<CustomerAlert[]> {
  const alerts: CustomerAlert[] = [];
  let nextPage: string | null = null;
  do {
    const page: { data: CustomerAlert[]; next_page?: string | null } = await send<{ data: CustomerAlert[]; next_page?: string | null }>(
      post(withQueryString("/v1/customer-alerts/list", { next_page: nextPage }), {
        customer_id: customerId,
        ...(includeArchived ? { alert_statuses: ["ENABLED", "DISABLED", "ARCHIVED"] } : {}),
      }),
    );
    alerts.push(...page.data);
    nextPage = page.next_page ?? null;
  } while (nextPage);
  return alerts;
}

/** Metronome answers up to 35 daily windows per request ("Daily breakdowns return up to 35 days"). */
const MAX_BREAKDOWN_DAYS = 35;

/**
 * The days the usage charts read for [from, to): from the first of the month of `from` (so views
 * whose ranges start a day apart share one read) to the end of the day of `to`, capped at the end
 * of the day of `now`.
 */
export function usageWindowBounds(from: number, to: number, now: number): { start: number; end: number } {
  const first = new Date(from);
  const start = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
  const end = Math.min(Math.ceil(to / DAY_MS), Math.floor(now / DAY_MS) + 1) * DAY_MS;
  return { start, end };
}

/** Every daily breakdown of the customer's usage invoices over [start, end) (whole UTC days). */
export async function readBreakdowns(send: SendRead, customerId: string, start: number, end: number): Promise<InvoiceListBreakdownsResponse[]> {
  const breakdowns: InvoiceListBreakdownsResponse[] = [];
  for (let from = start; from < end; from += MAX_BREAKDOWN_DAYS * DAY_MS) {
    let nextPage: string | null = null;
    do {
      const page: { data: InvoiceListBreakdownsResponse[]; next_page: string | null } = await send<{ data: InvoiceListBreakdownsResponse[]; next_page: string | null }>({
        method: "GET",
        path: withQueryString(`/v1/customers/${customerId}/invoices/breakdowns`, {
          starting_on: new Date(from).toISOString(),
          ending_before: new Date(Math.min(end, from + MAX_BREAKDOWN_DAYS * DAY_MS)).toISOString(),
          window_size: "DAY",
          skip_zero_qty_line_items: true,
          limit: 100,
          next_page: nextPage,
        }),
      });
      breakdowns.push(...page.data);
      nextPage = page.next_page;
    } while (nextPage);
  }
  return breakdowns;
}

/** Every page of GET /v1/customers/{id}/invoices, newest first (drafts included). */
export async function readInvoices(send: SendRead, customerId: string): Promise<Invoice[]> {
  const invoices: Invoice[] = [];
  let nextPage: string | null = null;
  do {
    const page: { data: Invoice[]; next_page: string | null } = await send<{ data: Invoice[]; next_page: string | null }>({
      method: "GET",
      path: withQueryString(`/v1/customers/${encodeURIComponent(customerId)}/invoices`, { limit: 100, sort: "date_desc", next_page: nextPage }),
    });
    invoices.push(...page.data);
    nextPage = page.next_page;
  } while (nextPage);
  return invoices;
}
