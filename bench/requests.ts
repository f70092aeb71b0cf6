import type { Page, Request } from "@playwright/test";

/** One request a page made, with its times relative to the page's time origin (ms). */
export interface RecordedRequest {
  method: string;
  url: string;
  /** Path and query without the origin. */
  path: string;
  body: string | null;
  type: string;
  start: number;
  /** When the page called fetch() for it (see setIssueTimes); the browser may send it later, queued for a connection. */
  issued: number | null;
  /** null while in flight or when it failed. */
  end: number | null;
  status: number | null;
}

/** Records every request of a page; `since` keeps those started after a mark. */
export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  private readonly byRequest = new Map<Request, RecordedRequest>();
  private timeOrigin = 0;
  private inFlight = 0;
  private lastChange = Date.now();

  constructor(page: Page) {
    page.on("request", (request) => {
      const url = new URL(request.url());
      const entry: RecordedRequest = {
        method: request.method(),
        url: request.url(),
        path: `${url.pathname}${url.search}`,
        body: request.postData(),
        type: request.resourceType(),
        start: Date.now() - this.timeOrigin,
        issued: null,
        end: null,
        status: null,
      };
      this.byRequest.set(request, entry);
      this.requests.push(entry);
      this.inFlight += 1;
      this.lastChange = Date.now();
    });
    const done = async (request: Request, failed: boolean) => {
      const entry = this.byRequest.get(request);
      if (!entry) return;
      const timing = request.timing();
      // Playwright's timing is relative to the request's own start (epoch ms).
      if (timing.startTime > 0) {
        entry.start = timing.startTime - this.timeOrigin;
        if (!failed && timing.responseEnd >= 0) entry.end = timing.startTime + timing.responseEnd - this.timeOrigin;
      }
      if (!failed && entry.end === null) entry.end = Date.now() - this.timeOrigin;
      if (!failed) entry.status = await request.response().then((r) => r?.status() ?? null, () => null);
      this.inFlight -= 1;
      this.lastChange = Date.now();
    };
    page.on("requestfinished", (request) => void done(request, false));
    page.on("requestfailed", (request) => void done(request, true));
  }

  /** Aligns recorded times with the page's performance.timeOrigin (epoch ms). */
  setTimeOrigin(epochMs: number): void {
    const shift = epochMs - this.timeOrigin;
    for (const r of this.requests) {
      r.start -= shift;
      if (r.end !== null) r.end -= shift;
    }
    this.timeOrigin = epochMs;
  }

  /**
   * Gives each request the time the page called fetch() for it (same method, URL and body, first
   * come first matched), in the page's time origin, as recorded by the probe.
   */
  setIssueTimes(calls: ReadonlyArray<{ method: string; url: string; body: string | null; t: number }>): void {
    const pending = [...calls];
    for (const r of this.requests) {
      const i = pending.findIndex((c) => c.method === r.method && c.url === r.url && c.body === r.body);
      if (i < 0) continue;
      r.issued = (pending[i] as { t: number }).t;
      pending.splice(i, 1);
    }
  }

  /** Resolves once no request has been in flight for `quietMs` (or after `maxMs`). */
  async idle(quietMs = 600, maxMs = 30_000): Promise<void> {
    const started = Date.now();
    while (Date.now() - started < maxMs) {
      if (this.inFlight <= 0 && Date.now() - this.lastChange >= quietMs) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  since(index: number): RecordedRequest[] {
    return this.requests.slice(index);
  }
}

export const isApi = (r: RecordedRequest) => r.path.startsWith("/api/");
const isSession = (r: RecordedRequest) => r.method === "GET" && r.path.split("?")[0] === "/api/session";

/** A short, readable name of an API request: "POST v2/contracts/get" or "GET /api/audit". */
export function apiLabel(r: RecordedRequest): string {
  const path = r.path.split("?")[0] ?? r.path;
  return `${r.method} ${path.startsWith("/api/metronome/") ? path.slice("/api/metronome/".length).replace(/\/(cus|[0-9a-f]{8}-)[^/]*$/i, "/{id}") : path}`;
}

export interface ChainResult {
  /** Longest chain of API requests, each started after the previous one's response ended (the session not counted). */
  depth: number;
  /** The requests of the longest chain, first to last. */
  chain: string[];
  /** Every API request's depth, in start order. */
  depths: Array<{ request: RecordedRequest; depth: number }>;
}

/**
 * The depth of an API request waterfall: a request that starts after another API response has
 * completed is one deeper than it. The session check is depth 0, so "one wave after the session"
 * is depth 1. Requests that started before every response arrived are in the first wave.
 * `from: "issued"` starts a request when the page asked for it; `"sent"` when the browser sent it,
 * which over HTTP/1.1 (6 connections a host) can be after earlier answers for requests asked
 * together.
 */
export function chainDepth(requests: readonly RecordedRequest[], from: "issued" | "sent" = "issued", slackMs = 1): ChainResult {
  const startOf = (r: RecordedRequest) => (from === "issued" ? (r.issued ?? r.start) : r.start);
  const api = requests.filter(isApi).filter((r) => startOf(r) >= 0).sort((a, b) => startOf(a) - startOf(b));
  const depth = new Map<RecordedRequest, number>();
  const parent = new Map<RecordedRequest, RecordedRequest | null>();
  for (const r of api) {
    let best = isSession(r) ? -1 : 0;
    let from: RecordedRequest | null = null;
    for (const q of api) {
      if (q === r || q.end === null || q.end > startOf(r) - slackMs) continue;
      const d = depth.get(q);
      if (d !== undefined && d > best) {
        best = d;
        from = q;
      }
    }
    depth.set(r, isSession(r) ? 0 : best + 1);
    parent.set(r, from);
  }
  let deepest: RecordedRequest | null = null;
  for (const r of api) if (!deepest || (depth.get(r) ?? 0) > (depth.get(deepest) ?? 0)) deepest = r;
  const chain: string[] = [];
  for (let r = deepest; r; r = parent.get(r) ?? null) chain.unshift(apiLabel(r));
  return { depth: deepest ? (depth.get(deepest) ?? 0) : 0, chain, depths: api.map((request) => ({ request, depth: depth.get(request) ?? 0 })) };
}

/** A JSON body in one short line: ids dropped, long arrays as "[n: first … last]". */
function briefBody(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return body.slice(0, 120);
  }
  if (typeof value !== "object" || value === null) return body.slice(0, 120);
  const parts = Object.entries(value as Record<string, unknown>)
    .filter(([key]) => !["customer_id", "contract_id", "subscription_id"].includes(key))
    .map(([key, v]) => {
      const shown = Array.isArray(v) && v.length > 2 ? `[${v.length}: ${JSON.stringify(v[0])} … ${JSON.stringify(v[v.length - 1])}]` : JSON.stringify(v);
      return `${key}=${shown && shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}`;
    });
  return parts.join(" ");
}

/** One line per API request: asked for, sent and answered (ms), its wave, and what it asked for. */
export function waterfall(requests: readonly RecordedRequest[]): string[] {
  const ms = (v: number | null) => (v === null ? "    …" : String(Math.round(v)).padStart(5));
  return chainDepth(requests).depths.map(({ request: r, depth }) => {
    const body = r.body ? ` ${briefBody(r.body)}` : "";
    return `${ms(r.issued)} / ${ms(r.start)} → ${ms(r.end)}  wave ${depth}  ${apiLabel(r)}${body}`;
  });
}

/** Requests sent more than once with the same method, URL and body. */
export function duplicates(requests: readonly RecordedRequest[]): string[] {
  const seen = new Map<string, number>();
  for (const r of requests.filter(isApi)) {
    const key = `${r.method} ${r.path} ${r.body ?? ""}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const out: string[] = [];
  for (const [key, count] of seen) {
    if (count < 2) continue;
    const r = requests.find((x) => `${x.method} ${x.path} ${x.body ?? ""}` === key);
    out.push(`${r ? apiLabel(r) : key} ×${count}${r?.body ? ` ${r.body.slice(0, 120)}` : ""}`);
  }
  return out;
}
