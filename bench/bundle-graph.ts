import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Plugin } from "vite";

/** One JavaScript chunk of a production build, as the bundler saw it. */
export interface GraphChunk {
  fileName: string;
  isEntry: boolean;
  isDynamicEntry: boolean;
  /** The module the chunk stands for (entry or dynamic import), relative to the project root. */
  facadeModule: string | null;
  /** Chunks imported statically (loaded together with this one). */
  imports: string[];
  /** Chunks imported with import() (loaded later, on demand). */
  dynamicImports: string[];
  /** Every module bundled into the chunk, relative to the project root (node_modules paths kept). */
  modules: string[];
  /** Rendered (minified, not gzipped) bytes of each module in the chunk. */
  moduleBytes: Record<string, number>;
}

export interface BundleGraph {
  outDir: string;
  chunks: GraphChunk[];
}

const GRAPH_DIR = path.join("node_modules", ".cache", "bundle-graph");

/**
 * Where the graph of a build into `outDir` is kept: outside the build output, so the server never
 * serves it, and one file per output directory, so concurrent builds into different directories
 * do not overwrite each other's graph.
 */
export function bundleGraphPath(outDir: string, root = process.cwd()): string {
  const key = path.relative(root, path.resolve(root, outDir)).replace(/[^A-Za-z0-9._-]+/g, "_") || "root";
  return path.join(root, GRAPH_DIR, `${key}.json`);
}

function relativeId(root: string, id: string): string {
  const clean = id.replace(/^\0/, "").replace(/\?.*$/, "");
  return path.isAbsolute(clean) ? path.relative(root, clean).split(path.sep).join("/") : clean;
}

/** Vite plugin: records each build's chunk graph (imports, dynamic imports, modules) for the size budgets. */
export function bundleGraph(): Plugin {
  let root = process.cwd();
  return {
    name: "seat-dashboard:bundle-graph",
    apply: "build",
    configResolved(config) {
      root = config.root;
    },
    writeBundle(options, bundle) {
      const outDir = options.dir ?? path.join(root, "dist");
      const chunks: GraphChunk[] = [];
      for (const item of Object.values(bundle)) {
        if (item.type !== "chunk") continue;
        chunks.push({
          fileName: item.fileName,
          isEntry: item.isEntry,
          isDynamicEntry: item.isDynamicEntry,
          facadeModule: item.facadeModuleId ? relativeId(root, item.facadeModuleId) : null,
          imports: [...item.imports],
          dynamicImports: [...item.dynamicImports],
          modules: Object.keys(item.modules).map((id) => relativeId(root, id)),
          moduleBytes: Object.fromEntries(Object.entries(item.modules).map(([id, m]) => [relativeId(root, id), m.renderedLength])),
        });
      }
      const graph: BundleGraph = { outDir: path.relative(root, outDir) || ".", chunks };
      const file = bundleGraphPath(outDir, root);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(graph, null, 1)}\n`);
    },
  };
}

/** The graph of the last build into `outDir` (throws with a hint when there is none). */
export function readBundleGraph(outDir: string, root = process.cwd()): BundleGraph {
  const file = bundleGraphPath(outDir, root);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as BundleGraph;
  } catch {
    throw new Error(`No bundle graph for ${outDir} (${file}): build first with \`vite build --outDir ${outDir}\`.`);
  }
}
