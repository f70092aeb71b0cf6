// npm run bench [-- --skip-build] [--runs N] [--no-readme] [--profile realistic|loopback] [--trace <route pattern>]
// Builds the production bundle, starts the BFF on the embedded simulator (1,000-seat Initech and a
// 10-seat small customer), drives headless Chromium through every route and the main interactions
// on two networks (realistic, the default, and loopback), counts the Metronome calls each page view
// makes, writes bench/results.json and prints tables (also written into README.md's Benchmark section).
import { writeFileSync } from "node:fs";
import os from "node:os";
import { chromium, type Browser } from "@playwright/test";
import { chromiumExecutable } from "../scripts/browser";
import { analyzeBundle, kb, type Budget } from "./bundle-report";
import { measureBalances, measureEdit, measureMemory, measureRouteLoad, round, traceRoute, type BalancesResult, type EditResult, type MemoryResult, type RouteLoad, type StorageState } from "./measure";
import { LOOPBACK, REALISTIC, setUpstreamLatency, type NetworkProfile } from "./network";
import { measurePortfolio, type PortfolioResult } from "./portfolio";
import { renderTables, updateReadme } from "./report";
import { readRouteTree } from "./route-tree";
import { buildBundle, findScenario, portalLink, smallScenario, startServer, type Scenario } from "./server";
import { measureConcurrentViewers, measureUpstreamPerRoute, type ConcurrentViewers, type RouteUpstream } from "./upstream-counts";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const text = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? null) : null;
};
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const PORT = option("--port", Number(process.env.BENCH_PORT ?? 4350));
const RUNS = Math.max(1, option("--runs", 3));
const OUT_DIR = "bench/tmp/dist";
const DATA_DIR = ".data-bench";

export interface ScenarioResult {
  scenario: Omit<Scenario, "seats"> & { seatCount: number };
  routes: RouteLoad[];
  balances: BalancesResult | null;
  memory: MemoryResult | null;
  edit: EditResult | null;
  errors: string[];
}

/** One network profile's measurements. */
export interface ProfileResult {
  profile: NetworkProfile;
  scenarios: { large: ScenarioResult; small: ScenarioResult };
  /** Metronome calls per page view (the large scenario). */
  upstream: RouteUpstream[];
  concurrent: ConcurrentViewers | null;
  /** The demo account manager's portfolio page. */
  portfolio: PortfolioResult | null;
}

export interface BenchResults {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; load: number[]; node: string; browser: string };
  runs: number;
  bundle: {
    criticalKb: number;
    totalKb: number;
    heaviestRoute: string;
    heaviestRouteKb: number;
    routes: Array<{ pattern: string; kb: number; deferredKb: number; chunks: string[] }>;
    largestChunks: Array<{ file: string; kb: number }>;
  };
  profiles: ProfileResult[];
  budgets: Budget[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** The median run by LCP, with the worst depth and every duplicate of all runs. */
function combineRuns(runs: RouteLoad[]): RouteLoad {
  const byLcp = [...runs].sort((a, b) => (a.lcp ?? Infinity) - (b.lcp ?? Infinity));
  const mid = byLcp[Math.floor((byLcp.length - 1) / 2)] as RouteLoad;
  const deepest = runs.reduce((a, b) => (b.depth > a.depth ? b : a));
  return {
    ...mid,
    tbt: median(runs.map((r) => r.tbt)),
    depth: deepest.depth,
    sentDepth: Math.max(...runs.map((r) => r.sentDepth)),
    chain: deepest.chain,
    duplicates: [...new Set(runs.flatMap((r) => r.duplicates))],
  };
}

function routeUrls(s: Scenario): Array<{ pattern: string; url: string }> {
  const seatId = [...s.seats].sort()[0] ?? "";
  const params: Record<string, string> = { customerId: s.customerId, contractId: s.contractId, subscriptionId: s.subscriptionId, seatId };
  const out: Array<{ pattern: string; url: string }> = [];
  for (const route of readRouteTree()) {
    if (route.isLayout) continue;
    let missing = false;
    const url = route.pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) missing = true;
      return encodeURIComponent(value ?? "");
    });
    if (missing) console.warn(`  (skipped ${route.pattern}: no value for one of its parameters)`);
    else out.push({ pattern: route.pattern, url });
  }
  return out;
}

