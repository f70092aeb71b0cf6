/**
 * Bad input across every /api/* endpoint (the seat edit, alert and sign-in forms send through
 * these): each answer is a 4xx with a specific message naming what is wrong, and the simulator's
 * state does not move. Prints its case count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, FROZEN_NOW, isSpecificMessage, jsonOf, reportCounts, startPortal, type DemoIds, type Portal } from "../../test/resilience/harness";
import { AI_CREDITS_ID } from "../simulator/state";
import { signWebhook, TEST_WEBHOOK_SECRET } from "./test-helpers";

type Person = "acme-admin" | "globex-admin" | "account-manager" | null;

interface BadInput {
  name: string;
  as: Person;
  method: "GET" | "POST";
  path: string | ((ids: Ids) => string);
  body?: (ids: Ids) => unknown;
  raw?: string;
  headers?: Record<string, string> | ((raw: string) => Record<string, string>);
  origin?: null;
  /** The message must match (it names the field or the reason). */
  says: RegExp;
}

interface Ids {
  acme: DemoIds;
  globex: DemoIds;
}

const at = FROZEN_NOW;
const acmeEdit = (ids: Ids, update: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  customer_id: ids.acme.customerId,
  contract_id: ids.acme.contractId,
  update_subscriptions: [{ subscription_id: ids.acme.subscriptionId, ...update }],
  ...extra,
});
const globexEdit = (ids: Ids, quantityUpdate: Record<string, unknown>) => ({
  customer_id: ids.globex.customerId,
  contract_id: ids.globex.contractId,
  update_subscriptions: [{ subscription_id: ids.globex.subscriptionId, quantity_updates: [quantityUpdate] }],
});
const EDIT = "/api/metronome/v2/contracts/edit";
const alertBody = (ids: Ids, extra: Record<string, unknown>): Record<string, unknown> => ({
  customer_id: ids.acme.customerId,
  alert_type: "low_remaining_contract_credit_balance_reached",
  name: "Low",
  threshold: 10,
  credit_type_id: AI_CREDITS_ID,
  uniqueness_key: "alert-bad-input",
  ...extra,
});
const user = { id: "host-1", name: "Host", email: "host@acme.example" };

