/**
 * One view per page (`GET /api/views/<page>`): the reads a page makes, composed here, near
 * Metronome, in parallel, following their dependencies (the contract's subscriptions, the seats
 * history's seats) through the read layer, and answered in one JSON. Each entry is exactly the
 * answer the page's own query would have received for that request (see src/contract/bff.ts,
 * Views), so the browser seeds its queries with them and asks nothing more.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { ViewEnd, ViewLine, ViewRead } from "../contract/bff";
import {
  chunk,
  readAllSeatsHistory,
  readBreakdowns,
  readContract,
  readContractList,
  readCreditTypes,
  readCustomer,
  readCustomerAlerts,
  readCustomerBalances,
  readEditHistory,
  readInvoices,
  readNetBalance,
  readKey,
  readQuantityHistory,
  readSeatBalances,
  readSeatsAt,
  seatsPerPage,
  usageWindowBounds,
  withQueryString,
  type ReadRequest,
  type SendRead,
  type SubscriptionIds,
} from "../contract/metronome-reads";
import { customerStripTarget } from "../domain/contract-status";
import { creditFigures } from "../domain/credit-figures";
import { PORTFOLIO_BALANCES, PORTFOLIO_LIMIT } from "../domain/portfolio";
import { seatGrantsPerSeat } from "../domain/credit-release";
import { readsDailyBurn, windowStartDay } from "../domain/read-windows";
import { seatIdsToFetch, segmentAt } from "../domain/seat-reads";
import { isSeatBased, type SeatSegment, type Subscription } from "../domain/subscription";
import { DAY_MS } from "../domain/time";
import { DEFAULT_READ_LAYER } from "./config";
import { requireSession, type AppContext, type AppDeps, type Env } from "./context";
import { HttpError } from "./errors";
import { firstProblem } from "./operations";
import { resolveSeatPolicy } from "./policy";
import { log } from "./log";
import { assertCustomerInScope } from "./scope";

/** The page sizes the pages ask for (the alert events feed, one audit page). */
const ALERT_EVENTS_LIMIT = 50;
const AUDIT_PAGE_LIMIT = 25;

// ---------------------------------------------------------------------------------------------
// Parsing: every view's query string, strictly (an unknown parameter is a 400 that names it)

const id = z.string().min(1).max(255);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  // A day the calendar has (no 2026-02-31, no month 13), so no window is read from a date Metronome would roll over.
  .refine((day) => {
    const ms = Date.parse(`${day}T00:00:00.000Z`);
    return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day;
  }, "must be a real calendar date");
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, "must be an ISO time in UTC, e.g. 2026-11-24T12:00:00.000Z")
  .transform((text) => Date.parse(text))
  .refine((ms) => Number.isFinite(ms), "must be a real time");
const flag = z.enum(["true", "false"]).transform((v) => v === "true");

const customerScope = { customer_id: id };
const contractScope = {
  ...customerScope,
  contract_id: id,
  /** The upstream's now as the page takes it (the session's, on the minute). */
  now: instant,
  /** The subscription the strip shows (the URL's, else the contract's first). */
  subscription_id: id.optional(),
  seat_id: id.optional(),
  strip_from: isoDate,
  strip_floored: flag,
  strip_end: instant.optional(),
};
const range = { range_from: isoDate.optional(), range_to: isoDate.optional() };

const schemas = {
  customer: z.strictObject(customerScope),
  audit: z.strictObject({
    ...customerScope,
    contract_id: id.optional(),
    subscription_id: id.optional(),
    // The strip's window, as on contract pages; without it the view leaves the strip to the page.
    now: instant.optional(),
    strip_from: isoDate.optional(),
    strip_floored: flag.optional(),
    strip_end: instant.optional(),
  }),
  overview: z.strictObject(contractScope),
  credits: z.strictObject({ ...contractScope, ...range }),
  alerts: z.strictObject(contractScope),
  billing: z.strictObject(contractScope),
  seats: z.strictObject(contractScope),
  history: z.strictObject(contractScope),
  balances: z.strictObject({ ...contractScope, on: isoDate.optional(), idle_since: instant.optional() }),
  seat: z.strictObject({ ...contractScope, ...range }),
  portfolio: z.strictObject({}),
} as const;

type ViewName = keyof typeof schemas;
type ViewParams<V extends ViewName> = z.output<(typeof schemas)[V]>;

