/**
 * The server's read layer: every Metronome read the dashboard makes (the /api/metronome proxy and
 * the /api/views endpoints) is answered from here.
 *
 * - Keyed by everything that shapes the answer: the upstream's identity, method, path with its
 *   forwarded query, and the body normalised (object keys sorted). Entries are tagged with the
 *   customer they belong to.
 * - Stale-while-revalidate: an answer younger than `freshMs` is served as is; up to `maxStaleMs`
 *   it is served while one revalidation runs in the background; older, the caller waits.
 * - Identical calls in flight are sent once and shared.
 * - Only 2xx answers are kept; an error is shared with the callers already waiting for it, never
 *   stored.
 * - Invalidation (the server's own writes, Metronome's webhooks, simulator control calls) drops
 *   the entries and forgets the calls in flight, so no answer read before it is stored after it
 *   (each fetch carries the customer's generation and is stored only if it is still current).
 *   It reaches the other instances on the same PostgreSQL through the link (read-layer-link.ts).
 * - Memory is bounded by bytes, least recently used first (read-layer-cache.ts).
 */
import { createByteLru, type CachedAnswer } from "./read-layer-cache";
import { log } from "./log";
import type { MetronomeUpstream } from "./upstream";
import type { InternalMetrics } from "../contract/bff";

export type ReadMethod = "GET" | "POST";

/** How an answer was had: `hit` fresh from the cache, `stale` past the window while a revalidation runs, `miss` fetched for this call (perhaps shared with identical concurrent calls). */
export type CacheOutcome = "hit" | "stale" | "miss";

export interface ReadAnswer extends CachedAnswer {
  cache: CacheOutcome;
}

export interface ReadOptions {
  /** The customer the answer belongs to (null for customer-free reads such as credit types). */
  customerId: string | null;
  /**
   * Skip the stored answer and ask Metronome (joining an identical call already in flight, which
   * started after any invalidation); the new answer is stored for the others. For a check that
   * must see the latest state, e.g. a browser's `Cache-Control: no-cache`.
   */
  fresh?: boolean;
}

/** The windows and the budget (defaults in config.ts DEFAULT_READ_LAYER: 5 s fresh, 60 s stale at most, 64 MB). */
export interface ReadLayerSettings {
  /** Served without asking Metronome again for this long. */
  freshMs: number;
  /** Served stale while one revalidation runs up to this age; older, the caller waits. */
  maxStaleMs: number;
  /** Memory budget of the stored answers. */
  maxBytes: number;
}

/** The cache's figures, as GET /api/internal/metrics answers them. */
export type ReadLayerStats = InternalMetrics["read_cache"];

/** What an invalidation names: one customer, or everything (null). */
export type InvalidationTarget = string | null;

/** How the read layer hears of other instances' invalidations. */
export interface InvalidationReceiver {
  invalidate(target: InvalidationTarget): void;
  /** The link dropped: notifications may be missed from now on. */
  lost(): void;
  /** The link is back: whatever was missed meanwhile is unknown. */
  restored(): void;
}

/** Carries invalidations to the other instances; null on embedded PGlite (one process). */
export interface InvalidationLink {
  start(receiver: InvalidationReceiver): Promise<void>;
  publish(target: InvalidationTarget): Promise<void>;
  close(): Promise<void>;
}

export interface ReadLayer {
  get(method: ReadMethod, pathAndQuery: string, body: string | undefined, options: ReadOptions): Promise<ReadAnswer>;
  /** Drops the customer's answers here and on every instance; resolves once local entries are gone and the others were told. */
  invalidateCustomer(customerId: string): Promise<void>;
  invalidateAll(): Promise<void>;
  stats(): ReadLayerStats;
  close(): Promise<void>;
}

export interface ReadLayerOptions {
  upstream: MetronomeUpstream;
  /** Which upstream answers (e.g. "simulator", or "metronome https://api.metronome.com"), part of every key. */
  identity: string;
  settings: ReadLayerSettings;
  link?: InvalidationLink | null;
  now?: () => number;
}

/** JSON with object keys sorted at every level, so equal bodies make equal keys; other text as is. */
export function normaliseBody(body: string | undefined): string {
  if (body === undefined || body === "") return "";
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return body;
  }
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Metronome's customer ids are UUIDs: one customer is one tag whatever the case it was written in. */
const customerTag = (customerId: string) => customerId.toLowerCase();

/** Customers whose invalidations are counted one by one; past that, one invalidation drops everything once. */
const MAX_TRACKED_CUSTOMERS = 100_000;

interface InFlight {
  promise: Promise<CachedAnswer>;
  customerId: string | null;
}

async function bufferedAnswer(response: Response, fetchedAt: number): Promise<CachedAnswer> {
  const contentType = response.headers.get("content-type") ?? "application/json; charset=utf-8";
  return { status: response.status, body: await response.text(), contentType, fetchedAt };
}

