/**
 * The access check under load: the server on the embedded simulator's demo scenario, Initech's
 * 1,000 seats, 200 checks a second for 10 seconds over loopback HTTP (a quarter for the customer,
 * the rest for seats drawn at random), open loop (each check leaves at its own time whether or not
 * earlier ones have answered). It reports the latency quantiles and the Metronome calls the checks
 * made, counted by the server's read layer: the target is p99 ≤ 5 ms and 0 calls once the customer
 * is in the projection (the first check, which reads Metronome, is made and timed before, then 300
 * checks one at a time show what one costs without queueing).
 *
 *   npm run bench:access [-- --port 4351 --rate 200 --seconds 10]
 */
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BENCH_PORTAL_SECRET, findScenario, startServer, upstreamCalls } from "./server";

export interface AccessBenchOptions {
  port: number;
  /** Checks per second. */
  rate: number;
  seconds: number;
  dataDir: string;
}

export interface AccessBenchResult {
  customer: string;
  seats: number;
  checks: number;
  /** Share of seat checks among them. */
  seatShare: number;
  /** ms */
  p50: number;
  p99: number;
  max: number;
  /** The first check of the customer (reads Metronome into the projection), ms. */
  firstCheckMs: number;
  /** Metronome calls the first check made. */
  firstCheckUpstreamCalls: number;
  /** Metronome calls during the timed checks (target 0). */
  upstreamCalls: number;
  /** Answers that were not 200. */
  errors: number;
  denied: number;
  /** The same checks one at a time before the run (no queueing): what one check costs here, ms. */
  oneAtATime: { checks: number; p50: number; p99: number };
  /** The machine: CPUs and its 1-minute load average at the end (the figures are only as quiet as it was). */
  machine: { cpus: number; load: number };
}

const DEFAULT_ACCESS_BENCH: AccessBenchOptions = { port: 4351, rate: 200, seconds: 10, dataDir: path.resolve(".data-bench-access") };

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
const round = (ms: number) => Math.round(ms * 100) / 100;

/** A small seeded generator (mulberry32), so every run checks the same seats in the same order. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function timedCheck(origin: string, body: unknown): Promise<{ ms: number; status: number; allowed: boolean }> {
  const started = performance.now();
  const res = await fetch(`${origin}/api/access/check`, {
    method: "POST",
    headers: { authorization: `Bearer ${BENCH_PORTAL_SECRET}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { allowed?: boolean };
  return { ms: performance.now() - started, status: res.status, allowed: answer.allowed === true };
}

/** Fires the checks open loop at `rate` a second; resolves when every one has answered. */
async function fire(origin: string, bodies: readonly unknown[], rate: number) {
  const t0 = performance.now();
  return Promise.all(
    bodies.map(async (body, i) => {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return timedCheck(origin, body);
    }),
  );
}

export async function runAccessBench(options: Partial<AccessBenchOptions> = {}): Promise<AccessBenchResult> {
  const opts = { ...DEFAULT_ACCESS_BENCH, ...options };
  const server = await startServer({ port: opts.port, dataDir: opts.dataDir, distDir: path.join(opts.dataDir, "no-dist") });
  try {
    const scenario = await findScenario(server.origin, "initech", "large", "Initech");
    if (!scenario) throw new Error("The demo scenario has no Initech with a seat-based subscription");
    const beforeFirst = await upstreamCalls(server.origin);
    const first = await timedCheck(server.origin, { customer_id: scenario.customerId });
    if (first.status !== 200) throw new Error(`The first check answered ${first.status}`);
    const afterFirst = await upstreamCalls(server.origin);
    const random = seeded(20261124);
    const bodies = Array.from({ length: opts.rate * opts.seconds }, (_, i) =>
      i % 4 === 0 ? { customer_id: scenario.customerId } : { customer_id: scenario.customerId, seat_id: scenario.seats[Math.floor(random() * scenario.seats.length)] },
    );
    const sequential: number[] = [];
    for (const body of bodies.slice(0, 300)) sequential.push((await timedCheck(server.origin, body)).ms);
    sequential.sort((x, y) => x - y);
    const results = await fire(server.origin, bodies, opts.rate);
    const upstream = (await upstreamCalls(server.origin)) - afterFirst;
    const sorted = results.map((r) => r.ms).sort((x, y) => x - y);
    return {
      customer: scenario.label,
      seats: scenario.seats.length,
      checks: results.length,
      seatShare: round(bodies.filter((b) => "seat_id" in b).length / bodies.length),
      p50: round(quantile(sorted, 0.5)),
      p99: round(quantile(sorted, 0.99)),
      max: round(sorted[sorted.length - 1] ?? 0),
      firstCheckMs: round(first.ms),
      firstCheckUpstreamCalls: afterFirst - beforeFirst,
      upstreamCalls: upstream,
      errors: results.filter((r) => r.status !== 200).length,
      denied: results.filter((r) => r.status === 200 && !r.allowed).length,
      oneAtATime: { checks: sequential.length, p50: round(quantile(sequential, 0.5)), p99: round(quantile(sequential, 0.99)) },
      machine: { cpus: cpus().length, load: round(loadavg()[0] ?? 0) },
    };
  } finally {
    await server.stop();
  }
}

function argOf(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runAccessBench({
    ...(argOf("port") ? { port: argOf("port") } : process.env.BENCH_ACCESS_PORT ? { port: Number(process.env.BENCH_ACCESS_PORT) } : {}),
    ...(argOf("rate") ? { rate: argOf("rate") } : {}),
    ...(argOf("seconds") ? { seconds: argOf("seconds") } : {}),
  });
  console.log(
    `access check · ${result.customer} (${result.seats} seats) · ${result.checks} checks (${Math.round(result.seatShare * 100)} % seats) · ` +
      `p50 ${result.p50} ms · p99 ${result.p99} ms (target ≤ 5) · max ${result.max} ms · Metronome calls ${result.upstreamCalls} (target 0) · ` +
      `errors ${result.errors} · denied ${result.denied} · first check ${result.firstCheckMs} ms with ${result.firstCheckUpstreamCalls} Metronome calls · ` +
      `one at a time p50 ${result.oneAtATime.p50} ms p99 ${result.oneAtATime.p99} ms · ${result.machine.cpus} CPUs, load ${result.machine.load}`,
  );
  if (result.errors > 0) process.exitCode = 1;
}
