/**
 * The wire contract of the BFF's own endpoints (everything under /api/ that is not a forwarded
 * Metronome call). Types only: imported with `import type` by both the SPA and the server, so
 * neither imports the other. Metronome's own JSON travels under /api/metronome/<path> unchanged
 * and is typed with @metronome/sdk.
 */

export type Role = "customer_admin" | "customer_member" | "account_manager";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

/** GET /api/session → 200 Session, or 401 {message} when signed out or expired. */
export interface Session {
  user: SessionUser;
  role: Role;
  /** customer roles: exactly one id; account managers: every assigned customer. */
  customer_ids: string[];
  /** ISO time at which the session ends. */
  expires_at: string;
  /** "simulator" when the embedded simulator is the upstream, "metronome" for the live API. */
  upstream: Upstream;
  /** Whether this role may change seats and alerts (false for members). */
  can_write: boolean;
  /** Whether this role may back-date seat changes (account managers). */
  can_backdate: boolean;
  /**
   * The upstream's current time (ISO) when this answer was made: the embedded simulator's clock
   * (which may be frozen or moved), or the server's clock against live Metronome.
   */
  now: string;
}

export type Upstream = "simulator" | "metronome";

/** GET /api/health → 200, or 503 while the database is unreachable. */
export interface Health {
  ok: boolean;
  upstream: Upstream;
  database: "up" | "down";
  /** The upstream's current time (ISO), as in Session.now. */
  now: string;
}

/** GET /api/demo-people (embedded simulator only) → {data: DemoPerson[]} */
export interface DemoPerson {
  id: string;
  user: SessionUser;
  role: Role;
  customer_ids: string[];
  /** e.g. "Admin of Acme Robotics (seat-based, 40 named seats)". */
  description: string;
}

/** POST /api/demo-sign-in {person_id} → 200 Session (sets the session cookie). */
export interface DemoSignInRequest {
  person_id: string;
}

/** POST /api/portal-sessions (Authorization: Bearer PORTAL_SECRET) */
export type PortalSessionRequest =
  | { role: "customer_admin" | "customer_member"; customer_id: string; user: SessionUser; return_url?: string }
  | { role: "account_manager"; customer_ids: string[]; user: SessionUser; return_url?: string };

export interface PortalSessionResponse {
  /** One-time, short-lived link; opening it sets the session cookie and redirects to return_url or "/". */
  url: string;
  expires_at: string;
}

/** GET /api/customers?q=&limit=&cursor= → customers the session may see, searched by name or id. */
export interface CustomerSummary {
  id: string;
  name: string;
  external_id?: string;
}
export interface CustomerPage {
  data: CustomerSummary[];
  next_page: string | null;
  /** How many customers match the query in all. */
  total: number;
}

/** Seat policy (S5), per customer, configured on the server. GET /api/policy?customer_id= */
export interface SeatPolicy {
  customer_id: string;
  min_seats: number | null;
  max_seats: number | null;
}

/**
 * Sent by the SPA with a seat edit (POST /api/metronome/v2/contracts/edit) in the
 * `X-Seat-Preview` header, JSON-encoded: what the person's page showed. The audit row keeps it as a
 * claim (`claimed_preview`) beside the server's own preview.
 */
export interface EditPreviewHeader {
  /**
   * Cost the preview showed, in the subscription's fiat credit type (USD cents): the charges the
   * change adds plus the upcoming charges it lowers (negative), domain/preview `previewedCost`.
   */
  previewed_charge: number;
  fiat_credit_type_id: string | null;
  /** Credits the preview said the change releases, per credit type id. */
  previewed_credits: Record<string, number>;
  summary: string;
}

/** GET /api/audit?customer_id=&contract_id=&subscription_id=&limit=&cursor= → {data: AuditEntry[], next_page}; subscription_id: rows whose subscription_ids contain it. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: SessionUser;
  role: Role;
  customer_id: string;
  contract_id: string;
  subscription_ids: string[];
  /** Metronome's edit id (data.id of the edit response); null when the edit was refused. */
  edit_id: string | null;
  outcome: "applied" | "rejected";
  /** Status and message when refused upstream or by policy. */
  error: { status: number; message: string } | null;
  /** The edit request body as the server built and sent it upstream (normalised). */
  request: unknown;
  seats_before: Record<string, number>;
  seats_after: Record<string, number>;
  /** The server's own preview of the edit, computed inside the edit's critical section. */
  preview: EditPreviewHeader | null;
  /** What the browser said its preview showed (the X-Seat-Preview header), kept as a claim; null when absent or malformed. */
  claimed_preview: EditPreviewHeader | null;
}
export interface AuditPage {
  data: AuditEntry[];
  next_page: string | null;
}

/** GET /api/alert-events?customer_id= → {data: AlertEvent[]}; newest first. */
export interface AlertEvent {
  id: string;
  type: string;
  received_at: string;
  customer_id: string;
  alert_id: string;
  /** The verified webhook body's `properties`. */
  properties: Record<string, unknown>;
}

// ── Access check (T3) ──────────────────────────────────────────────────────────────────────
// Whether a customer, or one of its seats, may use the host product now. Answered from the
// server's webhook-fed projection by the one rule in src/domain/access.ts (decideAccess).

/**
 * Why a decision is what it is. Gated (allowed false): a low-balance alert covering the scope is in
 * alarm, or the scope's credits are used up (≤ 0); a seat check is also gated when its customer is.
 * - ok: nothing gates it.
 * - contract_alert_in_alarm / contract_balance_exhausted: the customer's contract-level (pooled) credits.
 * - seat_alert_in_alarm / seat_balance_exhausted: the seat's own (seat-scoped) credits.
 * - seat_not_assigned: the seat is not assigned on any of the customer's seat-based subscriptions now.
 * - state_unknown: the server could not learn the state (Metronome unreachable on a first check);
 *   allowed then follows ACCESS_CHECK_UNKNOWN (closed by default).
 */
export type AccessReason =
  | "ok"
  | "contract_alert_in_alarm"
  | "contract_balance_exhausted"
  | "seat_alert_in_alarm"
  | "seat_balance_exhausted"
  | "seat_not_assigned"
  | "state_unknown";

export interface AccessDecision {
  allowed: boolean;
  reason: AccessReason;
  /**
   * What the deciding scope has left now of credit_type_id: the gating credit type when gated, else
   * the scope's lowest balance (0 when it holds no credits).
   */
  balance: number;
  /** The credit type the balance is in; null when the scope holds no credits and no alert watches it. */
  credit_type_id: string | null;
  /** When access returns on its own (ISO: the next credit grant or period start); null when allowed or never. */
  resets_at: string | null;
}

/**
 * POST /api/access/check (server to server, `Authorization: Bearer PORTAL_SECRET`) → 200 AccessDecision;
 * 401 bad or missing secret, 400 bad input (unknown fields named), 404 `unknown_customer`.
 */
export interface AccessCheckRequest {
  customer_id: string;
  seat_id?: string;
}

/** GET /api/access?customer_id= (session, customer scope checked) → the customer's and every known seat's decision. */
export interface CustomerAccess {
  customer_id: string;
  customer: AccessDecision;
  /** seat id → that seat's decision (a seat check's answer). */
  seats: Record<string, AccessDecision>;
  /** ISO time of the projection's last refresh from Metronome; null when the state is unknown. */
  refreshed_at: string | null;
}

/** Every BFF error body. */
export interface ApiErrorBody {
  message: string;
  code?: string;
}
