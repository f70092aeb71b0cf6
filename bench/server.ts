import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

export const BENCH_PORTAL_SECRET = "bench-portal-secret";
/** The same frozen clock as the e2e server, so every run sees the same data. */
export const BENCH_NOW = "2026-11-24T12:00:00.000Z";

/** Builds the production bundle into `outDir` (its chunk graph is recorded for the size budgets). */
export function buildBundle(outDir: string): void {
  const result = spawnSync(process.execPath, ["node_modules/vite/bin/vite.js", "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], {
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`vite build failed (${result.status})`);
}

export interface BenchServer {
  origin: string;
  stop(): Promise<void>;
}

/** Starts the BFF on the embedded simulator's demo scenario with a fresh data directory. */
export async function startServer(opts: { port: number; dataDir: string; distDir: string }): Promise<BenchServer> {
  rmSync(opts.dataDir, { recursive: true, force: true });
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(opts.port),
      HOST: "127.0.0.1",
      DATA_DIR: opts.dataDir,
      DIST_DIR: opts.distDir,
      NODE_ENV: "production",
      PORTAL_SECRET: BENCH_PORTAL_SECRET,
      SIMULATOR_NOW: BENCH_NOW,
      METRONOME_API_TOKEN: "",
      DATABASE_URL: "",
    },
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const origin = `http://127.0.0.1:${opts.port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${origin}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 240_000) {
      child.kill("SIGTERM");
      throw new Error(`The server did not answer /api/health within 240 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    origin,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => {
          if (child.exitCode === null) child.kill("SIGKILL");
        }, 10_000).unref();
      }),
  };
}

/** The simulator's control API and Metronome paths through /api/simulator (portal secret). */
export async function simulator<T>(origin: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${origin}/api/simulator${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${BENCH_PORTAL_SECRET}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

interface Contract {
  id: string;
  starting_at: string;
  ending_before?: string | null;
  subscriptions?: Array<{ id: string; quantity_management_mode?: string; subscription_rate?: { product?: { id: string } } }>;
  recurring_credits?: unknown[];
}
interface Segment {
  starting_at: string;
  ending_before?: string | null;
  assigned_seat_ids: string[];
  total_quantity: number | string;
}

/** A customer, its seat-based contract and subscription, and the seats assigned now. */
export interface Scenario {
  key: "large" | "small";
  label: string;
  alias: string;
  customerId: string;
  contractId: string;
  subscriptionId: string;
  seats: string[];
}

async function assignedNow(origin: string, ids: { customerId: string; contractId: string; subscriptionId: string }): Promise<string[]> {
  const now = Date.parse(BENCH_NOW);
  let cursor: string | null = null;
  let current: string[] = [];
  do {
    const page: { data: Segment[]; next_page?: string | null } = await simulator(origin, "/v1/contracts/getSubscriptionSeatsHistory", {
      customer_id: ids.customerId,
      contract_id: ids.contractId,
      subscription_id: ids.subscriptionId,
      limit: 10,
      ...(cursor ? { cursor } : {}),
    });
    for (const s of page.data) {
      if (Date.parse(s.starting_at) <= now && (!s.ending_before || Date.parse(s.ending_before) > now)) current = s.assigned_seat_ids;
    }
    cursor = page.next_page ?? null;
  } while (cursor);
  return current;
}

/** The customer with this ingest alias and its first seat-based subscription (null when it has none). */
export async function findScenario(origin: string, alias: string, key: Scenario["key"], label: string): Promise<Scenario | null> {
  const customers = await simulator<{ data: Array<{ id: string }> }>(origin, `/v1/customers?ingest_alias=${encodeURIComponent(alias)}`);
  const customerId = customers.data[0]?.id;
  if (!customerId) return null;
  const contracts = await simulator<{ data: Contract[] }>(origin, "/v2/contracts/list", { customer_id: customerId });
  for (const contract of contracts.data) {
    const sub = contract.subscriptions?.find((s) => s.quantity_management_mode === "SEAT_BASED");
    if (!sub || !(contract.recurring_credits?.length ?? 0)) continue;
    const ids = { customerId, contractId: contract.id, subscriptionId: sub.id };
    return { key, label, alias, ...ids, seats: await assignedNow(origin, ids) };
  }
  return null;
}

/**
 * The 10-seat scenario: the first small demo customer with a seat-based subscription and per-seat
 * credits, topped up to `seats` named seats through the simulator (the demo's small customers
 * hold 2 to 8).
 */
export async function smallScenario(origin: string, seats = 10): Promise<Scenario> {
  for (let i = 1; i <= 200; i++) {
    const alias = `small-${String(i).padStart(3, "0")}`;
    const found = await findScenario(origin, alias, "small", "");
    if (!found) continue;
    const missing = seats - found.seats.length;
    if (missing > 0) {
      const hour = new Date(Math.floor(Date.parse(BENCH_NOW) / 3_600_000) * 3_600_000).toISOString();
      const added = Array.from({ length: missing }, (_, k) => `bench.seat${k + 1}@${alias}.example`);
      await simulator(origin, "/v2/contracts/edit", {
        customer_id: found.customerId,
        contract_id: found.contractId,
        update_subscriptions: [{ subscription_id: found.subscriptionId, seat_updates: { add_seat_ids: [{ seat_ids: added, starting_at: hour }] } }],
      });
      found.seats = await assignedNow(origin, found);
    }
    return { ...found, label: `${alias} (${found.seats.length} seats)` };
  }
  throw new Error("No small customer with a seat-based subscription and per-seat credits in the scenario");
}

/** A one-time portal sign-in link for a customer admin of the scenario's customer. */
export async function portalLink(origin: string, scenario: Scenario): Promise<string> {
  const res = await fetch(`${origin}/api/portal-sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${BENCH_PORTAL_SECRET}`, "content-type": "application/json" },
    body: JSON.stringify({
      role: "customer_admin",
      customer_id: scenario.customerId,
      user: { id: `bench-${scenario.alias}`, name: "Benchmark admin", email: `bench@${scenario.alias}.example` },
      return_url: "/",
    }),
  });
  if (res.status !== 201) throw new Error(`portal-sessions → ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}

async function internal(origin: string, method: "GET" | "DELETE", path: string): Promise<unknown> {
  const res = await fetch(`${origin}/api/internal${path}`, { method, headers: { authorization: `Bearer ${BENCH_PORTAL_SECRET}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} /api/internal${path} → ${res.status}: ${text.slice(0, 300)}`);
  return text === "" ? null : JSON.parse(text);
}

/** How many Metronome calls the server has made since it started (its read layer's counter). */
export async function upstreamCalls(origin: string): Promise<number> {
  const metrics = (await internal(origin, "GET", "/metrics")) as { upstream_calls: { total: number } };
  return metrics.upstream_calls.total;
}

/** Empties the server's read cache, so the next page view is a cold one. */
export async function clearReadCache(origin: string): Promise<void> {
  await internal(origin, "DELETE", "/read-cache");
}
