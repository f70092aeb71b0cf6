// Starts the product for the e2e run: the built SPA and the BFF on the embedded simulator,
// with a fresh data directory so every run begins from the seeded demo scenario, a known portal
// secret (tests create portal links and drive the simulator's control API with it) and a frozen
// simulator clock (every run sees the same dates).
import { rmSync } from "node:fs";
import { spawn } from "node:child_process";

const E2E_PORTAL_SECRET = "e2e-portal-secret";
const E2E_SIMULATOR_NOW = "2026-11-24T12:00:00.000Z";

const dataDir = process.env.DATA_DIR ?? ".data-e2e";
rmSync(dataDir, { recursive: true, force: true });
const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    NODE_ENV: "production",
    PORTAL_SECRET: E2E_PORTAL_SECRET,
    SIMULATOR_NOW: process.env.SIMULATOR_NOW ?? E2E_SIMULATOR_NOW,
    METRONOME_API_TOKEN: "",
    DATABASE_URL: "",
  },
});
const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => process.exit(code ?? 0));
