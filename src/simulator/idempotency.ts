/**
 * The Idempotency-Key header (see docs/metronome.md, "Idempotency"): a POST sent with a key the
 * same caller already used is answered with the first answer when its parameters are the same, and
 * with 409 when they differ. Answers are kept per bearer token and key, for at least 24 hours of
 * wall-clock time and at most MAX_RECORDS of them (the oldest go first), in the simulator's state,
 * so a restart keeps them. Isomorphic (WebCrypto only).
 */
import type { IdempotencyRecord, SimState } from "./state";
import { HOUR_MS } from "./time";

export const RETENTION_MS = 24 * HOUR_MS;
export const MAX_RECORDS = 1000;

/** What identifies one keyed request: who sent which key, and what exactly it asked. */
export interface IdempotentRequest {
  id: string;
  fingerprint: string;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** JSON with object keys sorted at every depth, so the same parameters in another order compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The keyed request behind a POST, or undefined when it carries no (or a blank) Idempotency-Key.
 * The token and key are stored only as a hash; the parameters are the path, the query and the body.
 */
export async function idempotentRequest(
  token: string,
  key: string | null,
  request: { method: string; path: string; query: URLSearchParams; body: unknown },
): Promise<IdempotentRequest | undefined> {
  if (request.method !== "POST" || key === null || key.trim() === "") return undefined;
  const query = [...request.query].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const [id, fingerprint] = await Promise.all([
    sha256(`${token}\n${key}`),
    sha256(canonicalJson([request.method, request.path, query, request.body])),
  ]);
  return { id, fingerprint };
}

/** Drops answers older than the retention window and, past MAX_RECORDS, the oldest. */
export function prune(state: SimState, wallNow: number): void {
  const kept = (state.idempotency ?? []).filter((r) => wallNow - r.stored_at <= RETENTION_MS);
  state.idempotency = kept.length > MAX_RECORDS ? kept.slice(kept.length - MAX_RECORDS) : kept;
}

/** The answer kept for this caller's key, if it is still within the retention window. */
export function findAnswer(state: SimState, id: string, wallNow: number): IdempotencyRecord | undefined {
  prune(state, wallNow);
  return state.idempotency?.find((r) => r.id === id);
}

export function keepAnswer(state: SimState, record: IdempotencyRecord): void {
  const records = (state.idempotency ?? []).filter((r) => r.id !== record.id);
  records.push(record);
  state.idempotency = records;
  prune(state, record.stored_at);
}
