/**
 * Every Metronome call of this process goes through here: at most `concurrency` at once, the rest
 * wait in one FIFO queue, so a burst of viewers never becomes a burst of upstream calls. A 429 is
 * honoured: its Retry-After (seconds or an HTTP date) pauses every call of this process until it
 * has passed, and a read is retried (exponential backoff with jitter, at most `maxRetries` times);
 * a write is never retried here (its uniqueness key and the edit path decide). A call's slot is
 * held until its body has been read, so the limit bounds Metronome's work, not only its headers.
 */
import { matchRoute } from "./allowlist";
import type { MetronomeUpstream } from "./upstream";

export interface UpstreamLimitOptions {
  /** Calls in flight at once (config.ts DEFAULT_READ_LAYER: 8). */
  concurrency: number;
  /** Retries of a read answered 429 (config.ts DEFAULT_READ_LAYER: 3); writes are never retried. */
  maxRetries: number;
  /** First backoff step (default 250 ms), doubled per retry, ±50 % jitter. */
  backoffMs?: number;
  /** Longest pause one Retry-After may impose (default 30 s); a longer one is cut to this. */
  maxPauseMs?: number;
  /** Wall clock in ms (tests replace it together with `sleep`). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface UpstreamCallCounts {
  /** Requests sent to Metronome (each retry counts). */
  total: number;
  /** The same, by path without its query. */
  byPath: Record<string, number>;
  /** Answers that were 429. */
  throttled: number;
}

export interface UpstreamLimitState {
  active: number;
  queued: number;
  /** Wall-clock ms until which calls are held back by a Retry-After; 0 when none. */
  pausedUntil: number;
}

export interface LimitedUpstream extends MetronomeUpstream {
  calls(): UpstreamCallCounts;
  state(): UpstreamLimitState;
}

const DEFAULT_BACKOFF_MS = 250;
const DEFAULT_MAX_PAUSE_MS = 30_000;

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form names its day and month; Date.parse alone would take "-5" for a year.
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A read is a GET, or a POST on an allowlisted read path (writes are every other POST). */
function isRead(method: string, pathAndQuery: string): boolean {
  const path = pathAndQuery.split("?")[0] ?? pathAndQuery;
  return method === "GET" || matchRoute(method, path) !== null;
}

/** The headers a buffered answer keeps (its body is already decoded, so no length or encoding). */
const KEPT_HEADERS = ["content-type", "retry-after"] as const;

interface Buffered {
  text: string;
  init: ResponseInit;
}

export function limitUpstream(upstream: MetronomeUpstream, options: UpstreamLimitOptions): LimitedUpstream {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const maxPauseMs = options.maxPauseMs ?? DEFAULT_MAX_PAUSE_MS;
  const capacity = Math.max(1, options.concurrency);
  const waiting: Array<() => void> = [];
  const counts: UpstreamCallCounts = { total: 0, byPath: {}, throttled: 0 };
  let active = 0;
  let pausedUntil = 0;

  function acquire(): Promise<void> {
    if (active < capacity && waiting.length === 0) {
      active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight to the next in line
    else active--;
  }

  /** One request in a slot, after any pause; its body read before the slot is given back. */
  async function once(method: string, pathAndQuery: string, body: string | undefined): Promise<Buffered> {
    await acquire();
    try {
      // A Retry-After that arrived while this call waited holds it back too.
      for (let wait = pausedUntil - now(); wait > 0; wait = pausedUntil - now()) await sleep(wait);
      counts.total++;
      const path = pathAndQuery.split("?")[0] ?? pathAndQuery;
      counts.byPath[path] = (counts.byPath[path] ?? 0) + 1;
      const response = await upstream.request(method, pathAndQuery, body);
      const text = await response.text();
      if (response.status === 429) {
        counts.throttled++;
        const after = retryAfterMs(response.headers.get("retry-after"), now());
        if (after !== null) pausedUntil = Math.max(pausedUntil, now() + Math.min(after, maxPauseMs));
      }
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      return { text, init: { status: response.status, statusText: response.statusText, headers } };
    } finally {
      release();
    }
  }

  async function request(method: string, pathAndQuery: string, body?: string): Promise<Response> {
    const retries = isRead(method, pathAndQuery) ? Math.max(0, options.maxRetries) : 0;
    let answer = await once(method, pathAndQuery, body);
    for (let attempt = 0; answer.init.status === 429 && attempt < retries; attempt++) {
      // The global pause covers Retry-After; the backoff spreads the retries of many readers.
      const step = backoffMs * 2 ** attempt * (0.5 + random());
      await sleep(Math.max(step, pausedUntil - now()));
      answer = await once(method, pathAndQuery, body);
    }
    return new Response(answer.text === "" ? null : answer.text, answer.init);
  }

  return {
    kind: upstream.kind,
    simulator: upstream.simulator,
    close: () => upstream.close(),
    request,
    calls: () => ({ total: counts.total, byPath: { ...counts.byPath }, throttled: counts.throttled }),
    state: () => ({ active, queued: waiting.length, pausedUntil: pausedUntil > now() ? pausedUntil : 0 }),
  };
}
