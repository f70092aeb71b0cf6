// Starts the product for the e2e run: the built SPA and the BFF on the embedded simulator,
// with a fresh data directory so every run begins from the seeded demo scenario.
import { rmSync } from "node:fs";
import { spawn } from "node:child_process";

const dataDir = process.env.DATA_DIR ?? ".data-e2e";
rmSync(dataDir, { recursive: true, force: true });
const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
  stdio: "inherit",
  env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: "production" },
});
const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => process.exit(code ?? 0));
