/**
 * The read layer's store: answers by key, least recently used evicted first once their bytes
 * pass the budget, each tagged with the customer it belongs to so one customer's entries can be
 * dropped without touching another's. Bytes are approximate: a string counts 2 bytes a character
 * (how V8 may hold it) plus a fixed overhead per entry.
 */

export interface CachedAnswer {
  status: number;
  body: string;
  contentType: string;
  /** Wall-clock ms at which the upstream answered. */
  fetchedAt: number;
}

interface Entry extends CachedAnswer {
  key: string;
  customerId: string | null;
  bytes: number;
}

const ENTRY_OVERHEAD_BYTES = 256;

export function entryBytes(key: string, answer: CachedAnswer): number {
  return ENTRY_OVERHEAD_BYTES + 2 * (key.length + answer.body.length + answer.contentType.length);
}

export interface ByteLru {
  get(key: string): CachedAnswer | undefined;
  /** Stores an answer; false (nothing stored) when it alone is larger than `maxEntryBytes`. */
  set(key: string, customerId: string | null, answer: CachedAnswer): boolean;
  dropCustomer(customerId: string): number;
  clear(): number;
  readonly size: number;
  readonly bytes: number;
  readonly evictions: number;
}

export function createByteLru(maxBytes: number, maxEntryBytes: number): ByteLru {
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  const entries = new Map<string, Entry>();
  const byCustomer = new Map<string, Set<string>>();
  let bytes = 0;
  let evictions = 0;

  function remove(entry: Entry): void {
    entries.delete(entry.key);
    bytes -= entry.bytes;
    if (entry.customerId === null) return;
    const keys = byCustomer.get(entry.customerId);
    keys?.delete(entry.key);
    if (keys && keys.size === 0) byCustomer.delete(entry.customerId);
  }

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    set(key, customerId, answer) {
      const size = entryBytes(key, answer);
      const old = entries.get(key);
      if (old) remove(old);
      if (size > maxEntryBytes) return false;
      const entry: Entry = { ...answer, key, customerId, bytes: size };
      entries.set(key, entry);
      bytes += size;
      if (customerId !== null) {
        const keys = byCustomer.get(customerId) ?? new Set<string>();
        keys.add(key);
        byCustomer.set(customerId, keys);
      }
      for (const oldest of entries.values()) {
        if (bytes <= maxBytes) break;
        remove(oldest);
        evictions++;
      }
      return true;
    },
    dropCustomer(customerId) {
      const keys = byCustomer.get(customerId);
      if (!keys) return 0;
      const count = keys.size;
      for (const key of [...keys]) {
        const entry = entries.get(key);
        if (entry) remove(entry);
      }
      return count;
    },
    clear() {
      const count = entries.size;
      entries.clear();
      byCustomer.clear();
      bytes = 0;
      return count;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
    get evictions() {
      return evictions;
    },
  };
}
