/**
 * No secret in a built asset: dist/ (the SPA as served) must not contain the portal secret, the
 * webhook secret, a Metronome token, the embedded simulator's bearer, or a session cookie value.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EMBEDDED_SIMULATOR_ORIGIN } from "../../src/server/upstream";
import { TEST_PORTAL_SECRET, TEST_WEBHOOK_SECRET } from "../../src/server/test-helpers";
import { reportCounts } from "./harness";

const DIST = path.resolve("dist");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

/** Secrets this checkout knows of: fixed test and e2e secrets, generated ones under .data*, and the environment's. */
function knownSecrets(): string[] {
  const secrets = [TEST_PORTAL_SECRET, TEST_WEBHOOK_SECRET, "e2e-portal-secret", "crash-portal-secret", "Bearer embedded"];
  for (const dir of readdirSync(".").filter((d) => d.startsWith(".data"))) {
    for (const file of ["portal-secret", "webhook-secret"]) {
      const full = path.join(dir, file);
      if (existsSync(full)) secrets.push(readFileSync(full, "utf8").trim());
    }
  }
  for (const name of ["PORTAL_SECRET", "METRONOME_API_TOKEN", "METRONOME_WEBHOOK_SECRET"]) {
    const value = process.env[name]?.trim();
    if (value) secrets.push(value);
  }
  return secrets.filter((s) => s.length >= 8);
}

describe("built assets", () => {
  it.skipIf(!existsSync(DIST))("hold no secret, no server-only origin and no token-shaped string", () => {
    const secrets = knownSecrets();
    const leaks: string[] = [];
    const assets = files(DIST);
    for (const file of assets) {
      const text = readFileSync(file, "latin1");
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${path.relative(DIST, file)} contains ${secret.slice(0, 4)}…`);
      if (text.includes(EMBEDDED_SIMULATOR_ORIGIN)) leaks.push(`${path.relative(DIST, file)} names the simulator's internal origin`);
      if (/seats_session=[A-Za-z0-9_-]{20,}/.test(text)) leaks.push(`${path.relative(DIST, file)} holds a session cookie value`);
      if (/METRONOME_API_TOKEN|PORTAL_SECRET|WEBHOOK_SECRET/.test(text)) leaks.push(`${path.relative(DIST, file)} names a server secret variable`);
    }
    console.log(`[resilience] scanned ${assets.length} built files for ${secrets.length} secrets`);
    reportCounts("secrets", { security_cases: assets.length, lost: 0 });
    expect(leaks).toEqual([]);
  });
});
