import { describe, expect, it } from "vitest";
import { createByteLru, entryBytes } from "./read-layer-cache";
import { createReadLayer, freshnessHeaders, normaliseBody, type InvalidationLink, type InvalidationReceiver, type ReadLayerSettings } from "./read-layer";
import type { MetronomeUpstream } from "./upstream";

interface Pending {
  path: string;
  body: string | undefined;
  resolve: () => void;
}

/**
 * An upstream that answers when the test says so (`answerAll`), or at once with `auto`. Each
 * answer names the call's sequence number, so a test can tell which fetch an answer came from.
 */
function heldUpstream(auto = false) {
  const pending: Pending[] = [];
  let count = 0;
  let status = 200;
  const upstream: MetronomeUpstream = {
    kind: "simulator",
    simulator: null,
    close: async () => {},
    request(_method, path, body) {
      const call = ++count;
      const answer = () => new Response(JSON.stringify({ call, path }), { status, headers: { "content-type": "application/json" } });
      if (auto) return Promise.resolve(answer());
      return new Promise<Response>((resolve) => pending.push({ path, body, resolve: () => resolve(answer()) }));
    },
  };
  return {
    upstream,
    pending,
    calls: () => count,
    setStatus: (s: number) => {
      status = s;
    },
    answerAll() {
      for (const p of pending.splice(0)) p.resolve();
    },
  };
}

const SETTINGS: ReadLayerSettings = { freshMs: 5_000, maxStaleMs: 60_000, maxBytes: 1024 * 1024 };
const A = { customerId: "c-a" };
const B = { customerId: "c-b" };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function layer(upstream: MetronomeUpstream, extra: { now?: () => number; link?: InvalidationLink; settings?: Partial<ReadLayerSettings> } = {}) {
  return createReadLayer({ upstream, identity: "test", settings: { ...SETTINGS, ...extra.settings }, ...(extra.now ? { now: extra.now } : {}), link: extra.link ?? null });
}

