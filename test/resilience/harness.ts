/**
 * Shared harness of the resilience, security and bad-input tests: the BFF in process on a real
 * simulator (demo scenario, frozen clock) whose state the tests can compare before and after,
 * the ids of the demo customers, and a counts reporter read by scripts/resilience.mjs.
 */
import { appendFileSync } from "node:fs";
import { createApp, type ServerApp } from "../../src/server/app";
import { openPglite, type Sql } from "../../src/server/db";
import { call, demoSignIn, testClock, testConfig, TEST_PORTAL_SECRET, type CallOptions } from "../../src/server/test-helpers";
import { simulatorUpstream, type MetronomeUpstream } from "../../src/server/upstream";
import type { ServerConfig } from "../../src/server/config";
import { createSimulator } from "../../src/simulator/simulator";

export const FROZEN_NOW = "2026-11-24T12:00:00.000Z";

export type Counts = Partial<Record<"faults" | "edits" | "applied_once" | "lost" | "bad_inputs" | "security_cases" | "axe_violations", number>>;

/** Prints a test's counts and, under scripts/resilience.mjs, appends them to RESILIENCE_COUNTS_FILE. */
export function reportCounts(source: string, counts: Counts): void {
  console.log(`[resilience] ${source}: ${JSON.stringify(counts)}`);
  const file = process.env.RESILIENCE_COUNTS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ source, counts })}\n`);
}

export interface DemoIds {
  customerId: string;
  contractId: string;
  subscriptionId: string;
  seatBased: boolean;
  alertIds: string[];
  invoiceId: string | null;
}

export interface Portal {
  server: ServerApp;
  sql: Sql;
  clock: ReturnType<typeof testClock>;
  simulator: Awaited<ReturnType<typeof createSimulator>>;
  /** The simulator's whole state, serialised (compare before and after). */
  snapshot(): string;
  ids(alias: string): Promise<DemoIds>;
  signIn(personId: string): Promise<string>;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  /** Calls the simulator directly (Metronome paths and /_simulator/*), bypassing the BFF. */
  simulatorJson(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** The BFF in process on a fresh demo simulator with a frozen clock and an in-memory database. */
export async function startPortal(
  overrides: Partial<ServerConfig> = {},
  options: { wrapUpstream?: (upstream: MetronomeUpstream) => MetronomeUpstream } = {},
): Promise<Portal> {
  const simulator = await createSimulator({ scenario: "demo", now: FROZEN_NOW, tickSeconds: 0 });
  const direct = simulatorUpstream(simulator);
  const upstream = options.wrapUpstream ? options.wrapUpstream(direct) : direct;
  const sql = await openPglite(null);
  const clock = testClock(FROZEN_NOW);
  const server = await createApp(testConfig({ upstream: { kind: "simulator", now: FROZEN_NOW, scenario: "demo", maxSeats: null }, ...overrides }), {
    upstream,
    sql,
    now: clock.now,
  });
  const cache = new Map<string, DemoIds>();

  const simulatorJson = simulatorCaller(simulator);

  async function ids(alias: string): Promise<DemoIds> {
    const known = cache.get(alias) ?? (await demoIds(simulatorJson, alias));
    cache.set(alias, known);
    return known;
  }

  return {
    server,
    sql,
    clock,
    simulator,
    snapshot: () => JSON.stringify(simulator.state),
    ids,
    signIn: (personId) => demoSignIn(server, personId),
    call: (method, path, options) => call(server, method, path, options),
    simulatorJson,
    async close() {
      await server.close();
      await sql.close();
    },
  };
}

export const bearer = { authorization: `Bearer ${TEST_PORTAL_SECRET}` };

/** A response's JSON body, or null when it is not JSON. */
export async function jsonOf(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A specific error message: a non-empty `message` that is not a stack trace or a generic 500 text. */
export function isSpecificMessage(body: unknown): body is { message: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const message = (body as { message?: unknown }).message;
  if (typeof message !== "string" || message.trim() === "") return false;
  return !/\n\s+at |Internal simulator error|Something went wrong/.test(message);
}

type SimulatorJson = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

/** Calls the simulator directly (not through the BFF) and parses its JSON. */
export function simulatorCaller(simulator: { handle(request: Request): Promise<Response> }): SimulatorJson {
  return async (method, path, body) => {
    const response = await simulator.handle(
      new Request(`http://simulator.internal${path}`, {
        method,
        headers: { authorization: "Bearer test", "content-type": "application/json" },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
    const text = await response.text();
    return { status: response.status, body: text === "" ? null : (JSON.parse(text) as unknown) };
  };
}

export interface ScheduleItem {
  starting_at: string;
  quantity: number;
  ending_before?: string;
}

/** The subscription's quantity_schedule as the simulator reports it, read directly. */
export async function subscriptionSchedule(simulatorJson: SimulatorJson, ids: DemoIds): Promise<ScheduleItem[]> {
  const got = await simulatorJson("POST", "/v2/contracts/get", { customer_id: ids.customerId, contract_id: ids.contractId });
  const sub = (got.body as { data: { subscriptions: Array<{ id: string; quantity_schedule: ScheduleItem[] }> } }).data.subscriptions.find((s) => s.id === ids.subscriptionId);
  if (!sub) throw new Error("subscription missing");
  return sub.quantity_schedule;
}

/** The scheduled quantity covering an instant. */
export function quantityAt(items: ScheduleItem[], at: string): number {
  const t = Date.parse(at);
  const item = items.find((i) => Date.parse(i.starting_at) <= t && (i.ending_before === undefined || t < Date.parse(i.ending_before)));
  if (!item) throw new Error(`no schedule item covers ${at}`);
  return item.quantity;
}

/** The ids of a demo customer (by ingest alias): its first contract and subscription, alerts and first invoice. */
export async function demoIds(simulatorJson: SimulatorJson, alias: string): Promise<DemoIds> {
  const customers = (await simulatorJson("GET", `/v1/customers?ingest_alias=${alias}`)).body as { data: Array<{ id: string }> };
  const customerId = customers.data[0]?.id;
  if (!customerId) throw new Error(`no demo customer ${alias}`);
  const contracts = (await simulatorJson("POST", "/v2/contracts/list", { customer_id: customerId })).body as {
    data: Array<{ id: string; subscriptions: Array<{ id: string; quantity_management_mode: string }> }>;
  };
  const contract = contracts.data[0];
  const sub = contract?.subscriptions[0];
  if (!contract || !sub) throw new Error(`demo customer ${alias} has no subscription`);
  const alerts = (await simulatorJson("POST", "/v1/customer-alerts/list", { customer_id: customerId })).body as { data: Array<{ alert: { id: string } }> };
  const invoices = (await simulatorJson("GET", `/v1/customers/${customerId}/invoices`)).body as { data?: Array<{ id: string }> } | null;
  return {
    customerId,
    contractId: contract.id,
    subscriptionId: sub.id,
    seatBased: sub.quantity_management_mode === "SEAT_BASED",
    alertIds: alerts.data.map((a) => a.alert.id),
    invoiceId: invoices?.data?.[0]?.id ?? null,
  };
}
