import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_SEAT_POLICY, loadConfig, MIN_SECRET_LENGTH, parseSeatPolicy } from "./config";
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
    const config = await loadConfig({ METRONOME_API_TOKEN: "tok", METRONOME_BASE_URL: "https://example.test/", PORTAL_SECRET: " live-portal-secret ", PORT: "8080" }, cwd);
    expect(config.upstream).toEqual({ kind: "metronome", baseUrl: "https://example.test", token: "tok" });
    expect(config.portalSecret).toBe("live-portal-secret");
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

describe("kept secrets are never replaced silently", () => {
  /** A data directory as a first start leaves it: both secrets, the PGlite database and the simulator's state. */
  async function startedOnce(): Promise<{ cwd: string; dir: string; portal: string; webhook: string }> {
    const cwd = tempDir();
    const config = await loadConfig({ DATA_DIR: "state" }, cwd);
    const dir = path.join(cwd, "state");
    mkdirSync(path.join(dir, "db"));
    writeFileSync(path.join(dir, "simulator-state.json"), "{}");
    return { cwd, dir, portal: config.portalSecret, webhook: config.webhookSecret ?? "" };
  }

  it("a restart with both files present keeps both secrets", async () => {
    const { cwd, portal, webhook } = await startedOnce();
    const again = await loadConfig({ DATA_DIR: "state" }, cwd);
    expect([again.portalSecret, again.webhookSecret]).toEqual([portal, webhook]);
  });

  it("refuses a missing secret file once the data directory holds state from an earlier run", async () => {
    const { cwd, dir } = await startedOnce();
    rmSync(path.join(dir, "portal-secret"));
    const refused = loadConfig({ DATA_DIR: "state" }, cwd);
    await expect(refused).rejects.toThrow(`${path.join(dir, "portal-secret")} is missing, but ${dir} holds state from an earlier run (db, simulator-state.json)`);
    await expect(refused).rejects.toThrow(/host product's links stop working.*Restore it, set PORTAL_SECRET, or delete the data directory to start afresh/);
    expect(() => readFileSync(path.join(dir, "portal-secret"))).toThrow(/ENOENT/);
    // The environment still works, and so does the database alone as evidence.
    expect((await loadConfig({ DATA_DIR: "state", PORTAL_SECRET: "x".repeat(MIN_SECRET_LENGTH) }, cwd)).portalSecret).toBe("x".repeat(MIN_SECRET_LENGTH));
    rmSync(path.join(dir, "simulator-state.json"));
    await expect(loadConfig({ DATA_DIR: "state" }, cwd)).rejects.toThrow(/portal-secret is missing.*earlier run \(db\)/);
  });

  it("refuses a missing webhook secret when the embedded simulator ran before, not after a live-mode run", async () => {
    const { cwd, dir } = await startedOnce();
    rmSync(path.join(dir, "webhook-secret"));
    await expect(loadConfig({ DATA_DIR: "state" }, cwd)).rejects.toThrow(/webhook-secret is missing.*\(simulator-state\.json\).*set METRONOME_WEBHOOK_SECRET/);
    // A live-mode run leaves a database but never used a webhook-secret file: switching to embedded mode generates one.
    rmSync(path.join(dir, "simulator-state.json"));
    const embedded = await loadConfig({ DATA_DIR: "state" }, cwd);
    expect(readFileSync(path.join(dir, "webhook-secret"), "utf8").trim()).toBe(embedded.webhookSecret);
  });

  it("refuses an empty or whitespace-only secret file, naming it and what to do", async () => {
    const first = tempDir();
    writeFileSync(path.join(first, "portal-secret"), "");
    await expect(loadConfig({ DATA_DIR: "." }, first)).rejects.toThrow(
      `${path.join(first, "portal-secret")} is empty. Put the secret in it, delete the file to have a new one generated, or set PORTAL_SECRET.`,
    );
    expect(readFileSync(path.join(first, "portal-secret"), "utf8")).toBe("");
    const { cwd, dir } = await startedOnce();
    writeFileSync(path.join(dir, "webhook-secret"), "  \n\t\n");
    await expect(loadConfig({ DATA_DIR: "state" }, cwd)).rejects.toThrow(`${path.join(dir, "webhook-secret")} is empty. Put the secret in use back in it`);
    writeFileSync(path.join(dir, "webhook-secret"), "w".repeat(MIN_SECRET_LENGTH));
    writeFileSync(path.join(dir, "portal-secret"), "\n");
    await expect(loadConfig({ DATA_DIR: "state" }, cwd)).rejects.toThrow(/portal-secret is empty.*or set PORTAL_SECRET/);
  });

  it("refuses an unreadable secret file, naming it", async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, "portal-secret"));
    await expect(loadConfig({ DATA_DIR: "." }, cwd)).rejects.toThrow(`Cannot read ${path.join(cwd, "portal-secret")}: EISDIR`);
  });

  it.skipIf(process.getuid?.() === 0)("refuses a secret file without read permission, naming it", async () => {
    const { cwd, dir } = await startedOnce();
    chmodSync(path.join(dir, "webhook-secret"), 0o000);
    await expect(loadConfig({ DATA_DIR: "state" }, cwd)).rejects.toThrow(`Cannot read ${path.join(dir, "webhook-secret")}: EACCES`);
  });

  it(`refuses secrets shorter than ${MIN_SECRET_LENGTH} characters, from the environment or a file`, async () => {
    const cwd = tempDir();
    await expect(loadConfig({ DATA_DIR: ".", PORTAL_SECRET: "short" }, cwd)).rejects.toThrow(/^PORTAL_SECRET has 5 characters; a secret needs at least 16/);
    await expect(loadConfig({ DATA_DIR: ".", METRONOME_WEBHOOK_SECRET: "x".repeat(MIN_SECRET_LENGTH - 1) }, cwd)).rejects.toThrow(/^METRONOME_WEBHOOK_SECRET has 15 characters/);
    writeFileSync(path.join(cwd, "portal-secret"), "tiny\n");
    await expect(loadConfig({ DATA_DIR: "." }, cwd)).rejects.toThrow(`${path.join(cwd, "portal-secret")} has 4 characters; a secret needs at least 16`);
    // The secrets the tests, the e2e server and the benchmark set are long enough; 16 is.
    writeFileSync(path.join(cwd, "portal-secret"), `${"p".repeat(MIN_SECRET_LENGTH)}\n`);
    const config = await loadConfig({ DATA_DIR: ".", METRONOME_WEBHOOK_SECRET: "test-webhook-secret" }, cwd);
    expect([config.portalSecret, config.webhookSecret]).toEqual(["p".repeat(MIN_SECRET_LENGTH), "test-webhook-secret"]);
    for (const secret of ["test-portal-secret", "e2e-portal-secret", "crash-portal-secret", "bench-portal-secret"]) {
      expect((await loadConfig({ DATA_DIR: ".", PORTAL_SECRET: secret }, cwd)).portalSecret).toBe(secret);
    }
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
