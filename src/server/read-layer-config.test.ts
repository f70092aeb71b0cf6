import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_READ_LAYER, loadConfig } from "./config";

const dirs: string[] = [];
const load = (env: Record<string, string>) => {
  const cwd = mkdtempSync(path.join(tmpdir(), "seats-read-config-"));
  dirs.push(cwd);
  return loadConfig({ PORTAL_SECRET: "p".repeat(32), ...env }, cwd);
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the read layer's settings", () => {
  it("default to 5 s fresh, 60 s stale at most, 64 MB, 8 upstream calls at once and 3 retries", async () => {
    expect((await load({})).readLayer).toEqual(DEFAULT_READ_LAYER);
    expect(DEFAULT_READ_LAYER).toEqual({ freshMs: 5000, maxStaleMs: 60_000, maxBytes: 64 * 1024 * 1024, upstreamConcurrency: 8, upstreamRetries: 3 });
  });

  it("are read from the environment; 0 turns caching or retries off", async () => {
    const config = await load({ READ_CACHE_FRESH_MS: "0", READ_CACHE_MAX_STALE_MS: "0", READ_CACHE_MAX_MB: "16", METRONOME_MAX_CONCURRENCY: "2", METRONOME_MAX_RETRIES: "0" });
    expect(config.readLayer).toEqual({ freshMs: 0, maxStaleMs: 0, maxBytes: 16 * 1024 * 1024, upstreamConcurrency: 2, upstreamRetries: 0 });
    // A fresh window longer than the default staleness raises the staleness with it.
    expect((await load({ READ_CACHE_FRESH_MS: "120000" })).readLayer).toMatchObject({ freshMs: 120_000, maxStaleMs: 120_000 });
  });

  it("refuse what cannot be meant, naming the variable", async () => {
    await expect(load({ READ_CACHE_FRESH_MS: "10000", READ_CACHE_MAX_STALE_MS: "5000" })).rejects.toThrow(/READ_CACHE_MAX_STALE_MS \(5000\) must not be below READ_CACHE_FRESH_MS/);
    await expect(load({ READ_CACHE_FRESH_MS: "-1" })).rejects.toThrow(/READ_CACHE_FRESH_MS must be a non-negative integer/);
    await expect(load({ READ_CACHE_FRESH_MS: "1e3" })).rejects.toThrow(/READ_CACHE_FRESH_MS/);
    await expect(load({ METRONOME_MAX_CONCURRENCY: "0" })).rejects.toThrow(/METRONOME_MAX_CONCURRENCY must be a positive integer/);
    await expect(load({ READ_CACHE_MAX_MB: "lots" })).rejects.toThrow(/READ_CACHE_MAX_MB/);
  });
});