async function signIn(browser: Browser, link: string): Promise<StorageState> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await page.waitForURL(/\/c\//, { timeout: 30_000 });
  const state = await context.storageState();
  await context.close();
  return state;
}

interface Signed {
  scenario: Scenario;
  state: StorageState;
  urls: Array<{ pattern: string; url: string }>;
}

interface Subject extends Signed {
  errors: string[];
  routes: RouteLoad[];
  balances: BalancesResult[];
}

async function attempt<T>(subject: Subject, what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    subject.errors.push(`${what}: ${(error as Error).message.split("\n")[0]}`);
    return null;
  }
}

const findUrl = (subject: Signed, suffix: string) => subject.urls.find((u) => u.pattern.endsWith(suffix))?.url;
const mid = <T,>(items: T[], by: (t: T) => number) => [...items].sort((a, b) => by(a) - by(b))[Math.floor((items.length - 1) / 2)] as T;

/** Every route's cold loads, the runs of each route alternating between the scenarios. */
async function measureRoutes(browser: Browser, subjects: Subject[], jsKb: (file: string) => number, profile: NetworkProfile): Promise<void> {
  const patterns = [...new Set(subjects.flatMap((s) => s.urls.map((u) => u.pattern)))];
  for (const pattern of patterns) {
    const runs = new Map<Subject, RouteLoad[]>(subjects.map((s) => [s, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const subject of subjects) {
        const route = subject.urls.find((u) => u.pattern === pattern);
        if (!route) continue;
        const load = await attempt(subject, pattern, () => measureRouteLoad(browser, subject.state, route, jsKb, profile));
        if (load) runs.get(subject)?.push(load);
      }
    }
    for (const subject of subjects) {
      const loads = runs.get(subject) ?? [];
      if (!loads.length) continue;
      const r = combineRuns(loads);
      subject.routes.push(r);
      console.log(`  [${profile.name}] ${subject.scenario.alias} ${pattern}  LCP ${round(r.lcp ?? NaN, 0)} ms, depth ${r.depth}, ${r.apiRequests} API requests`);
    }
  }
}

/** The median balances run, with the worst scroll of all runs beside it. */
function combineBalances(runs: BalancesResult[]): BalancesResult | null {
  if (!runs.length) return null;
  const middle = mid(runs, (r) => r.firstRows);
  return {
    ...middle,
    allSeats: median(runs.map((r) => r.allSeats)),
    // The median run's scroll: one descheduling of the browser on a shared machine is not the table's doing.
    scroll: mid(runs, (r) => r.scroll.maxLongTask).scroll,
    worstScrollLongTask: Math.max(...runs.map((r) => r.scroll.maxLongTask)),
    drillHovered: { ...middle.drillHovered, ms: median(runs.map((r) => r.drillHovered.ms)) },
    drillCold: { ...middle.drillCold, ms: median(runs.map((r) => r.drillCold.ms)) },
  };
}

/**
 * Measures the scenarios side by side on one network: every route, run after run, alternates
 * between them, so a burst of load on the shared machine hits both and their ratio stays meaningful.
 */
async function measureScenarios(browser: Browser, signed: Signed[], jsKb: (file: string) => number, profile: NetworkProfile): Promise<ScenarioResult[]> {
  const subjects: Subject[] = signed.map((s) => ({ ...s, errors: [], routes: [], balances: [] }));
  await measureRoutes(browser, subjects, jsKb, profile);
  for (let i = 0; i < RUNS; i++) {
    for (const subject of subjects) {
      const url = findUrl(subject, "/balances");
      if (!url) continue;
      const r = await attempt(subject, "seat balances", () => measureBalances(browser, subject.state, url, profile));
      if (r) subject.balances.push(r);
    }
  }
  const results: ScenarioResult[] = [];
  for (const subject of subjects) {
    const balances = combineBalances(subject.balances);
    if (balances) console.log(`  [${profile.name}] ${subject.scenario.alias} balances: first rows ${balances.firstRows} ms, all ${balances.allSeats} ms, scroll max long task ${balances.scroll.maxLongTask} ms, drill ${balances.drillHovered.ms} ms`);
    const contentUrls = subject.routes.filter((r) => !r.redirected && !r.pattern.startsWith("/sign-in")).map((r) => r.url);
    const memory = profile.name === "loopback" ? await attempt(subject, "memory", () => measureMemory(browser, subject.state, contentUrls)) : null;
    const { seats, ...scenario } = subject.scenario;
    results.push({ scenario: { ...scenario, seatCount: seats.length }, routes: subject.routes, balances, memory, edit: null, errors: subject.errors });
  }
  // Edits change the data: last.
  for (const [i, subject] of subjects.entries()) {
    const url = findUrl(subject, "/seats");
    const edit = url ? await attempt(subject, "seat edit", () => measureEdit(browser, subject.state, url, profile)) : null;
    if (edit) console.log(`  [${profile.name}] ${subject.scenario.alias} edit: ${edit.note}; all views ${edit.toAllViews} ms; ${edit.refetched.length} refetched`);
    (results[i] as ScenarioResult).edit = edit;
  }
  return results;
}

/** One profile: the latency set upstream, every route and interaction, and (large scenario) the Metronome calls. */
async function measureProfile(browser: Browser, origin: string, signed: Signed[], jsKb: (file: string) => number, profile: NetworkProfile): Promise<ProfileResult> {
  console.log(`\nProfile ${profile.label}`);
  await setUpstreamLatency(origin, profile.upstreamMs);
  const [large, small] = (await measureScenarios(browser, signed, jsKb, profile)) as [ScenarioResult, ScenarioResult];
  const subject = signed[0] as Signed;
  const content = subject.urls.filter((u) => large.routes.some((r) => r.pattern === u.pattern && !r.redirected));
  const upstream = await measureUpstreamPerRoute(browser, origin, subject.state, content, profile).catch((error: unknown) => {
    large.errors.push(`upstream counts: ${(error as Error).message.split("\n")[0]}`);
    return [];
  });
  const balancesUrl = findUrl(subject, "/balances");
  const concurrent =
    profile.name === "realistic" && balancesUrl
      ? await measureConcurrentViewers(browser, origin, subject.state, balancesUrl, profile).catch((error: unknown) => {
          large.errors.push(`concurrent viewers: ${(error as Error).message.split("\n")[0]}`);
          return null;
        })
      : null;
  const portfolio = await measurePortfolio(browser, origin, profile, jsKb).catch((error: unknown) => {
    large.errors.push(`portfolio: ${(error as Error).message.split("\n")[0]}`);
    return null;
  });
  return { profile, scenarios: { large, small }, upstream, concurrent, portfolio };
}

const budget = (name: string, limit: number, value: number, unit: string, detail?: string): Budget => ({
  name,
  limit,
  value,
  unit,
  met: Number.isFinite(value) && value <= limit,
  enforced: false,
  ...(detail ? { detail } : {}),
});

const content = (s: ScenarioResult) => s.routes.filter((r) => !r.redirected);

/** The budgets every profile keeps: one wave of requests, no duplicates. */
function requestBudgets(p: ProfileResult): Budget[] {
  const both = [...content(p.scenarios.large), ...content(p.scenarios.small)];
  const deepest = both.reduce<RouteLoad | null>((a, b) => (a === null || b.depth > a.depth ? b : a), null);
  const dupes = both.flatMap((r) => r.duplicates.map((d) => `${r.pattern}: ${d}`));
  return [
    budget(
      `[${p.profile.name}] API request chain depth after the session (every route, both scenarios)`,
      1,
      deepest?.depth ?? NaN,
      "levels",
      deepest && deepest.depth > 1
        ? `${deepest.pattern}: ${deepest.chain.join(" → ")}; counted from when the browser sent each request (6 connections a host): ${Math.max(...both.map((r) => r.sentDepth))} levels`
        : undefined,
    ),
    budget(`[${p.profile.name}] Duplicate API requests during a route load`, 0, dupes.length, "requests", dupes.slice(0, 6).join("; ") || undefined),
  ];
}

/** The loopback profile's budgets, unchanged from before the realistic profile existed. */
function loopbackBudgets(p: ProfileResult): Budget[] {
  const { large, small } = p.scenarios;
  const slowest = content(large).reduce<RouteLoad | null>((a, b) => (a === null || (b.lcp ?? 0) > (a.lcp ?? 0) ? b : a), null);
  const b = large.balances;
  const firstRatio = b && small.balances ? round(b.firstRows / Math.max(1, small.balances.firstRows), 2) : NaN;
  const edits = [large.edit, small.edit].filter((e): e is EditResult => e !== null);
  const extra = edits.flatMap((e) => [...e.unchangedRefetched, ...e.duplicateRefetches.map((d) => `duplicate ${d}`)]);
  return [
    budget("[loopback] Largest contentful paint, every route at 1,000 seats", 1000, round(slowest?.lcp ?? NaN, 0), "ms", slowest ? `${slowest.pattern} (largest element: ${slowest.lcpElement ?? "?"})` : undefined),
    budget("[loopback] Longest task while scrolling the 1,000-seat table (median run)", 50, b ? b.scroll.maxLongTask : NaN, "ms", b ? `${b.scroll.longTasks} long task(s) in ${b.scroll.frames} frames; worst run ${b.worstScrollLongTask ?? b.scroll.maxLongTask} ms` : undefined),
    budget("[loopback] First rows at 1,000 seats ÷ at 10 seats", 1.5, firstRatio, "×", b && small.balances ? `${b.firstRows} ms vs ${small.balances.firstRows} ms` : undefined),
    budget("[loopback] Ledger drill-down after hover, click to chart drawn (1,000 seats)", 200, b ? b.drillHovered.ms : NaN, "ms"),
    budget("[loopback] Queries refetched after a seat edit that the edit did not change", 0, edits.length ? extra.length : NaN, "queries", extra.join("; ") || undefined),
  ];
}

/** The realistic profile's budgets: paint and data times at 1,000 seats, and Metronome calls. */
function realisticBudgets(p: ProfileResult): Budget[] {
  const { large } = p.scenarios;
  const slowest = content(large).reduce<RouteLoad | null>((a, b) => (a === null || (b.lcp ?? 0) > (a.lcp ?? 0) ? b : a), null);
  const b = large.balances;
  const worst = (key: "cold" | "warm") => p.upstream.reduce<RouteUpstream | null>((a, r) => (a === null || r[key] > a[key] ? r : a), null);
  const cold = worst("cold");
  const warm = worst("warm");
  const c = p.concurrent;
  const f = p.portfolio;
  return [
    budget("[realistic] Largest contentful paint, every route at 1,000 seats", 1000, round(slowest?.lcp ?? NaN, 0), "ms", slowest ? `${slowest.pattern} (largest element: ${slowest.lcpElement ?? "?"})` : undefined),
    budget("[realistic] Seat balances: first rows at 1,000 seats", 1000, b ? b.firstRows : NaN, "ms"),
    budget("[realistic] Seat balances: all 1,000 seats", 1500, b ? b.allSeats : NaN, "ms"),
    budget("[realistic] Metronome calls of a cold page view (worst route)", 15, cold?.cold ?? NaN, "calls", cold ? cold.pattern : undefined),
    budget("[realistic] Metronome calls of a warm page view (worst route)", 1, warm?.warm ?? NaN, "calls", warm ? warm.pattern : undefined),
    budget(
      `[realistic] ${c?.viewers ?? 20} concurrent viewers of the seat balances page ÷ one viewer, Metronome calls`,
      1.5,
      c ? round(c.many / Math.max(1, c.one), 2) : NaN,
      "×",
      c ? `${c.many} vs ${c.one} calls; slowest viewer ${c.slowestMs} ms` : undefined,
    ),
    budget(`[realistic] Portfolio of ${f?.customers ?? 50} customers, largest contentful paint cold`, 1500, f?.cold.lcp ?? NaN, "ms", f ? `${f.cold.upstreamCalls} Metronome calls` : undefined),
    budget(`[realistic] Portfolio of ${f?.customers ?? 50} customers, largest contentful paint warm`, 1000, f?.warm.lcp ?? NaN, "ms", f ? `${f.warm.upstreamCalls} Metronome calls` : undefined),
  ];
}

function timingBudgets(profiles: ProfileResult[]): Budget[] {
  return profiles.flatMap((p) => [...requestBudgets(p), ...(p.profile.name === "loopback" ? loopbackBudgets(p) : realisticBudgets(p))]);
}

async function signInAll(browser: Browser, origin: string, scenarios: Scenario[]): Promise<Signed[]> {
  const out: Signed[] = [];
  for (const scenario of scenarios) {
    const state = await signIn(browser, await portalLink(origin, scenario));
    out.push({ scenario, state, urls: routeUrls(scenario).map((r) => ({ ...r, url: `${origin}${r.url}` })) });
  }
  return out;
}

/** One route's request waterfall in both scenarios, nothing written (`--trace <route pattern>`). */
async function trace(browser: Browser, origin: string, signed: Signed[], pattern: string, profile: NetworkProfile): Promise<void> {
  await setUpstreamLatency(origin, profile.upstreamMs);
  for (const subject of signed) {
    const route = subject.urls.find((r) => r.pattern === pattern);
    if (!route) throw new Error(`No route ${pattern}; the routes are ${subject.urls.map((r) => r.pattern).join(", ")}`);
    console.log(`\n${subject.scenario.label} ${pattern} [${profile.name}]:\n${(await traceRoute(browser, subject.state, route.url, profile)).join("\n")}`);
  }
}

function bundleSummary(bundle: ReturnType<typeof analyzeBundle>): BenchResults["bundle"] {
  return {
    criticalKb: kb(bundle.criticalGzip),
    totalKb: kb(bundle.totalGzip),
    heaviestRoute: bundle.heaviestRoute,
    heaviestRouteKb: kb(bundle.heaviestRouteGzip),
    routes: bundle.routes.map((r) => ({ pattern: r.pattern, kb: kb(r.criticalGzip), deferredKb: kb(r.deferredGzip), chunks: r.criticalFiles.filter((f) => !bundle.entryFiles.includes(f)) })),
    largestChunks: bundle.chunks.slice(0, 8).map((c) => ({ file: c.file, kb: kb(c.gzip) })),
  };
}

function chosenProfiles(): NetworkProfile[] {
  const only = text("--profile");
  if (only === null) return [REALISTIC, LOOPBACK];
  const found = [REALISTIC, LOOPBACK].find((p) => p.name === only);
  if (!found) throw new Error(`--profile must be realistic or loopback, not ${only}`);
  return [found];
}

async function run(browser: Browser, origin: string, bundle: ReturnType<typeof analyzeBundle>): Promise<void> {
  const gz = new Map(bundle.chunks.map((c) => [c.file, c.gzip]));
  const jsKb = (file: string) => kb(gz.get(file) ?? 0);
  const large = await findScenario(origin, "initech", "large", "Initech (1,000 seats)");
  if (!large) throw new Error("Initech (ingest alias initech) is missing from the scenario");
  large.label = `Initech (${large.seats.length.toLocaleString("en-US")} seats)`;
  const small = await smallScenario(origin, 10);
  const profiles = chosenProfiles();
  console.log(`Scenarios: ${large.label}; ${small.label}. ${RUNS} run(s) per cold load. Profiles: ${profiles.map((p) => p.name).join(", ")}.`);
  const signed = await signInAll(browser, origin, [large, small]);
  const traced = text("--trace");
  if (traced !== null) return trace(browser, origin, signed, traced, profiles[0] as NetworkProfile);

  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "", load: os.loadavg().map((l) => round(l, 2)), node: process.version, browser: browser.version() },
    runs: RUNS,
    bundle: bundleSummary(bundle),
    profiles: [],
    budgets: [],
  };
  for (const profile of profiles) results.profiles.push(await measureProfile(browser, origin, signed, jsKb, profile));
  await setUpstreamLatency(origin, 0);
  results.budgets = [...bundle.budgets, ...timingBudgets(results.profiles)];
  writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
  const tables = renderTables(results);
  console.log(`\n${tables}`);
  if (!flag("--no-readme")) updateReadme("README.md", tables);
  const errors = results.profiles.flatMap((p) => [...p.scenarios.large.errors, ...p.scenarios.small.errors].map((e) => `[${p.profile.name}] ${e}`));
  if (errors.length) console.warn(`\nErrors while measuring:\n  ${errors.join("\n  ")}`);
  console.log("\nWrote bench/results.json");
}

async function main() {
  if (!flag("--skip-build")) {
    console.log(`Building the production bundle into ${OUT_DIR}…`);
    buildBundle(OUT_DIR);
  }
  const bundle = analyzeBundle(OUT_DIR);
  console.log(`Starting the server on port ${PORT} (data in ${DATA_DIR})…`);
  const server = await startServer({ port: PORT, dataDir: DATA_DIR, distDir: OUT_DIR });
  // Whatever happens, the server does not outlive the benchmark.
  const stopOnFailure = (error: unknown) => {
    console.error(error);
    void server.stop().finally(() => process.exit(1));
  };
  process.once("uncaughtException", stopOnFailure);
  process.once("unhandledRejection", stopOnFailure);
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
  });
  try {
    await run(browser, server.origin, bundle);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
