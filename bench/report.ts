import { readFileSync, writeFileSync } from "node:fs";
import type { Budget } from "./bundle-report";
import type { RouteLoad } from "./measure";
import type { BenchResults } from "./run";

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

/** The Markdown tables of a run: routes, interactions, bundle and budgets. */
export function renderTables(r: BenchResults): string {
  const L = r.scenarios.large;
  const S = r.scenarios.small;
  const smallBy = new Map<string, RouteLoad>(S.routes.map((x) => [x.pattern, x]));
  const bundleBy = new Map(r.bundle.routes.map((x) => [x.pattern, x]));
  const routeRows = L.routes.map((x) => {
    const s = smallBy.get(x.pattern);
    const jsRoute = bundleBy.get(x.pattern);
    return [
      `\`${shortPattern(x.pattern)}\`${x.redirected ? " (redirects)" : ""}`,
      n(x.lcp),
      n(s?.lcp),
      ratio(x.lcp, s?.lcp),
      n(x.tbt),
      `${x.longTasks} / ${n(x.maxLongTask)}`,
      `${x.requests} (${x.apiRequests} API)`,
      `${x.depth} / ${s ? s.depth : "—"}`,
      x.duplicates.length ? String(x.duplicates.length) : "0",
      jsRoute ? `${jsRoute.kb}${jsRoute.deferredKb ? ` + ${jsRoute.deferredKb}` : ""}` : "—",
    ];
  });
  const bl = L.balances;
  const bs = S.balances;
  const interactions: string[][] = [
    ["Seat balances: first rows (ms from navigation)", n(bl?.firstRows), n(bs?.firstRows), ratio(bl?.firstRows, bs?.firstRows)],
    ["Seat balances: every seat loaded (ms)", n(bl?.allSeats), n(bs?.allSeats), ratio(bl?.allSeats, bs?.allSeats)],
    ["Seat balances: rows in the table", n(bl?.rowsShown), n(bs?.rowsShown), ratio(bl?.rowsShown, bs?.rowsShown)],
    [
      "Scroll end to end: long tasks / longest (ms)",
      bl ? `${bl.scroll.longTasks} / ${n(bl.scroll.maxLongTask)}` : "—",
      bs ? `${bs.scroll.longTasks} / ${n(bs.scroll.maxLongTask)}` : "—",
      "",
    ],
    ["Ledger drill-down, hovered then clicked → chart (ms)", n(bl?.drillHovered.ms), n(bs?.drillHovered.ms), ratio(bl?.drillHovered.ms, bs?.drillHovered.ms)],
    ["Ledger drill-down, click without hover → chart (ms)", n(bl?.drillCold.ms), n(bs?.drillCold.ms), ratio(bl?.drillCold.ms, bs?.drillCold.ms)],
    ["Seat edit: submit → confirmation (ms)", n(L.edit?.toConfirmation), n(S.edit?.toConfirmation), ratio(L.edit?.toConfirmation, S.edit?.toConfirmation)],
    ["Seat edit: the edit request itself (ms)", n(L.edit?.editRequest), n(S.edit?.editRequest), ratio(L.edit?.editRequest, S.edit?.editRequest)],
    ["Seat edit: submit → every visible view updated (ms)", n(L.edit?.toAllViews), n(S.edit?.toAllViews), ratio(L.edit?.toAllViews, S.edit?.toAllViews)],
    ["Seat edit: queries refetched", n(L.edit?.refetched.length), n(S.edit?.refetched.length), ""],
    ["JS heap after every route (MB)", n(L.memory?.heapMb, 1), n(S.memory?.heapMb, 1), ratio(L.memory?.heapMb, S.memory?.heapMb)],
    ["DOM nodes after every route", n(L.memory?.domNodes), n(S.memory?.domNodes), ratio(L.memory?.domNodes, S.memory?.domNodes)],
  ];
  const budgets = r.budgets.map((b) => [b.met ? "✅ met" : "❌ not met", b.name, `${b.limit} ${b.unit}`, `${n(b.value, b.unit === "×" ? 2 : b.unit === "KB" ? 1 : 0)} ${b.unit}`, margin(b), b.enforced ? "yes" : "no"]);
  return [
    `Run ${r.generatedAt} · ${r.machine.cpus} CPU(s) (${r.machine.cpuModel}), load ${r.machine.load.join(" ")} · Chromium ${r.machine.browser} · median of ${r.runs} cold load(s) · ${L.scenario.label} vs ${S.scenario.label}`,
    "",
    "**Routes** (cold load, empty cache; LCP in ms; chain depth = API waves after the session; JS = gzipped KB the route needs before its content paints, + charts after)",
    "",
    table(["route", "LCP 1k", "LCP 10", "ratio", "TBT 1k", "long tasks 1k (n / max ms)", "requests 1k", "depth 1k / 10", "duplicates", "JS KB"], routeRows),
    "",
    "**Interactions and memory**",
    "",
    table(["measure", "1,000 seats", "10 seats", "ratio"], interactions),
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
