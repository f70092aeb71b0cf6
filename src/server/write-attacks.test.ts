/**
 * Attacks on the write path, as a table: contract edits beyond seat changes, date-only and
 * offset-less times, back-dating, global and foreign alerts, alert keys shared across customers,
 * a forged preview header, an audit log of huge rows, open redirects after sign-in, inputs that
 * once caused 500s, and members writing. Each attack is refused with a specific status and message
 * and a read-back proves nothing changed (the simulator's whole state, the audit log, the
 * contract), or it is survived as designed (an account manager back-dating, a forged preview
 * kept as a claim beside the server's own). Server logs during the file carry no request body,
 * seat ID or email address. Prints its case count.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AuditEntry, AuditPage, EditPreviewHeader, PortalSessionResponse } from "../contract/bff";
import { bearer, FROZEN_NOW, isSpecificMessage, reportCounts, startPortal, type DemoIds, type Portal } from "../../test/resilience/harness";
import { AI_CREDITS_ID } from "../simulator/state";
import { AUDIT_PAGE_BYTES, createAuditStore } from "./audit";
import { MEMBER_READ_ONLY } from "./scope";
import { log } from "./log";
import { sessionCookieFrom } from "./test-helpers";

type Person = "acme-admin" | "globex-admin" | "account-manager" | "acme-member";

interface Ids {
  acme: DemoIds;
  globex: DemoIds;
}

const EDIT = "/api/metronome/v2/contracts/edit";
const CREATE = "/api/metronome/v1/alerts/create";
const ARCHIVE = "/api/metronome/v1/alerts/archive";
const NOW = FROZEN_NOW; // 2026-11-24T12:00:00.000Z, mid-period
const HOUR_AGO = "2026-11-24T11:00:00.000Z";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const EMAIL = /[^\s"@]+@[^\s"@]+\.[a-z]{2,}/i;

let portal: Portal;
let ids: Ids;
const cookies = new Map<Person, string>();
/** Every line the server wrote to the console during this file. */
const logLines: string[] = [];
/** Every response body answered to Globex's admin (none may name an Acme alert). */
const globexTexts: string[] = [];
let cases = 0;

interface Sent {
  status: number;
  text: string;
  body: unknown;
  headers: Headers;
}

