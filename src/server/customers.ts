import type { CustomerPage, CustomerSummary } from "../contract/bff";
import { HttpError } from "./errors";
import { isObject } from "./json";
import { upstreamJson, type MetronomeUpstream } from "./upstream";

export interface CustomerRecord extends CustomerSummary {
  ingest_aliases: string[];
}

export interface CustomerDirectory {
  /** The customer, or null when upstream does not know it. Cached for a few minutes. */
  get(id: string): Promise<CustomerRecord | null>;
  /** Many customers at once (batched list calls, then single reads); null for those upstream does not know. */
  getMany(ids: readonly string[]): Promise<Array<CustomerRecord | null>>;
  /** The first customer carrying this ingest alias, or null. */
  findByAlias(alias: string): Promise<CustomerRecord | null>;
  /** A page of the given customers matching q (name, alias, external id or id), in the given order. */
  search(ids: readonly string[], q: string, limit: number, cursor: string | null): Promise<CustomerPage>;
}

const CACHE_MS = 5 * 60 * 1000;
const CONCURRENCY = 8;
const BATCH = 100;

function toRecord(value: unknown): CustomerRecord | null {
  if (!isObject(value) || typeof value.id !== "string") return null;
  const aliases = Array.isArray(value.ingest_aliases) ? value.ingest_aliases.filter((a): a is string => typeof a === "string") : [];
  const record: CustomerRecord = { id: value.id, name: typeof value.name === "string" ? value.name : value.id, ingest_aliases: aliases };
  if (typeof value.external_id === "string" && value.external_id !== "") record.external_id = value.external_id;
  return record;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

export function createCustomerDirectory(upstream: MetronomeUpstream, now: () => Date = () => new Date()): CustomerDirectory {
  const cache = new Map<string, { record: CustomerRecord; at: number }>();
  const byAlias = new Map<string, string>();

  function remember(record: CustomerRecord) {
    cache.set(record.id, { record, at: now().getTime() });
    for (const alias of record.ingest_aliases) byAlias.set(alias, record.id);
  }

  async function get(id: string): Promise<CustomerRecord | null> {
    const hit = cache.get(id);
    if (hit && now().getTime() - hit.at < CACHE_MS) return hit.record;
    const result = await upstreamJson(upstream, "GET", `/v1/customers/${encodeURIComponent(id)}`);
    if (result.status === 404 || result.status === 400) return null;
    if (!result.ok) throw new HttpError(502, `Metronome answered ${result.status} while reading customer ${id}`, "upstream_error");
    const record = toRecord(isObject(result.body) ? result.body.data : null);
    if (!record) throw new HttpError(502, `Metronome returned an unreadable customer ${id}`, "upstream_error");
    remember(record);
    return record;
  }

  const fresh = (id: string) => {
    const hit = cache.get(id);
    return hit !== undefined && now().getTime() - hit.at < CACHE_MS;
  };

  /** Warms the cache with list calls of up to 100 ids (GET /v1/customers?customer_ids=…). */
  async function prefetch(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !fresh(id));
    for (let i = 0; i < missing.length; i += BATCH) {
      const chunk = missing.slice(i, i + BATCH);
      const query = new URLSearchParams(chunk.map((id) => ["customer_ids", id]));
      query.set("limit", String(BATCH));
      const result = await upstreamJson(upstream, "GET", `/v1/customers?${query}`);
      if (!result.ok || !isObject(result.body) || !Array.isArray(result.body.data)) continue; // single reads below
      for (const item of result.body.data) {
        const record = toRecord(item);
        if (record) remember(record);
      }
    }
  }

  async function getMany(ids: readonly string[]): Promise<Array<CustomerRecord | null>> {
    await prefetch(ids);
    return mapLimited(ids, CONCURRENCY, get);
  }

  return {
    get,
    getMany,

    async findByAlias(alias) {
      const known = byAlias.get(alias);
      if (known) return get(known);
      const result = await upstreamJson(upstream, "GET", `/v1/customers?ingest_alias=${encodeURIComponent(alias)}&limit=1`);
      if (!result.ok) throw new HttpError(502, `Metronome answered ${result.status} while looking up ${alias}`, "upstream_error");
      const first = isObject(result.body) && Array.isArray(result.body.data) ? toRecord(result.body.data[0]) : null;
      if (first) remember(first);
      return first;
    },

    async search(ids, q, limit, cursor) {
      const records = (await getMany(ids)).map((record, i) => record ?? { id: ids[i] as string, name: ids[i] as string, ingest_aliases: [] });
      const needle = q.trim().toLowerCase();
      const matching = needle === ""
        ? records
        : records.filter((r) =>
            [r.name, r.id, r.external_id ?? "", ...r.ingest_aliases].some((field) => field.toLowerCase().includes(needle)));
      const offset = cursor === null ? 0 : Number(cursor);
      if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, "cursor is not a cursor this server issued", "invalid_cursor");
      const page = matching.slice(offset, offset + limit);
      const nextOffset = offset + page.length;
      return {
        data: page.map(({ id, name, external_id }) => (external_id === undefined ? { id, name } : { id, name, external_id })),
        next_page: nextOffset < matching.length ? String(nextOffset) : null,
        total: matching.length,
      };
    },
  };
}