function parseView<V extends ViewName>(name: V, c: AppContext): ViewParams<V> {
  const query: Record<string, string> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) throw new HttpError(400, `Query parameter "${key}" is given ${values.length} times; give it once`, "invalid_query");
    query[key] = values[0] ?? "";
  }
  const schema = schemas[name];
  const result = schema.safeParse(query);
  if (!result.success) throw new HttpError(400, firstProblem(result.error, Object.keys(schema.shape).join(", ")).replace(/^Field/, "Query parameter"), "invalid_query");
  return result.data as ViewParams<V>;
}

// ---------------------------------------------------------------------------------------------
// Recording: every read of a view, as the browser would have sent it and received it

/** A read refused upstream: its branch of the view stops there (the entry is recorded). */
class ReadRefused extends Error {}

interface Recorder {
  send: SendRead;
  /** A server-own read (policy, alert events, audit), recorded under the path the browser calls. */
  own<T>(path: string, answer: () => Promise<T>): Promise<T>;
  /**
   * Runs `read` once the page's first reads are all in: the reads a page draws after its first
   * paint (daily usage, the idle-seat window), so the heavy ones never hold up the rows.
   */
  later(read: () => Promise<unknown>): void;
  /** Waits for the later reads, including those they start. */
  settleLater(): Promise<void>;
  /** The view's last line. */
  end(): ViewEnd;
}

