import type { SeatPolicy } from "../contract/bff";
import type { SeatPolicyConfig } from "./config";
import type { CustomerDirectory } from "./customers";
import { isObject, type JsonObject } from "./json";

/** A refusal carries the same codes as the shared domain's seat policy (src/domain/seat-policy.ts). */
export type PolicyVerdict = { ok: true } | { ok: false; code: "below_min_seats" | "above_max_seats"; message: string };

/** The configured policy of a customer: an entry under its id, else under one of its ingest aliases. */
export async function resolveSeatPolicy(config: SeatPolicyConfig, customerId: string, directory: CustomerDirectory): Promise<SeatPolicy> {
  let limits = config[customerId];
  if (!limits) {
    const aliasKeys = Object.keys(config).filter((key) => key !== customerId);
    if (aliasKeys.length > 0) {
      const customer = await directory.get(customerId);
      const alias = customer?.ingest_aliases.find((a) => config[a] !== undefined);
      if (alias !== undefined) limits = config[alias];
    }
  }
  return { customer_id: customerId, min_seats: limits?.min_seats ?? null, max_seats: limits?.max_seats ?? null };
}

/**
 * The seat-policy gate of a seat edit (POST /v2/contracts/edit), run before the edit goes upstream.
 * Rejects when an explicit new total (`quantity_updates[].quantity`) is outside the customer's
 * min/max seats. Totals reached through deltas or seat IDs are not judged here.
 */
export function checkSeatPolicy(policy: SeatPolicy, edit: JsonObject): PolicyVerdict {
  if (policy.min_seats === null && policy.max_seats === null) return { ok: true };
  const updates = Array.isArray(edit.update_subscriptions) ? edit.update_subscriptions : [];
  for (const update of updates) {
    if (!isObject(update) || !Array.isArray(update.quantity_updates)) continue;
    for (const change of update.quantity_updates) {
      if (!isObject(change) || typeof change.quantity !== "number") continue;
      if (policy.min_seats !== null && change.quantity < policy.min_seats) {
        return { ok: false, code: "below_min_seats", message: `This customer's seat policy requires at least ${policy.min_seats} seats; ${change.quantity} is below it` };
      }
      if (policy.max_seats !== null && change.quantity > policy.max_seats) {
        return { ok: false, code: "above_max_seats", message: `This customer's seat policy allows at most ${policy.max_seats} seats; ${change.quantity} is above it` };
      }
    }
  }
  return { ok: true };
}
