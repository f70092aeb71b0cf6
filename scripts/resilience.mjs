// `npm run test:resilience`: the security matrix and bad-input table (in process), the fault,
// fuzz, crash and secret-scan tests (test/resilience, vitest.resilience.config.ts) and, when a
// build is present, the resilience/security/accessibility end-to-end specs in the browser
// (playwright.resilience.config.ts: their own server, one worker, the @resilience journeys included).
// Each test appends its counts to one file; this script prints them by source, sums them and
// prints the last line:
// resilience: faults=N edits=N applied_once=N lost=N bad_inputs=N security_cases=N axe_violations=N
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const dir = mkdtempSync(path.join(tmpdir(), "resilience-"));
const countsFile = path.join(dir, "counts.jsonl");
const env = { ...process.env, RESILIENCE_COUNTS_FILE: countsFile };
const failed = [];

function run(name, command, args) {
  console.log(`\n── ${name}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) failed.push(name);
}

run("in-process security matrix and bad inputs", "npx", [
  "vitest", "run", "src/server/security-matrix.test.ts", "src/server/bad-input.test.ts", "src/server/audit-pending.resilience.test.ts",
]);
run("faults, fuzz, crash and secrets", "npx", ["vitest", "run", "-c", "vitest.resilience.config.ts"]);

if (process.env.RESILIENCE_E2E === "0") {
  console.log("\n── end-to-end specs skipped (RESILIENCE_E2E=0)");
} else if (!existsSync("dist/index.html")) {
  console.log("\n── end-to-end specs skipped: no build in dist/ (run `npx vite build` first)");
  failed.push("e2e (no build)");
} else {
  run("browser check", "node", ["scripts/ensure-browser.mjs"]);
  run("end-to-end resilience, security and accessibility (browser)", "npx", ["playwright", "test", "-c", "playwright.resilience.config.ts"]);
}

const totals = { faults: 0, edits: 0, applied_once: 0, lost: 0, bad_inputs: 0, security_cases: 0, axe_violations: 0 };
const bySource = new Map();
if (existsSync(countsFile)) {
  for (const line of readFileSync(countsFile, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const { source, counts } = JSON.parse(line);
    const sum = bySource.get(source) ?? {};
    for (const [key, value] of Object.entries(counts)) {
      if (!(key in totals)) continue;
      totals[key] += value;
      sum[key] = (sum[key] ?? 0) + value;
    }
    bySource.set(source, sum);
  }
}
console.log("\n── counts by source");
for (const [source, sum] of bySource) {
  console.log(`${source}: ${Object.entries(sum).map(([key, value]) => `${key}=${value}`).join(" ")}`);
}
rmSync(dir, { recursive: true, force: true });

if (failed.length > 0) console.log(`\nFailed: ${failed.join(", ")}`);
console.log(Object.entries(totals).reduce((line, [key, value]) => `${line} ${key}=${value}`, "resilience:"));
process.exit(failed.length > 0 || totals.lost > 0 || totals.axe_violations > 0 ? 1 : 0);