/** The customer a read is about (its body's customer_id, or the id of a /v1/customers/{id} path); null for customer-free reads. */
function readOwner(read: ReadRequest): string | null {
  const fromBody = (read.body as { customer_id?: unknown } | undefined)?.customer_id;
  if (typeof fromBody === "string") return fromBody;
  const match = /^\/v1\/customers\/([^/?]+)/.exec(read.path);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/** Records each read as one line, written to the browser as soon as its answer is in. */
function recorder(deps: AppDeps, write: (line: ViewLine) => void): Recorder {
  let oldest = Number.POSITIVE_INFINITY;
  // Two parts of a page may make the same read (the strip's and a ledger's daily usage): the browser makes it once, so it is written once.
  const written = new Set<string>();
  const record = (request: ViewRead["request"], status: number, body: unknown, fetchedAt: number) => {
    const key = readKey(request.method, request.path, request.body ?? undefined);
    if (written.has(key)) return;
    written.add(key);
    oldest = Math.min(oldest, fetchedAt);
    write({ request, status, body, fetched_at: new Date(fetchedAt).toISOString() });
  };
  const send: SendRead = async <T>(read: ReadRequest): Promise<T> => {
    const request = { method: read.method, path: `/api/metronome${read.path}`, body: read.body ?? null };
    const owner = readOwner(read);
    let answer;
    try {
      answer = await deps.reads.get(read.method, read.path, read.body === undefined ? undefined : JSON.stringify(read.body), { customerId: owner });
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 502;
      record(request, status, { message: error instanceof Error ? error.message : "Metronome could not be reached" }, Date.now());
      throw new ReadRefused();
    }
    let body: unknown;
    try {
      body = answer.body === "" ? null : JSON.parse(answer.body);
    } catch {
      body = null;
    }
    record(request, answer.status, body, answer.fetchedAt);
    if (answer.status < 200 || answer.status >= 300) throw new ReadRefused();
    return body as T;
  };
  let first: () => void = () => undefined;
  const firstDone = new Promise<void>((resolve) => (first = resolve));
  const laters: Array<Promise<unknown>> = [];
  return {
    send,
    later(read) {
      // A turn of the event loop first, so the answers already in are written out before more work starts.
      laters.push(firstDone.then(() => new Promise((resolve) => setImmediate(resolve))).then(read));
    },
    async settleLater() {
      first();
      for (let done = 0; done < laters.length; done = laters.length) await all(...laters.slice(done));
    },
    async own(path, answer) {
      const body = await answer();
      record({ method: "GET", path, body: null }, 200, body, Date.now());
      return body;
    },
    end: () => ({
      end: true,
      fetched_at: Number.isFinite(oldest) ? new Date(oldest).toISOString() : null,
      age_ms: Number.isFinite(oldest) ? Math.max(0, Date.now() - oldest) : 0,
      fresh_ms: (deps.config.readLayer ?? DEFAULT_READ_LAYER).freshMs,
    }),
  };
}

/** Runs the branches of a view side by side; a refused read ends only its own branch. */
async function all(...branches: Array<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(branches);
  for (const result of results) if (result.status === "rejected" && !(result.reason instanceof ReadRefused)) throw result.reason;
}

// ---------------------------------------------------------------------------------------------
// The pieces pages share

interface ContractPage {
  send: SendRead;
  customerId: string;
  contractId: string;
  now: number;
  /** The contract, once read (branches that need it await it). */
  contract: Promise<ContractV2>;
  /** See Recorder.later. */
  later: Recorder["later"];
}

/** The subscription a page is about: the URL's, else the contract's first (the one the strip shows). */
function pageSubscription(contract: ContractV2, subscriptionId: string | undefined): (Subscription & { id: string }) | null {
  const subscription = subscriptionId ? contract.subscriptions?.find((s) => s.id === subscriptionId) : contract.subscriptions?.[0];
  return subscription?.id ? (subscription as Subscription & { id: string }) : null;
}

/** What every contract page reads: the header and pickers, the credit names, the low-balance banner and the strip. */
function contractLayout(rec: Recorder, deps: AppDeps, page: ContractPage, params: ViewParams<"overview">): Array<Promise<unknown>> {
  const { send, customerId } = page;
  return [
    readCustomer(send, customerId),
    readContractList(send, customerId),
    readCreditTypes(send),
    readCustomerAlerts(send, customerId, false),
    alertEvents(rec, deps, customerId),
    page.contract.then((contract) => strip(page, contract, params)),
  ];
}

function alertEvents(rec: Recorder, deps: AppDeps, customerId: string): Promise<unknown> {
  const path = withQueryString("/api/alert-events", { customer_id: customerId, limit: ALERT_EVENTS_LIMIT });
  return rec.own(path, async () => ({ data: await deps.events.list(customerId, ALERT_EVENTS_LIMIT) }));
}

/**
 * The quantity and balance strip (features/strip): the seat segments its window shows or the
 * quantity history, the seat's or the contract's credits with their ledgers, and the daily usage
 * of small contracts.
 */
async function strip(page: ContractPage, contract: ContractV2, params: { subscription_id?: string | undefined; seat_id?: string | undefined; strip_from: string; strip_floored: boolean; strip_end?: number | undefined }): Promise<void> {
  const { send, customerId, contractId, now } = page;
  const subscription = pageSubscription(contract, params.subscription_id);
  if (!subscription) return;
  const ids = { customerId, contractId, subscriptionId: subscription.id };
  const from = params.strip_floored ? windowStartDay(subscription.starting_at, params.strip_from) : params.strip_from;
  const startingAt = `${from}T00:00:00.000Z`;
  const seatId = params.seat_id ?? null;
  const start = Date.parse(startingAt);
  // Without an end in the URL the strip reaches at least 45 days past now; the usage read stops at the end of today either way.
  const end = params.strip_end ?? now + 45 * DAY_MS;
  const bounds = usageWindowBounds(start, end, now);
  await all(
    isSeatBased(subscription) ? readAllSeatsHistory(send, ids, { startingAt, endingBefore: null }) : readQuantityHistory(send, ids),
    seatId
      ? readSeatBalances(send, ids, { subscriptionIds: [subscription.id], seatIds: [seatId], includeCreditsAndCommits: true, includeLedgers: true, coveringDate: null, startingAt, effectiveBefore: null })
      : readCustomerBalances(send, customerId, { contractId, includeBalance: true, includeLedgers: true, coveringDate: null, startingAt: null, effectiveBefore: null }),
  );
  if (readsDailyBurn(contract, now)) page.later(() => readBreakdowns(send, customerId, bounds.start, bounds.end));
}

/** The daily usage a page's own chart reads over its range (small contracts only). */
function rangeUsage(page: ContractPage, contract: ContractV2, from: string | undefined, to: string | undefined): void {
  if (!from || !to || !readsDailyBurn(contract, page.now)) return;
  const bounds = usageWindowBounds(Date.parse(`${from}T00:00:00.000Z`), Date.parse(`${to}T00:00:00.000Z`) + DAY_MS, page.now);
  page.later(() => readBreakdowns(page.send, page.customerId, bounds.start, bounds.end));
}

/** The subscription of a subscription page, or nothing when the URL names none the contract has. */
async function subscriptionOf(page: ContractPage, subscriptionId: string | undefined): Promise<{ subscription: Subscription & { id: string }; ids: SubscriptionIds } | null> {
  if (!subscriptionId) return null;
  const subscription = pageSubscription(await page.contract, subscriptionId);
  return subscription ? { subscription, ids: { customerId: page.customerId, contractId: page.contractId, subscriptionId: subscription.id } } : null;
}

// ---------------------------------------------------------------------------------------------
// The pages

type Composer<V extends ViewName> = (rec: Recorder, deps: AppDeps, page: ContractPage, params: ViewParams<V>) => Array<Promise<unknown>>;

const overview: Composer<"overview"> = (rec, deps, page, params) => [
  ...contractLayout(rec, deps, page, params),
  readCustomerBalances(page.send, page.customerId, { contractId: page.contractId, includeBalance: true, includeLedgers: false, coveringDate: null, startingAt: null, effectiveBefore: null }),
  page.contract.then((contract) =>
    all(...(contract.subscriptions ?? []).flatMap((s) => (s.id ? [readQuantityHistory(page.send, { customerId: page.customerId, contractId: page.contractId, subscriptionId: s.id })] : []))),
  ),
];

const credits: Composer<"credits"> = (rec, deps, page, params) => [
  ...contractLayout(rec, deps, page, params),
  // The pooled balance the Buy credits button shows (features/top-ups).
  readCustomerBalances(page.send, page.customerId, { contractId: page.contractId, includeBalance: true, includeLedgers: false, coveringDate: null, startingAt: null, effectiveBefore: null }),
  readCustomerBalances(page.send, page.customerId, { contractId: page.contractId, includeBalance: true, includeLedgers: true, coveringDate: null, startingAt: null, effectiveBefore: null }).then((balances) =>
    all(...creditFigures(balances).map((f) => readNetBalance(page.send, page.customerId, { creditTypeId: f.creditTypeId, filters: null, invoiceInclusionMode: null }))),
  ),
  page.contract.then((contract) => rangeUsage(page, contract, params.range_from, params.range_to)),
];

const seats: Composer<"seats"> = (rec, deps, page, params) => [
  ...contractLayout(rec, deps, page, params),
  rec.own(withQueryString("/api/policy", { customer_id: page.customerId }), () => resolveSeatPolicy(deps.config.seatPolicy, page.customerId, deps.directory)),
  subscriptionOf(page, params.subscription_id).then((found) => {
    if (!found) return undefined;
    return all(
      readQuantityHistory(page.send, found.ids),
      isSeatBased(found.subscription) ? readAllSeatsHistory(page.send, found.ids, { startingAt: null, endingBefore: null }) : readEditHistory(page.send, page.customerId, page.contractId),
    );
  }),
];

const history: Composer<"history"> = (rec, deps, page, params) => [
  ...contractLayout(rec, deps, page, params),
  subscriptionOf(page, params.subscription_id).then((found) => {
    if (!found) return undefined;
    return all(readQuantityHistory(page.send, found.ids), isSeatBased(found.subscription) ? readAllSeatsHistory(page.send, found.ids, { startingAt: null, endingBefore: null }) : Promise.resolve());
  }),
];

/** Seat balances (features/balances): the seats now, the whole history, every seat's balances in the chunks the table asks for, and the idle-seat window. */
const balances: Composer<"balances"> = (rec, deps, page, params) => [
  ...contractLayout(rec, deps, page, params),
  seatAccess(rec, deps, page.customerId),
  subscriptionOf(page, params.subscription_id).then(async (found) => {
    if (!found || !isSeatBased(found.subscription)) return;
    const { ids, subscription } = found;
    const contract = await page.contract;
    const live = !params.on || params.on >= new Date(page.now).toISOString().slice(0, 10);
    const at = live ? page.now : Date.parse(`${params.on}T00:00:00.000Z`) + DAY_MS - 1;
    const history = readAllSeatsHistory(page.send, ids, { startingAt: null, endingBefore: null });
    const seatBalances = history.then((segments) => {
      const { assigned, others } = seatIdsToFetch(segments, at);
      const size = seatsPerPage(seatGrantsPerSeat(contract, subscription, at, at));
      const read = (seatIds: string[]) =>
        readSeatBalances(page.send, ids, { subscriptionIds: [ids.subscriptionId], seatIds, includeCreditsAndCommits: true, includeLedgers: true, coveringDate: live ? null : new Date(at).toISOString(), startingAt: null, effectiveBefore: null });
      const since = params.idle_since;
      if (since !== undefined && !params.on) page.later(() => idleSeats(page, ids, subscription, contract, segments, since));
      return all(...[...chunk(assigned, size), ...chunk(others, size)].map(read));
    });
    await all(params.on ? Promise.resolve() : readSeatsAt(page.send, ids, page.now), history, seatBalances);
  }),
];

/** Each seat's access state, shown on the seat pages (features/top-ups). */
function seatAccess(rec: Recorder, deps: AppDeps, customerId: string): Promise<unknown> {
  return rec.own(withQueryString("/api/access", { customer_id: customerId }), () => deps.access.customerAccess(customerId));
}

/** The idle-seat panel: the seats assigned now, their balances since the window's start, and who held which seat since. */
function idleSeats(page: ContractPage, ids: SubscriptionIds, subscription: Subscription, contract: ContractV2, segments: readonly SeatSegment[], since: number): Promise<void> {
  const assigned = segmentAt(segments, page.now)?.assigned_seat_ids ?? [];
  const startingAt = new Date(since).toISOString();
  const size = seatsPerPage(seatGrantsPerSeat(contract, subscription, since, page.now));
  return all(
    readAllSeatsHistory(page.send, ids, { startingAt, endingBefore: null }),
    ...chunk(assigned, size).map((seatIds) =>
      readSeatBalances(page.send, ids, { subscriptionIds: [ids.subscriptionId], seatIds, includeCreditsAndCommits: true, includeLedgers: true, coveringDate: null, startingAt, effectiveBefore: null }),
    ),
  );
}

/** One seat's page: the seats history (the layout checks the seat), its ledger over the range and the range's daily usage. */
const seat: Composer<"seat"> = (rec, deps, page, params) => [
  ...contractLayout(rec, deps, page, params),
  seatAccess(rec, deps, page.customerId),
  subscriptionOf(page, params.subscription_id).then((found) => {
    if (!found || !isSeatBased(found.subscription) || !params.seat_id) return undefined;
    const ledger =
      params.range_from && params.range_to
        ? readSeatBalances(page.send, found.ids, {
            subscriptionIds: [found.ids.subscriptionId],
            seatIds: [params.seat_id],
            includeCreditsAndCommits: true,
            includeLedgers: true,
            coveringDate: null,
            startingAt: `${params.range_from}T00:00:00.000Z`,
            effectiveBefore: new Date(Date.parse(`${params.range_to}T00:00:00.000Z`) + DAY_MS).toISOString(),
          })
        : Promise.resolve();
    return all(readAllSeatsHistory(page.send, found.ids, { startingAt: null, endingBefore: null }), ledger, page.contract.then((c) => rangeUsage(page, c, params.range_from, params.range_to)));
  }),
];

const alerts: Composer<"alerts"> = (rec, deps, page, params) => contractLayout(rec, deps, page, params);

/** Billing (features/billing): the customer's invoices. */
const billing: Composer<"billing"> = (rec, deps, page, params) => [...contractLayout(rec, deps, page, params), readInvoices(page.send, page.customerId)];

const contractPages = { overview, credits, alerts, billing, seats, history, balances, seat } as const;

// ---------------------------------------------------------------------------------------------
// Customer pages

/** The customer's index (it redirects to the first active contract) and the header. */
function customerIndex(send: SendRead, customerId: string): Array<Promise<unknown>> {
  return [readCustomer(send, customerId), readContractList(send, customerId)];
}

/** The audit log: its first page, Metronome's edit history of each contract shown, and the credit names. */
function audit(rec: Recorder, deps: AppDeps, params: ViewParams<"audit">): Array<Promise<unknown>> {
  const { send } = rec;
  const customerId = params.customer_id;
  const filter = { customer_id: customerId, contract_id: params.contract_id, subscription_id: params.subscription_id };
  const path = withQueryString("/api/audit", { ...filter, limit: AUDIT_PAGE_LIMIT });
  return [
    readCustomer(send, customerId),
    readCreditTypes(send),
    // An applied change links to the invoice it landed on (features/billing): the invoices when the page shows one.
    rec.own(path, () => deps.audit.list(filter, AUDIT_PAGE_LIMIT, null)).then((page) => (page.data.some((entry) => entry.outcome === "applied") ? readInvoices(send, customerId) : undefined)),
    readContractList(send, customerId).then((contracts) => {
      const shown = params.contract_id ? contracts.filter((c) => c.id === params.contract_id) : contracts;
      return all(...shown.map((c) => readEditHistory(send, customerId, c.id)), auditStrip(rec, params, contracts));
    }),
  ];
}

/** The audit log's seat and credit strip: the contract and subscription the page draws it for (customerStripTarget). */
function auditStrip(rec: Recorder, params: ViewParams<"audit">, contracts: readonly ContractV2[]): Promise<void> {
  const { now, strip_from, strip_floored } = params;
  if (now === undefined || strip_from === undefined || strip_floored === undefined) return Promise.resolve();
  const target = customerStripTarget(contracts, { contractId: params.contract_id ?? null, subscriptionId: params.subscription_id ?? null }, new Date(now));
  if (!target?.contract.id || !target.subscription.id) return Promise.resolve();
  const page: ContractPage = { send: rec.send, customerId: params.customer_id, contractId: target.contract.id, now, contract: Promise.resolve(target.contract), later: rec.later };
  return strip(page, target.contract, { subscription_id: target.subscription.id, strip_from, strip_floored, strip_end: params.strip_end });
}

/** The account manager's portfolio (features/portfolio): the customers' names, then each customer's contracts, balances, alerts and access state. */
function portfolio(rec: Recorder, deps: AppDeps, customerIds: readonly string[]): Array<Promise<unknown>> {
  const shown = customerIds.slice(0, PORTFOLIO_LIMIT);
  return [
    rec.own(withQueryString("/api/customers", { limit: PORTFOLIO_LIMIT }), () => deps.directory.search(customerIds, "", PORTFOLIO_LIMIT, null)),
    ...shown.map((id) =>
      all(
        readContractList(rec.send, id),
        readCustomerBalances(rec.send, id, PORTFOLIO_BALANCES),
        readCustomerAlerts(rec.send, id, false),
        rec.own(withQueryString("/api/access", { customer_id: id }), () => deps.access.customerAccess(id)),
      ),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Routes

/**
 * Answers a view as newline-delimited JSON: each read as it arrives, then the end line. The scope
 * and the parameters are checked before (a 4xx is a plain JSON error); a failure after the first
 * line ends the stream without its end line, which the browser reads as an incomplete view.
 */
function streamView(deps: AppDeps, compose: (rec: Recorder) => Array<Promise<unknown>>): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const rec = recorder(deps, (line) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`)));
      all(...compose(rec))
        .then(() => rec.settleLater())
        .then(
        () => {
          controller.enqueue(encoder.encode(`${JSON.stringify(rec.end())}\n`));
          controller.close();
        },
        (error: unknown) => {
          log("error", "view_failed", { error: error instanceof Error ? error.message : String(error) });
          controller.close();
        },
      );
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
}

export function viewRoutes(deps: AppDeps) {
  const app = new Hono<Env>();

  app.get("/api/views/customer", async (c) => {
    const session = requireSession(c);
    const params = parseView("customer", c);
    assertCustomerInScope(session, params.customer_id);
    return streamView(deps, (rec) => customerIndex(rec.send, params.customer_id));
  });

  app.get("/api/views/portfolio", async (c) => {
    const session = requireSession(c);
    parseView("portfolio", c);
    return streamView(deps, (rec) => portfolio(rec, deps, session.customer_ids));
  });

  app.get("/api/views/audit", async (c) => {
    const session = requireSession(c);
    const params = parseView("audit", c);
    assertCustomerInScope(session, params.customer_id);
    return streamView(deps, (rec) => audit(rec, deps, params));
  });

  for (const name of Object.keys(contractPages) as Array<keyof typeof contractPages>) {
    app.get(`/api/views/${name}`, async (c) => {
      const session = requireSession(c);
      const params = parseView(name, c);
      assertCustomerInScope(session, params.customer_id);
      const compose = contractPages[name] as Composer<typeof name>;
      return streamView(deps, (rec) => {
        const contract = readContract(rec.send, params.customer_id, params.contract_id, { includeBalance: false, includeLedgers: false });
        const page: ContractPage = { send: rec.send, customerId: params.customer_id, contractId: params.contract_id, now: params.now, contract, later: rec.later };
        return [contract, ...compose(rec, deps, page, params as ViewParams<typeof name>)];
      });
    });
  }

  return app;
}
