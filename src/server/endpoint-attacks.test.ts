/**
 * Attacks on the top-up, auto-recharge, access, view, internal and portal-session endpoints, as an
 * attacker against the server: no session or an expired one, members writing, another customer's
 * ids (query, body, path; mixed case, URL-encoded, padded, unicode look-alikes), unknown and
 * duplicated fields and parameters, wrong types and sizes, bad JSON and content types, cross-site
 * writes, bearer secrets spelled wrong (compared in constant time), CSS in theme values, garbage
 * locales and time zones, ten racing purchases, another catalogue's pack, prices in the body and
 * auto-recharge at and past its bounds; then the read layer, which must never hand one customer's
 * cached answer to a session without that customer. Every case answers below 500, and every
 * refusal reads back that nothing changed (the simulator's whole state, the purchases, the audit
 * log, sessions and links, the access projection and the read cache). Prints its case count.
 */
import type * as NodeCrypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AccessDecision, PortalSessionResponse, TopUpCatalogue, TopUpPurchase } from "../contract/bff";
import { bearer, FROZEN_NOW, reportCounts, startPortal, type DemoIds, type Portal } from "../../test/resilience/harness";
import { AI_CREDITS_ID, USD_CENTS_ID } from "../simulator/state";
import { createApp } from "./app";
import { call, demoSignIn, sessionCookieFrom, testConfig, TEST_PORTAL_SECRET } from "./test-helpers";
import { simulatorUpstream } from "./upstream";

