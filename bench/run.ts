// npm run bench [-- --skip-build] [--runs N] [--no-readme] [--trace <route pattern>]
// Builds the production bundle, starts the BFF on the embedded simulator (1,000-seat Initech and a
// 10-seat small customer), drives headless Chromium through every route and the main interactions,
// writes bench/results.json and prints a table (also written into README.md's Benchmark section).
import { writeFileSync } from "node:fs";
import os from "node:os";
import { chromium } from "@playwright/test";
import { chromiumExecutable } from "../scripts/browser";
import { analyzeBundle, kb, type Budget } from "./bundle-report";
import { measureBalances, measureEdit, measureMemory, measureRouteLoad, round, traceRoute, type BalancesResult, type EditResult, type MemoryResult, type RouteLoad, type StorageState } from "./measure";
import { renderTables, updateReadme } from "./report";
import { readRouteTree } from "./route-tree";
import { buildBundle, findScenario, portalLink, smallScenario, startServer, type Scenario } from "./server";

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
  scenarios: { large: ScenarioResult; small: ScenarioResult };
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

async function signIn(browser: import("@playwright/test").Browser, link: string): Promise<StorageState> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await page.waitForURL(/\/c\//, { timeout: 30_000 });
  const state = await context.storageState();
  await context.close();
  return state;
}

