import type { Session } from "../contract/bff";
import type { Upstream } from "../contract/bff";
import { HttpError } from "./errors";
import { MAY_BACKDATE } from "./policy";
import type { ActiveSession } from "./sessions";

export const MEMBER_READ_ONLY = "Members can view seats but not change them";

/** 403 unless the session may act for this customer. */
export function assertCustomerInScope(session: ActiveSession, customerId: string): void {
  if (session.customer_ids.includes(customerId)) return;
  if (session.role === "account_manager") {
    throw new HttpError(403, `Customer ${customerId} is not assigned to you`, "customer_out_of_scope");
  }
  throw new HttpError(403, `This session is for customer ${session.customer_ids[0] ?? "(none)"} and cannot access customer ${customerId}`, "customer_out_of_scope");
}

export function assertCanWrite(session: ActiveSession): void {
  if (session.role === "customer_member") throw new HttpError(403, MEMBER_READ_ONLY, "read_only_role");
}

export function sessionView(session: ActiveSession, upstream: Upstream, now: string): Session {
  return {
    user: session.user,
    role: session.role,
    customer_ids: session.customer_ids,
    expires_at: session.expires_at,
    upstream,
    can_write: session.role !== "customer_member",
    can_backdate: MAY_BACKDATE[session.role],
    now,
    locale: session.preferences?.locale ?? null,
    time_zone: session.preferences?.time_zone ?? null,
    theme: session.preferences?.theme ?? null,
  };
}
