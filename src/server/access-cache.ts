/**
 * This instance's copy of customers' access projections, so a check costs no database round trip.
 * The SQL tables stay the truth: a copy is dropped whenever its customer's projection is written
 * (here at once; on other instances by PostgreSQL NOTIFY, see access.ts), and a copy checked more
 * than `maxStaleMs` ago is served once more while its version is read (one short query); it is
 * loaded again only when the version changed, which covers a write whose notification was lost.
 * Loads of one customer are shared; a load that an invalidation overtook is not kept.
 */

export interface AccessCache<T> {
  /** The customer's projection (null when it holds none: nothing is kept then). */
  get(customerId: string): Promise<T | null>;
  /** Drops one customer's copy, or every copy (null). */
  invalidate(customerId: string | null): void;
}

export interface AccessCacheSource<T> {
  load(customerId: string): Promise<T | null>;
  /** The version the database holds now (null: the customer is gone). */
  version(customerId: string): Promise<string | null>;
  versionOf(value: T): string;
}

interface Entry<T> {
  value: T;
  checkedAt: number;
  checking: boolean;
}

export function createAccessCache<T>(source: AccessCacheSource<T>, options: { now: () => number; maxStaleMs: number }): AccessCache<T> {
  const entries = new Map<string, Entry<T>>();
  const loading = new Map<string, Promise<T | null>>();
  const generations = new Map<string, number>();
  let epoch = 0;

  const generation = (customerId: string) => `${epoch}:${generations.get(customerId) ?? 0}`;

  function reload(customerId: string): Promise<T | null> {
    const pending = loading.get(customerId);
    if (pending) return pending;
    const startedAt = generation(customerId);
    const loaded = source
      .load(customerId)
      .then((value) => {
        if (value !== null && generation(customerId) === startedAt) entries.set(customerId, { value, checkedAt: options.now(), checking: false });
        return value;
      })
      .finally(() => {
        if (loading.get(customerId) === loaded) loading.delete(customerId);
      });
    loading.set(customerId, loaded);
    return loaded;
  }

  async function revalidate(customerId: string, entry: Entry<T>): Promise<void> {
    entry.checking = true;
    try {
      const current = await source.version(customerId);
      if (current === source.versionOf(entry.value)) entry.checkedAt = options.now();
      else if (entries.get(customerId) === entry) {
        entries.delete(customerId);
        await reload(customerId);
      }
    } catch {
      entries.delete(customerId);
    } finally {
      entry.checking = false;
    }
  }

  return {
    async get(customerId) {
      const entry = entries.get(customerId);
      if (!entry) return reload(customerId);
      if (!entry.checking && options.now() - entry.checkedAt > options.maxStaleMs) void revalidate(customerId, entry);
      return entry.value;
    },
    invalidate(customerId) {
      if (customerId === null) {
        epoch += 1;
        entries.clear();
        loading.clear();
        return;
      }
      generations.set(customerId, (generations.get(customerId) ?? 0) + 1);
      entries.delete(customerId);
      loading.delete(customerId);
    },
  };
}
