import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// `npm run test:resilience`: the resilience, security and accessibility journeys, fault injection
// included, on their own server (port and data directory) so they never disturb `npm test`'s run.
// One worker: fault rules are global to the simulator, so nothing else may run while they are set.
const port = Number(process.env.E2E_RESILIENCE_PORT ?? 4319);

export default defineConfig({
  ...base,
  // Its own output directory: another run's cleanup of test-results/ must not take its traces.
  outputDir: "test-results-resilience",
  testMatch: /\/(resilience|security|a11y)-[^/]*\.spec\.ts$/,
  grepInvert: undefined,
  workers: 1,
  fullyParallel: false,
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: { PORT: String(port), DATA_DIR: process.env.E2E_DATA_DIR ?? ".data-e2e-resilience" },
  },
});