async function send(as: Person | null, method: string, path: string, options: { body?: unknown; raw?: string; headers?: Record<string, string>; origin?: null } = {}): Promise<Sent> {
  const raw = options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  const response = await portal.call(method, path, {
    cookie: as ? (cookies.get(as) ?? null) : null,
    headers: options.headers ?? {},
    ...(raw !== undefined ? { raw } : {}),
    ...(options.origin === null ? { origin: null } : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = null;
  }
  if (as === "globex-admin") globexTexts.push(text);
  return { status: response.status, text, body, headers: response.headers };
}

const messageOf = (sent: Sent) => (sent.body as { message?: string } | null)?.message ?? "";
const codeOf = (sent: Sent) => (sent.body as { code?: string } | null)?.code;

/** Counts of audit rows by outcome (pending included), straight from the database. */
async function auditCounts(): Promise<Record<string, number>> {
  const rows = await portal.sql.query<{ outcome: string; n: number }>("select outcome, count(*)::int as n from audit_log group by outcome");
  return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
}

async function newestAuditRow(customerId: string): Promise<AuditEntry> {
  const page = (await (await portal.call("GET", `/api/audit?customer_id=${customerId}&limit=1`, { cookie: cookies.get("account-manager") ?? null })).json()) as AuditPage;
  const row = page.data[0];
  if (!row) throw new Error("no audit row");
  return row;
}

/** The parts of a contract an edit beyond seat changes would move. */
async function contractView(t: DemoIds): Promise<string> {
  const { body } = await portal.simulatorJson("POST", "/v2/contracts/get", { customer_id: t.customerId, contract_id: t.contractId });
  const data = (body as { data: Record<string, unknown> }).data;
  return JSON.stringify({
    name: data.name,
    ending_before: data.ending_before,
    subscriptions: data.subscriptions,
    recurring_credits: data.recurring_credits,
    commits: data.commits,
    credits: data.credits,
    overrides: data.overrides,
  });
}

async function alertStatus(customerId: string, alertId: string): Promise<string | null> {
  const { body } = await portal.simulatorJson("POST", "/v1/customer-alerts/get", { customer_id: customerId, alert_id: alertId });
  return (body as { data?: { alert?: { status?: string } } }).data?.alert?.status ?? null;
}

// ── request builders ──────────────────────────────────────────────────────────────────────────

const oneUnassigned = (starting_at = NOW, quantity = 1) => ({ seat_updates: { add_unassigned_seats: [{ quantity, starting_at }] } });
const acmeEdit = (i: Ids, update: Record<string, unknown> = oneUnassigned(), extra: Record<string, unknown> = {}) => ({
  customer_id: i.acme.customerId,
  contract_id: i.acme.contractId,
  update_subscriptions: [{ subscription_id: i.acme.subscriptionId, ...update }],
  ...extra,
});
const globexEdit = (i: Ids, change: Record<string, unknown>, extra: Record<string, unknown> = {}, sub: Record<string, unknown> = {}) => ({
  customer_id: i.globex.customerId,
  contract_id: i.globex.contractId,
  update_subscriptions: [{ subscription_id: i.globex.subscriptionId, quantity_updates: [change], ...sub }],
  ...extra,
});
const alertBody = (customerId: string, extra: Record<string, unknown> = {}) => ({
  customer_id: customerId,
  alert_type: "low_remaining_contract_credit_balance_reached",
  name: "Pool running low",
  threshold: 25,
  credit_type_id: AI_CREDITS_ID,
  uniqueness_key: "attack-alert",
  ...extra,
});
/** A JSON edit body with a raw (already escaped) seat ID literal. */
const rawSeatEdit = (i: Ids, seatLiteral: string) =>
  `{"customer_id":"${i.acme.customerId}","contract_id":"${i.acme.contractId}","update_subscriptions":[{"subscription_id":"${i.acme.subscriptionId}","seat_updates":{"add_seat_ids":[{"seat_ids":["${seatLiteral}"],"starting_at":"${NOW}"}]}}]}`;
const forged = (summary: string, charge = 0): EditPreviewHeader => ({ previewed_charge: charge, fiat_credit_type_id: null, previewed_credits: {}, summary });
const DEEP = `{"customer_id":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;

// ── the table ─────────────────────────────────────────────────────────────────────────────────

interface Attack {
  row: number;
  name: string;
  as: Person;
  method?: "GET" | "POST";
  path?: string | ((i: Ids) => string);
  body?: (i: Ids) => unknown;
  raw?: (i: Ids) => string;
  headers?: Record<string, string>;
  status: number;
  code?: string;
  says: RegExp;
  /** The audit row the attempt leaves: none (default), or one rejected row (a policy refusal). */
  audit?: "none" | "rejected";
  /** The rejected row's claimed_preview must be null (a malformed header is dropped). */
  claimNull?: boolean;
  /** Text that must appear in no log line (besides the body itself). */
  secret?: string;
}

const notAllowed = (field: string) => new RegExp(`Field "${field.replace(/[[\].]/g, (c) => `\\${c}`)}" is not allowed here`);

export const ATTACKS: Attack[] = [
  // 1. Contract edits other than seat changes, each riding on a valid seat change.
  { row: 1, name: "rename the contract", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned(), { update_contract_name: "Free forever" }), status: 400, code: "invalid_operation", says: notAllowed("update_contract_name") },
  { row: 1, name: "move the contract end date", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned(), { update_contract_end_date: "2030-01-01T00:00:00.000Z" }), status: 400, code: "invalid_operation", says: notAllowed("update_contract_end_date") },
  {
    row: 1, name: "recurring credits at unit price 1,000,000", as: "acme-admin",
    body: (i) => acmeEdit(i, oneUnassigned(), { add_recurring_credits: [{ product_id: "p", priority: 1, starting_at: NOW, access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 1_000_000 }, commit_duration: { value: 1, unit: "PERIODS" } }] }),
    status: 400, code: "invalid_operation", says: notAllowed("add_recurring_credits"),
  },
  { row: 1, name: "a new subscription of 5000 seats", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned(), { add_subscriptions: [{ initial_quantity: 5000, quantity_management_mode: "QUANTITY_ONLY", subscription_rate: { billing_frequency: "MONTHLY", product_id: "p" } }] }), status: 400, code: "invalid_operation", says: notAllowed("add_subscriptions") },
  { row: 1, name: "end the subscription 11 months ago", as: "acme-admin", body: (i) => acmeEdit(i, { ...oneUnassigned(), ending_before: "2025-12-24T12:00:00.000Z" }), status: 400, code: "invalid_operation", says: notAllowed("update_subscriptions[0].ending_before") },
  { row: 1, name: "a commit", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned(), { add_commits: [{ type: "PREPAID", product_id: "p", access_schedule: { schedule_items: [{ amount: 1_000_000, starting_at: NOW, ending_before: "2030-01-01T00:00:00.000Z" }] } }] }), status: 400, code: "invalid_operation", says: notAllowed("add_commits") },
  { row: 1, name: "archive commits", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned(), { archive_commits: [{ id: "c-1" }] }), status: 400, code: "invalid_operation", says: notAllowed("archive_commits") },
  { row: 1, name: "archive credits", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned(), { archive_credits: [{ id: "c-1" }] }), status: 400, code: "invalid_operation", says: notAllowed("archive_credits") },
  { row: 1, name: "archive scheduled charges", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned(), { archive_scheduled_charges: [{ id: "c-1" }] }), status: 400, code: "invalid_operation", says: notAllowed("archive_scheduled_charges") },
  { row: 1, name: "an end on a seat change item", as: "acme-admin", body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: NOW, ending_before: "2026-12-01T00:00:00.000Z" }] } }), status: 400, code: "invalid_operation", says: notAllowed("update_subscriptions[0].seat_updates.add_unassigned_seats[0].ending_before") },
  { row: 1, name: "a price change on the subscription", as: "globex-admin", body: (i) => globexEdit(i, { quantity: 260, starting_at: NOW }, {}, { subscription_rate: { product_id: "p", billing_frequency: "ANNUAL" } }), status: 400, code: "invalid_operation", says: notAllowed("update_subscriptions[0].subscription_rate") },
  { row: 1, name: "a zero-price override", as: "globex-admin", body: (i) => globexEdit(i, { quantity: 260, starting_at: NOW }, { add_overrides: [{ starting_at: NOW, type: "OVERWRITE", overwrite_rate: { rate_type: "FLAT", price: 0 } }] }), status: 400, code: "invalid_operation", says: notAllowed("add_overrides") },
  { row: 1, name: "a __proto__ key carrying a rename", as: "acme-admin", raw: (i) => JSON.stringify(acmeEdit(i)).replace(/^\{/, '{"__proto__":{"update_contract_name":"Free"},'), status: 400, code: "invalid_operation", says: notAllowed("__proto__") },
  { row: 1, name: "a second subscription's changes", as: "acme-admin", body: (i) => ({ ...acmeEdit(i), update_subscriptions: [{ subscription_id: i.acme.subscriptionId, ...oneUnassigned() }, { subscription_id: i.globex.subscriptionId, quantity_updates: [{ quantity: 5000, starting_at: NOW }] }] }), status: 400, code: "invalid_operation", says: /update_subscriptions must hold exactly one subscription's changes/ },

  // 2. Date-only and offset-less times are refused; the same with full times meet the back-dating rule or the policy.
  { row: 2, name: "Globex quantity 1 from 2026-11-01 (date only)", as: "globex-admin", body: (i) => globexEdit(i, { quantity: 1, starting_at: "2026-11-01" }), status: 400, code: "invalid_operation", says: /starting_at must be a full date and time on the hour with its offset/ },
  { row: 2, name: "Globex quantity 5000 from 2027-06-01 (date only)", as: "globex-admin", body: (i) => globexEdit(i, { quantity: 5000, starting_at: "2027-06-01" }), status: 400, code: "invalid_operation", says: /starting_at must be a full date and time/ },
  { row: 2, name: "Acme 500 unassigned seats from 2026-12-15 (date only)", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned("2026-12-15", 500)), status: 400, code: "invalid_operation", says: /add_unassigned_seats\[0\]\.starting_at must be a full date and time/ },
  { row: 2, name: "Acme 500 unassigned seats from 2026-12-15T00:00:00 (no offset)", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned("2026-12-15T00:00:00", 500)), status: 400, code: "invalid_operation", says: /starting_at must be a full date and time/ },
  { row: 2, name: "Globex 5000 from 2027-06-01 00:00:00Z (space, not T)", as: "globex-admin", body: (i) => globexEdit(i, { quantity: 5000, starting_at: "2027-06-01 00:00:00Z" }), status: 400, code: "invalid_operation", says: /starting_at must be a full date and time/ },
  { row: 2, name: "Globex 5000 from 2027-06-01T00:00Z+00:00 (two offsets)", as: "globex-admin", body: (i) => globexEdit(i, { quantity: 5000, starting_at: "2027-06-01T00:00Z+00:00" }), status: 400, code: "invalid_operation", says: /starting_at must be a full date and time/ },
  { row: 2, name: "Globex quantity 1 from 2026-11-01T00:00:00Z (full: back-dated)", as: "globex-admin", body: (i) => globexEdit(i, { quantity: 1, starting_at: "2026-11-01T00:00:00Z" }), status: 403, code: "backdate_not_allowed", says: /only an account manager can back-date/ },
  { row: 2, name: "Globex quantity 5000 from 2027-06-01T00:00:00Z (full: policy)", as: "globex-admin", body: (i) => globexEdit(i, { quantity: 5000, starting_at: "2027-06-01T00:00:00Z" }), status: 422, code: "above_max_seats", says: /400/, audit: "rejected" },
  { row: 2, name: "Acme 500 unassigned from 2026-12-15T00:00:00Z (full: policy)", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned("2026-12-15T00:00:00Z", 500)), status: 422, says: /60|1,?000/, audit: "rejected" },

  // 3. Back-dating by a customer admin, however it is written.
  { row: 3, name: "Acme admin one hour back", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned(HOUR_AGO)), status: 403, code: "backdate_not_allowed", says: /only an account manager can back-date a change to/ },
  { row: 3, name: "Acme admin one hour back, written as the current hour at +01:00", as: "acme-admin", body: (i) => acmeEdit(i, oneUnassigned("2026-11-24T12:00:00+01:00")), status: 403, code: "backdate_not_allowed", says: /back-date/ },
  { row: 3, name: "Acme admin: one change now, one an hour back", as: "acme-admin", body: (i) => acmeEdit(i, { seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: NOW }], remove_unassigned_seats: [{ quantity: 1, starting_at: HOUR_AGO }] } }), status: 403, code: "backdate_not_allowed", says: /back-date/ },
  { row: 3, name: "Globex admin +1 one hour back", as: "globex-admin", body: (i) => globexEdit(i, { quantity_delta: 1, starting_at: HOUR_AGO }), status: 403, code: "backdate_not_allowed", says: /back-date/ },

  // 9. Inputs that once reached a 500: each a 4xx with a message; logs checked below.
  { row: 9, name: "a NUL byte in a seat ID", as: "acme-admin", raw: (i) => rawSeatEdit(i, "nul\\u0000seat@acme.example"), status: 400, code: "invalid_operation", says: /seat_ids\[0\] must not contain control characters/, secret: "nul" },
  { row: 9, name: "a lone high surrogate in a seat ID", as: "acme-admin", raw: (i) => rawSeatEdit(i, "\\ud800lone-high@acme.example"), status: 400, code: "invalid_operation", says: /must not contain control characters/, secret: "lone-high" },
  { row: 9, name: "a lone low surrogate in a seat ID", as: "acme-admin", raw: (i) => rawSeatEdit(i, "lone-low\\udfff@acme.example"), status: 400, code: "invalid_operation", says: /must not contain control characters/, secret: "lone-low" },
  { row: 9, name: "a line separator in a seat ID", as: "acme-admin", raw: (i) => rawSeatEdit(i, "line\\u2028sep@acme.example"), status: 400, code: "invalid_operation", says: /must not contain control characters/, secret: "sep@acme" },
  { row: 9, name: "an edit nested 100,000 deep", as: "acme-admin", raw: () => DEEP, status: 400, code: "invalid_body", says: /nested too deeply/ },
  { row: 9, name: "an edit opened 100,000 deep and never closed", as: "acme-admin", raw: () => `{"x":${"[".repeat(100_000)}`, status: 400, code: "invalid_body", says: /nested too deeply/ },
  { row: 9, name: "an alert nested 100,000 deep", as: "acme-admin", path: CREATE, raw: () => DEEP, status: 400, code: "invalid_body", says: /nested too deeply/ },
  { row: 9, name: "an archive nested 100,000 deep", as: "acme-admin", path: ARCHIVE, raw: () => DEEP, status: 400, code: "invalid_body", says: /nested too deeply/ },
  { row: 9, name: "an edit body over 1 MB", as: "acme-admin", raw: (i) => JSON.stringify(acmeEdit(i, { seat_updates: { add_seat_ids: [{ seat_ids: ["big-body@acme.example"], starting_at: NOW }] } }, { padding: "p".repeat(1_100_000) })), status: 413, code: "body_too_large", says: /too large/, secret: "big-body" },
  { row: 9, name: "an alert body over 1 MB of multi-byte text", as: "acme-admin", path: CREATE, raw: (i) => JSON.stringify(alertBody(i.acme.customerId, { name: "é".repeat(600_000) })), status: 413, code: "body_too_large", says: /too large/ },
  { row: 9, name: "an audit cursor one beyond bigint", as: "acme-admin", method: "GET", path: (i) => `/api/audit?customer_id=${i.acme.customerId}&cursor=9223372036854775808`, status: 400, code: "invalid_cursor", says: /cursor is not a cursor this server issued/ },
  { row: 9, name: "an audit cursor of 20 digits", as: "acme-admin", method: "GET", path: (i) => `/api/audit?customer_id=${i.acme.customerId}&cursor=00000000000000000001`, status: 400, code: "invalid_cursor", says: /cursor/ },
  { row: 9, name: "a NUL in an alert name", as: "acme-admin", path: CREATE, raw: (i) => JSON.stringify(alertBody(i.acme.customerId, { name: "nul-name\u0000alert" })), status: 400, code: "invalid_operation", says: /name must not contain control characters/, secret: "nul-name" },
  { row: 9, name: "a lone surrogate in an alert name", as: "acme-admin", path: CREATE, raw: (i) => JSON.stringify(alertBody(i.acme.customerId, { name: "surrogate-name\ud800" })), status: 400, code: "invalid_operation", says: /name must not contain control characters/, secret: "surrogate-name" },
  { row: 9, name: "a quantity of 1e400 (Infinity)", as: "globex-admin", raw: (i) => JSON.stringify(globexEdit(i, { quantity: 7, starting_at: NOW })).replace('"quantity":7', '"quantity":1e400'), status: 400, code: "invalid_operation", says: /quantity/ },
  { row: 9, name: "a quantity delta of 1e21", as: "globex-admin", body: (i) => globexEdit(i, { quantity_delta: 1e21, starting_at: NOW }), status: 400, code: "invalid_operation", says: /quantity_delta must be (an integer|at most 1000000)/ },
  {
    row: 9, name: "a preview header with a NUL in its summary (on a refused edit)", as: "acme-admin",
    headers: { "x-seat-preview": JSON.stringify(forged("nul-summary\u0000here")) },
    body: (i) => acmeEdit(i, oneUnassigned("2026-12-15T00:00:00Z", 500)), status: 422, says: /60|1,?000/, audit: "rejected", claimNull: true, secret: "nul-summary",
  },
  {
    row: 9, name: "a preview header with broken percent-encoding (on a refused edit)", as: "acme-admin",
    headers: { "x-seat-preview": "%7B%22summary%22%3A%22%ED%A0%80" },
    body: (i) => acmeEdit(i, oneUnassigned("2026-12-15T00:00:00Z", 500)), status: 422, says: /60|1,?000/, audit: "rejected", claimNull: true,
  },
  {
    row: 9, name: "a preview header of 100 kB (on a refused edit)", as: "acme-admin",
    headers: { "x-seat-preview": JSON.stringify(forged("h".repeat(100_000))) },
    body: (i) => acmeEdit(i, oneUnassigned("2026-12-15T00:00:00Z", 500)), status: 422, says: /60|1,?000/, audit: "rejected", claimNull: true,
  },
];

// 10. Members: every write, whatever the body, is refused before it is read.
const MEMBER_BODIES: Array<[string, (i: Ids) => string]> = [
  ["a valid edit of its own customer", (i) => JSON.stringify(acmeEdit(i))],
  ["an edit of another customer", (i) => JSON.stringify(globexEdit(i, { quantity: 300, starting_at: NOW }))],
  ["malformed JSON", () => '{"customer_id":'],
  ["an empty body", () => ""],
  ["an array", () => "[]"],
  ["nesting 100,000 deep", () => DEEP],
  ["a NUL seat ID", (i) => rawSeatEdit(i, "member\\u0000@acme.example")],
];
for (const [path, label] of [[EDIT, "edit"], [CREATE, "alerts/create"], [ARCHIVE, "alerts/archive"]] as const) {
  for (const [what, raw] of MEMBER_BODIES) {
    ATTACKS.push({ row: 10, name: `member ${label}: ${what}`, as: "acme-member", path, raw, status: 403, code: "read_only_role", says: new RegExp(`^${MEMBER_READ_ONLY}$`) });
  }
}

beforeAll(async () => {
  const capture = (...args: unknown[]) => {
    logLines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  };
  for (const method of ["log", "info", "warn", "error"] as const) vi.spyOn(console, method).mockImplementation(capture);
  portal = await startPortal();
  ids = { acme: await portal.ids("acme"), globex: await portal.ids("globex") };
  for (const person of ["acme-admin", "globex-admin", "account-manager", "acme-member"] as const) cookies.set(person, await portal.signIn(person));
}, 60_000);

afterAll(async () => {
  await portal?.close();
  vi.restoreAllMocks();
  reportCounts("write-attacks", { security_cases: cases });
});

describe("write attacks: refused with a specific message, nothing changed", () => {
  it.each(ATTACKS.map((a) => [a.row, a.name, a] as const))("row %i: %s", async (_row, _name, attack) => {
    const path = typeof attack.path === "function" ? attack.path(ids) : (attack.path ?? EDIT);
    const raw = attack.raw ? attack.raw(ids) : attack.body ? JSON.stringify(attack.body(ids)) : undefined;
    const before = { state: portal.snapshot(), audit: await auditCounts(), acme: await contractView(ids.acme), globex: await contractView(ids.globex) };
    const logsBefore = logLines.length;

    const sent = await send(attack.as, attack.method ?? "POST", path, { ...(raw !== undefined ? { raw } : {}), ...(attack.headers ? { headers: attack.headers } : {}) });

    expect(sent.status, sent.text.slice(0, 300)).toBe(attack.status);
    expect(isSpecificMessage(sent.body), sent.text.slice(0, 300)).toBe(true);
    expect(messageOf(sent)).toMatch(attack.says);
    if (attack.code) expect(codeOf(sent)).toBe(attack.code);
    // Nothing changed upstream, and no edit was recorded as applied.
    expect(portal.snapshot()).toBe(before.state);
    expect(await contractView(ids.acme)).toBe(before.acme);
    expect(await contractView(ids.globex)).toBe(before.globex);
    const after = await auditCounts();
    expect(after.applied ?? 0).toBe(before.audit.applied ?? 0);
    expect(after.pending ?? 0).toBe(before.audit.pending ?? 0);
    expect(after.rejected ?? 0).toBe((before.audit.rejected ?? 0) + (attack.audit === "rejected" ? 1 : 0));
    if (attack.audit === "rejected") {
      const row = await newestAuditRow(attack.as === "globex-admin" ? ids.globex.customerId : ids.acme.customerId);
      expect(row.outcome).toBe("rejected");
      expect(row.error?.status).toBe(attack.status);
      expect(row.preview).not.toBeNull();
      if (attack.claimNull) expect(row.claimed_preview).toBeNull();
    }
    // No log line quotes the body or any part of it.
    const logged = logLines.slice(logsBefore).join("\n");
    if (attack.secret) expect(logged).not.toContain(attack.secret);
    if (raw && raw.length > 20) expect(logged).not.toContain(raw.slice(0, 200));
    expect(logged).not.toMatch(EMAIL);
    expect(logged).not.toContain("request failed");
    cases += 1;
  });
});

describe("row 3: an account manager may back-date within the policy", () => {
  it("applies the admin's refused one-hour-back edits for the account manager", async () => {
    for (const [alias, body] of [
      ["acme", acmeEdit(ids, oneUnassigned(HOUR_AGO))],
      ["globex", globexEdit(ids, { quantity_delta: 1, starting_at: HOUR_AGO })],
    ] as const) {
      const before = portal.snapshot();
      const sent = await send("account-manager", "POST", EDIT, { body });
      expect(sent.status, sent.text).toBe(200);
      expect(portal.snapshot()).not.toBe(before);
      const row = await newestAuditRow(ids[alias].customerId);
      expect(row).toMatchObject({ outcome: "applied", role: "account_manager", edit_id: (sent.body as { data: { id: string } }).data.id });
      expect(JSON.stringify(row.request)).toContain(HOUR_AGO);
      cases += 1;
    }
  });
});

describe("row 4: alerts not created for the customer in the dashboard are read-only", () => {
  it("refuses to archive a global alert, an un-namespaced and a foreign-namespaced alert; archives the dashboard's own", async () => {
    const direct = async (body: Record<string, unknown>) => {
      const { status, body: answer } = await portal.simulatorJson("POST", "/v1/alerts/create", {
        alert_type: "low_remaining_contract_credit_balance_reached", credit_type_id: AI_CREDITS_ID, threshold: 5, ...body,
      });
      expect(status).toBe(200);
      return (answer as { data: { id: string } }).data.id;
    };
    const globalAlert = await direct({ name: "Every customer: pool low" });
    const globalKeyed = await direct({ name: "Every customer, keyed", uniqueness_key: "global-pool-low" });
    const unkeyed = await direct({ name: "Acme, made in Metronome", customer_id: ids.acme.customerId });
    const plainKey = await direct({ name: "Acme, plain key", customer_id: ids.acme.customerId, uniqueness_key: "acme-direct" });
    const foreignKey = await direct({ name: "Acme, Globex's namespace", customer_id: ids.acme.customerId, uniqueness_key: `seats:${ids.globex.customerId}:x` });
    const prefixOnly = await direct({ name: "Acme, bare namespace", customer_id: ids.acme.customerId, uniqueness_key: `seats:${ids.acme.customerId}:` });

    const tries: Array<[Person, string, string]> = [
      ["acme-admin", ids.acme.customerId, globalAlert],
      ["account-manager", ids.acme.customerId, globalAlert],
      ["account-manager", ids.globex.customerId, globalAlert],
      ["globex-admin", ids.globex.customerId, globalKeyed],
      ["acme-admin", ids.acme.customerId, unkeyed],
      ["account-manager", ids.acme.customerId, unkeyed],
      ["acme-admin", ids.acme.customerId, plainKey],
      ["acme-admin", ids.acme.customerId, foreignKey],
      ["acme-admin", ids.acme.customerId, prefixOnly],
    ];
    for (const [who, customerId, alertId] of tries) {
      const before = portal.snapshot();
      for (const release of [undefined, true]) {
        const sent = await send(who, "POST", ARCHIVE, { body: { customer_id: customerId, id: alertId, ...(release ? { release_uniqueness_key: true } : {}) } });
        expect(sent.status, `${who} ${alertId}: ${sent.text}`).toBe(403);
        expect(codeOf(sent)).toBe("alert_read_only");
        expect(messageOf(sent)).toMatch(/read-only here/);
        cases += 1;
      }
      expect(portal.snapshot()).toBe(before);
      expect(await alertStatus(customerId, alertId)).toBe("enabled");
    }

    // The dashboard's own Acme alert: another customer cannot reach it; Acme's admin archives it.
    const created = await send("acme-admin", "POST", CREATE, { body: alertBody(ids.acme.customerId, { uniqueness_key: "row-4-own" }) });
    expect(created.status, created.text).toBe(200);
    const own = (created.body as { data: { id: string } }).data.id;
    const before = portal.snapshot();
    const foreign = await send("globex-admin", "POST", ARCHIVE, { body: { customer_id: ids.globex.customerId, id: own } });
    expect(foreign.status).toBe(404);
    expect(codeOf(foreign)).toBe("alert_not_found");
    const outOfScope = await send("globex-admin", "POST", ARCHIVE, { body: { customer_id: ids.acme.customerId, id: own } });
    expect(outOfScope.status).toBe(403);
    expect(codeOf(outOfScope)).toBe("customer_out_of_scope");
    expect(portal.snapshot()).toBe(before);
    expect(await alertStatus(ids.acme.customerId, own)).toBe("enabled");
    const archived = await send("acme-admin", "POST", ARCHIVE, { body: { customer_id: ids.acme.customerId, id: own } });
    expect(archived.status, archived.text).toBe(200);
    expect(await alertStatus(ids.acme.customerId, own)).toBe("archived");
    cases += 4;
  });
});

describe("row 5: alert uniqueness keys never leak across customers", () => {
  it("keeps the same key apart per customer and answers a repeat without any alert id", async () => {
    const KEY = "team-pool-low";
    const acme = await send("acme-admin", "POST", CREATE, { body: alertBody(ids.acme.customerId, { uniqueness_key: KEY }) });
    expect(acme.status, acme.text).toBe(200);
    const acmeAlert = (acme.body as { data: { id: string } }).data.id;

    const globex = await send("globex-admin", "POST", CREATE, { body: alertBody(ids.globex.customerId, { uniqueness_key: KEY }) });
    expect(globex.status, globex.text).toBe(200);
    const globexAlert = (globex.body as { data: { id: string } }).data.id;
    expect(globexAlert).not.toBe(acmeAlert);

    const stateBefore = portal.snapshot();
    const again = await send("acme-admin", "POST", CREATE, { body: alertBody(ids.acme.customerId, { uniqueness_key: KEY, name: "Again" }) });
    expect(again.status).toBe(409);
    expect(codeOf(again)).toBe("alert_exists");
    expect(again.text).not.toMatch(UUID);
    const globexAgain = await send("globex-admin", "POST", CREATE, { body: alertBody(ids.globex.customerId, { uniqueness_key: KEY, name: "Again" }) });
    expect(globexAgain.status).toBe(409);
    expect(globexAgain.text).not.toMatch(UUID);
    // A key spelled as Acme's namespace stays inside Globex's own.
    const spoof = await send("globex-admin", "POST", CREATE, { body: alertBody(ids.globex.customerId, { uniqueness_key: `seats:${ids.acme.customerId}:${KEY}`.slice(0, 64) }) });
    expect(spoof.status, spoof.text).toBe(200);
    expect(portal.snapshot()).not.toBe(stateBefore);

    // Read back: each alert holds its own customer's namespaced key.
    const keyOf = async (customerId: string, alertId: string) =>
      ((await portal.simulatorJson("POST", "/v1/customer-alerts/get", { customer_id: customerId, alert_id: alertId })).body as { data: { alert: { uniqueness_key?: string } } }).data.alert.uniqueness_key;
    expect(await keyOf(ids.acme.customerId, acmeAlert)).toBe(`seats:${ids.acme.customerId}:${KEY}`);
    expect(await keyOf(ids.globex.customerId, globexAlert)).toBe(`seats:${ids.globex.customerId}:${KEY}`);
    // Globex's admin was never answered Acme's alert id …
    expect(globexTexts.length).toBeGreaterThan(0);
    for (const text of globexTexts) expect(text).not.toContain(acmeAlert);
    // … and, handed it, cannot read Acme's alert under its own customer.
    const peek = await send("globex-admin", "POST", "/api/metronome/v1/customer-alerts/get", { body: { customer_id: ids.globex.customerId, alert_id: acmeAlert } });
    expect(peek.status).toBe(404);
    expect(peek.text).not.toContain("Pool running low");
    cases += 5;
  });
});

describe("row 6: a forged preview header is kept as a claim beside the server's own preview", () => {
  it.each([
    ["Acme: a named seat mid-period", "acme", (i: Ids) => acmeEdit(i, { seat_updates: { add_seat_ids: [{ seat_ids: ["forged-preview@acme.example"], starting_at: NOW }] } })],
    ["Globex: five more seats mid-period", "globex", (i: Ids) => globexEdit(i, { quantity_delta: 5, starting_at: NOW })],
  ] as const)("%s", async (_name, alias, body) => {
    const claim = forged("No charge today");
    const sent = await send(alias === "acme" ? "acme-admin" : "globex-admin", "POST", EDIT, { body: body(ids), headers: { "x-seat-preview": JSON.stringify(claim) } });
    expect(sent.status, sent.text).toBe(200);
    const row = await newestAuditRow(ids[alias].customerId);
    expect(row.outcome).toBe("applied");
    expect(row.claimed_preview).toEqual(claim);
    expect(row.preview).not.toBeNull();
    expect(row.preview!.previewed_charge).toBeGreaterThan(0);
    expect(row.preview).not.toEqual(claim);
    cases += 1;
  });
});

describe("row 7: audit pages stay bounded however large the rows", () => {
  it("pages 40 rows of 1,000 seat IDs of 200 characters under AUDIT_PAGE_BYTES and reaches every row", async () => {
    const seatIds = (n: number) => Array.from({ length: 1000 }, (_, i) => `${n}-${i}-`.padEnd(200, "x"));
    // Four real edits through the server (the policy refuses them, but their rows hold the full request) …
    for (let n = 0; n < 4; n += 1) {
      const sent = await send("account-manager", "POST", EDIT, { body: acmeEdit(ids, { seat_updates: { add_seat_ids: [{ seat_ids: seatIds(n), starting_at: NOW }] } }) });
      expect(sent.status, sent.text.slice(0, 200)).toBe(422);
    }
    // … and 36 applied rows of the same size written straight to the store.
    const store = createAuditStore(portal.sql, () => new Date(NOW));
    const actor = { id: "demo-account-manager", name: "Sam Rivera", email: "sam.rivera@seats.example" };
    for (let n = 4; n < 40; n += 1) {
      await store.record({
        actor, role: "account_manager", customer_id: ids.acme.customerId, contract_id: ids.acme.contractId, subscription_ids: [ids.acme.subscriptionId],
        edit_id: `edit-${n}`, outcome: "applied", error: null,
        request: { customer_id: ids.acme.customerId, contract_id: ids.acme.contractId, uniqueness_key: `bulk-${n}`, update_subscriptions: [{ subscription_id: ids.acme.subscriptionId, seat_updates: { add_seat_ids: [{ seat_ids: seatIds(n), starting_at: NOW }] } }] },
        seats_before: {}, seats_after: {}, preview: null, claimed_preview: null,
      });
    }
    const expected = (await portal.sql.query<{ id: string }>("select id from audit_log where customer_id = $1 and outcome <> 'pending' order by seq desc", [ids.acme.customerId])).map((r) => r.id);
    expect(expected.length).toBeGreaterThanOrEqual(40);

    for (const limit of [undefined, 100]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/api/audit?customer_id=${ids.acme.customerId}${limit ? `&limit=${limit}` : ""}${cursor ? `&cursor=${cursor}` : ""}`;
        const response = await portal.call("GET", query, { cookie: cookies.get("account-manager") ?? null });
        expect(response.status).toBe(200);
        const text = await response.text();
        expect(Buffer.byteLength(text)).toBeLessThanOrEqual(AUDIT_PAGE_BYTES + 4096);
        const page = JSON.parse(text) as AuditPage;
        expect(page.data.length).toBeGreaterThan(0);
        seen.push(...page.data.map((r) => r.id));
        cursor = page.next_page;
        pages += 1;
        expect(pages).toBeLessThan(100);
      } while (cursor !== null);
      expect(seen).toEqual(expected);
      expect(pages).toBeGreaterThanOrEqual(15);
      cases += 1;
    }
  }, 30_000);

  it("answers the last cursor bigint allows with an empty page", async () => {
    const sent = await send("acme-admin", "GET", `/api/audit?customer_id=${ids.acme.customerId}&cursor=9223372036854775807&limit=1`);
    expect(sent.status).toBe(200);
    cases += 1;
  });
});

