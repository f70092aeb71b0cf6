/**
 * The security matrix: every allowlisted Metronome endpoint and every BFF endpoint × every role
 * (customer admin, customer member, account manager, no session) × own or another customer,
 * against the BFF in process on the real simulator. Every denial also proves the simulator's
 * state did not move. Then: one-time portal links, session expiry, CSRF, headers, secrets and
 * markup in seat IDs. Prints its case count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CustomerPage, PortalSessionResponse } from "../contract/bff";
import { bearer, FROZEN_NOW, isSpecificMessage, jsonOf, reportCounts, startPortal, type DemoIds, type Portal } from "../../test/resilience/harness";
import { createApp } from "./app";
import { openPglite } from "./db";
import { sessionCookieFrom, testConfig, TEST_ORIGIN, TEST_PORTAL_SECRET, TEST_WEBHOOK_SECRET } from "./test-helpers";
import { AI_CREDITS_ID } from "../simulator/state";
import { liveUpstream } from "./upstream";

type RoleName = "customer_admin" | "customer_member" | "account_manager" | "none";
type Scope = "own" | "other" | "n/a";
type Access = "read" | "write" | "session" | "offlist" | "bearer" | "public";

interface EndpointCase {
  name: string;
  access: Access;
  /** Whether the request names a customer (own/other applies). */
  scoped: boolean;
  build(target: DemoIds, role: RoleName): { method: string; path: string; body?: unknown };
}

const PEOPLE: Record<Exclude<RoleName, "none">, string> = {
  customer_admin: "acme-admin",
  customer_member: "acme-member",
  account_manager: "account-manager",
};

let portal: Portal;
let acme: DemoIds;
let globex: DemoIds;
let unassigned: DemoIds;
const cookies = new Map<RoleName, string | null>();
const createdAlerts = new Map<RoleName, string>();
const responseTexts: string[] = [];
let securityCases = 0;
let editCounter = 0;

function editBody(t: DemoIds, seatIds?: string[]) {
  editCounter += 1;
  const update = t.seatBased
    ? { subscription_id: t.subscriptionId, seat_updates: seatIds ? { add_seat_ids: [{ seat_ids: seatIds, starting_at: FROZEN_NOW }] } : { add_unassigned_seats: [{ quantity: 1, starting_at: FROZEN_NOW }] } }
    : { subscription_id: t.subscriptionId, quantity_updates: [{ quantity: 20 + editCounter, starting_at: FROZEN_NOW }] };
  return { customer_id: t.customerId, contract_id: t.contractId, uniqueness_key: `matrix-${editCounter}`, update_subscriptions: [update] };
}

const metronome = (method: string, path: string, body?: unknown) => ({ method, path: `/api/metronome${path}`, ...(body !== undefined ? { body } : {}) });