interface Subject {
  scenario: Scenario;
  state: StorageState;
  urls: Array<{ pattern: string; url: string }>;
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

/**
 * Measures the scenarios side by side: every route, run after run, alternates between them, so a
 * burst of load on the shared machine hits both and their ratio stays meaningful.
 */
async function measureScenarios(
  browser: import("@playwright/test").Browser,
  origin: string,
  scenarios: Scenario[],
  jsKb: (file: string) => number,
): Promise<ScenarioResult[]> {
  const subjects: Subject[] = [];
  for (const scenario of scenarios) {
    const state = await signIn(browser, await portalLink(origin, scenario));
    const urls = routeUrls(scenario).map((r) => ({ ...r, url: `${origin}${r.url}` }));
    subjects.push({ scenario, state, urls, errors: [], routes: [], balances: [] });
  }
  const patterns = [...new Set(subjects.flatMap((s) => s.urls.map((u) => u.pattern)))];
  for (const pattern of patterns) {
    const runs = new Map<Subject, RouteLoad[]>(subjects.map((s) => [s, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const subject of subjects) {
        const route = subject.urls.find((u) => u.pattern === pattern);
        if (!route) continue;
        const load = await attempt(subject, pattern, () => measureRouteLoad(browser, subject.state, route, jsKb));
        if (load) runs.get(subject)?.push(load);
      }
    }
    for (const subject of subjects) {
      const loads = runs.get(subject) ?? [];
      if (!loads.length) continue;
      const r = combineRuns(loads);
      subject.routes.push(r);
      console.log(`  ${subject.scenario.alias} ${pattern}  LCP ${round(r.lcp ?? NaN, 0)} ms, depth ${r.depth}, ${r.apiRequests} API requests`);
    }
  }
  const find = (subject: Subject, suffix: string) => subject.urls.find((u) => u.pattern.endsWith(suffix))?.url;
  for (let i = 0; i < RUNS; i++) {
    for (const subject of subjects) {
      const url = find(subject, "/balances");
      if (!url) continue;
      const r = await attempt(subject, "seat balances", () => measureBalances(browser, subject.state, url));
      if (r) subject.balances.push(r);
    }
  }
  const results: ScenarioResult[] = [];
  for (const subject of subjects) {
    const runs = subject.balances;
    let balances: BalancesResult | null = null;
    if (runs.length) {
      const mid = <T,>(items: T[], by: (t: T) => number) => [...items].sort((a, b) => by(a) - by(b))[Math.floor((items.length - 1) / 2)] as T;
      const middle = mid(runs, (r) => r.firstRows);
      balances = {
        ...middle,
        allSeats: median(runs.map((r) => r.allSeats)),
        // The median run's scroll: one descheduling of the browser on a shared machine is not the table's doing.
        scroll: mid(runs, (r) => r.scroll.maxLongTask).scroll,
        worstScrollLongTask: Math.max(...runs.map((r) => r.scroll.maxLongTask)),
        drillHovered: { ...middle.drillHovered, ms: median(runs.map((r) => r.drillHovered.ms)) },
        drillCold: { ...middle.drillCold, ms: median(runs.map((r) => r.drillCold.ms)) },
      };
      console.log(`  ${subject.scenario.alias} balances: first rows ${balances.firstRows} ms, all ${balances.allSeats} ms, scroll max long task ${balances.scroll.maxLongTask} ms, drill ${balances.drillHovered.ms} ms`);
    }
    const contentUrls = subject.routes.filter((r) => !r.redirected && !r.pattern.startsWith("/sign-in")).map((r) => r.url);
    const memory = await attempt(subject, "memory", () => measureMemory(browser, subject.state, contentUrls));
    const { seats, ...scenario } = subject.scenario;
    results.push({ scenario: { ...scenario, seatCount: seats.length }, routes: subject.routes, balances, memory, edit: null, errors: subject.errors });
  }
  // Edits change the data: last.
  for (const [i, subject] of subjects.entries()) {
    const url = find(subject, "/seats");
    const edit = url ? await attempt(subject, "seat edit", () => measureEdit(browser, subject.state, url)) : null;
    if (edit) console.log(`  ${subject.scenario.alias} edit: ${edit.note}; all views ${edit.toAllViews} ms; ${edit.refetched.length} refetched`);
    (results[i] as ScenarioResult).edit = edit;
  }
  return results;
}

function timingBudgets(large: ScenarioResult, small: ScenarioResult): Budget[] {
  const content = (s: ScenarioResult) => s.routes.filter((r) => !r.redirected);
  const both = [...content(large), ...content(small)];
  const deepest = both.reduce<RouteLoad | null>((a, b) => (a === null || b.depth > a.depth ? b : a), null);
  const dupes = both.flatMap((r) => r.duplicates.map((d) => `${r.pattern}: ${d}`));
  const slowest = content(large).reduce<RouteLoad | null>((a, b) => (a === null || (b.lcp ?? 0) > (a.lcp ?? 0) ? b : a), null);
  const b = large.balances;
  const firstRatio = b && small.balances ? round(b.firstRows / Math.max(1, small.balances.firstRows), 2) : NaN;
  const edits = [large.edit, small.edit].filter((e): e is EditResult => e !== null);
  const extra = edits.flatMap((e) => [...e.unchangedRefetched, ...e.duplicateRefetches.map((d) => `duplicate ${d}`)]);
  const budget = (name: string, limit: number, value: number, unit: string, detail?: string): Budget => ({
    name,
    limit,
    value,
    unit,
    met: Number.isFinite(value) && value <= limit,
    enforced: false,
    ...(detail ? { detail } : {}),
  });
  return [
    budget(
      "API request chain depth after the session (every route, both scenarios)",
      1,
      deepest?.depth ?? NaN,
      "levels",
      deepest && deepest.depth > 1
        ? `${deepest.pattern}: ${deepest.chain.join(" → ")}; counted from when the browser sent each request (6 connections a host): ${Math.max(...both.map((r) => r.sentDepth))} levels`
        : undefined,
    ),
    budget("Duplicate API requests during a route load", 0, dupes.length, "requests", dupes.slice(0, 6).join("; ") || undefined),
    budget("Largest contentful paint, every route at 1,000 seats", 1000, round(slowest?.lcp ?? NaN, 0), "ms", slowest ? `${slowest.pattern} (largest element: ${slowest.lcpElement ?? "?"})` : undefined),
    budget("Longest task while scrolling the 1,000-seat table (median run)", 50, b ? b.scroll.maxLongTask : NaN, "ms", b ? `${b.scroll.longTasks} long task(s) in ${b.scroll.frames} frames; worst run ${b.worstScrollLongTask ?? b.scroll.maxLongTask} ms` : undefined),
    budget("First rows at 1,000 seats ÷ at 10 seats", 1.5, firstRatio, "×", b && small.balances ? `${b.firstRows} ms vs ${small.balances.firstRows} ms` : undefined),
    budget("Ledger drill-down after hover, click to chart drawn (1,000 seats)", 200, b ? b.drillHovered.ms : NaN, "ms"),
    budget("Queries refetched after a seat edit that the edit did not change", 0, edits.length ? extra.length : NaN, "queries", extra.join("; ") || undefined),
  ];
}

async function main() {
  if (!flag("--skip-build")) {
    console.log(`Building the production bundle into ${OUT_DIR}…`);
    buildBundle(OUT_DIR);
  }
  const bundle = analyzeBundle(OUT_DIR);
  const gz = new Map(bundle.chunks.map((c) => [c.file, c.gzip]));
  const jsKb = (file: string) => kb(gz.get(file) ?? 0);

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
    const large = await findScenario(server.origin, "initech", "large", "Initech (1,000 seats)");
    if (!large) throw new Error("Initech (ingest alias initech) is missing from the scenario");
    large.label = `Initech (${large.seats.length.toLocaleString("en-US")} seats)`;
    const small = await smallScenario(server.origin, 10);
    console.log(`Scenarios: ${large.label}; ${small.label}. ${RUNS} run(s) per cold load.`);
    const traced = text("--trace");
    if (traced !== null) {
      // One route's request waterfall in both scenarios, nothing written.
      for (const scenario of [large, small]) {
        const state = await signIn(browser, await portalLink(server.origin, scenario));
        const route = routeUrls(scenario).find((r) => r.pattern === traced);
        if (!route) throw new Error(`No route ${traced}; the routes are ${routeUrls(scenario).map((r) => r.pattern).join(", ")}`);
        console.log(`\n${scenario.label} ${traced}:\n${(await traceRoute(browser, state, `${server.origin}${route.url}`)).join("\n")}`);
      }
      return;
    }

    const results: BenchResults = {
      generatedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "", load: os.loadavg().map((l) => round(l, 2)), node: process.version, browser: browser.version() },
      runs: RUNS,
      bundle: {
        criticalKb: kb(bundle.criticalGzip),
        totalKb: kb(bundle.totalGzip),
        heaviestRoute: bundle.heaviestRoute,
        heaviestRouteKb: kb(bundle.heaviestRouteGzip),
        routes: bundle.routes.map((r) => ({ pattern: r.pattern, kb: kb(r.criticalGzip), deferredKb: kb(r.deferredGzip), chunks: r.criticalFiles.filter((f) => !bundle.entryFiles.includes(f)) })),
        largestChunks: bundle.chunks.slice(0, 8).map((c) => ({ file: c.file, kb: kb(c.gzip) })),
      },
      scenarios: await measureScenarios(browser, server.origin, [large, small], jsKb).then(([l, s]) => ({ large: l as ScenarioResult, small: s as ScenarioResult })),
      budgets: [],
    };
    results.budgets = [...bundle.budgets, ...timingBudgets(results.scenarios.large, results.scenarios.small)];
    writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
    const tables = renderTables(results);
    console.log(`\n${tables}`);
    if (!flag("--no-readme")) updateReadme("README.md", tables);
    const errors = [...results.scenarios.large.errors, ...results.scenarios.small.errors];
    if (errors.length) console.warn(`\nErrors while measuring:\n  ${errors.join("\n  ")}`);
    console.log("\nWrote bench/results.json");
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