describe("row 8: a return URL never leaves the site", () => {
  const link = (returnUrl: string) => ({
    role: "customer_admin",
    customer_id: ids.acme.customerId,
    user: { id: "host-9", name: "Host Nine", email: "host.nine@acme.example" },
    return_url: returnUrl,
  });
  const linkCount = async () => Number((await portal.sql.query<{ n: number }>("select count(*)::int as n from portal_links"))[0]?.n ?? 0);

  it.each([
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2e//evil.example",
    "/./%2e//evil.example",
    "/\tevil",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n//evil.example",
  ])("refuses %j", async (returnUrl) => {
    const before = await linkCount();
    const sent = await send(null, "POST", "/api/portal-sessions", { origin: null, headers: bearer, body: link(returnUrl) });
    expect(sent.status, sent.text).toBe(400);
    expect(codeOf(sent)).toBe("invalid_return_url");
    expect(messageOf(sent)).toMatch(/return_url must be a path on this site/);
    expect(await linkCount()).toBe(before);
    cases += 1;
  });

  it.each([
    ["/c/x?y=1#z", "/c/x?y=1#z"],
    ["/c/./x/../y?q=%2F%2Fevil", "/c/y?q=%2F%2Fevil"],
  ])("redeems %j to 303 Location %j", async (returnUrl, location) => {
    const created = await send(null, "POST", "/api/portal-sessions", { origin: null, headers: bearer, body: link(returnUrl) });
    expect(created.status, created.text).toBe(201);
    const url = new URL((created.body as PortalSessionResponse).url);
    const redeemed = await portal.call("GET", url.pathname + url.search);
    expect(redeemed.status).toBe(303);
    expect(redeemed.headers.get("location")).toBe(location);
    expect(sessionCookieFrom(redeemed)).not.toBeNull();
    cases += 1;
  });
});

describe("logs", () => {
  it("hold no request body, seat ID or email address, and no 500", () => {
    const text = logLines.join("\n");
    expect(text).not.toMatch(EMAIL);
    expect(text).not.toContain("forged-preview");
    expect(text).not.toContain("xxxxxxxxxx");
    expect(text).not.toContain("request failed");
    for (const line of logLines) {
      if (line.startsWith("{")) expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
    // The capture itself works: a server log line lands in logLines.
    log("error", "write-attacks probe", { code: "probe" });
    expect(logLines.at(-1)).toMatch(/"msg":"write-attacks probe"/);
  });

  it(`counts its cases (${ATTACKS.length} in the table)`, () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ATTACKS.map((a) => a.name)).size).toBe(ATTACKS.length);
  });
});

