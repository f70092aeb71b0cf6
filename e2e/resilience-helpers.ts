import { appendFileSync } from "node:fs";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** The e2e server's portal secret (scripts/e2e-server.mjs): it opens the simulator's control API. */
const SIMULATOR_AUTH = { Authorization: "Bearer e2e-portal-secret" };

export interface FaultRule {
  /** A Metronome path, e.g. /v2/contracts/edit. */
  path: string;
  latency_ms?: number;
  error_rate?: number;
  drop_rate?: number;
}

async function origin(request: APIRequestContext): Promise<string> {
  return new URL((await request.get("/api/health")).url()).origin;
}

/** Replaces the simulator's fault rules (global to the server: clear them when the test ends). */
export async function setFaults(request: APIRequestContext, rules: FaultRule[]): Promise<void> {
  const response = await request.post("/api/simulator/_simulator/faults", {
    data: { rules },
    headers: { ...SIMULATOR_AUTH, origin: await origin(request) },
  });
  expect(response.status(), await response.text()).toBe(200);
}

export async function clearFaults(request: APIRequestContext): Promise<void> {
  const response = await request.delete("/api/simulator/_simulator/faults", { headers: { ...SIMULATOR_AUTH, origin: await origin(request) } });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

/** Calls a Metronome path on the simulator directly (the control secret, no session). */
export async function simulator<T>(request: APIRequestContext, path: string, body: unknown): Promise<T> {
  const response = await request.post(`/api/simulator${path}`, { data: body, headers: { ...SIMULATOR_AUTH, origin: await origin(request) } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as T;
}

/** How many times each uniqueness key appears in Metronome's edit history of the contract. */
export async function landedCounts(request: APIRequestContext, customerId: string, contractId: string): Promise<Map<string, number>> {
  const history = await simulator<{ data: Array<{ uniqueness_key?: string }> }>(request, "/v2/contracts/getEditHistory", {
    customer_id: customerId,
    contract_id: contractId,
  });
  const counts = new Map<string, number>();
  for (const edit of history.data) if (edit.uniqueness_key) counts.set(edit.uniqueness_key, (counts.get(edit.uniqueness_key) ?? 0) + 1);
  return counts;
}

/** The order of uniqueness keys in Metronome's edit history. */
export async function landedOrder(request: APIRequestContext, customerId: string, contractId: string): Promise<string[]> {
  const history = await simulator<{ data: Array<{ uniqueness_key?: string }> }>(request, "/v2/contracts/getEditHistory", {
    customer_id: customerId,
    contract_id: contractId,
  });
  return history.data.flatMap((e) => (e.uniqueness_key ? [e.uniqueness_key] : []));
}

export interface EditAttempts {
  /** Uniqueness keys of the seat edits the page sent (one per submission; retries repeat it). */
  keys: string[];
  /** Attempts that failed: 5xx answers and dropped connections. */
  failures: number;
}

/** Watches the seat edits a page sends and how many of its attempts fail. */
export function watchEditAttempts(page: Page): EditAttempts {
  const seen: EditAttempts = { keys: [], failures: 0 };
  const isEdit = (url: string) => url.endsWith("/api/metronome/v2/contracts/edit");
  page.on("request", (request) => {
    if (!isEdit(request.url())) return;
    const key = (JSON.parse(request.postData() ?? "{}") as { uniqueness_key?: string }).uniqueness_key;
    if (key && !seen.keys.includes(key)) seen.keys.push(key);
  });
  page.on("response", (response) => {
    if (isEdit(response.url()) && response.status() >= 500) seen.failures += 1;
  });
  page.on("requestfailed", (request) => {
    if (isEdit(request.url())) seen.failures += 1;
  });
  return seen;
}

export interface ResilienceCounts {
  faults?: number;
  edits?: number;
  applied_once?: number;
  lost?: number;
  security_cases?: number;
  axe_violations?: number;
}

/** Adds counts to `npm run test:resilience`'s totals (no-op outside it). */
export function reportCounts(source: string, counts: ResilienceCounts): void {
  console.log(`[resilience] ${source}: ${JSON.stringify(counts)}`);
  const file = process.env.RESILIENCE_COUNTS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ source, counts })}\n`);
}

/** Takes seat IDs a test added off a seat-based subscription again (directly on the simulator). */
export async function removeSeatIds(
  request: APIRequestContext,
  ids: { customerId: string; contractId: string; subscriptionId: string },
  seatIds: string[],
  startingAt: string,
): Promise<void> {
  await simulator(request, "/v2/contracts/edit", {
    customer_id: ids.customerId,
    contract_id: ids.contractId,
    update_subscriptions: [{ subscription_id: ids.subscriptionId, seat_updates: { remove_seat_ids: [{ seat_ids: seatIds, starting_at: startingAt }] } }],
  });
}