const ENDPOINTS: EndpointCase[] = [
  { name: "GET /v1/customers/:id", access: "read", scoped: true, build: (t) => metronome("GET", `/v1/customers/${t.customerId}`) },
  { name: "GET /v1/customers/:id/invoices", access: "read", scoped: true, build: (t) => metronome("GET", `/v1/customers/${t.customerId}/invoices?limit=2`) },
  { name: "GET /v1/customers/:id/invoices/:invoice", access: "read", scoped: true, build: (t) => metronome("GET", `/v1/customers/${t.customerId}/invoices/${t.invoiceId ?? "none"}`) },
  { name: "GET /v1/credit-types/list", access: "session", scoped: false, build: () => metronome("GET", "/v1/credit-types/list") },
  { name: "POST /v2/contracts/get", access: "read", scoped: true, build: (t) => metronome("POST", "/v2/contracts/get", { customer_id: t.customerId, contract_id: t.contractId }) },
  { name: "POST /v2/contracts/list", access: "read", scoped: true, build: (t) => metronome("POST", "/v2/contracts/list", { customer_id: t.customerId }) },
  { name: "POST /v2/contracts/getEditHistory", access: "read", scoped: true, build: (t) => metronome("POST", "/v2/contracts/getEditHistory", { customer_id: t.customerId, contract_id: t.contractId }) },
  {
    name: "POST /v1/contracts/getSubscriptionQuantityHistory", access: "read", scoped: true,
    build: (t) => metronome("POST", "/v1/contracts/getSubscriptionQuantityHistory", { customer_id: t.customerId, contract_id: t.contractId, subscription_id: t.subscriptionId }),
  },
  {
    name: "POST /v1/contracts/getSubscriptionSeatsHistory", access: "read", scoped: true,
    build: (t) => metronome("POST", "/v1/contracts/getSubscriptionSeatsHistory", { customer_id: t.customerId, contract_id: t.contractId, subscription_id: t.subscriptionId }),
  },
  { name: "POST /v1/contracts/seatBalances/list", access: "read", scoped: true, build: (t) => metronome("POST", "/v1/contracts/seatBalances/list", { customer_id: t.customerId, contract_id: t.contractId }) },
  { name: "POST /v1/contracts/customerBalances/list", access: "read", scoped: true, build: (t) => metronome("POST", "/v1/contracts/customerBalances/list", { customer_id: t.customerId }) },
  { name: "POST /v1/contracts/customerBalances/getNetBalance", access: "read", scoped: true, build: (t) => metronome("POST", "/v1/contracts/customerBalances/getNetBalance", { customer_id: t.customerId }) },
  { name: "POST /v1/customer-alerts/list", access: "read", scoped: true, build: (t) => metronome("POST", "/v1/customer-alerts/list", { customer_id: t.customerId }) },
  { name: "POST /v1/customer-alerts/get", access: "read", scoped: true, build: (t) => metronome("POST", "/v1/customer-alerts/get", { customer_id: t.customerId, alert_id: t.alertIds[0] ?? "none" }) },
  { name: "POST /v2/contracts/edit", access: "write", scoped: true, build: (t) => metronome("POST", "/v2/contracts/edit", editBody(t)) },
  {
    name: "POST /v1/alerts/create", access: "write", scoped: true,
    build: (t, role) => metronome("POST", "/v1/alerts/create", { customer_id: t.customerId, alert_type: "low_remaining_contract_credit_balance_reached", name: `Low balance (${role})`, threshold: 100, credit_type_id: AI_CREDITS_ID, uniqueness_key: `matrix-${role}` }),
  },
  {
    name: "POST /v1/alerts/archive", access: "write", scoped: true,
    build: (t, role) => metronome("POST", "/v1/alerts/archive", { customer_id: t.customerId, id: (t === acme ? createdAlerts.get(role) : undefined) ?? t.alertIds[0] ?? "none" }),
  },
  { name: "GET /api/policy", access: "read", scoped: true, build: (t) => ({ method: "GET", path: `/api/policy?customer_id=${t.customerId}` }) },
  { name: "GET /api/audit", access: "read", scoped: true, build: (t) => ({ method: "GET", path: `/api/audit?customer_id=${t.customerId}` }) },
  { name: "GET /api/alert-events", access: "read", scoped: true, build: (t) => ({ method: "GET", path: `/api/alert-events?customer_id=${t.customerId}` }) },
  { name: "GET /api/session", access: "session", scoped: false, build: () => ({ method: "GET", path: "/api/session" }) },
  { name: "GET /api/customers", access: "session", scoped: false, build: () => ({ method: "GET", path: "/api/customers?limit=100" }) },
  { name: "GET /api/demo-people", access: "public", scoped: false, build: () => ({ method: "GET", path: "/api/demo-people" }) },
  { name: "GET /api/health", access: "public", scoped: false, build: () => ({ method: "GET", path: "/api/health" }) },
  // Off the allowlist: Metronome calls the dashboard never needs.
  { name: "GET /v1/customers (all customers)", access: "offlist", scoped: false, build: () => metronome("GET", "/v1/customers") },
  { name: "POST /v1/contracts/addManualBalanceLedgerEntry", access: "offlist", scoped: true, build: (t) => metronome("POST", "/v1/contracts/addManualBalanceLedgerEntry", { customer_id: t.customerId, amount: 1000 }) },
  { name: "POST /v1/contracts/create", access: "offlist", scoped: true, build: (t) => metronome("POST", "/v1/contracts/create", { customer_id: t.customerId }) },
  { name: "GET /v2/contracts/edit (wrong method)", access: "offlist", scoped: false, build: () => metronome("GET", "/v2/contracts/edit") },
  // Bearer-only endpoints: a session cookie is never enough.
  { name: "POST /api/simulator/_simulator/reset", access: "bearer", scoped: false, build: () => ({ method: "POST", path: "/api/simulator/_simulator/reset", body: { scenario: "empty" } }) },
  { name: "POST /api/simulator/_simulator/faults", access: "bearer", scoped: false, build: () => ({ method: "POST", path: "/api/simulator/_simulator/faults", body: { rules: [{ path: "/", error_rate: 1 }] } }) },
  { name: "POST /api/portal-sessions", access: "bearer", scoped: false, build: (t) => ({ method: "POST", path: "/api/portal-sessions", body: { role: "customer_admin", customer_id: t.customerId, user: { id: "x", name: "X", email: "x@x.example" } } }) },
];

