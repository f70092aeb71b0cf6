/**
 * A page's view (GET /api/views/<page>, see src/contract/bff.ts, Views): the reads the page makes,
 * composed by the server and streamed line by line. Each answer is held here, briefly, under the
 * identity of its request; the page's own queries then send their requests as always, and the
 * API client (api-client.ts) answers each one from the view when it holds it, waiting while a
 * view is still arriving. A request the view does not hold goes to the network as before, so a
 * view can make a page faster but never change what it shows.
 */
import type { ViewEnd, ViewLine, ViewRead } from "../contract/bff";
import { readKey, withQueryString } from "../contract/metronome-reads";
import { errorFromResponse, NetworkError } from "./api-errors";

/** How long an answer of a view waits for its query (the page's queries ask within moments). */
const HOLD_MS = 10_000;

export interface HeldAnswer {
  status: number;
  body: unknown;
}

interface Held extends HeldAnswer {
  until: number;
}

const held = new Map<string, Held[]>();
const waiting = new Map<string, Array<(answer: HeldAnswer | undefined) => void>>();
let viewsInFlight = 0;
/** The last view's oldest answer, on this browser's clock, when it was older than the server's freshness window. */
let dataAsOf: number | null = null;
const listeners = new Set<() => void>();

/** The Metronome writes, which never come from a view (each write also drops what views hold). */
const WRITES = /^\/api\/metronome\/(v2\/contracts\/edit|v1\/alerts\/(create|archive))(\?|$)/;
/** What a view may hold: the allowlisted Metronome reads and the server-own reads pages make. */
const VIEW_PATHS = /^\/api\/(metronome\/|policy\?|alert-events\?|audit\?|customers\?|access\?)/;

function mayBeInView(method: string, path: string): boolean {
  return (method === "GET" || method === "POST") && VIEW_PATHS.test(path) && !WRITES.test(path);
}

function hold(read: ViewRead): void {
  // Server errors are not kept: the page's own query asks again, with its retry policy.
  if (read.status >= 500) return;
  keep(readKey(read.request.method, read.request.path, read.request.body ?? undefined), { status: read.status, body: read.body });
}

function keep(key: string, answer: HeldAnswer): void {
  const waiter = waiting.get(key)?.shift();
  if (waiter) {
    waiter(answer);
    return;
  }
  const list = held.get(key) ?? [];
  list.push({ ...answer, until: Date.now() + HOLD_MS });
  held.set(key, list);
}

function releaseWaiters(): void {
  if (viewsInFlight > 0) return;
  for (const list of waiting.values()) for (const waiter of list) waiter(undefined);
  waiting.clear();
}

/**
 * The answer a view holds for this request (taken: it answers once), waiting while a view is on
 * its way; undefined when no view has it. A write drops everything held, so nothing read before
 * it can answer after it. A request cancelled meanwhile (its query unmounted) leaves the answer
 * for the next one.
 */
export async function takeViewAnswer(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<HeldAnswer | undefined> {
  const key = readKey(method, path, body);
  const answer = await findAnswer(key, method, path);
  if (answer && signal?.aborted) {
    keep(key, answer);
    return undefined;
  }
  return answer;
}

async function findAnswer(key: string, method: string, path: string): Promise<HeldAnswer | undefined> {
  if (!mayBeInView(method, path)) {
    if (method !== "GET") held.clear();
    return undefined;
  }
  const list = held.get(key);
  while (list && list.length > 0) {
    const next = list.shift()!;
    if (next.until >= Date.now()) return next;
  }
  held.delete(key);
  if (viewsInFlight === 0) return undefined;
  return new Promise((resolve) => {
    const list = waiting.get(key) ?? [];
    list.push(resolve);
    waiting.set(key, list);
  });
}

/** Reads one view's stream, holding each answer as its line arrives. */
async function readView(path: string): Promise<ViewEnd | null> {
  const response = await fetch(path, { headers: { Accept: "application/x-ndjson" }, credentials: "same-origin" });
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => "");
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    throw errorFromResponse(response.status, parsed);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let end: ViewEnd | null = null;
  const take = (line: string) => {
    if (!line.trim()) return;
    const parsed = JSON.parse(line) as ViewLine;
    if ("end" in parsed) end = parsed;
    else hold(parsed);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      take(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
    }
  }
  take(buffer);
  return end;
}

/**
 * Starts a page's view (it never throws: without it, the page's queries read for themselves).
 * Resolves when the view has arrived, with the time of its oldest answer (null when it failed).
 */
export function startView(page: string, params: Record<string, string | number | boolean | null | undefined>): Promise<number | null> {
  viewsInFlight += 1;
  return readView(withQueryString(`/api/views/${page}`, params))
    .then((end) => {
      if (!end) throw new NetworkError("The view ended early.");
      const fetchedAt = end.fetched_at ? Date.parse(end.fetched_at) : null;
      dataAsOf = fetchedAt !== null && end.age_ms > end.fresh_ms ? Date.now() - end.age_ms : null;
      for (const listener of listeners) listener();
      return fetchedAt;
    })
    .catch(() => null)
    .finally(() => {
      viewsInFlight -= 1;
      releaseWaiters();
    });
}

/**
 * When the last view's oldest answer was read upstream (epoch ms, this browser's clock) if that is
 * older than the server's freshness window (its read layer answered from its cache), else null.
 */
export function viewDataAsOf(): number | null {
  return dataAsOf;
}

/** Subscribes to new views (for useSyncExternalStore). */
export function onView(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
