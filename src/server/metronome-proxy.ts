import { matchRoute } from "./allowlist";
import { HttpError } from "./errors";
import { parseJsonObject, requireString } from "./json";
import { freshnessHeaders, type ReadAnswer, type ReadLayer } from "./read-layer";
import { assertCustomerInScope } from "./scope";
import type { ActiveSession } from "./sessions";

/** An answer of the read layer for the browser: status, body, content type and how fresh it is. */
function passThrough(answer: ReadAnswer): Response {
  return new Response(answer.body === "" ? null : answer.body, {
    status: answer.status,
    headers: { "content-type": answer.contentType, ...freshnessHeaders(answer.fetchedAt), "x-read-cache": answer.cache },
  });
}

/** Whether the browser asked for an answer checked with Metronome now (`Cache-Control: no-cache` or `max-age=0`, or `Pragma: no-cache`). */
function wantsFresh(headers: Headers): boolean {
  const control = (headers.get("cache-control") ?? "").toLowerCase();
  return /(^|,)\s*(no-cache|no-store|max-age=0)\s*(,|$)/.test(control) || (headers.get("pragma") ?? "").toLowerCase().includes("no-cache");
}

/**
 * Forwards one allowlisted Metronome read for a signed-in person: checks the route and the
 * customer scope and passes Metronome's answer through unchanged. A POST read's body is sent as
 * the server parsed it (re-serialised), so the customer id checked is the one Metronome reads.
 * Answers come from the read layer (read-layer.ts), with their Age and x-data-fetched-at; a request
 * with `Cache-Control: no-cache` skips the stored answer.
 * Writes never come through here: each is a parsed operation (seat-edit.ts, alerts.ts).
 */
export function createMetronomeReads(reads: ReadLayer) {
  return async function read(request: Request, metronomePath: string, session: ActiveSession): Promise<Response> {
    const method = request.method.toUpperCase();
    const matched = matchRoute(method, metronomePath);
    if (!matched) {
      throw new HttpError(404, `${method} ${metronomePath} is not available through this dashboard`, "not_allowed");
    }
    const { route, pathCustomerId } = matched;
    const url = new URL(request.url);
    const query = new URLSearchParams();
    for (const name of route.query) for (const value of url.searchParams.getAll(name)) query.append(name, value);
    const target = metronomePath + (query.size > 0 ? `?${query}` : "");
    const fresh = wantsFresh(request.headers);

    if (method === "GET") {
      if (pathCustomerId !== null) assertCustomerInScope(session, pathCustomerId);
      return passThrough(await reads.get("GET", target, undefined, { customerId: pathCustomerId, fresh }));
    }
    const body = parseJsonObject(await request.text());
    const customerId = route.customer === "body" ? requireString(body, "customer_id") : null;
    if (customerId !== null) assertCustomerInScope(session, customerId);
    return passThrough(await reads.get("POST", target, JSON.stringify(body), { customerId, fresh }));
  };
}