/** The local half of the layer: the store, the calls in flight and what invalidates them. */
function createLocalReads(options: ReadLayerOptions) {
  const { settings } = options;
  const now = options.now ?? Date.now;
  // One answer may take at most an eighth of the budget, so a few huge reads cannot flush the rest.
  const cache = createByteLru(settings.maxBytes, Math.floor(settings.maxBytes / 8));
  const inFlight = new Map<string, InFlight>();
  const generations = new Map<string, number>();
  let epoch = 0;
  let shared = true;
  const counts = { hits: 0, stale: 0, misses: 0, coalesced: 0, revalidations: 0, invalidations: 0 };

  const generation = (tag: string | null) => `${epoch}:${tag === null ? 0 : (generations.get(tag) ?? 0)}`;

  function dropLocal(target: InvalidationTarget): void {
    counts.invalidations++;
    if (target === null) {
      epoch++;
      cache.clear();
      inFlight.clear();
      return;
    }
    const tag = customerTag(target);
    if (!generations.has(tag) && generations.size >= MAX_TRACKED_CUSTOMERS) {
      // A new epoch makes every fetch in flight stale, so the per-customer counts can start afresh.
      dropLocal(null);
      generations.clear();
      return;
    }
    generations.set(tag, (generations.get(tag) ?? 0) + 1);
    cache.dropCustomer(tag);
    for (const [key, call] of inFlight) if (call.customerId === tag) inFlight.delete(key);
  }

  /** The one upstream call for `key`: joined when in flight, else sent; stored when 2xx and nothing invalidated it meanwhile. */
  function fetchShared(key: string, method: ReadMethod, pathAndQuery: string, body: string | undefined, customerId: string | null): { promise: Promise<CachedAnswer>; joined: boolean } {
    const running = inFlight.get(key);
    if (running) return { promise: running.promise, joined: true };
    const startedAt = generation(customerId);
    const promise = options.upstream.request(method, pathAndQuery, body).then(async (response) => {
      const answer = await bufferedAnswer(response, now());
      if (response.ok && shared && generation(customerId) === startedAt) cache.set(key, customerId, answer);
      return answer;
    });
    const call = { promise, customerId };
    inFlight.set(key, call);
    const forget = () => {
      if (inFlight.get(key) === call) inFlight.delete(key);
    };
    promise.then(forget, forget);
    return { promise, joined: false };
  }

  async function get(method: ReadMethod, pathAndQuery: string, body: string | undefined, read: ReadOptions): Promise<ReadAnswer> {
    const customerId = read.customerId === null ? null : customerTag(read.customerId);
    const key = `${options.identity} ${method} ${pathAndQuery} ${normaliseBody(body)}`;
    const cached = read.fresh ? undefined : cache.get(key);
    const age = cached ? now() - cached.fetchedAt : Infinity;
    if (cached && age < settings.freshMs) {
      counts.hits++;
      return { ...cached, cache: "hit" };
    }
    if (cached && age < settings.maxStaleMs) {
      counts.stale++;
      if (!inFlight.has(key)) {
        counts.revalidations++;
        fetchShared(key, method, pathAndQuery, body, customerId).promise.catch((error: unknown) => log("warn", "read revalidation failed", { path: pathAndQuery.split("?")[0], error }));
      }
      return { ...cached, cache: "stale" };
    }
    const { promise, joined } = fetchShared(key, method, pathAndQuery, body, customerId);
    if (joined) counts.coalesced++;
    else counts.misses++;
    return { ...(await promise), cache: "miss" };
  }

  return {
    get,
    drop: dropLocal,
    /** Whether answers may be stored (false while invalidations from the other instances may be missed). */
    share(on: boolean) {
      shared = on;
    },
    stats: (): ReadLayerStats => ({ entries: cache.size, bytes: cache.bytes, evictions: cache.evictions, ...counts, shared }),
  };
}

export async function createReadLayer(options: ReadLayerOptions): Promise<ReadLayer> {
  const local = createLocalReads(options);
  const link = options.link ?? null;

  async function invalidate(target: InvalidationTarget): Promise<void> {
    local.drop(target);
    if (!link) return;
    try {
      await link.publish(target);
    } catch (error) {
      // The write itself succeeded; the other instances serve what they hold until it is too old.
      log("warn", "read invalidation not sent to the other instances", { error });
    }
  }

  await link?.start({
    invalidate: local.drop,
    lost() {
      local.share(false);
      local.drop(null);
    },
    restored() {
      local.drop(null);
      local.share(true);
    },
  });

  return {
    get: local.get,
    invalidateCustomer: (customerId) => invalidate(customerId),
    invalidateAll: () => invalidate(null),
    stats: local.stats,
    close: async () => {
      await link?.close();
    },
  };
}

/**
 * The freshness headers of an answer read at `fetchedAt` (the oldest one, for a view composed of
 * several): `Age` in whole seconds and `x-data-fetched-at`, the server's wall-clock time (ISO).
 */
export function freshnessHeaders(fetchedAt: number, now: number = Date.now()): Record<string, string> {
  return { age: String(Math.max(0, Math.floor((now - fetchedAt) / 1000))), "x-data-fetched-at": new Date(fetchedAt).toISOString() };
}
