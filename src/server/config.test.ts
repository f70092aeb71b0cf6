import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_SEAT_POLICY, loadConfig, parseSeatPolicy } from "./config";
import { openPglite } from "./db";
import { MIGRATIONS, migrate } from "./migrations";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "seats-config-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("loadConfig", () => {
  it("defaults to the embedded simulator and keeps generated secrets in DATA_DIR", async () => {
    const cwd = tempDir();
    const config = await loadConfig({ DATA_DIR: "state" }, cwd);
    expect(config.port).toBe(4173);
    expect(config.dataDir).toBe(path.join(cwd, "state"));
    expect(config.upstream).toEqual({ kind: "simulator", now: null, scenario: "demo", maxSeats: null });
    expect(config.portalSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.webhookSecret).not.toBeNull();
    expect(config.seatPolicy).toEqual(DEMO_SEAT_POLICY);
    expect(readFileSync(path.join(cwd, "state", "portal-secret"), "utf8").trim()).toBe(config.portalSecret);
    expect(statSync(path.join(cwd, "state", "portal-secret")).mode & 0o077).toBe(0);
    const again = await loadConfig({ DATA_DIR: "state" }, cwd);
    expect(again.portalSecret).toBe(config.portalSecret);
    expect(again.webhookSecret).toBe(config.webhookSecret);
  });

  it("uses live Metronome with a token, and takes secrets from the environment", async () => {
    const cwd = tempDir();
    const config = await loadConfig({ METRONOME_API_TOKEN: "tok", METRONOME_BASE_URL: "https://example.test/", PORTAL_SECRET: "p", PORT: "8080" }, cwd);
    expect(config.upstream).toEqual({ kind: "metronome", baseUrl: "https://example.test", token: "tok" });
    expect(config.portalSecret).toBe("p");
    expect(config.webhookSecret).toBeNull();
    expect(config.seatPolicy).toEqual({});
    expect(config.port).toBe(8080);
  });

  it("reads SIMULATOR_NOW, SESSION_TTL_SECONDS, FRAME_ANCESTORS and the seat policy file", async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, "seat-policy.json"), JSON.stringify({ acme: { min_seats: 1, max_seats: 2 } }));
    const config = await loadConfig({ DATA_DIR: ".", SIMULATOR_NOW: "2026-11-24T12:00:00.000Z", SESSION_TTL_SECONDS: "60", FRAME_ANCESTORS: "https://host.example" }, cwd);
    expect(config.upstream).toMatchObject({ now: "2026-11-24T12:00:00.000Z" });
    expect(config.sessionTtlSeconds).toBe(60);
    expect(config.frameAncestors).toBe("https://host.example");
    expect(config.seatPolicy).toEqual({ acme: { min_seats: 1, max_seats: 2 } });
  });

  it("refuses bad values with a clear message", async () => {
    const cwd = tempDir();
    await expect(loadConfig({ PORT: "http" }, cwd)).rejects.toThrow(/PORT must be a positive integer/);
    await expect(loadConfig({ SIMULATOR_NOW: "yesterday" }, cwd)).rejects.toThrow(/SIMULATOR_NOW/);
    await expect(loadConfig({ SEAT_POLICY: "{" }, cwd)).rejects.toThrow(/SEAT_POLICY is not valid JSON/);
  });
});

describe("parseSeatPolicy", () => {
  it("accepts limits and nulls and refuses contradictions", () => {
    expect(parseSeatPolicy('{"c1":{"min_seats":3}}', "x")).toEqual({ c1: { min_seats: 3, max_seats: null } });
    expect(() => parseSeatPolicy('{"c1":{"min_seats":5,"max_seats":4}}', "x")).toThrow(/min_seats above max_seats/);
    expect(() => parseSeatPolicy('{"c1":{"min_seats":-1}}', "x")).toThrow(/non-negative integer/);
    expect(() => parseSeatPolicy("[]", "x")).toThrow(/JSON object/);
  });
});

describe("migrations", () => {
  it("run once each and are recorded", async () => {
    const sql = await openPglite(null);
    try {
      expect(await migrate(sql)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(sql)).toEqual([]);
      const rows = await sql.query<{ version: number; name: string }>("select version, name from schema_migrations order by version");
      expect(rows.map((r) => [Number(r.version), r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    } finally {
      await sql.close();
    }
  }, 60_000);
});
