import type { SeatPolicyConfig } from "./config";
import type { AuditStore } from "./audit";
import { randomUUID } from "node:crypto";
import { editedSubscriptions, parsePreviewHeader, readSeatTotals, reconcilePendingEdits } from "./audit";
import { matchRoute } from "./allowlist";
import type { CustomerDirectory } from "./customers";
import { HttpError, jsonError } from "./errors";
import { isObject, parseJsonObject, requireString, type JsonObject } from "./json";
import { checkSeatEdit, resolveSeatPolicy } from "./policy";
import { assertCanWrite, assertCustomerInScope } from "./scope";
import type { ActiveSession } from "./sessions";
import { upstreamJson, type MetronomeUpstream } from "./upstream";

export interface ProxyDeps {
  upstream: MetronomeUpstream;
  directory: CustomerDirectory;
  audit: AuditStore;
  seatPolicy: SeatPolicyConfig;
  /** The server's wall clock (the embedded simulator's clock wins for the back-dating rule). */
  now?: () => Date;
  /** Seat cap of seat-based subscriptions (the embedded simulator's setting). */
  maxSeats?: number | null;
}

/** Copies an upstream answer (status and body) for the browser, keeping only its content type. */
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

async function passThrough(response: Response, text?: string): Promise<Response> {
  const body = text ?? (await response.text());
  return new Response(body === "" ? null : body, {
    status: response.status,
    headers: { "content-type": response.headers.get("content-type") ?? "application/json; charset=utf-8" },
  });
}

function upstreamMessage(text: string, status: number): string {
  try {
    const body: unknown = JSON.parse(text);
    if (isObject(body) && typeof body.message === "string") return body.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 500) || `Metronome answered ${status}`;
}

/**
 * Forwards one allowlisted Metronome call for a signed-in person: checks the route, the role
 * and the customer scope, runs the seat edit's policy gate and audit, and passes Metronome's
 * answer through unchanged.
 */