describe("read layer", () => {
  it("sends 50 concurrent identical reads upstream once and gives each the same answer", async () => {
    const up = heldUpstream();
    const reads = await layer(up.upstream);
    const all = Promise.all(Array.from({ length: 50 }, () => reads.get("POST", "/v2/contracts/list", '{"customer_id":"c-a"}', A)));
    await flush();
    expect(up.calls()).toBe(1);
    up.answerAll();
    const answers = await all;
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers.every((a) => a.cache === "miss" && a.status === 200)).toBe(true);
    expect(reads.stats()).toMatchObject({ misses: 1, coalesced: 49, entries: 1 });
    // Then from the cache, still one upstream call.
    expect((await reads.get("POST", "/v2/contracts/list", '{"customer_id":"c-a"}', A)).cache).toBe("hit");
    expect(up.calls()).toBe(1);
  });

  it("keys by method, path with query and the body's content, not its key order", async () => {
    const up = heldUpstream(true);
    const reads = await layer(up.upstream);
    await reads.get("POST", "/v2/contracts/get", '{"customer_id":"c-a","contract_id":"k1"}', A);
    expect((await reads.get("POST", "/v2/contracts/get", '{"contract_id":"k1","customer_id":"c-a"}', A)).cache).toBe("hit");
    expect((await reads.get("POST", "/v2/contracts/get", '{"customer_id":"c-a","contract_id":"k2"}', A)).cache).toBe("miss");
    expect((await reads.get("GET", "/v1/customers/c-a/invoices?limit=5", undefined, A)).cache).toBe("miss");
    expect((await reads.get("GET", "/v1/customers/c-a/invoices?limit=6", undefined, A)).cache).toBe("miss");
    expect(up.calls()).toBe(4);
    expect(normaliseBody('{"b":{"y":1,"x":[{"d":1,"c":2}]},"a":0}')).toBe('{"a":0,"b":{"x":[{"c":2,"d":1}],"y":1}}');
    expect(normaliseBody("not json")).toBe("not json");
  });

  it("serves a stale answer while exactly one revalidation runs, then the new one; past the maximum staleness the caller waits", async () => {
    const up = heldUpstream();
    let t = 1_000_000;
    const reads = await layer(up.upstream, { now: () => t });
    const first = reads.get("GET", "/v1/customers/c-a", undefined, A);
    up.answerAll();
    const fetched = await first;
    expect(JSON.parse(fetched.body)).toMatchObject({ call: 1 });

    t += 4_999;
    expect((await reads.get("GET", "/v1/customers/c-a", undefined, A)).cache).toBe("hit");
    t += 1;
    const stale = await Promise.all([1, 2, 3].map(() => reads.get("GET", "/v1/customers/c-a", undefined, A)));
    expect(stale.map((s) => s.cache)).toEqual(["stale", "stale", "stale"]);
    expect(stale[0]?.fetchedAt).toBe(fetched.fetchedAt);
    expect(up.pending).toHaveLength(1); // one revalidation for three stale reads
    up.answerAll();
    await flush();
    const renewed = await reads.get("GET", "/v1/customers/c-a", undefined, A);
    expect(renewed.cache).toBe("hit");
    expect(JSON.parse(renewed.body)).toMatchObject({ call: 2 });
    expect(reads.stats()).toMatchObject({ stale: 3, revalidations: 1 });

    t += 60_000;
    const waiting = reads.get("GET", "/v1/customers/c-a", undefined, A);
    await flush();
    expect(up.pending).toHaveLength(1);
    up.answerAll();
    expect(await waiting).toMatchObject({ cache: "miss" });
    expect(JSON.parse((await waiting).body)).toMatchObject({ call: 3 });
  });

  it("a fresh read skips the stored answer, joins an identical call in flight, and leaves its answer for the others", async () => {
    const up = heldUpstream();
    const reads = await layer(up.upstream);
    const first = reads.get("GET", "/v1/customers/c-a", undefined, A);
    up.answerAll();
    await first;
    const fresh = reads.get("GET", "/v1/customers/c-a", undefined, { ...A, fresh: true });
    const alsoFresh = reads.get("GET", "/v1/customers/c-a", undefined, { ...A, fresh: true });
    await flush();
    expect(up.pending).toHaveLength(1);
    up.answerAll();
    expect(JSON.parse((await fresh).body)).toMatchObject({ call: 2 });
    expect(JSON.parse((await alsoFresh).body)).toMatchObject({ call: 2 });
    const next = await reads.get("GET", "/v1/customers/c-a", undefined, A);
    expect(next.cache).toBe("hit");
    expect(JSON.parse(next.body)).toMatchObject({ call: 2 });
  });

  it("stores only 2xx answers: an error reaches the callers waiting for it and the next read asks again", async () => {
    const up = heldUpstream(true);
    const reads = await layer(up.upstream);
    up.setStatus(500);
    expect((await reads.get("POST", "/v2/contracts/list", '{"customer_id":"c-a"}', A)).status).toBe(500);
    up.setStatus(404);
    expect((await reads.get("POST", "/v2/contracts/list", '{"customer_id":"c-a"}', A)).status).toBe(404);
    up.setStatus(200);
    expect((await reads.get("POST", "/v2/contracts/list", '{"customer_id":"c-a"}', A)).status).toBe(200);
    expect(up.calls()).toBe(3);
    expect(reads.stats().entries).toBe(1);
  });

  it("drops one customer's entries on invalidation and keeps the others'", async () => {
    const up = heldUpstream(true);
    const reads = await layer(up.upstream);
    await reads.get("POST", "/v2/contracts/list", '{"customer_id":"c-a"}', A);
    await reads.get("GET", "/v1/customers/c-a", undefined, A);
    await reads.get("POST", "/v2/contracts/list", '{"customer_id":"c-b"}', B);
    await reads.get("GET", "/v1/credit-types/list", undefined, { customerId: null });
    await reads.invalidateCustomer("C-A"); // one customer whatever the case of its id
    expect((await reads.get("POST", "/v2/contracts/list", '{"customer_id":"c-b"}', B)).cache).toBe("hit");
    expect((await reads.get("GET", "/v1/credit-types/list", undefined, { customerId: null })).cache).toBe("hit");
    expect((await reads.get("POST", "/v2/contracts/list", '{"customer_id":"c-a"}', A)).cache).toBe("miss");
    expect((await reads.get("GET", "/v1/customers/c-a", undefined, A)).cache).toBe("miss");
    await reads.invalidateAll();
    expect(reads.stats().entries).toBe(0);
  });

  it("never stores an answer fetched before an invalidation, nor lets a later read join that fetch", async () => {
    const up = heldUpstream();
    const reads = await layer(up.upstream);
    const before = reads.get("POST", "/v2/contracts/get", '{"customer_id":"c-a"}', A);
    await flush();
    await reads.invalidateCustomer("c-a"); // a write landed while the read was in flight
    const after = reads.get("POST", "/v2/contracts/get", '{"customer_id":"c-a"}', A);
    await flush();
    expect(up.pending).toHaveLength(2);
    up.answerAll();
    expect(JSON.parse((await before).body)).toMatchObject({ call: 1 });
    expect(JSON.parse((await after).body)).toMatchObject({ call: 2 });
    const next = await reads.get("POST", "/v2/contracts/get", '{"customer_id":"c-a"}', A);
    expect(next.cache).toBe("hit");
    expect(JSON.parse(next.body)).toMatchObject({ call: 2 });
  });

  it("keeps its bytes under the budget, the least recently used evicted first", async () => {
    const up = heldUpstream(true);
    const answerBytes = entryBytes(`test GET /v1/customers/c-0 `, { status: 200, body: JSON.stringify({ call: 1, path: "/v1/customers/c-0" }), contentType: "application/json", fetchedAt: 0 });
    // Nine answers fit (and one answer is within the eighth of the budget an entry may take).
    const budget = answerBytes * 9 + 10;
    const reads = await layer(up.upstream, { settings: { maxBytes: budget } });
    const read = (id: number) => reads.get("GET", `/v1/customers/c-${id}`, undefined, { customerId: `c-${id}` });
    for (let id = 0; id < 9; id++) await read(id);
    expect(reads.stats()).toMatchObject({ entries: 9, evictions: 0 });
    await read(0); // c-0 is now the most recent, c-1 the least
    await read(9);
    expect(reads.stats()).toMatchObject({ entries: 9, evictions: 1 });
    expect(reads.stats().bytes).toBeLessThanOrEqual(budget);
    expect((await read(0)).cache).toBe("hit");
    expect((await read(2)).cache).toBe("hit");
    expect((await read(1)).cache).toBe("miss");
  });

  it("publishes its invalidations, applies the other instances', and caches nothing while the link is down", async () => {
    const up = heldUpstream(true);
    const published: Array<string | null> = [];
    let receiver: InvalidationReceiver | null = null;
    const link: InvalidationLink = {
      start: async (r) => {
        receiver = r;
      },
      publish: async (target) => {
        published.push(target);
      },
      close: async () => {},
    };
    const reads = await layer(up.upstream, { link });
    const remote = () => receiver as unknown as InvalidationReceiver;
    await reads.invalidateCustomer("c-a");
    await reads.invalidateAll();
    expect(published).toEqual(["c-a", null]);

    await reads.get("GET", "/v1/customers/c-a", undefined, A);
    await reads.get("GET", "/v1/customers/c-b", undefined, B);
    remote().invalidate("c-a");
    expect((await reads.get("GET", "/v1/customers/c-b", undefined, B)).cache).toBe("hit");
    expect((await reads.get("GET", "/v1/customers/c-a", undefined, A)).cache).toBe("miss");
    expect(published).toEqual(["c-a", null]); // a remote invalidation is not sent on again

    remote().lost();
    expect(reads.stats()).toMatchObject({ entries: 0, shared: false });
    await reads.get("GET", "/v1/customers/c-a", undefined, A);
    expect((await reads.get("GET", "/v1/customers/c-a", undefined, A)).cache).toBe("miss");
    remote().restored();
    await reads.get("GET", "/v1/customers/c-a", undefined, A);
    expect((await reads.get("GET", "/v1/customers/c-a", undefined, A)).cache).toBe("hit");
  });

  it("still invalidates locally when the other instances cannot be told", async () => {
    const up = heldUpstream(true);
    const link: InvalidationLink = { start: async () => {}, publish: () => Promise.reject(new Error("database down")), close: async () => {} };
    const reads = await layer(up.upstream, { link });
    await reads.get("GET", "/v1/customers/c-a", undefined, A);
    await expect(reads.invalidateCustomer("c-a")).resolves.toBeUndefined();
    expect((await reads.get("GET", "/v1/customers/c-a", undefined, A)).cache).toBe("miss");
  });

  it("says how old an answer is in whole seconds and when it was fetched", () => {
    const at = Date.UTC(2026, 11, 1, 12, 0, 0);
    expect(freshnessHeaders(at, at + 12_999)).toEqual({ age: "12", "x-data-fetched-at": "2026-12-01T12:00:00.000Z" });
    expect(freshnessHeaders(at, at - 5)).toMatchObject({ age: "0" });
  });
});

describe("byte LRU", () => {
  it("refuses an answer larger than one entry may be, and replaces an entry without counting it twice", () => {
    const lru = createByteLru(10_000, 1_000);
    const small = { status: 200, body: "x".repeat(100), contentType: "a", fetchedAt: 0 };
    expect(lru.set("k", "c", small)).toBe(true);
    const size = lru.bytes;
    expect(lru.set("k", "c", small)).toBe(true);
    expect(lru.bytes).toBe(size);
    expect(lru.set("big", "c", { ...small, body: "x".repeat(1_000) })).toBe(false);
    expect(lru.size).toBe(1);
    expect(lru.dropCustomer("c")).toBe(1);
    expect(lru.bytes).toBe(0);
  });
});