const ROLES: RoleName[] = ["customer_admin", "customer_member", "account_manager", "none"];

function expected(endpoint: EndpointCase, role: RoleName, scope: Scope): number {
  switch (endpoint.access) {
    case "public":
      return 200;
    case "bearer":
      return 401;
    case "session":
      return role === "none" ? 401 : 200;
    case "offlist":
      return role === "none" ? 401 : 404;
    case "read":
      if (role === "none") return 401;
      return scope === "own" ? 200 : 403;
    case "write":
      if (role === "none") return 401;
      if (role === "customer_member") return 403;
      return scope === "own" ? 200 : 403;
  }
}

function otherFor(role: RoleName): DemoIds {
  return role === "account_manager" ? unassigned : globex;
}

async function send(request: { method: string; path: string; body?: unknown }, cookie: string | null) {
  const response = await portal.call(request.method, request.path, {
    cookie,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  const text = await response.text();
  responseTexts.push(text, JSON.stringify([...response.headers]));
  return { response, text };
}

beforeAll(async () => {
  portal = await startPortal();
  acme = await portal.ids("acme");
  globex = await portal.ids("globex");
  unassigned = await portal.ids("small-200");
  for (const role of ROLES) cookies.set(role, role === "none" ? null : await portal.signIn(PEOPLE[role]));
}, 60_000);

afterAll(async () => {
  await portal?.close();
  reportCounts("security-matrix", { security_cases: securityCases });
});

describe("security matrix: endpoint × role × customer", () => {
  const cells: Array<{ endpoint: EndpointCase; role: RoleName; scope: Scope }> = [];
  for (const endpoint of ENDPOINTS) {
    for (const role of ROLES) {
      const scopes: Scope[] = endpoint.scoped ? ["own", "other"] : ["n/a"];
      for (const scope of scopes) cells.push({ endpoint, role, scope });
    }
  }

  it(`has ${cells.length} cells and at least 150`, () => {
    expect(cells.length).toBeGreaterThanOrEqual(150);
  });

  it.each(cells.map((c) => [c.endpoint.name, c.role, c.scope, c] as const))("%s as %s on %s customer", async (_name, role, scope, cell) => {
    const target = scope === "other" ? otherFor(role) : acme;
    const request = cell.endpoint.build(target, role);
    const want = expected(cell.endpoint, role, scope);
    const before = portal.snapshot();
    const { response, text } = await send(request, cookies.get(role) ?? null);
    expect(response.status, `${request.method} ${request.path}: ${text.slice(0, 300)}`).toBe(want);
    if (want >= 400) {
      // A refusal changes nothing and says why.
      expect(portal.snapshot()).toBe(before);
      expect(isSpecificMessage(JSON.parse(text))).toBe(true);
    } else if (cell.endpoint.access !== "write") {
      expect(portal.snapshot()).toBe(before);
    }
    if (scope === "other") {
      // Nothing of the other customer comes back, not even its name.
      expect(text).not.toContain(`"customer_id":"${target.customerId}"`);
    }
    if (cell.endpoint.name === "POST /v1/alerts/create" && response.status === 200) {
      createdAlerts.set(role, (JSON.parse(text) as { data: { id: string } }).data.id);
    }
    securityCases += 1;
  });

  it("lists only the session's customers and finds no other customer by id or name", async () => {
    for (const role of ["customer_admin", "customer_member", "account_manager"] as const) {
      const other = otherFor(role);
      const { text } = await send({ method: "GET", path: `/api/customers?q=${other.customerId}` }, cookies.get(role) ?? null);
      expect((JSON.parse(text) as CustomerPage).total).toBe(0);
      const all = JSON.parse((await send({ method: "GET", path: "/api/customers?limit=100" }, cookies.get(role) ?? null)).text) as CustomerPage;
      expect(all.data.map((c) => c.id)).not.toContain(other.customerId);
      expect(all.total).toBe(role === "account_manager" ? 50 : 1);
      securityCases += 2;
    }
  });

  it("refuses a contract of another customer named beside the session's own customer id", async () => {
    const cookie = cookies.get("customer_admin") ?? null;
    const before = portal.snapshot();
    const read = await send(metronome("POST", "/v2/contracts/get", { customer_id: acme.customerId, contract_id: globex.contractId }), cookie);
    expect(read.response.status).toBeGreaterThanOrEqual(400);
    expect(read.response.status).toBeLessThan(500);
    expect(read.text).not.toContain(globex.subscriptionId);
    const edit = await send(metronome("POST", "/v2/contracts/edit", { ...editBody(globex), customer_id: acme.customerId }), cookie);
    expect(edit.response.status).toBeGreaterThanOrEqual(400);
    expect(edit.response.status).toBeLessThan(500);
    const archive = await send(metronome("POST", "/v1/alerts/archive", { customer_id: acme.customerId, id: globex.alertIds[0] ?? "none" }), cookie);
    expect(archive.response.status).toBe(404);
    const invoice = await send(metronome("GET", `/v1/customers/${acme.customerId}/invoices/${globex.invoiceId ?? "none"}`), cookie);
    expect(invoice.response.status).toBe(404);
    expect(portal.snapshot()).toBe(before);
    securityCases += 4;
  });
});

describe("CSRF: cross-origin writes are refused", () => {
  const writes = [
    { name: "edit", path: "/api/metronome/v2/contracts/edit" },
    { name: "alerts/create", path: "/api/metronome/v1/alerts/create" },
    { name: "alerts/archive", path: "/api/metronome/v1/alerts/archive" },
    { name: "contracts/list", path: "/api/metronome/v2/contracts/list" },
    { name: "demo-sign-in", path: "/api/demo-sign-in" },
    { name: "sign-out", path: "/api/session/sign-out" },
  ];
  const attacks: Array<{ name: string; origin: string | null; headers: Record<string, string> }> = [
    { name: "another origin", origin: "https://evil.example", headers: {} },
    { name: "a look-alike origin", origin: `${TEST_ORIGIN}.evil.example`, headers: {} },
    { name: "the null origin", origin: "null", headers: {} },
    { name: "no origin, same-site fetch", origin: null, headers: { "sec-fetch-site": "same-site" } },
    { name: "no origin, no fetch metadata", origin: null, headers: {} },
    { name: "a form post", origin: TEST_ORIGIN, headers: { "content-type": "application/x-www-form-urlencoded" } },
    { name: "a text/plain post", origin: TEST_ORIGIN, headers: { "content-type": "text/plain" } },
  ];
  it.each(writes.flatMap((w) => attacks.map((a) => [w.name, a.name, w, a] as const)))("%s from %s", async (_w, _a, write, attack) => {
    const cookie = cookies.get("customer_admin") ?? null;
    const before = portal.snapshot();
    const response = await portal.call("POST", write.path, {
      cookie,
      origin: attack.origin,
      headers: attack.headers,
      raw: JSON.stringify({ ...editBody(acme), person_id: "acme-admin", id: acme.alertIds[0] }),
    });
    expect(response.status).toBe(403);
    expect(((await jsonOf(response)) as { code?: string }).code).toBe("csrf");
    expect(portal.snapshot()).toBe(before);
    // The session survives a refused cross-site sign-out.
    expect((await portal.call("GET", "/api/session", { cookie })).status).toBe(200);
    securityCases += 1;
  });
});

describe("headers and secrets", () => {
  it("sends a CSP without inline scripts, and nosniff, on API and page responses", async () => {
    for (const path of ["/api/health", "/api/session", "/c/x/k/y/s/z/seats", "/api/metronome/v1/customers"]) {
      const response = await portal.call("GET", path);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(csp).toMatch(/frame-ancestors 'self'/);
      expect(csp).not.toMatch(/unsafe-eval/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      securityCases += 1;
    }
  });

  it("stores seat IDs with markup as data and answers them as JSON only", async () => {
    const cookie = cookies.get("customer_admin") ?? null;
    const markup = `<img src=x onerror="alert(1)">`;
    const edit = await send(metronome("POST", "/v2/contracts/edit", editBody(acme, [markup, "<script>alert(2)</script>"])), cookie);
    expect(edit.response.status).toBe(200);
    const history = await portal.call("POST", "/api/metronome/v1/contracts/getSubscriptionSeatsHistory", {
      cookie, body: { customer_id: acme.customerId, contract_id: acme.contractId, subscription_id: acme.subscriptionId, covering_date: FROZEN_NOW },
    });
    expect(history.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await history.text()).toContain(JSON.stringify(markup).slice(1, -1));
    securityCases += 1;
  });

  it("never answers a secret or the session token in a body or a header other than the one Set-Cookie", async () => {
    const secrets = [TEST_PORTAL_SECRET, TEST_WEBHOOK_SECRET, ...[...cookies.values()].filter((c): c is string => c !== null)];
    expect(responseTexts.length).toBeGreaterThan(300);
    for (const text of responseTexts) for (const secret of secrets) expect(text.includes(secret), `leak of ${secret.slice(0, 4)}…`).toBe(false);
    securityCases += 1;
  });

  it("never passes the live Metronome token to the browser, even when Metronome fails", async () => {
    const token = "live-metronome-token-0123456789";
    const seen: string[] = [];
    const fetchImpl: typeof fetch = async (_input, init) => {
      seen.push(new Headers(init?.headers).get("authorization") ?? "");
      if (seen.length % 2 === 0) throw new Error(`connect ECONNREFUSED with Bearer ${token}`);
      return new Response(JSON.stringify({ message: "Unauthorized" }), { status: 401, headers: { "content-type": "application/json" } });
    };
    const sql = await openPglite(null);
    const live = await createApp(testConfig({ upstream: { kind: "metronome", baseUrl: "https://metronome.invalid", token } }), {
      upstream: liveUpstream("https://metronome.invalid", token, fetchImpl),
      sql,
    });
    try {
      const link = await live.fetch(new Request(`${TEST_ORIGIN}/api/portal-sessions`, {
        method: "POST",
        headers: { ...bearer, "content-type": "application/json" },
        body: JSON.stringify({ role: "customer_admin", customer_id: "c-live", user: { id: "u", name: "U", email: "u@x.example" } }),
      }));
      // The customer lookup itself fails upstream; the answer names no token either way.
      const texts = [await link.text()];
      for (let i = 0; i < 4; i++) {
        const health = await live.fetch(new Request(`${TEST_ORIGIN}/api/metronome/v1/credit-types/list`));
        texts.push(await health.text(), JSON.stringify([...health.headers]));
      }
      for (const text of texts) expect(text).not.toContain(token);
      securityCases += 1;
    } finally {
      await live.close();
      await sql.close();
    }
  }, 60_000);
});

describe("portal links and sessions expire", () => {
  it("works once, then says it was used", async () => {
    const response = await portal.call("POST", "/api/portal-sessions", {
      origin: null, headers: bearer,
      body: { role: "customer_admin", customer_id: acme.customerId, user: { id: "host-1", name: "Host User", email: "host@acme.example" } },
    });
    const { url } = (await response.json()) as PortalSessionResponse;
    const path = new URL(url).pathname + new URL(url).search;
    const first = await portal.call("GET", path);
    expect(first.status).toBe(303);
    const cookie = sessionCookieFrom(first);
    expect((await portal.call("GET", "/api/session", { cookie })).status).toBe(200);
    const second = await portal.call("GET", path);
    expect(second.status).toBe(401);
    expect(sessionCookieFrom(second)).toBeNull();
    expect(((await second.json()) as { message: string }).message).toMatch(/already been used/);
    securityCases += 2;
  });

  it("refuses a tampered or missing token", async () => {
    expect((await portal.call("GET", "/api/portal-sessions/redeem?token=forged")).status).toBe(401);
    expect((await portal.call("GET", "/api/portal-sessions/redeem")).status).toBe(401);
    const wrongSecret = await portal.call("POST", "/api/portal-sessions", {
      origin: null, headers: { authorization: "Bearer wrong" }, body: { role: "customer_admin", customer_id: acme.customerId, user: { id: "u", name: "U", email: "u@x.example" } },
    });
    expect(wrongSecret.status).toBe(401);
    securityCases += 3;
  });

  it("expires an unused link after its lifetime and a session after its own", async () => {
    const response = await portal.call("POST", "/api/portal-sessions", {
      origin: null, headers: bearer,
      body: { role: "customer_admin", customer_id: acme.customerId, user: { id: "host-2", name: "Host", email: "host2@acme.example" } },
    });
    const { url } = (await response.json()) as PortalSessionResponse;
    const session = cookies.get("account_manager") ?? null;
    portal.clock.advance(5 * 60 + 1);
    const late = await portal.call("GET", new URL(url).pathname + new URL(url).search);
    expect(late.status).toBe(401);
    expect(((await late.json()) as { message: string }).message).toMatch(/expired/);
    expect((await portal.call("GET", "/api/session", { cookie: session })).status).toBe(200);
    portal.clock.advance(12 * 60 * 60);
    const expired = await portal.call("GET", "/api/session", { cookie: session });
    expect(expired.status).toBe(401);
    const read = await portal.call("POST", "/api/metronome/v2/contracts/list", { cookie: session, body: { customer_id: acme.customerId } });
    expect(read.status).toBe(401);
    const audit = await portal.call("GET", `/api/audit?customer_id=${acme.customerId}`, { cookie: session });
    expect(audit.status).toBe(401);
    securityCases += 4;
  });
});
