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
  /** BCP 47 locale the host product asked for (canonical, e.g. "de-DE"); null: the browser's languages. */
  locale: string | null;
  /** IANA time zone the host product asked for (e.g. "Europe/Berlin"); null: the browser's. */
  time_zone: string | null;
  /** The host product's look for this session; null: the dashboard's own theme. */
  theme: PortalTheme | null;
}

export type ThemeMode = "light" | "dark" | "system";

/**
 * A host product's theme for a portal session, each field optional and validated by the server
 * (colours `#rrggbb` lower-cased, radius a bounded length in px or rem, font_family a stack of
 * family names). The dashboard derives the text colours from them so contrast stays WCAG AA.
 */
export interface PortalTheme {
  brand_color?: string;
  accent_color?: string;
  radius?: string;
  font_family?: string;
  /** The colour mode to start in; the person may still switch it in the user menu. */
  mode?: ThemeMode;
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
export type PortalSessionRequest = (
  | { role: "customer_admin" | "customer_member"; customer_id: string }
  | { role: "account_manager"; customer_ids: string[] }
) & {
  user: SessionUser;
  return_url?: string;
  /** BCP 47, canonicalised (e.g. "de-de" → "de-DE"). */
  locale?: string;
  /** IANA time zone name. */
  time_zone?: string;
  theme?: PortalTheme;
};

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
 * - unknown_seat: Metronome lists no seat of that id for the customer now (not assigned, nor holding credits).
 * - state_unknown: the server could not learn the state (Metronome unreachable on a first check);
 *   allowed then follows ACCESS_CHECK_UNKNOWN (closed by default).
 */
export type AccessReason =
  | "ok"
  | "contract_alert_in_alarm"
  | "contract_balance_exhausted"
  | "seat_alert_in_alarm"
  | "seat_balance_exhausted"
  | "unknown_seat"
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

// ─── Freshness of Metronome reads ───────────────────────────────────────────────────────────
// Every answer of /api/metronome/* (and of the views composed of them) comes from the server's read
// layer (src/server/read-layer.ts) and carries two headers:
//   Age                 whole seconds since Metronome answered (0 when fetched for this request);
//   x-data-fetched-at   when Metronome answered, ISO, by the server's wall clock (not the simulator's).
// An answer is served from the cache while younger than the freshness window (5 s by default) and,
// up to the maximum staleness (60 s), while one revalidation runs; so an Age above the window means
// the data shown is that old. The server's own writes make the next read of that customer fresh.
// x-read-cache says how it was had: "hit", "stale" or "miss" (for diagnosis only). A request sent with
// `Cache-Control: no-cache` is answered by Metronome now, for a check that must see the latest state.

/** GET /api/internal/metrics (Authorization: Bearer PORTAL_SECRET): the read layer's figures since start. */
export interface InternalMetrics {
  upstream_calls: {
    /** Requests sent to Metronome (each retry counts). */
    total: number;
    /** The same, by path without its query. */
    by_path: Record<string, number>;
    /** Answers that were 429. */
    throttled: number;
  };
  upstream_limit: { active: number; queued: number; paused_until: string | null };
  read_cache: {
    entries: number;
    bytes: number;
    hits: number;
    stale: number;
    misses: number;
    coalesced: number;
    revalidations: number;
    evictions: number;
    invalidations: number;
    /** false while the link to the other instances is down (nothing is cached then). */
    shared: boolean;
  };
}

// ─── Top-ups and auto-recharge ──────────────────────────────────────────────────────────────
// GET /api/top-up-packs, POST /api/top-ups, GET /api/top-ups, PUT /api/auto-recharge (src/server/top-ups.ts,
// src/server/auto-recharge.ts). Every figure shown about them comes from src/domain/top-up-preview.ts.

/** An amount of money in a currency credit type's own unit (USD: cents). */
export interface MoneyAmount {
  amount: number;
  credit_type_id: string;
}

/** Who a pack's credits are for: the whole contract (pooled). Seat-scoped packs are refused by the catalogue (README). */
export type TopUpScope = "contract";

/** One pack of the operator's catalogue (TOPUP_PACKS or DATA_DIR/topup-packs.json). */
export interface TopUpPack {
  id: string;
  name: string;
  /** Credits the pack grants, in credit_type_id's unit. */
  credits: number;
  credit_type_id: string;
  /** What the pack costs, invoiced when it is bought. */
  price: MoneyAmount;
  /** The Metronome product its commit and invoice line are named by. */
  product_id: string;
  /** The credits last this many months from the purchase (the commit's access schedule). */
  duration_months: number;
  scope: TopUpScope;
}

/** The operator's bounds for auto-recharge (AUTO_RECHARGE_BOUNDS), in credit_type_id's unit. */
export interface AutoRechargeBounds {
  /** The balance credit type the threshold and recharge-to amounts are in (Metronome's custom_credit_type_id). */
  credit_type_id: string;
  /** The product the recharge commit (and its invoice line) is named by. */
  product_id: string;
  min_threshold: number;
  max_threshold: number;
  /** recharge_to must be at least this far above the threshold (Metronome: $10 in the contract's fiat). */
  min_recharge_step: number;
  max_recharge_to: number;
  /** The price of one credit a recharge buys, for the preview. */
  unit_price: MoneyAmount;
}

/** GET /api/top-up-packs?customer_id= (session in scope) */
export interface TopUpCatalogue {
  data: TopUpPack[];
  /** null when auto-recharge is not offered (no bounds configured). */
  auto_recharge: AutoRechargeBounds | null;
}

/** POST /api/top-ups: never a price or an amount; the server builds the commit from the catalogue entry. */
export interface TopUpRequest {
  customer_id: string;
  contract_id: string;
  pack_id: string;
  /** Refused: seat-scoped packs are not offered (see TopUpScope). */
  seat_id?: string;
  /** One per submission; a retry reuses it and is answered from the first attempt. */
  uniqueness_key: string;
}

/**
 * Where a purchase or a recharge stands, as Metronome reports it:
 * - sending: the request is on its way to Metronome (or its answer was lost; sending it again settles it)
 * - applied: auto-recharge settings Metronome accepted (they involve no payment by themselves)
 * - awaiting_payment: the commit exists and Metronome is collecting the payment; its credits are not yet released
 * - paid: the payment succeeded and the credits are released
 * - failed: the payment failed; Metronome voided the invoice and no credits were granted (never retried by itself)
 * - action_required: the payment needs the payer (e.g. card authentication); status_message says what to do
 * - rejected: Metronome refused the request, nothing was bought
 */
export type TopUpStatus = "sending" | "applied" | "awaiting_payment" | "paid" | "failed" | "action_required" | "rejected";

/** A purchase of a pack, a change of the auto-recharge settings, or a recharge Metronome started at the threshold. */
export type TopUpKind = "pack" | "auto_recharge_settings" | "recharge";

/** GET /api/top-ups?customer_id=&contract_id=&limit= → {data: TopUpPurchase[]}, newest first. */
export interface TopUpPurchase {
  id: string;
  kind: TopUpKind;
  /** When it was asked for (the upstream's clock). */
  at: string;
  /** When its status last changed. */
  updated_at: string;
  /** null for a recharge Metronome started by itself. */
  actor: SessionUser | null;
  role: Role | null;
  customer_id: string;
  contract_id: string;
  /** The pack as it was bought (kind "pack"), else null. */
  pack: Pick<TopUpPack, "id" | "name" | "credits" | "credit_type_id" | "price" | "duration_months"> | null;
  /** The settings asked for (kind "auto_recharge_settings"), else null. */
  settings: AutoRechargeSettings | null;
  status: TopUpStatus;
  /** Plain words about the status: why it failed, or what the payer must do. */
  status_message: string | null;
  /** Metronome's edit id, once it applied the request. */
  edit_id: string | null;
  /** The commit Metronome created, once known. */
  commit_id: string | null;
  /** The invoice of the payment, once known. */
  invoice_id: string | null;
}

/** The auto-recharge settings of a contract (Metronome's prepaid_balance_threshold_configuration). */
export interface AutoRechargeSettings {
  enabled: boolean;
  /** When the balance falls to this many credits, a recharge starts. */
  threshold: number;
  /** A recharge buys the credits that bring the balance back to this. */
  recharge_to: number;
}

/** PUT /api/auto-recharge */
export interface AutoRechargeRequest extends AutoRechargeSettings {
  customer_id: string;
  contract_id: string;
  uniqueness_key: string;
}

/** POST /api/top-ups → 200, and PUT /api/auto-recharge → 200: the row as settled (also on a retry). */
export interface TopUpAnswer {
  data: TopUpPurchase;
}

// ---------------------------------------------------------------------------------------------
// Views

/**
 * One read of a view: the request as the page's own query sends it (`path` is the browser's,
 * `/api/metronome/…` or a server-own `/api/…` with its query string; `body` the JSON of a POST),
 * the answer it would have received there (status and JSON body) and when Metronome gave it.
 */
export interface ViewRead {
  request: { method: "GET" | "POST"; path: string; body: Record<string, unknown> | null };
  status: number;
  body: unknown;
  /** When the answer was read upstream (ISO, the server's clock): the read layer may answer from its cache. */
  fetched_at: string;
}

/**
 * The last line of a view: every read has been sent; `fetched_at` is the oldest answer's time (null:
 * no read), `age_ms` how old it was when the view ended and `fresh_ms` the read layer's freshness
 * window (an older answer is shown with its time).
 */
export interface ViewEnd {
  end: true;
  fetched_at: string | null;
  age_ms: number;
  fresh_ms: number;
}

/**
 * GET /api/views/<page>?customer_id=…: every read the page makes on load, composed by the server
 * near Metronome, streamed as newline-delimited JSON (`application/x-ndjson`): one ViewRead per
 * line as each answer arrives, then one ViewEnd. A page's first rows need not wait for its last.
 */
export type ViewLine = ViewRead | ViewEnd;
