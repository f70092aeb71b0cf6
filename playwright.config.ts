import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable } from "./scripts/browser";

const port = Number(process.env.E2E_PORT ?? 4317);
const executablePath = chromiumExecutable();

export default defineConfig({
  testDir: "./e2e",
  // Journeys tagged @resilience are slow or change what other specs rely on (the simulator's global
  // fault rules, Acme's seat totals): they run only in `npm run test:resilience`
  // (playwright.resilience.config.ts, one worker, its own server).
  grepInvert: /@resilience/,
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `node scripts/e2e-server.mjs`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: { PORT: String(port), ...(process.env.E2E_DATA_DIR ? { DATA_DIR: process.env.E2E_DATA_DIR } : {}) },
  },
});
