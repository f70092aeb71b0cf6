/**
 * The access rule (T3): may a customer, or one of its seats, use the host product now? One pure
 * function, decideAccess, used by the server's access check and by the dashboard.
 *
 * A scope is the customer's contract-level (pooled) credits, or one seat's seat-scoped credits.
 * A scope is gated when
 * 1. a low-balance alert covering it is in alarm (contract-level alerts cover the customer,
 *    seat-level alerts cover their seat), or
 * 2. a credit type it holds now is used up: its balance is 0 or less.
 * A customer check looks at the customer's scope; a seat check at the customer's scope first
 * (a gated customer gates every seat), then the seat's own. A seat the projection does not know is
 * refused as unknown_seat. The first gate found names the reason (contract before seat, an alert
 * before a used-up balance); `resets_at` is when every gate lifts on its own: the latest next grant
 * of the gating credit types, or null when one of them has no grant coming (access then returns only
 * by a top-up). An allowed decision reports the scope's lowest balance and no `resets_at`.
 */
import type { AccessDecision, AccessReason } from "../contract/bff";
import { toIso } from "./time";

/** Metronome's seat-level low-balance alert; every other gating type watches the contract-level credits. */
export const SEAT_ALERT_TYPE = "low_remaining_seat_balance_reached";

/** The alert types that gate access: Metronome's low-balance threshold notifications. */
export const GATING_ALERT_TYPES: readonly string[] = [
  SEAT_ALERT_TYPE,
  "low_remaining_contract_credit_balance_reached",
  "low_remaining_contract_credit_and_commit_balance_reached",
  "low_credit_balance_reached",
  // The name Metronome's webhooks give low_credit_balance_reached.
  "low_remaining_credit_balance_reached",
];

/** What a scope holds now of one credit type. */
export interface ScopeCredit {
  credit_type_id: string;
  balance: number;
  /** When the scope is next granted this credit type (epoch ms: the next period's grant, a scheduled commit); null when nothing is coming. */
  next_grant_at: number | null;
}

/** One low-balance alert's state for a scope. */
export interface ScopeAlert {
  alert_id: string;
  credit_type_id: string | null;
  in_alarm: boolean;
}

export interface ScopeState {
  credits: readonly ScopeCredit[];
  alerts: readonly ScopeAlert[];
}

/** What the rule reads: the customer's scope and, for a seat check, the seat's (null: a seat it does not know). */
export interface AccessInput {
  customer: ScopeState;
  seat?: ScopeState | null;
}

/** The operator's choice when the state cannot be learnt (ACCESS_CHECK_UNKNOWN). */
export type UnknownStatePolicy = "open" | "closed";

interface Gate {
  reason: AccessReason;
  credit_type_id: string | null;
  balance: number;
  next_grant_at: number | null;
}

type Level = "contract" | "seat";

const ALERT_REASON: Record<Level, AccessReason> = { contract: "contract_alert_in_alarm", seat: "seat_alert_in_alarm" };
const EXHAUSTED_REASON: Record<Level, AccessReason> = { contract: "contract_balance_exhausted", seat: "seat_balance_exhausted" };

function gatesOf(scope: ScopeState, level: Level): Gate[] {
  const credit = (typeId: string | null) => scope.credits.find((c) => c.credit_type_id === typeId);
  const gates: Gate[] = [];
  for (const alert of scope.alerts) {
    if (!alert.in_alarm) continue;
    const held = credit(alert.credit_type_id);
    gates.push({ reason: ALERT_REASON[level], credit_type_id: alert.credit_type_id, balance: held?.balance ?? 0, next_grant_at: held?.next_grant_at ?? null });
  }
  for (const held of scope.credits) {
    if (held.balance <= 0) gates.push({ reason: EXHAUSTED_REASON[level], ...held });
  }
  return gates;
}

/** The allowed answer: the scope's lowest balance, else the credit type an alert watches, else nothing. */
function allowed(scope: ScopeState): AccessDecision {
  const lowest = [...scope.credits].sort((a, b) => a.balance - b.balance || a.credit_type_id.localeCompare(b.credit_type_id))[0];
  const watched = scope.alerts.find((a) => a.credit_type_id !== null)?.credit_type_id ?? null;
  return { allowed: true, reason: "ok", balance: lowest?.balance ?? 0, credit_type_id: lowest?.credit_type_id ?? watched, resets_at: null };
}

function gated(gates: readonly Gate[]): AccessDecision {
  const [first] = gates as [Gate, ...Gate[]];
  const returns = gates.some((g) => g.next_grant_at === null) ? null : Math.max(...gates.map((g) => g.next_grant_at as number));
  return { allowed: false, reason: first.reason, balance: first.balance, credit_type_id: first.credit_type_id, resets_at: returns === null ? null : toIso(returns) };
}

/** The decision for a customer (input.seat absent) or one of its seats; null input: the state is unknown. */
export function decideAccess(input: AccessInput | null, unknown: UnknownStatePolicy = "closed"): AccessDecision {
  if (input === null) return { allowed: unknown === "open", reason: "state_unknown", balance: 0, credit_type_id: null, resets_at: null };
  const gates = gatesOf(input.customer, "contract");
  if (input.seat === undefined) return gates.length > 0 ? gated(gates) : allowed(input.customer);
  if (input.seat === null) {
    return gates.length > 0 ? gated(gates) : { allowed: false, reason: "unknown_seat", balance: 0, credit_type_id: null, resets_at: null };
  }
  gates.push(...gatesOf(input.seat, "seat"));
  return gates.length > 0 ? gated(gates) : allowed(input.seat);
}
