import type { Upstream } from "../contract/bff";
import type { Simulator } from "../simulator/simulator-api";
import { parseTime } from "../domain/time";
import { HttpError } from "./errors";
import { isObject } from "./json";

/** Where Metronome calls go: the live API (token added here) or the embedded simulator. */
export interface MetronomeUpstream {
  readonly kind: Upstream;
  /** Sends one Metronome request; `pathAndQuery` starts with "/v1/" or "/v2/". */
  request(method: string, pathAndQuery: string, body?: string): Promise<Response>;
  /** The embedded simulator's raw handler (control API included); null against live Metronome. */
  readonly simulator: ((request: Request) => Promise<Response>) | null;
  close(): Promise<void>;
}

const SIMULATOR_ORIGIN = "http://simulator.internal";
const SIMULATOR_TOKEN = "embedded";

function init(method: string, token: string, body: string | undefined): RequestInit {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  return { method, headers, ...(body !== undefined ? { body } : {}) };
}

export function simulatorUpstream(simulator: Simulator): MetronomeUpstream {
  return {
    kind: "simulator",
    async request(method, pathAndQuery, body) {
      try {
        return await simulator.handle(new Request(SIMULATOR_ORIGIN + pathAndQuery, init(method, SIMULATOR_TOKEN, body)));
      } catch {
        throw new HttpError(502, "The simulator dropped the connection; try again", "upstream_unreachable");
      }
    },
    simulator: (request) => simulator.handle(request),
    close: () => simulator.close(),
  };
}

export function liveUpstream(baseUrl: string, token: string, fetchImpl: typeof fetch = fetch): MetronomeUpstream {
  return {
    kind: "metronome",
    async request(method, pathAndQuery, body) {
      try {
        return await fetchImpl(baseUrl + pathAndQuery, { ...init(method, token, body), signal: AbortSignal.timeout(30_000) });
      } catch {
        throw new HttpError(502, "Metronome could not be reached; try again shortly", "upstream_unreachable");
      }
    },
    simulator: null,
    close: async () => {},
  };
}

/** The token the BFF presents to the embedded simulator (never sent to a browser). */
export const EMBEDDED_SIMULATOR_TOKEN = SIMULATOR_TOKEN;
export const EMBEDDED_SIMULATOR_ORIGIN = SIMULATOR_ORIGIN;

export interface UpstreamJson {
  status: number;
  ok: boolean;
  body: unknown;
}

/** Calls upstream and parses its JSON (null when the body is not JSON). */
export async function upstreamJson(upstream: MetronomeUpstream, method: string, pathAndQuery: string, body?: unknown): Promise<UpstreamJson> {
  const response = await upstream.request(method, pathAndQuery, body === undefined ? undefined : JSON.stringify(body));
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: response.status, ok: response.ok, body: parsed };
}

/**
 * The upstream's current time in ms: the embedded simulator's clock (it may be frozen or moved),
 * else (live Metronome, or a clock that cannot be read) `now`, the server's wall clock.
 */
export async function upstreamNow(upstream: MetronomeUpstream, now: () => Date): Promise<number> {
  if (upstream.simulator) {
    try {
      const response = await upstream.simulator(
        new Request(`${SIMULATOR_ORIGIN}/_simulator/clock`, { headers: { authorization: `Bearer ${SIMULATOR_TOKEN}` } }),
      );
      const body: unknown = await response.json();
      const ms = isObject(body) && typeof body.now === "string" ? parseTime(body.now) : null;
      if (response.ok && ms !== null) return ms;
    } catch {
      // not a clock we can read: the wall clock below
    }
  }
  return now().getTime();
}

/** The read-only Metronome endpoints the checks before an edit call. */
const SHARED_READS = new Set(["/v2/contracts/get", "/v1/contracts/getSubscriptionSeatsHistory", "/v1/contracts/getSubscriptionQuantityHistory"]);

/**
 * The upstream seen through a short-lived view in which identical reads (same method, path and
 * body) are sent once and their answer shared; every other request goes straight through. Used for
 * one edit's checks only, so the shared answers are never older than that edit.
 */
export function sharingReads(upstream: MetronomeUpstream): MetronomeUpstream {
  const sent = new Map<string, Promise<{ text: string; init: ResponseInit }>>();
  return {
    kind: upstream.kind,
    simulator: upstream.simulator,
    close: () => upstream.close(),
    request(method, pathAndQuery, body) {
      if (!SHARED_READS.has(pathAndQuery)) return upstream.request(method, pathAndQuery, body);
      const key = `${method} ${pathAndQuery} ${body ?? ""}`;
      let answer = sent.get(key);
      if (!answer) {
        answer = upstream
          .request(method, pathAndQuery, body)
          .then(async (r) => ({ text: await r.text(), init: { status: r.status, statusText: r.statusText, headers: r.headers } }));
        sent.set(key, answer);
        answer.catch(() => sent.delete(key));
      }
      return answer.then(({ text, init }) => new Response(text === "" ? null : text, init));
    },
  };
}

/** Metronome's own message of a refusal (its JSON `message`, bounded), else which status it answered. */
export function upstreamMessage(body: unknown, status: number): string {
  return isObject(body) && typeof body.message === "string" ? body.message.slice(0, 1000) : `Metronome answered ${status}`;
}
