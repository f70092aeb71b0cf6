/**
 * Alert writes: create and archive, each parsed into an operation (operations.ts) and turned into
 * the Metronome request here. Alerts the dashboard creates live in the customer's own
 * uniqueness-key namespace (src/domain/alert-ownership.ts): a customer can never collide with,
 * learn of or archive another customer's alert, nor one that applies to every customer.
 */
import type { AlertArchiveParams, AlertCreateParams } from "@metronome/sdk/resources/v1/alerts";
import { customerAlertKey, isCustomerOwnedAlert } from "../domain/alert-ownership";
import { HttpError, jsonError } from "./errors";
import { isObject, jsonResponse } from "./json";
import { parseAlertArchive, parseAlertCreate, type AlertCreateOperation } from "./operations";
import type { ReadLayer } from "./read-layer";
import { assertCanWrite, assertCustomerInScope } from "./scope";
import type { ActiveSession } from "./sessions";
import { upstreamJson, upstreamMessage, type MetronomeUpstream, type UpstreamJson } from "./upstream";

/** The Metronome request for a parsed alert; the key is placed in the customer's namespace. */
function alertCreateBody(op: AlertCreateOperation): AlertCreateParams {
  return {
    customer_id: op.customer_id,
    alert_type: op.alert_type,
    name: op.name,
    credit_type_id: op.credit_type_id,
    threshold: op.threshold,
    uniqueness_key: customerAlertKey(op.customer_id, op.uniqueness_key),
    ...(op.seat_filter ? { seat_filter: op.seat_filter } : {}),
    ...(op.evaluate_on_create !== undefined ? { evaluate_on_create: op.evaluate_on_create } : {}),
  };
}

/** Metronome's answer for the browser: its data on success, else {message, code} (never another object's ids). */
function answer(result: UpstreamJson): Response {
  if (result.ok) return jsonResponse(result.body);
  if (result.status >= 500 || result.status === 0) return jsonError(502, `Metronome answered ${result.status}; nothing was changed. Try again shortly`, "upstream_error");
  return jsonError(result.status, upstreamMessage(result.body, result.status), "upstream_rejected");
}

/** The customer's cached reads are dropped once a write was sent, before its answer returns. */
export function createAlertWrites(upstream: MetronomeUpstream, reads: Pick<ReadLayer, "invalidateCustomer">) {
  async function write(customerId: string, path: string, body: unknown): Promise<UpstreamJson> {
    try {
      return await upstreamJson(upstream, "POST", path, body);
    } finally {
      await reads.invalidateCustomer(customerId);
    }
  }

  async function create(session: ActiveSession, body: string): Promise<Response> {
    assertCanWrite(session);
    const op = parseAlertCreate(body);
    assertCustomerInScope(session, op.customer_id);
    const result = await write(op.customer_id, "/v1/alerts/create", alertCreateBody(op));
    if (result.status === 409) {
      // Keys are per customer, so the alert in the way is this customer's own.
      return jsonError(409, "An alert with this definition already exists for this customer; archive it first or change the threshold", "alert_exists");
    }
    return answer(result);
  }

  async function archive(session: ActiveSession, body: string): Promise<Response> {
    assertCanWrite(session);
    const op = parseAlertArchive(body);
    assertCustomerInScope(session, op.customer_id);
    const found = await upstreamJson(upstream, "POST", "/v1/customer-alerts/get", { customer_id: op.customer_id, alert_id: op.id });
    if (found.status >= 500) throw new HttpError(502, `Metronome answered ${found.status} while checking alert ${op.id}; nothing was changed`, "upstream_error");
    const alert = found.ok && isObject(found.body) && isObject(found.body.data) && isObject(found.body.data.alert) ? found.body.data.alert : null;
    if (!alert) throw new HttpError(404, `Alert ${op.id} does not belong to customer ${op.customer_id}`, "alert_not_found");
    if (!isCustomerOwnedAlert(op.customer_id, typeof alert.uniqueness_key === "string" ? alert.uniqueness_key : null)) {
      throw new HttpError(
        403,
        "This alert was not created for this customer in the dashboard (it may apply to every customer), so it is read-only here; it can be archived in Metronome",
        "alert_read_only",
      );
    }
    const params: AlertArchiveParams = { id: op.id, ...(op.release_uniqueness_key !== undefined ? { release_uniqueness_key: op.release_uniqueness_key } : {}) };
    return answer(await write(op.customer_id, "/v1/alerts/archive", params));
  }

  return { create, archive };
}