export function createMetronomeProxy(deps: ProxyDeps) {
  const { upstream, directory, audit, seatPolicy } = deps;
  const now = deps.now ?? (() => new Date());

  async function contractEdit(session: ActiveSession, body: JsonObject, bodyText: string, previewHeader: string | undefined): Promise<Response> {
    const customerId = body.customer_id as string;
    const contractId = requireString(body, "contract_id");
    if (body.update_subscriptions !== undefined && !Array.isArray(body.update_subscriptions)) {
      throw new HttpError(400, "update_subscriptions must be an array", "invalid_field");
    }
    const preview = parsePreviewHeader(previewHeader);
    // Every edit carries a uniqueness key (the dashboard sends one per submission), so its outcome
    // can be found in Metronome's edit history whatever happens to the answer.
    let sentText = bodyText;
    if (body.uniqueness_key === undefined || body.uniqueness_key === null) {
      body.uniqueness_key = `seats-${randomUUID()}`;
      sentText = JSON.stringify(body);
    }
    const uniquenessKey = typeof body.uniqueness_key === "string" ? body.uniqueness_key : null;
    const subscriptions = editedSubscriptions(body);
    const base = {
      actor: session.user,
      role: session.role,
      customer_id: customerId,
      contract_id: contractId,
      subscription_ids: subscriptions.map((s) => s.id),
      request: body,
      preview,
    };
    // The audit's totals before and the seat-policy gate read the same state before the edit: they
    // run side by side and share their identical reads (the contract at least).
    const before = sharingReads(upstream);
    const [seatsBefore, verdict] = await Promise.all([
      readSeatTotals(before, customerId, contractId, subscriptions),
      // The single seat-policy gate of every seat edit.
      resolveSeatPolicy(seatPolicy, customerId, directory).then((policy) =>
        checkSeatEdit({ upstream: before, policy, canBackdate: session.role === "account_manager", now, maxSeats: deps.maxSeats ?? undefined }, body),
      ),
    ]);
    if (!verdict.ok) {
      await audit.record({ ...base, edit_id: null, outcome: "rejected", error: { status: verdict.status, message: verdict.message }, seats_before: seatsBefore, seats_after: seatsBefore });
      return jsonError(verdict.status, verdict.message, verdict.code);
    }

    // The row is written before the edit goes upstream and settled after, so an applied edit has
    // its row even when this process dies or the answer is lost (see reconcilePendingEdits).
    const rowId = await audit.begin({ ...base, seats_before: seatsBefore });
    const pendingKey = uniquenessKey === null ? null : { contract_id: contractId, uniqueness_key: uniquenessKey };
    let response: Response;
    try {
      response = await upstream.request("POST", "/v2/contracts/edit", sentText);
    } catch (error) {
      if (pendingKey) await reconcilePendingEdits(upstream, audit, pendingKey).catch(() => undefined);
      throw error;
    }
    const text = await response.text();
    if (!response.ok) {
      await audit.settle(rowId, { edit_id: null, outcome: "rejected", error: { status: response.status, message: upstreamMessage(text, response.status) } });
      // A 409 on a retry: an earlier attempt with this key was applied; settle its row if still pending.
      if (response.status === 409 && pendingKey) await reconcilePendingEdits(upstream, audit, pendingKey).catch(() => undefined);
      return passThrough(response, text);
    }
    let editId: string | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (isObject(parsed) && isObject(parsed.data) && typeof parsed.data.id === "string") editId = parsed.data.id;
    } catch {
      editId = null;
    }
    // The totals after are informative: failing to read them must not lose the row of an applied edit.
    const seatsAfter = await readSeatTotals(upstream, customerId, contractId, subscriptions).catch(() => ({}));
    await audit.settle(rowId, { edit_id: editId, outcome: "applied", error: null, seats_after: seatsAfter });
    return passThrough(response, text);
  }

  async function alertArchive(body: JsonObject, bodyText: string): Promise<Response> {
    const customerId = body.customer_id as string;
    const alertId = requireString(body, "id");
    const owner = await upstreamJson(upstream, "POST", "/v1/customer-alerts/get", { customer_id: customerId, alert_id: alertId });
    if (!owner.ok) {
      if (owner.status >= 500) throw new HttpError(502, `Metronome answered ${owner.status} while checking alert ${alertId}`, "upstream_error");
      throw new HttpError(404, `Alert ${alertId} does not belong to customer ${customerId}`, "alert_not_found");
    }
    return passThrough(await upstream.request("POST", "/v1/alerts/archive", bodyText));
  }

  return async function proxy(request: Request, metronomePath: string, session: ActiveSession): Promise<Response> {
    const method = request.method.toUpperCase();
    const matched = matchRoute(method, metronomePath);
    if (!matched) {
      throw new HttpError(404, `${method} ${metronomePath} is not available through this dashboard`, "not_allowed");
    }
    const { route, pathCustomerId } = matched;
    if (route.access === "write") assertCanWrite(session);

    const url = new URL(request.url);
    const query = new URLSearchParams();
    for (const name of route.query) for (const value of url.searchParams.getAll(name)) query.append(name, value);
    const target = metronomePath + (query.size > 0 ? `?${query}` : "");

    if (method === "GET") {
      if (pathCustomerId !== null) assertCustomerInScope(session, pathCustomerId);
      return passThrough(await upstream.request("GET", target));
    }

    const bodyText = await request.text();
    const body = parseJsonObject(bodyText);
    if (route.customer === "body") {
      const customerId = requireString(body, "customer_id");
      assertCustomerInScope(session, customerId);
    }
    if (route.kind === "contract-edit") return contractEdit(session, body, bodyText, request.headers.get("x-seat-preview") ?? undefined);
    if (route.kind === "alert-archive") return alertArchive(body, bodyText);
    return passThrough(await upstream.request("POST", target, bodyText));
  };
}