export const BAD_INPUTS: BadInput[] = [
  // Sign-in form
  { name: "sign-in: empty body", as: null, method: "POST", path: "/api/demo-sign-in", raw: "", says: /empty body/ },
  { name: "sign-in: not JSON", as: null, method: "POST", path: "/api/demo-sign-in", raw: "{person_id:", says: /not valid JSON/ },
  { name: "sign-in: an array", as: null, method: "POST", path: "/api/demo-sign-in", body: () => ["acme-admin"], says: /JSON object/ },
  { name: "sign-in: person_id a number", as: null, method: "POST", path: "/api/demo-sign-in", body: () => ({ person_id: 7 }), says: /person_id/ },
  { name: "sign-in: person_id blank", as: null, method: "POST", path: "/api/demo-sign-in", body: () => ({ person_id: "  " }), says: /person_id/ },
  { name: "sign-in: unknown person", as: null, method: "POST", path: "/api/demo-sign-in", body: () => ({ person_id: "mallory" }), says: /mallory/ },
  { name: "sign-in: body over 1 MB", as: null, method: "POST", path: "/api/demo-sign-in", raw: JSON.stringify({ person_id: "x".repeat(1_100_000) }), says: /too large/ },
  // Portal sessions (host products)
  { name: "portal: no role", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: (i) => ({ customer_id: i.acme.customerId, user }), says: /role must be one of/ },
  { name: "portal: unknown role", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: (i) => ({ role: "owner", customer_id: i.acme.customerId, user }), says: /role must be one of/ },
  { name: "portal: user not an object", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: (i) => ({ role: "customer_admin", customer_id: i.acme.customerId, user: "pat" }), says: /user must be an object/ },
  { name: "portal: user email invalid", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: (i) => ({ role: "customer_admin", customer_id: i.acme.customerId, user: { ...user, email: "pat" } }), says: /email/ },
  { name: "portal: customer_ids empty", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: () => ({ role: "account_manager", customer_ids: [], user }), says: /customer_ids/ },
  { name: "portal: customer_ids not strings", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: () => ({ role: "account_manager", customer_ids: [1, 2], user }), says: /customer_ids/ },
  { name: "portal: unknown customer", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: () => ({ role: "customer_admin", customer_id: "no-such-customer", user }), says: /Unknown customer/ },
  { name: "portal: absolute return_url", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: (i) => ({ role: "customer_admin", customer_id: i.acme.customerId, user, return_url: "https://evil.example/" }), says: /return_url/ },
  { name: "portal: protocol-relative return_url", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: (i) => ({ role: "customer_admin", customer_id: i.acme.customerId, user, return_url: "//evil.example" }), says: /return_url/ },
  { name: "portal: backslash return_url", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: (i) => ({ role: "customer_admin", customer_id: i.acme.customerId, user, return_url: "/\\evil.example" }), says: /return_url/ },
  { name: "portal: javascript: return_url", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: (i) => ({ role: "customer_admin", customer_id: i.acme.customerId, user, return_url: "javascript:alert(1)" }), says: /return_url/ },
  { name: "portal: return_url with a dot segment", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: (i) => ({ role: "customer_admin", customer_id: i.acme.customerId, user, return_url: "/.//evil.example" }), says: /return_url/ },
  { name: "portal: return_url with a parent segment", as: null, method: "POST", path: "/api/portal-sessions", origin: null, headers: bearer, body: (i) => ({ role: "customer_admin", customer_id: i.acme.customerId, user, return_url: "/..//evil.example" }), says: /return_url/ },
  { name: "redeem: no token", as: null, method: "GET", path: "/api/portal-sessions/redeem", says: /no token/ },
  // BFF reads
  { name: "customers: limit 0", as: "account-manager", method: "GET", path: "/api/customers?limit=0", says: /limit must be an integer from 1 to 100/ },
  { name: "customers: limit text", as: "account-manager", method: "GET", path: "/api/customers?limit=ten", says: /limit/ },
  { name: "customers: limit 101", as: "account-manager", method: "GET", path: "/api/customers?limit=101", says: /limit/ },
  { name: "policy: no customer_id", as: "acme-admin", method: "GET", path: "/api/policy", says: /customer_id/ },
  { name: "audit: no customer_id", as: "acme-admin", method: "GET", path: "/api/audit", says: /customer_id/ },
  { name: "audit: forged cursor", as: "acme-admin", method: "GET", path: (i) => `/api/audit?customer_id=${i.acme.customerId}&cursor=1%20or%201=1`, says: /cursor/ },
  { name: "audit: a cursor beyond bigint", as: "acme-admin", method: "GET", path: (i) => `/api/audit?customer_id=${i.acme.customerId}&cursor=99999999999999999999999`, says: /cursor/ },
  { name: "audit: limit 0", as: "acme-admin", method: "GET", path: (i) => `/api/audit?customer_id=${i.acme.customerId}&limit=0`, says: /limit/ },
  { name: "alert-events: limit 201", as: "acme-admin", method: "GET", path: (i) => `/api/alert-events?customer_id=${i.acme.customerId}&limit=201`, says: /limit/ },
  // Seat edit form → /v2/contracts/edit
  { name: "edit: no customer_id", as: "acme-admin", method: "POST", path: EDIT, body: (i) => ({ contract_id: i.acme.contractId }), says: /customer_id/ },
  { name: "edit: no contract_id", as: "acme-admin", method: "POST", path: EDIT, body: (i) => ({ customer_id: i.acme.customerId }), says: /contract_id/ },
  { name: "edit: contract_id of no contract", as: "acme-admin", method: "POST", path: EDIT, body: (i) => ({ ...acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }), contract_id: "k-1" }), says: /contract_id/ },
  { name: "edit: contract_id with a slash", as: "acme-admin", method: "POST", path: EDIT, body: (i) => ({ ...acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }), contract_id: "../k" }), says: /contract_id must be a contract id/ },
  { name: "edit: a NUL byte in a seat ID", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_seat_ids: [{ seat_ids: ["a\u0000b@acme.example"], starting_at: at }] } }), says: /seat_ids\[0\] must not contain control characters/ },
  { name: "edit: a seat ID of 256 characters", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_seat_ids: [{ seat_ids: ["s".repeat(256)], starting_at: at }] } }), says: /1 to 255 characters/ },
  { name: "edit: a date-only starting_at", as: "globex-admin", method: "POST", path: EDIT, body: (i) => globexEdit(i, { quantity: 1, starting_at: "2026-11-01" }), says: /starting_at must be a full date and time/ },
  { name: "edit: a starting_at without an offset", as: "globex-admin", method: "POST", path: EDIT, body: (i) => globexEdit(i, { quantity: 300, starting_at: "2027-06-01T00:00:00" }), says: /starting_at must be a full date and time/ },
  { name: "edit: February 30", as: "globex-admin", method: "POST", path: EDIT, body: (i) => globexEdit(i, { quantity: 300, starting_at: "2027-02-30T00:00:00Z" }), says: /starting_at/ },
  { name: "edit: two subscriptions in one edit", as: "acme-admin", method: "POST", path: EDIT, body: (i) => ({ ...acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }), update_subscriptions: [1, 2].map(() => ({ subscription_id: i.acme.subscriptionId, seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } })) }), says: /exactly one/ },
  { name: "edit: nested 100,000 deep", as: "acme-admin", method: "POST", path: EDIT, raw: `{"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, says: /nested too deeply/ },
  { name: "edit: a back-dated subscription end", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { ending_before: "2026-01-01T00:00:00.000Z" }), says: /"update_subscriptions\[0\]\.ending_before" is not allowed/ },
  { name: "edit: a contract rename", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }, { update_contract_name: "Free" }), says: /"update_contract_name" is not allowed/ },
  { name: "edit: free recurring credits", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }, { add_recurring_credits: [{ access_amount: { unit_price: 1_000_000 } }] }), says: /"add_recurring_credits" is not allowed/ },
  { name: "edit: a new subscription", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }, { add_subscriptions: [{ initial_quantity: 5000 }] }), says: /"add_subscriptions" is not allowed/ },
  { name: "edit: a new end date", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }, { update_contract_end_date: "2026-12-01T00:00:00.000Z" }), says: /"update_contract_end_date" is not allowed/ },
  { name: "edit: update_subscriptions an object", as: "acme-admin", method: "POST", path: EDIT, body: (i) => ({ customer_id: i.acme.customerId, contract_id: i.acme.contractId, update_subscriptions: {} }), says: /update_subscriptions/ },
  { name: "edit: unknown subscription", as: "acme-admin", method: "POST", path: EDIT, body: (i) => ({ customer_id: i.acme.customerId, contract_id: i.acme.contractId, update_subscriptions: [{ subscription_id: i.globex.subscriptionId, seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }] }), says: /subscription/i },
  { name: "edit: quantity updates on a seat-based subscription", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { quantity_updates: [{ quantity: 44, starting_at: at }] }), says: /seat_updates/ },
  { name: "edit: seat_ids empty", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_seat_ids: [{ seat_ids: [], starting_at: at }] } }), says: /seat_ids must not be empty/ },
  { name: "edit: seat_ids twice", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_seat_ids: [{ seat_ids: ["new@acme.example", "new@acme.example"], starting_at: at }] } }), says: /twice|duplicate/i },
  { name: "edit: seat_updates with no starting_at", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_seat_ids: [{ seat_ids: ["new@acme.example"] }] } }), says: /starting_at/ },
  { name: "edit: seat_ids not strings", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_seat_ids: [{ seat_ids: [42], starting_at: at }] } }), says: /must be a string/ },
  { name: "edit: over 1000 seat IDs", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_seat_ids: [{ seat_ids: Array.from({ length: 1001 }, (_, n) => `s${n}`), starting_at: at }] } }), says: /at most 1000/ },
  { name: "edit: unassigned quantity 0", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 0, starting_at: at }] } }), says: /at least 1/ },
  { name: "edit: unassigned quantity 1.5", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1.5, starting_at: at }] } }), says: /integer/ },
  { name: "edit: starting_at not a date", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: "tomorrow" }] } }), says: /starting_at/ },
  { name: "edit: starting_at off the hour", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: "2026-11-24T12:30:00.000Z" }] } }), says: /hour/ },
  { name: "edit: starting_at before the subscription", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: "2001-01-01T00:00:00.000Z" }] } }), says: /current hour|before the subscription starts/ },
  { name: "edit: uniqueness_key of 129 characters", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }, { uniqueness_key: "k".repeat(129) }), says: /uniqueness_key/ },
  { name: "edit: an unsupported change", as: "acme-admin", method: "POST", path: EDIT, body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }, { add_commits: [{}] }), says: /add_commits/ },
  { name: "edit: quantity above the seat policy", as: "globex-admin", method: "POST", path: EDIT, body: (i) => globexEdit(i, { quantity: 401, starting_at: at }), says: /most allowed for this customer is 400/ },
  { name: "edit: quantity below the seat policy", as: "globex-admin", method: "POST", path: EDIT, body: (i) => globexEdit(i, { quantity: 9, starting_at: at }), says: /least allowed for this customer is 10/ },
  { name: "edit: negative quantity", as: "globex-admin", method: "POST", path: EDIT, body: (i) => globexEdit(i, { quantity: -5, starting_at: at }), says: /least allowed for this customer is 10|below zero|quantity/ },
  { name: "edit: quantity as text", as: "globex-admin", method: "POST", path: EDIT, body: (i) => globexEdit(i, { quantity: "300", starting_at: at }), says: /quantity/ },
  { name: "edit: quantity and delta together", as: "globex-admin", method: "POST", path: EDIT, body: (i) => globexEdit(i, { quantity: 300, quantity_delta: 2, starting_at: at }), says: /quantity/ },
  { name: "edit: a malformed preview header does not matter, a bad body still does", as: "acme-admin", method: "POST", path: EDIT, headers: { "x-seat-preview": "{not json" }, body: (i) => ({ ...acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: at }] } }), contract_id: "nope" }), says: /contract_id/ },
  // Alerts form → alerts/create, alerts/archive
  { name: "alert: no alert_type", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/create", body: (i) => ({ customer_id: i.acme.customerId, name: "Low", threshold: 10 }), says: /alert_type/ },
  { name: "alert: unknown alert_type", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/create", body: (i) => ({ customer_id: i.acme.customerId, alert_type: "low_mood", name: "Low", threshold: 10 }), says: /alert_type must be one of/ },
  { name: "alert: threshold as text", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/create", body: (i) => alertBody(i, { threshold: "ten" }), says: /threshold must be a number/ },
  { name: "alert: a global alert (no customer)", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/create", body: (i) => { const { customer_id: _c, ...rest } = alertBody(i, {}); return rest; }, says: /customer_id is required/ },
  { name: "alert: an extra filter", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/create", body: (i) => alertBody(i, { custom_field_filters: [] }), says: /"custom_field_filters" is not allowed/ },
  { name: "alert: a kind the dashboard does not make", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/create", body: (i) => alertBody(i, { alert_type: "low_credit_balance_reached" }), says: /alert_type must be one of/ },
  { name: "alert: a negative threshold", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/create", body: (i) => alertBody(i, { threshold: -1 }), says: /threshold/ },
  { name: "alert: no name", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/create", body: (i) => { const { name: _n, ...rest } = alertBody(i, {}); return rest; }, says: /name is required/ },
  { name: "alert: seat alert without a seat filter", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/create", body: (i) => alertBody(i, { alert_type: "low_remaining_seat_balance_reached" }), says: /seat_filter/ },
  { name: "alert: unknown credit type", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/create", body: (i) => alertBody(i, { credit_type_id: "00000000-0000-4000-8000-000000000000" }), says: /credit_type_id/ },
  { name: "alert archive: no id", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/archive", body: (i) => ({ customer_id: i.acme.customerId }), says: /^id is required/ },
  { name: "alert archive: an extra field", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/archive", body: (i) => ({ customer_id: i.acme.customerId, id: "00000000-0000-4000-8000-000000000000", force: true }), says: /"force" is not allowed/ },
  { name: "alert archive: unknown id", as: "acme-admin", method: "POST", path: "/api/metronome/v1/alerts/archive", body: (i) => ({ customer_id: i.acme.customerId, id: "00000000-0000-4000-8000-000000000000" }), says: /does not belong/ },
  // Reads through the proxy
  { name: "contracts/get: contract_id not a UUID", as: "acme-admin", method: "POST", path: "/api/metronome/v2/contracts/get", body: (i) => ({ customer_id: i.acme.customerId, contract_id: "x" }), says: /contract_id/ },
  { name: "contracts/list: customer_id a number", as: "acme-admin", method: "POST", path: "/api/metronome/v2/contracts/list", body: () => ({ customer_id: 42 }), says: /customer_id/ },
  { name: "quantity history: no subscription_id", as: "acme-admin", method: "POST", path: "/api/metronome/v1/contracts/getSubscriptionQuantityHistory", body: (i) => ({ customer_id: i.acme.customerId, contract_id: i.acme.contractId }), says: /subscription_id/ },
  { name: "seat balances: covering_date not a date", as: "acme-admin", method: "POST", path: "/api/metronome/v1/contracts/seatBalances/list", body: (i) => ({ customer_id: i.acme.customerId, contract_id: i.acme.contractId, covering_date: "soon" }), says: /covering_date/ },
  { name: "customer balances: id not a UUID", as: "acme-admin", method: "POST", path: "/api/metronome/v1/contracts/customerBalances/list", body: (i) => ({ customer_id: i.acme.customerId, id: "x" }), says: /id/ },
  { name: "customer alert: no alert_id", as: "acme-admin", method: "POST", path: "/api/metronome/v1/customer-alerts/get", body: (i) => ({ customer_id: i.acme.customerId }), says: /alert_id/ },
  { name: "customer path: broken percent-encoding", as: "acme-admin", method: "GET", path: "/api/metronome/v1/customers/%E0%A4%A", says: /not available/ },
  // Webhooks
  { name: "webhook: no signature", as: null, method: "POST", path: "/api/webhooks/metronome", origin: null, raw: JSON.stringify({ id: "e1", type: "alerts.low_remaining_contract_credit_balance_reached" }), says: /Signature/ },
  { name: "webhook: wrong signature", as: null, method: "POST", path: "/api/webhooks/metronome", origin: null, raw: JSON.stringify({ id: "e2", type: "x" }), headers: (raw) => signWebhook(raw, "not-the-secret"), says: /Webhook rejected/ },
  { name: "webhook: signed but not JSON", as: null, method: "POST", path: "/api/webhooks/metronome", origin: null, raw: "{oops", headers: (raw) => signWebhook(raw, TEST_WEBHOOK_SECRET), says: /not valid JSON/ },
  { name: "webhook: signed, no id", as: null, method: "POST", path: "/api/webhooks/metronome", origin: null, raw: JSON.stringify({ type: "x" }), headers: (raw) => signWebhook(raw, TEST_WEBHOOK_SECRET), says: /string id and type/ },
  // Simulator control API (bearer)
  { name: "faults: rules not an array", as: null, method: "POST", path: "/api/simulator/_simulator/faults", origin: null, headers: bearer, body: () => ({ rules: "all" }), says: /rules must be an array/ },
  { name: "faults: error_rate above 1", as: null, method: "POST", path: "/api/simulator/_simulator/faults", origin: null, headers: bearer, body: () => ({ rules: [{ path: "/v2/contracts/edit", error_rate: 2 }] }), says: /error_rate/ },
  { name: "clock: not a date", as: null, method: "POST", path: "/api/simulator/_simulator/clock", origin: null, headers: bearer, body: () => ({ now: "noon" }), says: /now must be/ },
];

let portal: Portal;
let ids: Ids;
const cookies = new Map<string, string>();
let counted = 0;

beforeAll(async () => {
  portal = await startPortal();
  ids = { acme: await portal.ids("acme"), globex: await portal.ids("globex") };
  for (const person of ["acme-admin", "globex-admin", "account-manager"]) cookies.set(person, await portal.signIn(person));
}, 60_000);

afterAll(async () => {
  await portal?.close();
  reportCounts("bad-input", { bad_inputs: counted });
});

describe("bad input: a specific 4xx message and no state change", () => {
  it(`has at least 40 cases (${BAD_INPUTS.length})`, () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BAD_INPUTS.map((c) => [c.name, c] as const))("%s", async (_name, input) => {
    const raw = input.raw ?? (input.body ? JSON.stringify(input.body(ids)) : undefined);
    const headers = typeof input.headers === "function" ? input.headers(raw ?? "") : input.headers ?? {};
    const path = typeof input.path === "function" ? input.path(ids) : input.path;
    const before = portal.snapshot();
    const response = await portal.call(input.method, path, {
      cookie: input.as ? (cookies.get(input.as) ?? null) : null,
      headers,
      ...(raw !== undefined ? { raw } : {}),
      ...(input.origin === null ? { origin: null } : {}),
    });
    const body = await jsonOf(response);
    expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(isSpecificMessage(body), JSON.stringify(body)).toBe(true);
    expect((body as { message: string }).message).toMatch(input.says);
    expect(portal.snapshot()).toBe(before);
    counted += 1;
  });
});
