// Starts the product for the e2e run: the built SPA and the BFF on the embedded simulator,
// with a fresh data directory so every run begins from the seeded demo scenario, a known portal
// secret (tests create portal links and drive the simulator's control API with it) and a frozen
// simulator clock (every run sees the same dates). It serves a copy of dist/ taken once the build is
// complete and quiet, so a rebuild during the run cannot pull files from under open pages.
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";

const E2E_PORTAL_SECRET = "e2e-portal-secret";
const E2E_SIMULATOR_NOW = "2026-11-24T12:00:00.000Z";

const dataDir = process.env.DATA_DIR ?? ".data-e2e";
// The build to serve: dist/ unless E2E_DIST names another (so two checkouts' builds never mix).
const sourceDist = process.env.E2E_DIST ?? "dist";
rmSync(dataDir, { recursive: true, force: true });

/** The build holds index.html, every asset it names exists, and nothing changed in the last 3 s. */
function buildIsQuiet() {
  const index = path.join(sourceDist, "index.html");
  if (!existsSync(index)) return false;
  const named = [...readFileSync(index, "utf8").matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  if (!named.every((file) => existsSync(path.join(sourceDist, file)))) return false;
  const newest = Math.max(...readdirSync(sourceDist, { recursive: true }).map((f) => statSync(path.join(sourceDist, String(f))).mtimeMs));
  return Date.now() - newest > 3000;
}
const waitUntil = Date.now() + 120_000;
while (!buildIsQuiet() && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 500));
const distDir = `${dataDir}-dist`;
rmSync(distDir, { recursive: true, force: true });
if (existsSync(path.join(sourceDist, "index.html"))) cpSync(sourceDist, distDir, { recursive: true });
const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    DIST_DIR: distDir,
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
