import { matchRoute } from "./allowlist";
import { HttpError } from "./errors";
import { parseJsonObject, requireString } from "./json";
import { assertCustomerInScope } from "./scope";
import type { ActiveSession } from "./sessions";
import type { MetronomeUpstream } from "./upstream";

/** Copies an upstream answer (status and body) for the browser, keeping only its content type. */
async function passThrough(response: Response): Promise<Response> {
  const body = await response.text();
  return new Response(body === "" ? null : body, {
    status: response.status,
    headers: { "content-type": response.headers.get("content-type") ?? "application/json; charset=utf-8" },
  });
}

/**
 * Forwards one allowlisted Metronome read for a signed-in person: checks the route and the
 * customer scope and passes Metronome's answer through unchanged. A POST read's body is sent as
 * the server parsed it (re-serialised), so the customer id checked is the one Metronome reads.
 * Writes never come through here: each is a parsed operation (seat-edit.ts, alerts.ts).
 */
export function createMetronomeReads(upstream: MetronomeUpstream) {
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

    if (method === "GET") {
      if (pathCustomerId !== null) assertCustomerInScope(session, pathCustomerId);
      return passThrough(await upstream.request("GET", target));
    }
    const body = parseJsonObject(await request.text());
    if (route.customer === "body") assertCustomerInScope(session, requireString(body, "customer_id"));
    return passThrough(await upstream.request("POST", target, JSON.stringify(body)));
  };
}
