/**
 * The Metronome simulator: one fetch-style handler answering Metronome's paths and JSON plus the
 * control API under /_simulator/. Isomorphic (WHATWG Request/Response, WebCrypto, timers only).
 */
import { evaluateAlerts } from "./alerts";
import { mintId, type Ctx, type Handler, type ParsedRequest } from "./context";
import { Engine } from "./engine";
import { ApiError, errorResponse, jsonResponse } from "./errors";
import { parseFaultRules, matchRules, type FaultRule } from "./faults";
import { addRate, createCustomer, createProduct, createRateCard, getCustomer, listCreditTypes, listCustomers } from "./handlers-catalog";
import { createContract, editContract, getContract, getEditHistory, listContracts, quantityHistory, seatsHistory } from "./handlers-contracts";
import { addManualLedgerEntry, getNetBalance, listCustomerBalances, listSeatBalances } from "./handlers-balances";
import { listCustomerCommits, listCustomerCredits } from "./handlers-commits";
import { archiveAlert, createAlert, getCustomerAlert, listCustomerAlerts } from "./handlers-alerts";
import { getInvoice, listInvoiceBreakdowns, listInvoices } from "./handlers-invoices";
import { hash32 } from "./ids";
import { findAnswer, idempotentRequest, keepAnswer, type IdempotentRequest } from "./idempotency";
import { asBody, optNumber, type Body } from "./input";
import { buildScenario, type ScenarioApi } from "./scenarios";
import type { ScenarioName, Simulator } from "./simulator-api";
import { initialState, type SimState } from "./state";
import { parseSimState } from "./state-schema";
import { paymentControl, releaseThresholdCommit } from "./payment-control";
import { runThresholdBilling } from "./threshold-billing";
import { DAY_MS, HOUR_MS, floorHour, iso, parseIso } from "./time";
import { WebhookDispatcher } from "./webhooks";

export interface StateStore {
  load(): Promise<string | null>;
  save(json: string): Promise<void>;
  /** Where the state is kept (a file path), named in the error when the stored state is refused. */
  readonly location?: string;
}

export interface SimulatorOptions {
  scenario?: ScenarioName;
  now?: string;
  store?: StateStore;
  webhook?: { url: string; secret: string; fetch?: typeof fetch };
  maxSeats?: number;
  token?: string | null;
  /** Seconds between alert re-evaluations while the clock runs in real time (default 30; 0 disables). */
  tickSeconds?: number;
}

export function memoryStore(): StateStore {
  let value: string | null = null;
  return {
    load: async () => value,
    save: async (json) => {
      value = json;
    },
  };
}

/** A Metronome request's answer before it is sent: its status and JSON body. */
interface Answer {
  status: number;
  body: unknown;
}

interface Route {
  method: "GET" | "POST";
  pattern: string;
  handler: Handler;
  mutates: boolean;
}

