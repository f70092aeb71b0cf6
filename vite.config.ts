import path from "node:path";
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { bundleGraph } from "./bench/bundle-graph.ts";
import { compiledMessages } from "./scripts/compiled-messages.ts";

const apiTarget = process.env.API_TARGET ?? "http://127.0.0.1:4173";

/** The app's own shared modules (domain, components, lib, contract), as one chunk unless the entry already holds them. */
const SHARED_MODULE = /[\\/]src[\\/](domain|components|lib|contract)[\\/]/;

/** Modules the entry (src/main.tsx) reaches through static imports: they load before the first paint anyway. */
function staticallyFromEntry(ctx: { getModuleInfo(id: string): { importedIds: readonly string[] } | null }, entry: string, seen = new Set<string>()): Set<string> {
  const stack = [entry];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of ctx.getModuleInfo(id)?.importedIds ?? []) stack.push(next);
  }
  return seen;
}

let entryModules: Set<string> | null = null;
const bootModules = (ctx: Parameters<typeof staticallyFromEntry>[0]) => (entryModules ??= staticallyFromEntry(ctx, path.resolve("src/main.tsx")));

export default defineConfig({
  plugins: [compiledMessages(), react(), tailwindcss(), bundleGraph()],
  build: {
    outDir: "dist",
    sourcemap: false,
    target: "es2022",
    rolldownOptions: {
      output: {
        // Dozens of small chunks each pay their own compression and request: the app's shared modules
        // that the first paint does not need travel as one chunk instead (the total size budget counts).
        codeSplitting: {
          groups: [
            // What the first paint needs stays together (a group of its own, so the shared chunk below never pulls it in).
            { name: (id, ctx) => (bootModules(ctx).has(id) ? "boot" : null), priority: 2 },
            { name: (id, ctx) => (SHARED_MODULE.test(id) && !bootModules(ctx).has(id) ? "shared" : null), minShareCount: 2, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { "/api": apiTarget },
  },
  test: {
    include: ["src/**/*.test.{ts,tsx}", "bench/**/*.test.ts"],
    environment: "node",
    pool: "threads",
    maxWorkers: 2,
    setupFiles: ["./src/test-setup.ts"],
  },
});
