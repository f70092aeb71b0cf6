import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { readBundleGraph, type GraphChunk } from "./bundle-graph";
import { readRouteTree } from "./route-tree";

/** The bundle budgets (KB = 1,024 bytes, gzipped). CI fails when one is not met. */
export const BUNDLE_BUDGETS = {
  criticalKb: 130,
  totalKb: 350,
};

/** Server or simulator modules (and Node-only packages) that must never be in the browser bundle. */
const FORBIDDEN_MODULES: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /^src\/server\//, what: "BFF server code" },
  { pattern: /^src\/simulator\//, what: "simulator code" },
  { pattern: /node_modules\/@metronome\/sdk\//, what: "the Metronome SDK at run time" },
  { pattern: /node_modules\/(hono|@hono|pg|pg-[a-z-]+|@electric-sql)\//, what: "a server-side package" },
  { pattern: /^(node:|fs$|path$|crypto$)/, what: "a Node built-in" },
];

/**
 * Strings that exist only in server or simulator code (each is checked to still occur there, so the
 * check cannot pass vacuously after a rename) and must not appear in any built asset.
 */
const SERVER_MARKERS = [
  "/_simulator/",
  "simulator-state.json",
  "Initech Enterprise agreement",
  "Included AI credits",
  "seats_session",
  "schema_migrations",
  "PORTAL_SECRET",
  "METRONOME_API_TOKEN",
  "webhook-secret",
  "@electric-sql/pglite",
  "node:crypto",
];

export interface ChunkSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface RouteBundle {
  pattern: string;
  module: string;
  /** Entry plus every statically imported chunk of the route's lazy chain: what loads before its content paints. */
  criticalFiles: string[];
  criticalGzip: number;
  /** Chunks the route pulls with import() after it paints (charts). */
  deferredFiles: string[];
  deferredGzip: number;
}

export interface Budget {
  name: string;
  limit: number;
  value: number;
  unit: string;
  met: boolean;
  /** Only bundle budgets fail CI; timing budgets are reported. */
  enforced: boolean;
  detail?: string;
}

export interface BundleReport {
  outDir: string;
  chunks: ChunkSize[];
  entryFiles: string[];
  entryGzip: number;
  totalGzip: number;
  totalRaw: number;
  routes: RouteBundle[];
  /** The entry and its static imports: loaded before the first paint. */
  criticalGzip: number;
  /** The route whose entry + lazy chain is the heaviest. */
  heaviestRoute: string;
  heaviestRouteGzip: number;
  serverCode: { modules: string[]; markers: string[]; missingMarkers: string[] };
  budgets: Budget[];
}

function sizeOf(file: string): ChunkSize & { text: string } {
  const bytes = readFileSync(file);
  return { file: "", raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, text: bytes.toString("utf8") };
}

/** Every file under `dir`, relative to it. */
function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}

/** Source text of the server and the simulator, to confirm every marker still means something. */
function serverSourceText(root: string): string {
  const parts: string[] = [];
  for (const dir of ["src/server", "src/simulator"]) {
    for (const file of listFiles(path.join(root, dir))) {
      if (/\.ts$/.test(file) && !/\.test\.ts$/.test(file)) parts.push(readFileSync(path.join(root, dir, file), "utf8"));
    }
  }
  return parts.join("\n");
}

export const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** Sizes, per-route critical JavaScript and the server-code check of the build in `outDir`. */
export function analyzeBundle(outDir: string, root = process.cwd()): BundleReport {
  const graph = readBundleGraph(outDir, root);
  const absOut = path.resolve(root, outDir);
  const byFile = new Map<string, GraphChunk>(graph.chunks.map((c) => [c.fileName, c]));
  const sizes = new Map<string, ChunkSize>();
  const assetTexts: string[] = [];
  for (const file of listFiles(absOut)) {
    if (!/\.(m?js|css|html)$/.test(file)) continue;
    const size = sizeOf(path.join(absOut, file));
    assetTexts.push(size.text);
    if (/\.m?js$/.test(file)) sizes.set(file, { file, raw: size.raw, gzip: size.gzip });
  }
  for (const chunk of graph.chunks) {
    if (!sizes.has(chunk.fileName)) throw new Error(`The bundle graph lists ${chunk.fileName}, which is not in ${outDir}: rebuild.`);
  }

  const staticClosure = (files: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...files];
    while (stack.length) {
      const file = stack.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const dep of byFile.get(file)?.imports ?? []) stack.push(dep);
    }
    return seen;
  };
  const gzipOf = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + (sizes.get(f)?.gzip ?? 0), 0);
  const chunkOfModule = (module: string) => graph.chunks.find((c) => c.facadeModule === module)?.fileName;

  const entries = graph.chunks.filter((c) => c.isEntry).map((c) => c.fileName);
  const entryFiles = [...staticClosure(entries)];
  const routes: RouteBundle[] = [];
  for (const route of readRouteTree("src/app/router.tsx", root)) {
    if (route.isLayout) continue;
    const chainFiles = route.chain.map((m) => chunkOfModule(m)).filter((f): f is string => Boolean(f));
    const critical = staticClosure([...entries, ...chainFiles]);
    const deferred = new Set<string>();
    for (const file of critical) {
      if (entries.includes(file)) continue; // the entry's dynamic imports are the routes themselves
      for (const dyn of byFile.get(file)?.dynamicImports ?? []) for (const f of staticClosure([dyn])) if (!critical.has(f)) deferred.add(f);
    }
    routes.push({
      pattern: route.pattern,
      module: route.module,
      criticalFiles: [...critical].sort(),
      criticalGzip: gzipOf(critical),
      deferredFiles: [...deferred].sort(),
      deferredGzip: gzipOf(deferred),
    });
  }
  const heaviest = routes.reduce<RouteBundle | null>((a, b) => (a === null || b.criticalGzip > a.criticalGzip ? b : a), null);
  const chunks = [...sizes.values()].sort((a, b) => b.gzip - a.gzip);
  const totalGzip = chunks.reduce((s, c) => s + c.gzip, 0);
  const totalRaw = chunks.reduce((s, c) => s + c.raw, 0);

  const forbidden = graph.chunks.flatMap((c) =>
    c.modules.filter((m) => FORBIDDEN_MODULES.some((f) => f.pattern.test(m))).map((m) => `${m} (in ${c.fileName}: ${FORBIDDEN_MODULES.find((f) => f.pattern.test(m))?.what})`),
  );
  const serverText = serverSourceText(root);
  const missingMarkers = SERVER_MARKERS.filter((m) => !serverText.includes(m));
  const allAssets = assetTexts.join("\n");
  const markers = SERVER_MARKERS.filter((m) => allAssets.includes(m));

  // Critical: what index.html loads (the entry and its modulepreloads) before the first paint. Route
  // modules load on navigation, in parallel with the route's data; each route's set is reported too.
  const criticalGzip = gzipOf(entryFiles);
  const budgets: Budget[] = [
    {
      name: "Critical JavaScript before first paint (gzipped)",
      limit: BUNDLE_BUDGETS.criticalKb,
      value: kb(criticalGzip),
      unit: "KB",
      met: kb(criticalGzip) <= BUNDLE_BUDGETS.criticalKb,
      enforced: true,
      detail: heaviest ? `entry and preloads; with its lazy route chain the heaviest route ${heaviest.pattern} needs ${kb(heaviest.criticalGzip)} KB` : "entry and preloads",
    },
    {
      name: "Total JavaScript (gzipped)",
      limit: BUNDLE_BUDGETS.totalKb,
      value: kb(totalGzip),
      unit: "KB",
      met: kb(totalGzip) <= BUNDLE_BUDGETS.totalKb,
      enforced: true,
    },
    {
      name: "Simulator and server code in the browser bundle",
      limit: 0,
      value: forbidden.length + markers.length + missingMarkers.length,
      unit: "findings",
      met: forbidden.length + markers.length + missingMarkers.length === 0,
      enforced: true,
      detail: [
        ...forbidden.map((m) => `module ${m}`),
        ...markers.map((m) => `marker "${m}" found in a built asset`),
        ...missingMarkers.map((m) => `marker "${m}" no longer occurs in src/server or src/simulator: update SERVER_MARKERS`),
      ].join("; ") || undefined,
    },
  ];

  return {
    outDir: path.relative(root, absOut) || ".",
    chunks,
    entryFiles: entryFiles.sort(),
    entryGzip: gzipOf(entryFiles),
    totalGzip,
    totalRaw,
    routes,
    criticalGzip,
    heaviestRoute: heaviest?.pattern ?? "",
    heaviestRouteGzip: heaviest?.criticalGzip ?? criticalGzip,
    serverCode: { modules: forbidden, markers, missingMarkers },
    budgets,
  };
}

/** A budget as one line: name, value against its limit and the margin. */
export function budgetLine(b: Budget): string {
  const margin = Math.round((b.limit - b.value) * 10) / 10;
  const status = b.met ? "met" : "NOT MET";
  const marginText = b.unit === "findings" ? "" : ` (margin ${margin >= 0 ? "" : "-"}${Math.abs(margin)} ${b.unit})`;
  return `${status.padEnd(7)} ${b.name}: ${b.value} ${b.unit} / limit ${b.limit} ${b.unit}${marginText}${b.detail ? ` — ${b.detail}` : ""}`;
}