const ROUTES: Route[] = [
  { method: "GET", pattern: "/v1/customers", handler: listCustomers, mutates: false },
  { method: "POST", pattern: "/v1/customers", handler: createCustomer, mutates: true },
  { method: "GET", pattern: "/v1/customers/:customer_id", handler: getCustomer, mutates: false },
  { method: "GET", pattern: "/v1/customers/:customer_id/invoices", handler: listInvoices, mutates: false },
  { method: "GET", pattern: "/v1/customers/:customer_id/invoices/breakdowns", handler: listInvoiceBreakdowns, mutates: false },
  { method: "GET", pattern: "/v1/customers/:customer_id/invoices/:invoice_id", handler: getInvoice, mutates: false },
  { method: "GET", pattern: "/v1/credit-types/list", handler: listCreditTypes, mutates: false },
  { method: "POST", pattern: "/v1/contract-pricing/products/create", handler: createProduct, mutates: true },
  { method: "POST", pattern: "/v1/contract-pricing/rate-cards/create", handler: createRateCard, mutates: true },
  { method: "POST", pattern: "/v1/contract-pricing/rate-cards/addRate", handler: addRate, mutates: true },
  { method: "POST", pattern: "/v1/contracts/create", handler: createContract, mutates: true },
  { method: "POST", pattern: "/v2/contracts/get", handler: getContract, mutates: false },
  { method: "POST", pattern: "/v2/contracts/list", handler: listContracts, mutates: false },
  { method: "POST", pattern: "/v2/contracts/edit", handler: editContract, mutates: true },
  { method: "POST", pattern: "/v2/contracts/getEditHistory", handler: getEditHistory, mutates: false },
  { method: "POST", pattern: "/v1/contracts/getSubscriptionQuantityHistory", handler: quantityHistory, mutates: false },
  { method: "POST", pattern: "/v1/contracts/getSubscriptionSeatsHistory", handler: seatsHistory, mutates: false },
  { method: "POST", pattern: "/v1/contracts/seatBalances/list", handler: listSeatBalances, mutates: false },
  { method: "POST", pattern: "/v1/contracts/customerBalances/list", handler: listCustomerBalances, mutates: false },
  { method: "POST", pattern: "/v1/contracts/customerBalances/getNetBalance", handler: getNetBalance, mutates: false },
  { method: "POST", pattern: "/v1/contracts/customerCommits/list", handler: listCustomerCommits, mutates: false },
  { method: "POST", pattern: "/v1/contracts/customerCredits/list", handler: listCustomerCredits, mutates: false },
  { method: "POST", pattern: "/v1/contracts/addManualBalanceLedgerEntry", handler: addManualLedgerEntry, mutates: true },
  { method: "POST", pattern: "/v1/contracts/commits/threshold-billing/release", handler: releaseThresholdCommit, mutates: true },
  { method: "POST", pattern: "/v1/alerts/create", handler: createAlert, mutates: true },
  { method: "POST", pattern: "/v1/alerts/archive", handler: archiveAlert, mutates: true },
  { method: "POST", pattern: "/v1/customer-alerts/list", handler: listCustomerAlerts, mutates: false },
  { method: "POST", pattern: "/v1/customer-alerts/get", handler: getCustomerAlert, mutates: false },
];

function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | "method" | undefined {
  const parts = path.split("/");
  let methodMismatch = false;
  for (const route of ROUTES) {
    const pp = route.pattern.split("/");
    if (pp.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pp.length; i++) {
      const seg = pp[i] ?? "";
      const actual = parts[i] ?? "";
      if (seg.startsWith(":")) {
        if (!actual) ok = false;
        else params[seg.slice(1)] = decodeURIComponent(actual);
      } else if (seg !== actual) ok = false;
      if (!ok) break;
    }
    if (!ok) continue;
    if (route.method !== method) {
      methodMismatch = true;
      continue;
    }
    return { route, params };
  }
  return methodMismatch ? "method" : undefined;
}