const crypto = vi.hoisted(() => ({ compared: [] as Array<[number, number]> }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof NodeCrypto>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      crypto.compared.push([a.byteLength, b.byteLength]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

type Person = "acme-admin" | "acme-member" | "globex-admin" | "account-manager";

interface Case {
  name: string;
  /** Who calls (their session cookie); null: no cookie. */
  as?: Person | null;
  /** A cookie value of its own (forged or expired), instead of `as`'s. */
  cookie?: string;
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** Origin header; null sends none (the default for GET). */
  origin?: string | null;
  status: number;
  code?: string;
  /** Whether the call may change state (accepted writes, reads that fill the cache); refusals never do. */
  changes?: boolean;
}

interface Answer {
  status: number;
  text: string;
  body: Record<string, unknown> | null;
}

let portal: Portal;
let acme: DemoIds;
let globex: DemoIds;
let unassigned: DemoIds;
const cookies = new Map<Person, string>();
let cases = 0;
let keySeq = 0;
const newKey = () => `attack-${(keySeq += 1)}`;

async function send(c: Omit<Case, "name" | "status">): Promise<Answer> {
  const cookie = c.cookie ?? (c.as ? (cookies.get(c.as) ?? null) : null);
  const response = await portal.call(c.method, c.path, {
    cookie,
    headers: c.headers ?? {},
    ...(c.raw !== undefined ? { raw: c.raw } : c.body !== undefined ? { body: c.body } : {}),
    ...(c.origin !== undefined ? { origin: c.origin } : {}),
  });
  const text = await response.text();
  let body: Record<string, unknown> | null = null;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (a view's stream): judged by its status
  }
  return { status: response.status, text, body };
}

/** Everything a request could move, serialised: compare before and after a refusal. */
async function stateNow(): Promise<string> {
  const [tables] = await portal.sql.query(
    `select (select count(*) from audit_log)::int as audit, (select count(*) from sessions)::int as sessions, (select count(*) from portal_links)::int as links,
       (select count(*) from access_scopes)::int as scopes, (select count(*) from access_alerts)::int as alerts,
       (select coalesce(json_agg(json_build_array(id, status, edit_id, commit_id, invoice_id, uniqueness_key) order by seq), '[]'::json)::text from top_up_purchases) as top_ups`,
  );
  const stats = portal.server.reads.stats();
  return JSON.stringify({ simulator: portal.snapshot(), tables, cache: { entries: stats.entries, invalidations: stats.invalidations } });
}

/** Runs one case: its status (never a 500), its code, and, for a refusal, that nothing changed. */
async function attempt(c: Case): Promise<Answer> {
  cases += 1;
  const before = c.changes ? "" : await stateNow();
  const answer = await send(c);
  expect(answer.status, `${c.name}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  expect(answer.status, `${c.name}: ${answer.text.slice(0, 300)}`).toBe(c.status);
  if (c.code !== undefined) expect(answer.body?.code, c.name).toBe(c.code);
  if (answer.status >= 400) expect(answer.body?.message, c.name).toEqual(expect.any(String));
  if (!c.changes) expect(await stateNow(), `${c.name} changed something`).toBe(before);
  return answer;
}

const runAll = (list: () => Case[]) => async () => {
  for (const c of list()) await attempt(c);
};

// ── requests ──────────────────────────────────────────────────────────────────────────────────

const pack = (t: DemoIds, extra: Record<string, unknown> = {}) => ({ customer_id: t.customerId, contract_id: t.contractId, pack_id: "ai-credits-5k", uniqueness_key: newKey(), ...extra });
const recharge = (t: DemoIds, extra: Record<string, unknown> = {}) => ({ customer_id: t.customerId, contract_id: t.contractId, enabled: true, threshold: 1_000, recharge_to: 5_000, uniqueness_key: newKey(), ...extra });
const viewQuery = (t: DemoIds) => `customer_id=${t.customerId}&contract_id=${t.contractId}&now=${FROZEN_NOW}&strip_from=2026-11-01&strip_floored=false`;
const buy = (as: Person | null, body: unknown, extra: Partial<Case> = {}): Omit<Case, "name" | "status"> => ({ as, method: "POST", path: "/api/top-ups", body, ...extra });
const setRecharge = (as: Person | null, body: unknown, extra: Partial<Case> = {}): Omit<Case, "name" | "status"> => ({ as, method: "PUT", path: "/api/auto-recharge", body, ...extra });
const check = (headers: Record<string, string>, body: unknown = { customer_id: acme.customerId }, extra: Partial<Case> = {}): Omit<Case, "name" | "status"> => ({
  method: "POST",
  path: "/api/access/check",
  headers,
  body,
  origin: null,
  ...extra,
});

/** The session GET endpoints that name a customer in their query. */
const SCOPED_READS = (t: DemoIds): Array<[string, string]> => [
  ["top-up packs", `/api/top-up-packs?customer_id=${t.customerId}`],
  ["top-ups", `/api/top-ups?customer_id=${t.customerId}&contract_id=${t.contractId}`],
  ["access", `/api/access?customer_id=${t.customerId}`],
  ["overview view", `/api/views/overview?${viewQuery(t)}`],
  ["billing view", `/api/views/billing?${viewQuery(t)}`],
  ["customer view", `/api/views/customer?customer_id=${t.customerId}`],
  ["audit view", `/api/views/audit?customer_id=${t.customerId}`],
];

/** Acme's id as an attacker may spell it: none of them is the id, so each is another customer. */
function spellings(id: string): Array<[string, string]> {
  return [
    ["upper case", id.toUpperCase()],
    ["leading space", ` ${id}`],
    ["trailing newline", `${id}\n`],
    ["Cyrillic а for a", id.replace(/a/, "\u0430")],
    ["fullwidth first digit", id.replace(/\d/, (d) => String.fromCharCode(0xff10 + Number(d)))],
    ["zero-width space", `${id}\u200b`],
  ];
}

beforeAll(async () => {
  portal = await startPortal();
  for (const person of ["acme-admin", "acme-member", "globex-admin", "account-manager"] as const) cookies.set(person, await portal.signIn(person));
  acme = await portal.ids("acme");
  globex = await portal.ids("globex");
  unassigned = await portal.ids("small-200");
  // The projections and caches a first read fills, so later refusals are compared against a settled state.
  for (const t of [acme, globex]) expect((await send({ as: "account-manager", method: "GET", path: `/api/access?customer_id=${t.customerId}` })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  reportCounts("endpoint-attacks", { security_cases: cases });
  await portal?.close();
});

describe("no session, a forged one, an expired one", { timeout: 60_000 }, () => {
  const endpoints = (): Array<Omit<Case, "name" | "status">> => [
    ...SCOPED_READS(acme).map(([, path]) => ({ method: "GET", path })),
    { method: "GET", path: "/api/views/portfolio" },
    buy(null, pack(acme)),
    setRecharge(null, recharge(acme)),
  ];

  it("is 401 for every session endpoint, and nothing changes", async () => {
    for (const c of endpoints()) {
      await attempt({ name: `${c.method} ${c.path} without a session`, ...c, status: 401, code: "unauthenticated" });
      await attempt({ name: `${c.method} ${c.path} with a forged cookie`, ...c, cookie: "forged-token-value", status: 401, code: "unauthenticated" });
    }
  });

  it("is 401 once the session has expired", async () => {
    const cookie = await portal.signIn("acme-admin");
    portal.clock.advance(12 * 60 * 60 + 1);
    try {
      for (const c of endpoints()) await attempt({ name: `${c.method} ${c.path} with an expired session`, ...c, cookie, status: 401, code: "unauthenticated" });
    } finally {
      portal.clock.advance(-(12 * 60 * 60 + 1));
    }
  });
});

describe("members on each write", { timeout: 60_000 }, () => {
  it(
    "are refused before the body is read",
    runAll(() => [
      { name: "member buys a pack", ...buy("acme-member", pack(acme)), status: 403, code: "read_only_role" },
      { name: "member buys with a garbage body", ...buy("acme-member", undefined, { raw: "{not json" }), status: 403, code: "read_only_role" },
      { name: "member sets auto-recharge", ...setRecharge("acme-member", recharge(acme)), status: 403, code: "read_only_role" },
      { name: "member sets auto-recharge with an empty body", ...setRecharge("acme-member", undefined, { raw: "" }), status: 403, code: "read_only_role" },
      { name: "member buys for another customer", ...buy("acme-member", pack(globex)), status: 403, code: "read_only_role" },
    ]),
  );
});

describe("another customer's ids", { timeout: 120_000 }, () => {
  it("in a query: 403 for every scoped read, whatever the spelling", async () => {
    for (const [what, path] of SCOPED_READS(globex)) await attempt({ name: `acme admin reads globex's ${what}`, as: "acme-admin", method: "GET", path, status: 403, code: "customer_out_of_scope" });
    for (const [what, path] of SCOPED_READS(unassigned)) await attempt({ name: `account manager reads an unassigned customer's ${what}`, as: "account-manager", method: "GET", path, status: 403, code: "customer_out_of_scope" });
    const encoded = [...globex.customerId].map((ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");
    for (const [, path] of SCOPED_READS(globex)) {
      await attempt({ name: `${path} URL-encoded`, as: "acme-admin", method: "GET", path: path.replace(globex.customerId, encoded), status: 403, code: "customer_out_of_scope" });
    }
    for (const [how, id] of spellings(acme.customerId)) {
      for (const [what, path] of SCOPED_READS(acme)) {
        await attempt({ name: `${what}, acme's id with ${how}`, as: "acme-admin", method: "GET", path: path.replace(acme.customerId, encodeURIComponent(id)), status: 403, code: "customer_out_of_scope" });
      }
    }
  });

  it(
    "in a path: the read layer's customer paths refuse them too",
    runAll(() => [
      { name: "globex's invoices", as: "acme-admin", method: "GET", path: `/api/metronome/v1/customers/${globex.customerId}/invoices`, status: 403 },
      { name: "globex's invoices, id URL-encoded", as: "acme-admin", method: "GET", path: `/api/metronome/v1/customers/${encodeURIComponent(globex.customerId).replace(/-/g, "%2D")}/invoices`, status: 403 },
      { name: "acme's invoices, id in upper case", as: "acme-admin", method: "GET", path: `/api/metronome/v1/customers/${acme.customerId.toUpperCase()}/invoices`, status: 403 },
      { name: "a dot-segment from acme to globex", as: "acme-admin", method: "GET", path: `/api/metronome/v1/customers/${acme.customerId}%2F..%2F${globex.customerId}/invoices`, status: 403 },
    ]),
  );

  it(
    "in a write's body: 403 for the customer, 404 for a contract that is not the customer's",
    runAll(() => [
      { name: "buy for globex", ...buy("acme-admin", pack(globex)), status: 403, code: "customer_out_of_scope" },
      { name: "buy on globex's contract", ...buy("acme-admin", pack(acme, { contract_id: globex.contractId })), status: 404, code: "contract_not_found" },
      { name: "buy on globex's contract in upper case", ...buy("acme-admin", pack(acme, { contract_id: globex.contractId.toUpperCase() })), status: 404, code: "contract_not_found" },
      { name: "buy for globex, id in \\u escapes", ...buy("acme-admin", undefined, { raw: JSON.stringify(pack(globex)).replace(globex.customerId, [...globex.customerId].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")) }), status: 403 },
      { name: "buy for acme, then globex (duplicated key: the last is the one read)", ...buy("acme-admin", undefined, { raw: JSON.stringify(pack(acme)).replace("}", `,"customer_id":"${globex.customerId}"}`) }), status: 403 },
      { name: "set auto-recharge for globex", ...setRecharge("acme-admin", recharge(globex)), status: 403, code: "customer_out_of_scope" },
      { name: "set auto-recharge on globex's contract", ...setRecharge("acme-admin", recharge(acme, { contract_id: globex.contractId })), status: 404, code: "contract_not_found" },
      { name: "account manager buys for an unassigned customer", ...buy("account-manager", pack(unassigned)), status: 403, code: "customer_out_of_scope" },
      { name: "account manager buys for acme on an unassigned customer's contract", ...buy("account-manager", pack(acme, { contract_id: unassigned.contractId })), status: 404, code: "contract_not_found" },
      ...spellings(acme.customerId).map(([how, id]): Case => ({ name: `buy with acme's id, ${how}`, ...buy("acme-admin", pack(acme, { customer_id: id })), status: how === "upper case" ? 403 : 400 })),
    ]),
  );

  it("a key another customer used on its contract never answers with that customer's purchase", async () => {
    const key = newKey();
    const bought = await attempt({ name: "globex buys a pack", ...buy("globex-admin", pack(globex, { uniqueness_key: key })), status: 200, changes: true });
    const row = (bought.body as { data: TopUpPurchase }).data;
    expect(row.customer_id).toBe(globex.customerId);
    for (const pack_id of ["ai-credits-5k", "ai-credits-20k"]) {
      const answer = await attempt({ name: `acme replays globex's key (${pack_id})`, ...buy("acme-admin", pack(acme, { contract_id: globex.contractId, uniqueness_key: key, pack_id })), status: 404, code: "contract_not_found" });
      expect(answer.text).not.toContain(row.id);
      expect(answer.text).not.toContain("globex.example");
    }
    const settings = await attempt({ name: "acme replays globex's key on auto-recharge", ...setRecharge("acme-admin", recharge(acme, { contract_id: globex.contractId, uniqueness_key: key })), status: 404, code: "contract_not_found" });
    expect(settings.text).not.toContain(row.id);
  });
});

describe("bodies and queries that are not what the endpoint takes", { timeout: 120_000 }, () => {
  /** Bodies that are malformed for any of the JSON writes. */
  const MALFORMED = (): Array<[string, string]> => [
    ["an empty body", ""],
    ["whitespace", "   \n"],
    ["invalid JSON", "{"],
    ["a trailing comma", '{"customer_id":"x",}'],
    ["an array", "[]"],
    ["an array of the object", JSON.stringify([pack(acme)])],
    ["null", "null"],
    ["a number", "42"],
    ["a string", '"text"'],
    ["nested 40 deep", '{"a":'.repeat(40) + "1" + "}".repeat(40)],
    ["arrays 40 deep", "[".repeat(40) + "]".repeat(40)],
    ["a lone surrogate", `{"customer_id":"\\ud800"}`],
    ["1e999", JSON.stringify(recharge(acme)).replace('"threshold":1000', '"threshold":1e999')],
  ];

  it("malformed bodies are 400s naming the problem, for every JSON write", async () => {
    const writes: Array<[string, (raw: string) => Omit<Case, "name" | "status">]> = [
      ["POST /api/top-ups", (raw) => buy("acme-admin", undefined, { raw })],
      ["PUT /api/auto-recharge", (raw) => setRecharge("acme-admin", undefined, { raw })],
      ["POST /api/access/check", (raw) => check(bearer, undefined, { raw })],
      ["POST /api/portal-sessions", (raw) => ({ method: "POST", path: "/api/portal-sessions", headers: bearer, raw, origin: null })],
    ];
    for (const [route, make] of writes) for (const [what, raw] of MALFORMED()) await attempt({ name: `${route}: ${what}`, ...make(raw), status: 400 });
  });

  const wrongTypes = (base: () => Record<string, unknown>, fields: string[]): Array<[string, Record<string, unknown>]> =>
    fields.flatMap((field) =>
      (
        [
          ["a number", 42],
          ["null", null],
          ["an object", { $ne: "" }],
          ["an array", [base()[field]]],
          ["a boolean", true],
          ["10,000 characters", "x".repeat(10_000)],
        ] as Array<[string, unknown]>
      ).map(([what, value]): [string, Record<string, unknown>] => [`${field} as ${what}`, { ...base(), [field]: value }]),
    );

  it("wrong types, long strings and unknown fields in a purchase are 400s", async () => {
    const bodies: Array<[string, Record<string, unknown>]> = [
      ...wrongTypes(() => pack(acme), ["customer_id", "contract_id", "pack_id", "uniqueness_key"]),
      ["price in the body", pack(acme, { price: { amount: 1, credit_type_id: "usd" } })],
      ["amount in the body", pack(acme, { amount: 1 })],
      ["credits in the body", pack(acme, { credits: 1e9 })],
      ["a product in the body", pack(acme, { product_id: acme.contractId })],
      ["__proto__ in the body", JSON.parse(`{"__proto__":{"admin":true},${JSON.stringify(pack(acme)).slice(1)}`) as Record<string, unknown>],
      ["a seat id", pack(acme, { seat_id: "ada@acme.example" })],
      ["a uniqueness key with a space", pack(acme, { uniqueness_key: "has space" })],
      ["a uniqueness key of 65 characters", pack(acme, { uniqueness_key: "k".repeat(65) })],
      ["an empty pack id", pack(acme, { pack_id: "" })],
    ];
    for (const [what, body] of bodies) await attempt({ name: `purchase: ${what}`, ...buy("acme-admin", body), status: 400 });
  });

  it("wrong types, NaN-like and huge numbers and unknown fields in auto-recharge are 400s", async () => {
    const numbers: Array<[string, unknown]> = [["-1", -1], ["1e308", 1e308], ["\"NaN\"", "NaN"], ["\"Infinity\"", "Infinity"], ["\"1000\"", "1000"], ["[1000]", [1000]], ["{}", {}], ["null", null], ["0x3e8", "0x3e8"]];
    const bodies: Array<[string, Record<string, unknown>]> = [
      ...wrongTypes(() => recharge(acme), ["customer_id", "contract_id", "uniqueness_key"]),
      ...numbers.flatMap(([what, value]): Array<[string, Record<string, unknown>]> => [[`threshold ${what}`, recharge(acme, { threshold: value })], [`recharge_to ${what}`, recharge(acme, { recharge_to: value })]]),
      ["enabled as \"true\"", recharge(acme, { enabled: "true" })],
      ["enabled as 1", recharge(acme, { enabled: 1 })],
      ["a price in the body", recharge(acme, { unit_price: { amount: 0, credit_type_id: "x" } })],
      ["a product in the body", recharge(acme, { product_id: acme.contractId })],
      ["enabled missing", Object.fromEntries(Object.entries(recharge(acme)).filter(([k]) => k !== "enabled"))],
    ];
    for (const [what, body] of bodies) await attempt({ name: `auto-recharge: ${what}`, ...setRecharge("acme-admin", body), status: 400 });
  });

  it("an access check takes a customer id and a seat id, nothing else", async () => {
    const bodies: Array<[string, Record<string, unknown>]> = [
      ...wrongTypes(() => ({ customer_id: acme.customerId }), ["customer_id"]),
      ...wrongTypes(() => ({ customer_id: acme.customerId, seat_id: "ada@acme.example" }), ["seat_id"]),
      ["seat id of 256 characters", { customer_id: acme.customerId, seat_id: "s".repeat(256) }],
      ["seat id with a NUL", { customer_id: acme.customerId, seat_id: "ada\u0000@acme.example" }],
      ["seat id only spaces", { customer_id: acme.customerId, seat_id: "   " }],
      ["an unknown field", { customer_id: acme.customerId, customer_ids: [globex.customerId] }],
      ["no customer", { seat_id: "ada@acme.example" }],
      ["customer id with a path", { customer_id: `${acme.customerId}/../${globex.customerId}` }],
    ];
    for (const [what, body] of bodies) await attempt({ name: `access check: ${what}`, ...check(bearer, body), status: 400, code: "invalid_request" });
  });

  it(
    "wrong content types are refused on session writes; the bearer check reads its body as JSON whatever the type",
    runAll(() => [
      { name: "purchase as text/plain", ...buy("acme-admin", pack(acme), { headers: { "content-type": "text/plain" } }), status: 403, code: "csrf" },
      { name: "purchase as a form", ...buy("acme-admin", undefined, { raw: "customer_id=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), status: 403, code: "csrf" },
      { name: "purchase as application/jsonp", ...buy("acme-admin", pack(acme), { headers: { "content-type": "application/jsonp" } }), status: 403, code: "csrf" },
      { name: "auto-recharge as multipart", ...setRecharge("acme-admin", undefined, { raw: "--x--", headers: { "content-type": "multipart/form-data; boundary=x" } }), status: 403, code: "csrf" },
      { name: "access check as text/plain, bad JSON", ...check({ ...bearer, "content-type": "text/plain" }, undefined, { raw: "customer_id=x" }), status: 400 },
    ]),
  );

  it("unknown, duplicated and malformed query parameters", async () => {
    const q = viewQuery(acme);
    const list: Case[] = [
      { name: "a view with an unknown parameter", as: "acme-admin", method: "GET", path: `/api/views/overview?${q}&debug=1`, status: 400, code: "invalid_query" },
      { name: "a view with customer_id twice (own first)", as: "acme-admin", method: "GET", path: `/api/views/overview?${q}&customer_id=${globex.customerId}`, status: 400, code: "invalid_query" },
      { name: "a view with customer_id twice (other first)", as: "acme-admin", method: "GET", path: `/api/views/customer?customer_id=${globex.customerId}&customer_id=${acme.customerId}`, status: 400, code: "invalid_query" },
      { name: "a view with now not a time", as: "acme-admin", method: "GET", path: `/api/views/overview?${q.replace(FROZEN_NOW, "NaN")}`, status: 400, code: "invalid_query" },
      { name: "a view with strip_floored=yes", as: "acme-admin", method: "GET", path: `/api/views/overview?${q.replace("strip_floored=false", "strip_floored=yes")}`, status: 400, code: "invalid_query" },
      { name: "a view with a 300-character contract id", as: "acme-admin", method: "GET", path: `/api/views/overview?${q.replace(acme.contractId, "c".repeat(300))}`, status: 400, code: "invalid_query" },
      { name: "a view with a range from 2026-13-45", as: "acme-admin", method: "GET", path: `/api/views/credits?${q}&range_from=2026-13-45&range_to=2026-12-01`, status: 400, code: "invalid_query" },
      { name: "a view with a strip from 2026-02-31", as: "acme-admin", method: "GET", path: `/api/views/credits?${q.replace("2026-11-01", "2026-02-31")}`, status: 400, code: "invalid_query" },
      { name: "portfolio with a customer id", as: "acme-admin", method: "GET", path: `/api/views/portfolio?customer_id=${globex.customerId}`, status: 400, code: "invalid_query" },
      { name: "an unknown view", as: "acme-admin", method: "GET", path: `/api/views/internal?${q}`, status: 404 },
      { name: "packs without a customer", as: "acme-admin", method: "GET", path: "/api/top-up-packs", status: 400, code: "invalid_query" },
      { name: "top-ups with customer_id empty", as: "acme-admin", method: "GET", path: "/api/top-ups?customer_id=", status: 400, code: "invalid_query" },
      { name: "top-ups with limit -1", as: "acme-admin", method: "GET", path: `/api/top-ups?customer_id=${acme.customerId}&limit=-1`, status: 400, code: "invalid_query" },
      { name: "top-ups with limit 1e3", as: "acme-admin", method: "GET", path: `/api/top-ups?customer_id=${acme.customerId}&limit=1e3`, status: 400, code: "invalid_query" },
      { name: "top-ups with limit 99999999999", as: "acme-admin", method: "GET", path: `/api/top-ups?customer_id=${acme.customerId}&limit=99999999999`, status: 400, code: "invalid_query" },
      { name: "top-ups with a contract id holding a quote", as: "acme-admin", method: "GET", path: `/api/top-ups?customer_id=${acme.customerId}&contract_id=x'%20or%201=1--`, status: 400, code: "invalid_query" },
      { name: "access with customer_id twice (other first)", as: "acme-admin", method: "GET", path: `/api/access?customer_id=${globex.customerId}&customer_id=${acme.customerId}`, status: 403 },
      { name: "packs with customer_id twice (other first)", as: "acme-admin", method: "GET", path: `/api/top-up-packs?customer_id=${globex.customerId}&customer_id=${acme.customerId}`, status: 403 },
      { name: "top-ups with customer_id twice (other first)", as: "acme-admin", method: "GET", path: `/api/top-ups?customer_id=${globex.customerId}&customer_id=${acme.customerId}`, status: 403 },
      { name: "top-ups with customer_id[]", as: "acme-admin", method: "GET", path: `/api/top-ups?customer_id[]=${acme.customerId}`, status: 400 },
    ];
    for (const c of list) await attempt(c);
  });

  it("a duplicated customer_id with the own one first answers only the own customer", async () => {
    for (const path of ["/api/access", "/api/top-ups", "/api/top-up-packs"]) {
      const answer = await attempt({ name: `${path} own id first`, as: "acme-admin", method: "GET", path: `${path}?customer_id=${acme.customerId}&customer_id=${globex.customerId}&unknown=1`, status: 200, changes: true });
      expect(answer.text, path).not.toContain(globex.customerId);
    }
  });
});

describe("cross-site writes and the bearer secret", { timeout: 120_000 }, () => {
  const CROSS_SITE = ["https://evil.example", "null", "http://localhost:4173.evil.example", "http://localhost:4173/", "HTTP://LOCALHOST:4173", "http://localhost:4174", "https://localhost:4173"];

  it("a session-cookie write from another origin, or with no proof of origin, is refused", async () => {
    for (const origin of CROSS_SITE) {
      await attempt({ name: `purchase from ${origin}`, ...buy("acme-admin", pack(acme), { origin }), status: 403, code: "csrf" });
      await attempt({ name: `auto-recharge from ${origin}`, ...setRecharge("acme-admin", recharge(acme), { origin }), status: 403, code: "csrf" });
    }
    await attempt({ name: "purchase without Origin", ...buy("acme-admin", pack(acme), { origin: null }), status: 403, code: "csrf" });
    await attempt({ name: "purchase without Origin, cross-site fetch", ...buy("acme-admin", pack(acme), { origin: null, headers: { "sec-fetch-site": "cross-site" } }), status: 403, code: "csrf" });
    await attempt({ name: "purchase without Origin, same-site fetch", ...buy("acme-admin", pack(acme), { origin: null, headers: { "sec-fetch-site": "same-site" } }), status: 403, code: "csrf" });
    await attempt({ name: "sign-out from another origin", as: "acme-admin", method: "POST", path: "/api/session/sign-out", body: {}, origin: "https://evil.example", status: 403, code: "csrf" });
  });

  const SECRETS = (): Array<[string, Record<string, string>]> => [
    ["no Authorization", {}],
    ["a wrong secret", { authorization: "Bearer wrong-secret-of-some-length" }],
    ["the secret with a character more", { authorization: `Bearer ${TEST_PORTAL_SECRET}x` }],
    ["the secret with a character less", { authorization: `Bearer ${TEST_PORTAL_SECRET.slice(0, -1)}` }],
    ["two spaces after Bearer", { authorization: `Bearer  ${TEST_PORTAL_SECRET}` }],
    // (A trailing space is not an attack: HTTP strips whitespace around a header's value before anyone reads it.)
    ["a space inside the secret", { authorization: `Bearer ${TEST_PORTAL_SECRET.slice(0, 4)} ${TEST_PORTAL_SECRET.slice(4)}` }],
    ["a tab after Bearer", { authorization: `Bearer\t${TEST_PORTAL_SECRET}` }],
    ["a lower-case scheme", { authorization: `bearer ${TEST_PORTAL_SECRET}` }],
    ["Basic", { authorization: `Basic ${Buffer.from(`x:${TEST_PORTAL_SECRET}`).toString("base64")}` }],
    ["the scheme alone", { authorization: "Bearer" }],
    ["the secret alone", { authorization: TEST_PORTAL_SECRET }],
    ["the secret in upper case", { authorization: `Bearer ${TEST_PORTAL_SECRET.toUpperCase()}` }],
    ["a session cookie only", {}],
  ];

  it("bearer endpoints refuse every wrong spelling of the secret, and a session cookie alone", async () => {
    const endpoints: Array<[string, Omit<Case, "name" | "status" | "headers">]> = [
      ["access check", { method: "POST", path: "/api/access/check", body: { customer_id: acme.customerId }, origin: null }],
      ["metrics", { method: "GET", path: "/api/internal/metrics" }],
      ["read-cache purge", { method: "DELETE", path: "/api/internal/read-cache", origin: null }],
      ["portal session", { method: "POST", path: "/api/portal-sessions", body: { role: "customer_admin", customer_id: acme.customerId, user: { id: "u", name: "U", email: "u@x.example" } }, origin: null }],
      ["simulator control", { method: "POST", path: "/api/simulator/_simulator/reset", body: { scenario: "empty" }, origin: null }],
    ];
    for (const [what, c] of endpoints) {
      for (const [how, headers] of SECRETS()) {
        const answer = await attempt({ name: `${what}: ${how}`, ...c, headers, ...(how.includes("cookie") ? { as: "acme-admin" as const, origin: "http://localhost:4173" } : {}), status: 401, code: "invalid_portal_secret" });
        expect(answer.text).not.toContain(TEST_PORTAL_SECRET);
      }
    }
  });

  it("bearer endpoints answer without an Origin, and a cross-site Origin gains nothing over the bearer", async () => {
    const plain = await attempt({ name: "access check, bearer, no Origin", ...check(bearer), status: 200, changes: true });
    expect(plain.body).toMatchObject({ allowed: expect.any(Boolean), reason: expect.any(String) });
    await attempt({ name: "access check, bearer, cross-site Origin", ...check(bearer, undefined, { origin: "https://evil.example" }), status: 200, changes: true });
    await attempt({ name: "metrics, bearer", method: "GET", path: "/api/internal/metrics", headers: bearer, status: 200, changes: true });
    await attempt({ name: "access check, cookie and a cross-site Origin", ...check({}, undefined, { as: "acme-admin", origin: "https://evil.example" }), status: 401, code: "invalid_portal_secret" });
    const purge = await send({ method: "DELETE", path: "/api/internal/read-cache", headers: bearer, origin: null });
    cases += 1;
    expect(purge.status).toBe(204);
    expect(portal.server.reads.stats().entries).toBe(0);
  });

  it("compares the secret in constant time: equal-length digests whatever was presented", async () => {
    for (const presented of ["x", "wrong-secret-of-some-length", `${TEST_PORTAL_SECRET}${"y".repeat(500)}`, TEST_PORTAL_SECRET]) {
      crypto.compared.length = 0;
      const answer = await send(check({ authorization: `Bearer ${presented}` }));
      cases += 1;
      expect(answer.status).toBe(presented === TEST_PORTAL_SECRET ? 200 : 401);
      expect(crypto.compared, presented.slice(0, 20)).toEqual([[32, 32]]);
    }
  });

  it("an unknown customer is a 404 remembered, never a 500; a seat of another customer is unknown_seat", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "x", "A".repeat(64)]) {
      await attempt({ name: `access check for unknown ${id.slice(0, 12)}`, ...check(bearer, { customer_id: id }), status: 404, code: "unknown_customer", changes: true });
    }
    const globexSeat = await attempt({ name: "acme checked with a globex seat", ...check(bearer, { customer_id: acme.customerId, seat_id: "grace.okafor@globex.example" }), status: 200, changes: true });
    expect((globexSeat.body as unknown as AccessDecision).reason).toBe("unknown_seat");
  });
});

describe("a portal session's theme, locale and time zone", { timeout: 120_000 }, () => {
  const grant = (extra: Record<string, unknown>) => ({ role: "customer_admin", customer_id: acme.customerId, user: { id: "u-1", name: "Pat Lee", email: "pat@acme.example" }, ...extra });
  const link = (extra: Record<string, unknown>): Omit<Case, "name" | "status"> => ({ method: "POST", path: "/api/portal-sessions", headers: bearer, body: grant(extra), origin: null });

  const CSS = ["red;}", "#0e7490;}", "#0e7490; background: url(https://evil.example/x)", "url(javascript:alert(1))", "expression(alert(1))", "</style><script>alert(1)</script>", "var(--x)", "#0e749", "#0e74900", "rgb(0,0,0)", "#0e7490\n", "\\23 0e7490"];

  it("CSS in any theme value is a 400 naming the field, and no link is made", async () => {
    for (const value of CSS) {
      for (const field of ["brand_color", "accent_color", "radius", "font_family", "mode"]) {
        await attempt({ name: `theme.${field} = ${JSON.stringify(value)}`, ...link({ theme: { [field]: value } }), status: 400, code: "invalid_field" });
      }
    }
    const more: Array<[string, unknown]> = [
      ["a font with a semicolon", { font_family: "Inter; color: red" }],
      ["a font with a url", { font_family: "url(https://evil.example/font.woff)" }],
      ["a font with a quote unclosed", { font_family: '"Inter' }],
      ["a font with a backslash", { font_family: "Inter\\, serif" }],
      ["eleven fonts", { font_family: Array.from({ length: 11 }, (_, i) => `Font${i}`).join(", ") }],
      ["a radius of 25px", { radius: "25px" }],
      ["a radius of 1e3px", { radius: "1e3px" }],
      ["a negative radius", { radius: "-4px" }],
      ["a radius in em", { radius: "1em" }],
      ["a radius calc()", { radius: "calc(100% - 1px)" }],
      ["an unknown theme field", { background: "#000000" }],
      ["a theme that is an array", ["#000000"]],
      ["a theme that is text", "dark"],
      ["a mode of DARK", { mode: "DARK" }],
    ];
    for (const [what, theme] of more) await attempt({ name: `theme: ${what}`, ...link({ theme }), status: 400, code: "invalid_field" });
  });

  it("garbage locales and time zones are 400s", async () => {
    const locales: unknown[] = ["en_US", "de-DE\n", "x".repeat(65), "../../etc/passwd", "<script>", "", "de-DE; q=0.9", 42, ["de-DE"], { tag: "de" }, "de-DE-u-", "\u0000"];
    for (const locale of locales) await attempt({ name: `locale ${JSON.stringify(locale)?.slice(0, 30)}`, ...link({ locale }), status: 400, code: "invalid_field" });
    const zones: unknown[] = ["Mars/Olympus_Mons", "Europe/Berlin; DROP TABLE sessions", "../../../etc/localtime", "Europe/Berlin ", "+01:00", "UTC\u0000", "", "Europe/" + "x".repeat(80), 1, ["UTC"], "Europe/Berlin/../Paris"];
    for (const time_zone of zones) await attempt({ name: `time zone ${JSON.stringify(time_zone)?.slice(0, 30)}`, ...link({ time_zone }), status: 400, code: "invalid_field" });
  });

  it("accepted values reach the session only in their canonical form", async () => {
    const answer = await attempt({
      name: "a valid theme, locale and time zone",
      ...link({ locale: "de-de", time_zone: "europe/berlin", theme: { brand_color: "#0E7490", radius: "0.5rem", font_family: "  Inter ,  'Helvetica Neue', sans-serif", mode: "dark" } }),
      status: 201,
      changes: true,
    });
    const url = new URL((answer.body as unknown as PortalSessionResponse).url);
    const redeemed = await portal.call("GET", url.pathname + url.search);
    expect(redeemed.status).toBe(303);
    const cookie = sessionCookieFrom(redeemed);
    const session = (await (await portal.call("GET", "/api/session", { cookie })).json()) as Record<string, unknown>;
    expect(session).toMatchObject({ locale: "de-DE", time_zone: "Europe/Berlin", theme: { brand_color: "#0e7490", radius: "0.5rem", font_family: "Inter, 'Helvetica Neue', sans-serif", mode: "dark" } });
  });
});

describe("purchases: racing, another catalogue, bounds", { timeout: 120_000 }, () => {
  async function commitsOf(t: DemoIds, name: string): Promise<number> {
    const { body } = await portal.simulatorJson("POST", "/v2/contracts/get", { customer_id: t.customerId, contract_id: t.contractId });
    return ((body as { data: { commits?: Array<{ name?: string }> } }).data.commits ?? []).filter((c) => c.name === name).length;
  }
  const rows = async () => Number((await portal.sql.query<{ n: number }>("select count(*)::int as n from top_up_purchases"))[0]?.n ?? 0);

  it("ten identical submits at once make one commit, one row, one answer", async () => {
    const body = pack(acme, { pack_id: "ai-credits-20k" });
    const [commitsBefore, rowsBefore] = [await commitsOf(acme, "20,000 AI credits"), await rows()];
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(buy("acme-admin", body))));
    cases += 10;
    for (const answer of answers) expect(answer.status, answer.text.slice(0, 200)).toBe(200);
    expect(new Set(answers.map((a) => (a.body as { data: TopUpPurchase }).data.id)).size).toBe(1);
    expect(await commitsOf(acme, "20,000 AI credits")).toBe(commitsBefore + 1);
    expect(await rows()).toBe(rowsBefore + 1);
    await attempt({ name: "the same key for another pack", ...buy("acme-admin", { ...body, pack_id: "ai-credits-5k" }), status: 409, code: "key_reused" });
    const settings = recharge(acme, { threshold: 2_000, recharge_to: 9_000 });
    const set = await Promise.all(Array.from({ length: 10 }, () => send(setRecharge("acme-admin", settings))));
    cases += 10;
    expect(set.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(set.map((a) => (a.body as { data: TopUpPurchase }).data.id)).size).toBe(1);
    expect(await rows()).toBe(rowsBefore + 2);
  });

  it("a pack of another operator's catalogue is not for sale here, and the reverse", async () => {
    await attempt({ name: "a pack id from elsewhere", ...buy("acme-admin", pack(acme, { pack_id: "enterprise-1m" })), status: 404, code: "pack_not_found" });
    await attempt({ name: "a pack id in upper case", ...buy("acme-admin", pack(acme, { pack_id: "AI-CREDITS-5K" })), status: 404, code: "pack_not_found" });
    const catalogue = (await send({ as: "acme-admin", method: "GET", path: `/api/top-up-packs?customer_id=${acme.customerId}` })).body as unknown as TopUpCatalogue;
    const product = catalogue.data[0]!.product_id;
    // A second instance on the same simulator and database, with its operator's catalogue of its own.
    const other = await createApp(
      testConfig({
        upstream: { kind: "simulator", now: FROZEN_NOW, scenario: "demo", maxSeats: null },
        topUps: {
          packs: [{ id: "enterprise-1m", name: "1,000,000 AI credits", credits: 1_000_000, credit_type_id: AI_CREDITS_ID, price: { amount: 500_000, credit_type_id: USD_CENTS_ID }, product_id: product, duration_months: 12, scope: "contract" }],
          autoRecharge: null,
        },
      }),
      { upstream: simulatorUpstream(portal.simulator), sql: portal.sql, now: portal.clock.now },
    );
    try {
      const cookie = await demoSignIn(other, "acme-admin");
      const before = portal.snapshot();
      expect(((await (await call(other, "GET", `/api/top-up-packs?customer_id=${acme.customerId}`, { cookie })).json()) as TopUpCatalogue).data.map((p) => p.id)).toEqual(["enterprise-1m"]);
      for (const pack_id of ["ai-credits-5k", "ai-credits-100k"]) {
        const answer = await call(other, "POST", "/api/top-ups", { cookie, body: { customer_id: acme.customerId, contract_id: acme.contractId, pack_id, uniqueness_key: newKey() } });
        cases += 1;
        expect(answer.status).toBe(404);
        expect(((await answer.json()) as { code: string }).code).toBe("pack_not_found");
      }
      const off = await call(other, "PUT", "/api/auto-recharge", { cookie, body: { customer_id: acme.customerId, contract_id: acme.contractId, enabled: true, threshold: 1_000, recharge_to: 5_000, uniqueness_key: newKey() } });
      cases += 1;
      expect(off.status).toBe(404);
      expect(((await off.json()) as { code: string }).code).toBe("auto_recharge_unavailable");
      expect(portal.snapshot()).toBe(before);
    } finally {
      await other.close();
    }
  });

  it("auto-recharge at its bounds is accepted, one step past them refused", async () => {
    const refused: Array<[string, number, number]> = [
      ["threshold one below the minimum", 499, 1_500],
      ["threshold one above the maximum", 50_001, 60_000],
      ["recharge_to one short of the minimum step", 500, 1_499],
      ["recharge_to one above the maximum", 500, 200_001],
      ["recharge_to equal to threshold", 1_000, 1_000],
      ["recharge_to below threshold", 1_000, 999],
      ["threshold 0", 0, 1_000],
    ];
    for (const [what, threshold, recharge_to] of refused) await attempt({ name: `auto-recharge: ${what}`, ...setRecharge("acme-admin", recharge(acme, { threshold, recharge_to })), status: 400 });
    const accepted: Array<[string, boolean, number, number]> = [
      ["the minimum threshold and step", true, 500, 1_500],
      ["the maximum threshold and its step", true, 50_000, 51_000],
      ["the widest range", true, 500, 200_000],
      ["the maximum threshold and recharge", true, 50_000, 200_000],
      ["off, at the minimum", false, 500, 1_500],
    ];
    for (const [what, enabled, threshold, recharge_to] of accepted) {
      const answer = await attempt({ name: `auto-recharge: ${what}`, ...setRecharge("acme-admin", recharge(acme, { enabled, threshold, recharge_to })), status: 200, changes: true });
      expect((answer.body as { data: TopUpPurchase }).data).toMatchObject({ status: "applied", settings: { enabled, threshold, recharge_to } });
      const { body } = await portal.simulatorJson("POST", "/v2/contracts/get", { customer_id: acme.customerId, contract_id: acme.contractId });
      expect((body as { data: { prepaid_balance_threshold_configuration?: unknown } }).data.prepaid_balance_threshold_configuration).toMatchObject({ is_enabled: enabled, threshold_amount: threshold, recharge_to_amount: recharge_to });
    }
  });
});

describe("the read layer never hands one customer's answer to another session", { timeout: 120_000 }, () => {
  const BODY_READS = (t: DemoIds): Array<[string, Record<string, unknown>]> => [
    ["/v2/contracts/get", { customer_id: t.customerId, contract_id: t.contractId }],
    ["/v2/contracts/list", { customer_id: t.customerId }],
    ["/v2/contracts/getEditHistory", { customer_id: t.customerId, contract_id: t.contractId }],
    ["/v1/contracts/customerBalances/list", { customer_id: t.customerId, include_balance: true }],
    ["/v1/customer-alerts/list", { customer_id: t.customerId }],
  ];
  const read = (as: Person, path: string, body?: unknown, raw?: string) =>
    send({ as, method: body === undefined && raw === undefined ? "GET" : "POST", path: `/api/metronome${path}`, ...(raw !== undefined ? { raw } : body !== undefined ? { body } : {}) });

  it("an entry cached for acme is refused to globex's session, and globex's own read is its own", async () => {
    for (const [path, body] of BODY_READS(acme)) {
      const first = await read("acme-admin", path, body);
      expect(first.status, path).toBe(200);
      const again = await read("account-manager", path, body);
      expect(again.text, `${path}: the same customer's sessions share the entry`).toBe(first.text);
      await attempt({ name: `globex reads acme's cached ${path}`, as: "globex-admin", method: "POST", path: `/api/metronome${path}`, body, status: 403, code: "customer_out_of_scope" });
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      await attempt({ name: `globex reads acme's cached ${path}, keys reordered`, as: "globex-admin", method: "POST", path: `/api/metronome${path}`, body: reordered, status: 403 });
      const own = await read("globex-admin", path, BODY_READS(globex).find(([p]) => p === path)![1]);
      cases += 1;
      expect(own.status, path).toBe(200);
      expect(own.text, path).not.toContain(acme.customerId);
      expect(own.text, path).not.toContain(acme.contractId);
    }
  });

  it("a body naming two customers is judged and read as the one JSON keeps (the last)", async () => {
    const path = "/v2/contracts/list";
    const acmeLast = `{"customer_id":"${globex.customerId}","customer_id":"${acme.customerId}"}`;
    const globexLast = `{"customer_id":"${acme.customerId}","customer_id":"${globex.customerId}"}`;
    await attempt({ name: "globex's session, acme last", as: "globex-admin", method: "POST", path: `/api/metronome${path}`, raw: acmeLast, status: 403 });
    const own = await read("globex-admin", path, undefined, globexLast);
    cases += 1;
    expect(own.status).toBe(200);
    expect(own.text).toContain(globex.contractId);
    expect(own.text).not.toContain(acme.contractId);
  });

  it("path reads and views cached for acme are refused to globex however the id is spelled", async () => {
    const invoices = `/v1/customers/${acme.customerId}/invoices`;
    expect((await read("acme-admin", invoices)).status).toBe(200);
    const encoded = encodeURIComponent(acme.customerId).replace(/a/g, "%61");
    for (const path of [invoices, invoices.replace(acme.customerId, encoded), invoices.replace(acme.customerId, acme.customerId.toUpperCase())]) {
      await attempt({ name: `globex reads ${path}`, as: "globex-admin", method: "GET", path: `/api/metronome${path}`, status: 403 });
    }
    const view = `/api/views/overview?${viewQuery(acme)}`;
    const seen = await send({ as: "acme-admin", method: "GET", path: view });
    expect(seen.status).toBe(200);
    await attempt({ name: "globex opens acme's overview view", as: "globex-admin", method: "GET", path: view, status: 403, code: "customer_out_of_scope" });
    await attempt({ name: "an unassigned customer's view for the account manager", as: "account-manager", method: "GET", path: `/api/views/overview?${viewQuery(unassigned)}`, status: 403 });
    // Globex's own overview naming acme's contract: Metronome finds no such contract of globex, and nothing of acme's comes back.
    const crossed = await send({ as: "globex-admin", method: "GET", path: `/api/views/overview?${viewQuery({ ...globex, contractId: acme.contractId })}` });
    cases += 1;
    expect(crossed.status).toBe(200);
    const lines = crossed.text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as { request?: { path: string; body: unknown }; status?: number; body?: unknown });
    const contractRead = lines.find((l) => l.request?.path === "/api/metronome/v2/contracts/get");
    expect([400, 404]).toContain(contractRead?.status);
    for (const line of lines) expect(JSON.stringify(line.body ?? null)).not.toContain(acme.customerId);
  });

  it("the customer-free entries (credit types) name no customer", async () => {
    const types = await read("acme-admin", "/v1/credit-types/list");
    expect(types.status).toBe(200);
    for (const t of [acme, globex]) expect(types.text).not.toContain(t.customerId);
  });
});

describe("framed in a host product (FRAME_ANCESTORS)", { timeout: 60_000 }, () => {
  it("the cookie goes cross-site, yet a write from the host's page is refused", async () => {
    const framed = await createApp(testConfig({ upstream: { kind: "simulator", now: FROZEN_NOW, scenario: "demo", maxSeats: null }, frameAncestors: "https://host.example" }), {
      upstream: simulatorUpstream(portal.simulator),
      sql: portal.sql,
      now: portal.clock.now,
    });
    try {
      const signIn = await call(framed, "POST", "/api/demo-sign-in", { body: { person_id: "acme-admin" } });
      expect(signIn.headers.getSetCookie().join("; ")).toMatch(/SameSite=None; .*Secure|Secure; .*SameSite=None/i);
      expect(signIn.headers.getSetCookie().join("; ")).toMatch(/Partitioned/i);
      const cookie = sessionCookieFrom(signIn);
      const before = await stateNow();
      for (const [method, path, body] of [["POST", "/api/top-ups", pack(acme)], ["PUT", "/api/auto-recharge", recharge(acme)]] as const) {
        for (const origin of ["https://host.example", "null"]) {
          const answer = await call(framed, method, path, { cookie, body, origin });
          cases += 1;
          expect(answer.status, `${method} ${path} from ${origin}`).toBe(403);
          expect(((await answer.json()) as { code: string }).code).toBe("csrf");
        }
      }
      expect(await stateNow()).toBe(before);
    } finally {
      await framed.close();
    }
  });
});

describe("a contract filter naming another customer's contract", () => {
  it("lists nothing of that customer", async () => {
    const answer = await attempt({ name: "acme lists top-ups on globex's contract", as: "acme-admin", method: "GET", path: `/api/top-ups?customer_id=${acme.customerId}&contract_id=${globex.contractId}`, status: 200 });
    expect((answer.body as { data: TopUpPurchase[] }).data).toEqual([]);
  });
});
