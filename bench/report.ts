import { readFileSync, writeFileSync } from "node:fs";
import type { Budget } from "./bundle-report";
import type { BenchResults, ProfileResult, ScenarioResult } from "./run";

const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

const n = (v: number | null | undefined, digits = 0) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(digits));
const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? "—" : `${(a / b).toFixed(2)}×`;

/** "/c/:customerId/k/:contractId/s/:subscriptionId/balances" → "…/s/:sub/balances". */
function shortPattern(p: string): string {
  return p.replace("/c/:customerId/k/:contractId/s/:subscriptionId", "…/s/:sub").replace("/c/:customerId/k/:contractId", "…/k/:contract").replace("/c/:customerId", "/c/:customer");
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function margin(b: Budget): string {
  if (!Number.isFinite(b.value)) return "—";
  const m = Math.round((b.limit - b.value) * 100) / 100;
  return `${m >= 0 ? "+" : ""}${m} ${b.unit}`;
}

type Row = [string, (s: ScenarioResult) => string];

/** The interactions and memory, one column per profile (1,000 seats), plus the 10-seat customer on loopback. */
function interactionRows(r: BenchResults): string[][] {
  const rows: Row[] = [
    ["Seat balances: first rows (ms from navigation)", (s) => n(s.balances?.firstRows)],
    ["Seat balances: every seat loaded (ms)", (s) => n(s.balances?.allSeats)],
    ["Seat balances: rows in the table", (s) => n(s.balances?.rowsShown)],
    ["Scroll end to end: long tasks / longest (ms)", (s) => (s.balances ? `${s.balances.scroll.longTasks} / ${n(s.balances.scroll.maxLongTask)}` : "—")],
    ["Ledger drill-down, hovered then clicked → chart (ms)", (s) => n(s.balances?.drillHovered.ms)],
    ["Ledger drill-down, click without hover → chart (ms)", (s) => n(s.balances?.drillCold.ms)],
    ["Seat edit: submit → confirmation (ms)", (s) => n(s.edit?.toConfirmation)],
    ["Seat edit: the edit request itself (ms)", (s) => n(s.edit?.editRequest)],
    ["Seat edit: submit → every visible view updated (ms)", (s) => n(s.edit?.toAllViews)],
    ["Seat edit: queries refetched", (s) => n(s.edit?.refetched.length)],
    ["JS heap after every route (MB)", (s) => n(s.memory?.heapMb, 1)],
    ["DOM nodes after every route", (s) => n(s.memory?.domNodes)],
  ];
  const loop = r.profiles.find((p) => p.profile.name === "loopback");
  return rows.map(([label, value]) => [label, ...r.profiles.map((p) => value(p.scenarios.large)), ...(loop ? [value(loop.scenarios.small)] : [])]);
}

/** One row a route: LCP and depth on each profile, Metronome calls, duplicates and JS. */
function routeRows(r: BenchResults): string[][] {
  const first = r.profiles[0];
  if (!first) return [];
  const loop = r.profiles.find((p) => p.profile.name === "loopback");
  const bundleBy = new Map(r.bundle.routes.map((x) => [x.pattern, x]));
  const upstream = r.profiles.find((p) => p.upstream.length > 0)?.upstream ?? [];
  return first.scenarios.large.routes.map((x) => {
    const on = (p: ProfileResult, s: "large" | "small") => p.scenarios[s].routes.find((y) => y.pattern === x.pattern);
    const small = loop ? on(loop, "small") : undefined;
    const calls = upstream.find((u) => u.pattern === x.pattern);
    const jsRoute = bundleBy.get(x.pattern);
    return [
      `\`${shortPattern(x.pattern)}\`${x.redirected ? " (redirects)" : ""}`,
      ...r.profiles.map((p) => n(on(p, "large")?.lcp)),
      ...(loop ? [n(small?.lcp), ratio(on(loop, "large")?.lcp, small?.lcp)] : []),
      r.profiles.map((p) => on(p, "large")?.depth ?? "—").join(" / "),
      `${x.requests} (${x.apiRequests} API)`,
      calls ? `${calls.cold} / ${calls.warm}` : "—",
      String(new Set(r.profiles.flatMap((p) => on(p, "large")?.duplicates ?? [])).size),
      jsRoute ? `${jsRoute.kb}${jsRoute.deferredKb ? ` + ${jsRoute.deferredKb}` : ""}` : "—",
    ];
  });
}

/** The Markdown tables of a run: routes, interactions, bundle and budgets. */
export function renderTables(r: BenchResults): string {
  const first = r.profiles[0];
  const loop = r.profiles.find((p) => p.profile.name === "loopback");
  const names = r.profiles.map((p) => p.profile.name);
  const largeLabel = first?.scenarios.large.scenario.label ?? "";
  const smallLabel = loop?.scenarios.small.scenario.label ?? "";
  const budgets = r.budgets.map((b) => [b.met ? "✅ met" : "❌ not met", b.name, `${b.limit} ${b.unit}`, `${n(b.value, b.unit === "×" ? 2 : b.unit === "KB" ? 1 : 0)} ${b.unit}`, margin(b), b.enforced ? "yes" : "no"]);
  const concurrent = r.profiles.flatMap((p) => (p.concurrent ? [`- [${p.profile.name}] ${p.concurrent.viewers} people open the ${largeLabel} seat balances page at once: ${p.concurrent.many} Metronome calls in all (one person alone: ${p.concurrent.one}); the slowest was quiet after ${p.concurrent.slowestMs} ms.`] : []));
  const portfolio = r.profiles.flatMap((p) => (p.portfolio ? [`- [${p.profile.name}] the account manager's portfolio of ${p.portfolio.customers} customers: LCP ${n(p.portfolio.cold.lcp)} ms cold (${p.portfolio.cold.upstreamCalls} Metronome calls, depth ${p.portfolio.cold.depth}), ${n(p.portfolio.warm.lcp)} ms warm (${p.portfolio.warm.upstreamCalls} calls).`] : []));
  return [
    `Run ${r.generatedAt} · ${r.machine.cpus} CPU(s) (${r.machine.cpuModel}), load ${r.machine.load.join(" ")} · Chromium ${r.machine.browser} · median of ${r.runs} cold load(s) · ${largeLabel} vs ${smallLabel}`,
    "",
    ...r.profiles.map((p) => `- **${p.profile.name}**: ${p.profile.label}`),
    "",
    `**Routes** (cold load, empty browser cache; LCP in ms; depth = API waves after the session; Metronome calls of one page view with the server's read cache cold / warm; JS = gzipped KB the route needs before its content paints, + charts after)`,
    "",
    table(["route", ...names.map((x) => `LCP 1k ${x}`), ...(loop ? ["LCP 10 loopback", "ratio"] : []), `depth 1k (${names.join(" / ")})`, "requests 1k", "Metronome calls cold / warm", "duplicates", "JS KB"], routeRows(r)),
    "",
    "**Interactions and memory**",
    "",
    table(["measure", ...names.map((x) => `1,000 seats ${x}`), ...(loop ? ["10 seats loopback"] : [])], interactionRows(r)),
    ...(concurrent.length || portfolio.length ? ["", ...concurrent, ...portfolio] : []),
    "",
    `**JavaScript**: ${r.bundle.criticalKb} KB gzipped before the first paint (entry and preloads), ${r.bundle.totalKb} KB in all; heaviest route with its lazy chain: \`${shortPattern(r.bundle.heaviestRoute)}\` ${r.bundle.heaviestRouteKb} KB. Largest chunks: ${r.bundle.largestChunks.map((c) => `${c.file.replace(/^assets\//, "")} ${c.kb}`).join(", ")}.`,
    "",
    "**Budgets** (only the bundle budgets fail `npm test`; timing budgets are reported)",
    "",
    table(["", "budget", "limit", "value", "margin", "fails CI"], budgets),
    ...r.budgets.filter((b) => !b.met && b.detail).map((b) => `\n- ${b.name}: ${b.detail}`),
  ].join("\n");
}

/** Replaces the text between the bench markers of the README with `tables`. */
export function updateReadme(file: string, tables: string): void {
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) {
    console.warn(`${file} has no ${START} … ${END} block: the table was not written there.`);
    return;
  }
  writeFileSync(file, `${text.slice(0, start + START.length)}\n${tables}\n${text.slice(end)}`);
}