/** Serialises all work on the state: one request at a time. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator & { readonly state: SimState }> {
  const store = options.store ?? memoryStore();
  const maxSeats = options.maxSeats ?? 1000;
  const mutex = new Mutex();
  let faults: FaultRule[] = [];
  let state: SimState;
  let lastEvaluatedHour = -1;

  const engine = new Engine(
    () => maxSeats,
    (id) => (id === undefined ? undefined : state.rate_cards.find((r) => r.id === id)),
  );
  const clockNow = (): number => (state.clock.frozen !== null ? state.clock.frozen : Date.now() + state.clock.offset_ms);
  const ctx: Ctx = {
    get state() {
      return state;
    },
    engine,
    maxSeats,
    now: clockNow,
    newId: () => mintId(state),
    touch: (contract) => {
      contract.version += 1;
    },
  };

  const persist = async (): Promise<void> => {
    await store.save(JSON.stringify(state));
  };
  const dispatcher = new WebhookDispatcher(options.webhook, () => state, () => mutex.run(persist));

  const frozenAt = options.now !== undefined ? parseIso(options.now) : null;
  if (options.now !== undefined && frozenAt === null) throw new Error(`Simulator option now must be an ISO date-time, got "${options.now}"`);

  const raw = await store.load();
  if (raw !== null) {
    // Checked whole before anything runs on it: a damaged or foreign state is refused here, not mid-request.
    state = parseSimState(raw, store.location);
    if (frozenAt !== null) state.clock = { frozen: frozenAt, offset_ms: 0 };
  } else {
    state = await freshState(options.scenario ?? "demo", frozenAt);
    await persist();
  }

  async function freshState(scenario: ScenarioName, frozen: number | null): Promise<SimState> {
    const now = frozen ?? Date.now();
    const next = initialState(scenario, hash32(`${scenario}:${floorHour(now)}`));
    next.clock = { frozen, offset_ms: 0 };
    const previous = (state as SimState | undefined);
    state = next;
    engine.clear();
    try {
      if (scenario === "demo") await buildScenario(scenarioApi(), floorHour(now));
    } catch (err) {
      if (previous) state = previous;
      throw err;
    }
    next.clock = { frozen, offset_ms: 0 };
    evaluateAlerts(ctx, {});
    lastEvaluatedHour = floorHour(clockNow());
    return next;
  }

  function invoke(method: string, path: string, body: Body = {}, query = new URLSearchParams()): unknown {
    const match = matchRoute(method, path);
    if (!match || match === "method") throw new ApiError(404, `No route for ${method} ${path}`);
    const req: ParsedRequest = { method, path, query, body, params: match.params };
    return match.route.handler(ctx, req);
  }

  function scenarioApi(): ScenarioApi {
    return {
      call: (path, body) => invoke("POST", path, body),
      get: (path) => invoke("GET", path),
      at: (ms) => {
        state.clock.frozen = ms;
      },
      setUsage: (contractId, profile) => {
        const contract = state.contracts.find((c) => c.id === contractId);
        if (contract) {
          contract.usage = profile;
          ctx.touch(contract);
        }
      },
    };
  }

  /**
   * Runs auto recharge and re-evaluates alerts when the clock has moved to a new hour (balances move
   * with time); true when something was recorded (a webhook, a recharge) that must be saved.
   */
  function evaluateIfTimeMoved(): boolean {
    const hour = floorHour(clockNow());
    if (hour === lastEvaluatedHour) return false;
    lastEvaluatedHour = hour;
    const outbox = state.webhooks.length;
    runThresholdBilling(ctx);
    return evaluateAlerts(ctx, {}) > 0 || state.webhooks.length !== outbox;
  }

  async function afterChange(customerId: string | undefined): Promise<void> {
    // Recharges first, so alerts judge the balance they leave.
    runThresholdBilling(ctx, customerId);
    evaluateAlerts(ctx, customerId ? { customerId } : {});
    lastEvaluatedHour = floorHour(clockNow());
    await persist();
    dispatcher.kick();
  }

  let tick: ReturnType<typeof setInterval> | undefined;
  const tickSeconds = options.tickSeconds ?? 30;
  if (tickSeconds > 0) {
    tick = setInterval(() => {
      if (state.clock.frozen !== null) return;
      void mutex.run(async () => {
        if (evaluateIfTimeMoved()) {
          await persist();
          dispatcher.kick();
        }
      });
    }, tickSeconds * 1000);
  }
  dispatcher.kick();

  const clockBody = () => ({ now: iso(clockNow()), frozen: state.clock.frozen !== null });

  async function control(method: string, path: string, body: Body): Promise<Response> {
    if (path === "/_simulator/clock" && method === "GET") return jsonResponse(200, clockBody());
    if (path === "/_simulator/clock" && method === "POST") {
      return mutex.run(async () => {
        if (body.now === null) {
          state.clock = { frozen: null, offset_ms: 0 };
        } else {
          if (typeof body.now !== "string") throw new ApiError(400, "now must be an ISO date-time string or null");
          const ms = parseIso(body.now);
          if (ms === null) throw new ApiError(400, `now must be an ISO date-time string, got "${body.now}"`);
          state.clock = body.frozen === false ? { frozen: null, offset_ms: ms - Date.now() } : { frozen: ms, offset_ms: 0 };
        }
        await afterChange(undefined);
        return jsonResponse(200, clockBody());
      });
    }
    if (path === "/_simulator/clock/advance" && method === "POST") {
      return mutex.run(async () => {
        const hours = optNumber(body, "hours") ?? 0;
        const days = optNumber(body, "days") ?? 0;
        if (hours === 0 && days === 0) throw new ApiError(400, "Give hours or days to advance the clock by");
        const delta = hours * HOUR_MS + days * DAY_MS;
        if (delta < 0) throw new ApiError(400, "The clock only moves forward; use POST /_simulator/clock to set it");
        if (state.clock.frozen !== null) state.clock.frozen += delta;
        else state.clock.offset_ms += delta;
        await afterChange(undefined);
        return jsonResponse(200, clockBody());
      });
    }
    if (path === "/_simulator/reset" && method === "POST") {
      const scenario = body.scenario ?? "demo";
      if (scenario !== "demo" && scenario !== "empty") throw new ApiError(400, `scenario must be "demo" or "empty", got ${JSON.stringify(scenario)}`);
      return mutex.run(async () => {
        const frozen = state.clock.frozen;
        const now = clockNow();
        state = await freshState(scenario, frozen !== null ? frozen : null);
        if (frozen === null) state.clock.offset_ms = now - Date.now() > 1000 ? now - Date.now() : 0;
        await persist();
        return jsonResponse(200, { scenario, ...clockBody() });
      });
    }
    if (path === "/_simulator/faults") {
      if (method === "GET") return jsonResponse(200, { rules: faults });
      if (method === "POST") {
        faults = parseFaultRules(body);
        return jsonResponse(200, { rules: faults });
      }
      if (method === "DELETE") {
        faults = [];
        return jsonResponse(200, { rules: [] });
      }
    }
    if (path === "/_simulator/payments" || path === "/_simulator/payments/complete") {
      return mutex.run(async () => {
        const answer = paymentControl(ctx, method, path, body);
        if (answer.changed !== undefined) await afterChange(answer.changed ?? undefined);
        return jsonResponse(200, answer.body);
      });
    }
    if (path === "/_simulator/webhooks" && method === "GET") {
      return jsonResponse(200, {
        data: state.webhooks.map((w) => ({ id: w.id, payload: JSON.parse(w.body) as unknown, attempts: w.attempts, delivered: w.delivered, last_error: w.last_error })),
      });
    }
    return jsonResponse(404, { message: `No control route for ${method} ${path}` });
  }

  async function readBody(request: Request): Promise<Body> {
    if (request.method === "GET" || request.method === "HEAD") return {};
    const text = await request.text();
    if (text.trim() === "") return {};
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError(400, "Request body is not valid JSON");
    }
    return asBody(value);
  }

  /** Checks the bearer token and returns it. */
  function authorize(request: Request): string {
    const header = request.headers.get("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    const token = match?.[1]?.trim();
    if (!token) throw new ApiError(401, "Unauthorized: missing bearer token");
    if (typeof options.token === "string" && token !== options.token) throw new ApiError(401, "Unauthorized: invalid token");
    return token;
  }

  /**
   * Runs one Metronome request on the state (inside the mutex). An ApiError means the request was
   * refused before it changed anything and is thrown; any other failure is answered 500. `remember`
   * sees the answer before the state is saved.
   */
  async function execute(route: Route, req: ParsedRequest, remember?: (answer: Answer) => void): Promise<Answer> {
    const moved = evaluateIfTimeMoved();
    const snapshot = { id_counter: state.id_counter, request_counter: state.request_counter };
    let answer: Answer;
    try {
      answer = { status: 200, body: route.handler(ctx, req) };
    } catch (err) {
      if (route.mutates) {
        state.id_counter = snapshot.id_counter;
        state.request_counter = snapshot.request_counter;
      }
      if (err instanceof ApiError) throw err;
      answer = { status: 500, body: { message: `Internal simulator error: ${err instanceof Error ? err.message : String(err)}` } };
    }
    remember?.(answer);
    if (route.mutates && answer.status === 200) {
      await afterChange(typeof req.body.customer_id === "string" ? req.body.customer_id : undefined);
    } else if (moved || remember) {
      await persist();
      dispatcher.kick();
    }
    return answer;
  }

  /**
   * Runs a request sent with an Idempotency-Key once: a retry with the same key and parameters gets
   * the first answer again, one with other parameters 409. Refused requests (4xx) are not kept, so
   * they may be retried with the same key (see docs/metronome.md, "Idempotency").
   */
  async function executeOnce(route: Route, req: ParsedRequest, keyed: IdempotentRequest): Promise<Answer> {
    const wallNow = Date.now();
    const held = findAnswer(state, keyed.id, wallNow);
    if (held) {
      if (held.fingerprint !== keyed.fingerprint) {
        throw new ApiError(409, "This Idempotency-Key has already been used with different request parameters");
      }
      return { status: held.status, body: JSON.parse(held.body) as unknown };
    }
    return execute(route, req, (answer) =>
      keepAnswer(state, { id: keyed.id, fingerprint: keyed.fingerprint, status: answer.status, body: JSON.stringify(answer.body), stored_at: wallNow }),
    );
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, "") || "/";
    try {
      if (path.startsWith("/_simulator/") || path === "/_simulator") {
        return await control(request.method, path, await readBody(request));
      }
      const rules = matchRules(faults, path);
      for (const rule of rules) if (rule.latency_ms) await sleep(rule.latency_ms);
      for (const rule of rules) {
        if (rule.drop_rate && Math.random() < rule.drop_rate) throw new Error(`Simulated connection drop on ${path}`);
        if (rule.throttle_rate && Math.random() < rule.throttle_rate) {
          const retryAfter = rule.retry_after_s === undefined ? undefined : { "retry-after": String(rule.retry_after_s) };
          return jsonResponse(429, { message: "Too many requests (simulated fault)" }, retryAfter);
        }
        if (rule.error_rate && Math.random() < rule.error_rate) {
          const status = Math.random() < 0.5 ? 500 : 503;
          return jsonResponse(status, { message: status === 500 ? "Internal server error (simulated fault)" : "Service unavailable (simulated fault)" });
        }
      }
      const token = authorize(request);
      const body = await readBody(request);
      const match = matchRoute(request.method, path);
      if (match === undefined) throw new ApiError(404, `Not found: ${request.method} ${path}`);
      if (match === "method") throw new ApiError(405, `Method ${request.method} not allowed on ${path}`);
      const { route, params } = match;
      const req: ParsedRequest = { method: request.method, path, query: url.searchParams, body, params };
      const keyed = await idempotentRequest(token, request.headers.get("idempotency-key"), req);
      const answer = await mutex.run(() => (keyed ? executeOnce(route, req, keyed) : execute(route, req)));
      return jsonResponse(answer.status, answer.body);
    } catch (err) {
      if (err instanceof ApiError) return errorResponse(err);
      if (err instanceof Error && err.message.startsWith("Simulated connection drop")) throw err;
      const message = err instanceof Error ? err.message : String(err);
      return jsonResponse(500, { message: `Internal simulator error: ${message}` });
    }
  }

  async function close(): Promise<void> {
    if (tick) clearInterval(tick);
    dispatcher.close();
    await mutex.run(persist);
  }

  return {
    handle,
    close,
    get state() {
      return state;
    },
  };
}
