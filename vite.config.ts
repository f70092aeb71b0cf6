import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { bundleGraph } from "./bench/bundle-graph.ts";
import { compiledMessages } from "./scripts/compiled-messages.ts";

const apiTarget = process.env.API_TARGET ?? "http://127.0.0.1:4173";

export default defineConfig({
  plugins: [compiledMessages(), react(), tailwindcss(), bundleGraph()],
  build: {
    outDir: "dist",
    sourcemap: false,
    target: "es2022",
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
