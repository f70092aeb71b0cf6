/**
 * This instance's copy of customers' access projections, so a check costs no database round trip.
 * The SQL tables stay the truth: a copy is dropped whenever its customer's projection is written
 * (here at once; on other instances by PostgreSQL NOTIFY, see access.ts), and a copy older than
 * `maxStaleMs` is served once more while it is read again (a safety net for a notification lost with
 * its connection). Loads of one customer are shared; a load that an invalidation overtook is not kept.
 */

export interface AccessCache<T> {
  /** The customer's projection (null when it holds none: nothing is kept then). */
  get(customerId: string): Promise<T | null>;
  /** Drops one customer's copy, or every copy (null). */
  invalidate(customerId: string | null): void;
}

interface Entry<T> {
  value: T;
  loadedAt: number;
}

export function createAccessCache<T>(load: (customerId: string) => Promise<T | null>, options: { now: () => number; maxStaleMs: number }): AccessCache<T> {
  const entries = new Map<string, Entry<T>>();
  const loading = new Map<string, Promise<T | null>>();
  const generations = new Map<string, number>();
  let epoch = 0;

  const generation = (customerId: string) => `${epoch}:${generations.get(customerId) ?? 0}`;

  function reload(customerId: string): Promise<T | null> {
    const pending = loading.get(customerId);
    if (pending) return pending;
    const startedAt = generation(customerId);
    const loaded = load(customerId)
      .then((value) => {
        if (value !== null && generation(customerId) === startedAt) entries.set(customerId, { value, loadedAt: options.now() });
        return value;
      })
      .finally(() => {
        if (loading.get(customerId) === loaded) loading.delete(customerId);
      });
    loading.set(customerId, loaded);
    return loaded;
  }

  return {
    async get(customerId) {
      const entry = entries.get(customerId);
      if (!entry) return reload(customerId);
      if (options.now() - entry.loadedAt > options.maxStaleMs) void reload(customerId).catch(() => entries.delete(customerId));
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
