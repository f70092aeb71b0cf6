import { describe, expect, it } from "vitest";
import { createAccessCache } from "./access-cache";

interface Row {
  version: string;
  loadedBy: number;
}

/** A database of versions per customer, counting loads and version reads. */
function source() {
  const versions = new Map<string, string>([["c1", "v1"]]);
  const counts = { loads: 0, versionReads: 0 };
  let release: (() => void) | null = null;
  let hold = false;
  return {
    versions,
    counts,
    holdNextLoad: () => (hold = true),
    releaseLoad: () => release?.(),
    async load(id: string): Promise<Row | null> {
      counts.loads += 1;
      const n = counts.loads;
      const version = versions.get(id);
      if (hold) {
        hold = false;
        await new Promise<void>((resolve) => (release = resolve));
      }
      return version === undefined ? null : { version, loadedBy: n };
    },
    async version(id: string) {
      counts.versionReads += 1;
      return versions.get(id) ?? null;
    },
    versionOf: (row: Row) => row.version,
  };
}

describe("access cache", () => {
  it("answers from its copy, shares a load, and keeps nothing for an unknown customer", async () => {
    const db = source();
    const cache = createAccessCache(db, { now: () => 0, maxStaleMs: 1000 });
    const [a, b] = await Promise.all([cache.get("c1"), cache.get("c1")]);
    expect(a).toBe(b);
    expect(await cache.get("c1")).toBe(a);
    expect(await cache.get("nobody")).toBeNull();
    expect(await cache.get("nobody")).toBeNull();
    expect(db.counts.loads).toBe(3);
  });

  it("an invalidation drops the copy, and a load it overtook is not kept", async () => {
    const db = source();
    const cache = createAccessCache(db, { now: () => 0, maxStaleMs: 1000 });
    db.holdNextLoad();
    const slow = cache.get("c1");
    await Promise.resolve();
    db.versions.set("c1", "v2");
    cache.invalidate("c1");
    const fresh = await cache.get("c1");
    expect(fresh?.version).toBe("v2");
    db.releaseLoad();
    expect((await slow)?.version).toBe("v1");
    expect((await cache.get("c1"))?.version).toBe("v2");
  });

  it("after maxStaleMs it reads the version, serves its copy meanwhile, and loads again only when it changed", async () => {
    const db = source();
    let now = 0;
    const cache = createAccessCache(db, { now: () => now, maxStaleMs: 1000 });
    const first = await cache.get("c1");
    now = 1500;
    expect(await cache.get("c1")).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(db.counts).toEqual({ loads: 1, versionReads: 1 });
    db.versions.set("c1", "v2");
    now = 3000;
    expect(await cache.get("c1")).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await cache.get("c1"))?.version).toBe("v2");
    expect(db.counts).toEqual({ loads: 2, versionReads: 2 });
  });
});
