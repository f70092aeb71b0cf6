import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CustomerPage, DemoPerson, PortalSessionResponse, Session } from "../contract/bff";
import { createApp, type ServerApp } from "./app";
import { openPglite, type Sql } from "./db";
import { createFakeUpstream, type FakeUpstream } from "./fake-upstream";
import { call, demoSignIn, sessionCookieFrom, signWebhook, testClock, testConfig, TEST_ORIGIN, TEST_PORTAL_SECRET, TEST_WEBHOOK_SECRET } from "./test-helpers";

let sql: Sql;
let upstream: FakeUpstream;
let clock: ReturnType<typeof testClock>;
let server: ServerApp;

beforeAll(async () => {
  sql = await openPglite(null);
}, 60_000);
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  upstream = createFakeUpstream();
  clock = testClock();
  server = await createApp(testConfig(), { upstream, sql, now: clock.now });
});

const portal = (body: unknown, secret = TEST_PORTAL_SECRET) =>
  call(server, "POST", "/api/portal-sessions", { body, origin: null, headers: { authorization: `Bearer ${secret}` } });

const user = { id: "u-1", name: "Pat Lee", email: "pat@acme.example" };

describe("health and headers", () => {
  it("answers health with the upstream and sets security headers", async () => {
    const response = await call(server, "GET", "/api/health");
    expect(response.status).toBe(200);
    // The fake upstream has no clock: the server's own time stands in.
    expect(await response.json()).toEqual({ ok: true, upstream: "simulator", database: "up", now: "2026-11-24T12:00:00.000Z" });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers unknown /api paths with a JSON 404", async () => {
    const response = await call(server, "GET", "/api/nope");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: expect.stringContaining("/api/nope") });
  });
});

describe("demo sign-in and the session", () => {
  it("is signed out without a cookie", async () => {
    const response = await call(server, "GET", "/api/session");
    expect(response.status).toBe(401);
    expect((await response.json()).message).toMatch(/sign in/i);
  });

  it("lists an admin and a member of each headline customer and an account manager of 50", async () => {
    const { data } = (await (await call(server, "GET", "/api/demo-people")).json()) as { data: DemoPerson[] };
    expect(data.map((p) => p.id)).toEqual([
      "acme-admin", "acme-member", "globex-admin", "globex-member", "initech-admin", "initech-member",
      "umbrella-admin", "umbrella-member", "account-manager",
    ]);
    expect(data.find((p) => p.id === "acme-admin")?.customer_ids).toEqual(["c-acme"]);
    expect(data.find((p) => p.id === "account-manager")?.customer_ids).toHaveLength(50);
  });

  it("signs a demo person in with an HttpOnly SameSite=Lax cookie and reports the session", async () => {
    const response = await call(server, "POST", "/api/demo-sign-in", { body: { person_id: "acme-member" } });
    expect(response.status).toBe(200);
    const setCookie = response.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/seats_session=[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = sessionCookieFrom(response);
    const session = (await (await call(server, "GET", "/api/session", { cookie })).json()) as Session;
    expect(session).toMatchObject({ role: "customer_member", customer_ids: ["c-acme"], can_write: false, can_backdate: false, upstream: "simulator", now: "2026-11-24T12:00:00.000Z" });
    expect(session.expires_at).toBe("2026-11-25T00:00:00.000Z");
  });

  it("refuses an unknown person and malformed bodies with 4xx", async () => {
    expect((await call(server, "POST", "/api/demo-sign-in", { body: { person_id: "nobody" } })).status).toBe(404);
    const bad = await call(server, "POST", "/api/demo-sign-in", { raw: "{not json" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toBe("Request body is not valid JSON");
    expect((await call(server, "POST", "/api/demo-sign-in", { body: [1, 2] })).status).toBe(400);
    expect((await call(server, "POST", "/api/demo-sign-in", { body: { person_id: 7 } })).status).toBe(400);
  });

  it("refuses an oversized body with 413", async () => {
    const response = await call(server, "POST", "/api/demo-sign-in", { raw: JSON.stringify({ person_id: "x".repeat(1_100_000) }) });
    expect(response.status).toBe(413);
    expect((await response.json()).code).toBe("body_too_large");
  });

  it("ends the previous session when the browser signs in again", async () => {
    const first = await demoSignIn(server, "acme-admin");
    const response = await call(server, "POST", "/api/demo-sign-in", { cookie: first, body: { person_id: "globex-admin" } });
    expect(response.status).toBe(200);
    expect((await call(server, "GET", "/api/session", { cookie: first })).status).toBe(401);
  });

  it("ends the session on sign-out", async () => {
    const cookie = await demoSignIn(server, "acme-admin");
    const out = await call(server, "POST", "/api/session/sign-out", { cookie, body: {} });
    expect(out.status).toBe(200);
    expect((await call(server, "GET", "/api/session", { cookie })).status).toBe(401);
  });

  it("expires sessions after their lifetime", async () => {
    const cookie = await demoSignIn(server, "acme-admin");
    clock.advance(12 * 60 * 60 - 1);
    expect((await call(server, "GET", "/api/session", { cookie })).status).toBe(200);
    clock.advance(2);
    expect((await call(server, "GET", "/api/session", { cookie })).status).toBe(401);
  });
});

describe("CSRF", () => {
  it("refuses state changes from another origin, without an origin, or without JSON", async () => {
    const cross = await call(server, "POST", "/api/demo-sign-in", { body: { person_id: "acme-admin" }, origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    expect((await cross.json()).message).toMatch(/Cross-origin/);
    const none = await call(server, "POST", "/api/demo-sign-in", { body: { person_id: "acme-admin" }, origin: null });
    expect(none.status).toBe(403);
    const sameSite = await call(server, "POST", "/api/demo-sign-in", {
      body: { person_id: "acme-admin" }, origin: null, headers: { "sec-fetch-site": "same-site" },
    });
    expect(sameSite.status).toBe(403);
    const form = await call(server, "POST", "/api/demo-sign-in", {
      raw: "person_id=acme-admin", headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(403);
    expect((await form.json()).message).toMatch(/application\/json/);
  });

  it("accepts Sec-Fetch-Site: same-origin when the Origin header is absent", async () => {
    const response = await call(server, "POST", "/api/demo-sign-in", {
      body: { person_id: "acme-admin" }, origin: null, headers: { "sec-fetch-site": "same-origin" },
    });
    expect(response.status).toBe(200);
  });

  it("guards the Metronome proxy too", async () => {
    const cookie = await demoSignIn(server, "acme-admin");
    const response = await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: "c-acme" }, origin: "http://localhost:9999" });
    expect(response.status).toBe(403);
    expect(upstream.calls.filter((c) => c.path === "/v2/contracts/list")).toHaveLength(0);
  });
});

describe("portal sessions", () => {
  it("needs the portal secret", async () => {
    expect((await portal({ role: "customer_admin", customer_id: "c-acme", user }, "wrong")).status).toBe(401);
    const none = await call(server, "POST", "/api/portal-sessions", { body: { role: "customer_admin", customer_id: "c-acme", user }, origin: null });
    expect(none.status).toBe(401);
  });

  it("validates the request", async () => {
    expect((await portal({ role: "owner", customer_id: "c-acme", user })).status).toBe(400);
    expect((await portal({ role: "customer_admin", user })).status).toBe(400);
    expect((await portal({ role: "customer_admin", customer_id: "c-acme", user: { id: "x" } })).status).toBe(400);
    expect((await portal({ role: "account_manager", customer_ids: [], user })).status).toBe(400);
    const unknown = await portal({ role: "customer_admin", customer_id: "c-missing", user });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).message).toContain("c-missing");
    for (const return_url of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]) {
      const response = await portal({ role: "customer_admin", customer_id: "c-acme", user, return_url });
      expect(response.status, return_url).toBe(400);
    }
  });

  it("issues a one-time link that signs in and redirects to return_url", async () => {
    const created = await portal({ role: "customer_admin", customer_id: "c-acme", user, return_url: "/customers/c-acme/seats?tab=history" });
    expect(created.status).toBe(201);
    const { url, expires_at } = (await created.json()) as PortalSessionResponse;
    expect(url.startsWith(`${TEST_ORIGIN}/api/portal-sessions/redeem?token=`)).toBe(true);
    expect(expires_at).toBe("2026-11-24T12:05:00.000Z");
    const path = url.slice(TEST_ORIGIN.length);

    const first = await call(server, "GET", path, { headers: { accept: "text/html" } });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/customers/c-acme/seats?tab=history");
    const cookie = sessionCookieFrom(first);
    const session = (await (await call(server, "GET", "/api/session", { cookie })).json()) as Session;
    expect(session).toMatchObject({ role: "customer_admin", customer_ids: ["c-acme"], user, can_write: true });

    const second = await call(server, "GET", path, { headers: { accept: "text/html" } });
    expect(second.status).toBe(401);
    expect(second.headers.get("content-type")).toContain("text/html");
    expect(await second.text()).toContain("already been used");
    expect(sessionCookieFrom(second)).toBeNull();
  });

  it("refuses an expired or forged link", async () => {
    const { url } = (await (await portal({ role: "account_manager", customer_ids: ["c-acme", "c-globex"], user })).json()) as PortalSessionResponse;
    clock.advance(5 * 60 + 1);
    const expired = await call(server, "GET", url.slice(TEST_ORIGIN.length));
    expect(expired.status).toBe(401);
    expect((await expired.json()).message).toMatch(/expired/);
    const forged = await call(server, "GET", "/api/portal-sessions/redeem?token=forged");
    expect(forged.status).toBe(401);
    expect((await call(server, "GET", "/api/portal-sessions/redeem")).status).toBe(401);
  });

  it("uses PUBLIC_URL for links, Secure cookies and the CSRF origin", async () => {
    const https = await createApp(testConfig({ publicUrl: "https://seats.example", frameAncestors: "https://host.example" }), { upstream, sql, now: clock.now });
    const created = await https.fetch(new Request(`${TEST_ORIGIN}/api/portal-sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_PORTAL_SECRET}`, "content-type": "application/json" },
      body: JSON.stringify({ role: "customer_admin", customer_id: "c-acme", user }),
    }));
    const { url } = (await created.json()) as PortalSessionResponse;
    expect(url.startsWith("https://seats.example/api/portal-sessions/redeem?token=")).toBe(true);
    const redeemed = await https.fetch(new Request(`${TEST_ORIGIN}${new URL(url).pathname}${new URL(url).search}`));
    expect(redeemed.headers.getSetCookie().join()).toMatch(/; Secure/);
    expect(redeemed.headers.get("strict-transport-security")).toContain("max-age=");
    expect(redeemed.headers.get("content-security-policy")).toContain("frame-ancestors https://host.example");
    const signIn = (origin: string) =>
      https.fetch(new Request(`${TEST_ORIGIN}/api/demo-sign-in`, {
        method: "POST", headers: { origin, "content-type": "application/json" }, body: JSON.stringify({ person_id: "acme-admin" }),
      }));
    expect((await signIn(TEST_ORIGIN)).status).toBe(403);
    expect((await signIn("https://seats.example")).status).toBe(200);
  });

  it("stores only hashes of links and sessions", async () => {
    const { url } = (await (await portal({ role: "customer_admin", customer_id: "c-acme", user })).json()) as PortalSessionResponse;
    const token = new URL(url).searchParams.get("token") ?? "";
    const redeemed = await call(server, "GET", url.slice(TEST_ORIGIN.length));
    const cookie = sessionCookieFrom(redeemed) ?? "";
    const links = await sql.query<{ token_hash: string }>("select token_hash from portal_links");
    const sessions = await sql.query<{ id_hash: string }>("select id_hash from sessions");
    expect(links.some((r) => r.token_hash === token)).toBe(false);
    expect(sessions.some((r) => r.id_hash === cookie)).toBe(false);
    expect(sessions.length).toBeGreaterThan(0);
  });
});

describe("Metronome proxy: allowlist, roles and scope", () => {
  it("answers 401 when signed out and 404 off the allowlist", async () => {
    expect((await call(server, "POST", "/api/metronome/v2/contracts/list", { body: { customer_id: "c-acme" } })).status).toBe(401);
    const cookie = await demoSignIn(server, "acme-admin");
    for (const [method, path] of [["GET", "/v1/customers"], ["POST", "/v1/customers"], ["POST", "/v1/contracts/amend"], ["GET", "/v2/contracts/get"], ["POST", "/v1/usage/ingest"]] as const) {
      const response = await call(server, method, `/api/metronome${path}`, { cookie, ...(method === "POST" ? { body: { customer_id: "c-acme" } } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect((await response.json()).message).toContain("not available");
    }
    expect(upstream.calls.filter((c) => c.method === "POST" || c.path === "/v1/customers")).toHaveLength(0);
  });

  it("forwards reads for the session's customer, body and next_page unchanged, with nothing else", async () => {
    const cookie = await demoSignIn(server, "acme-member");
    const response = await call(server, "POST", "/api/metronome/v1/customer-alerts/list?next_page=abc&evil=1", {
      cookie, raw: '{"customer_id":"c-acme","alert_statuses":["ENABLED"]}',
    });
    expect(response.status).toBe(200);
    expect(upstream.calls.at(-1)).toEqual({ method: "POST", path: "/v1/customer-alerts/list?next_page=abc", body: { customer_id: "c-acme", alert_statuses: ["ENABLED"] } });
    const invoices = await call(server, "GET", "/api/metronome/v1/customers/c-acme/invoices?next_page=p2&limit=5", { cookie });
    expect(invoices.status).toBe(200);
    expect(upstream.calls.at(-1)?.path).toBe("/v1/customers/c-acme/invoices?next_page=p2&limit=5");
    expect((await call(server, "GET", "/api/metronome/v1/credit-types/list", { cookie })).status).toBe(200);
  });

  it("refuses other customers for customer roles, in the body and in the path", async () => {
    const cookie = await demoSignIn(server, "acme-admin");
    const body = await call(server, "POST", "/api/metronome/v2/contracts/get", { cookie, body: { customer_id: "c-globex", contract_id: "k-globex" } });
    expect(body.status).toBe(403);
    expect((await body.json()).message).toContain("c-globex");
    expect((await call(server, "GET", "/api/metronome/v1/customers/c-globex", { cookie })).status).toBe(403);
    expect((await call(server, "GET", "/api/metronome/v1/customers/c-globex/invoices", { cookie })).status).toBe(403);
    expect(upstream.calls.filter((c) => c.path.startsWith("/v1/customers/c-globex") || c.method === "POST")).toHaveLength(0);
  });

  it("requires customer_id on customer routes and a JSON object body", async () => {
    const cookie = await demoSignIn(server, "acme-admin");
    const missing = await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: {} });
    expect(missing.status).toBe(400);
    expect((await missing.json()).message).toContain("customer_id");
    expect((await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, raw: "[" })).status).toBe(400);
    expect((await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: ["c-acme"] } })).status).toBe(400);
  });

  it("keeps members read-only", async () => {
    const cookie = await demoSignIn(server, "acme-member");
    for (const path of ["/v2/contracts/edit", "/v1/alerts/create", "/v1/alerts/archive"]) {
      const response = await call(server, "POST", `/api/metronome${path}`, { cookie, body: { customer_id: "c-acme", contract_id: "k-acme", id: "alert-acme" } });
      expect(response.status, path).toBe(403);
      expect((await response.json()).message).toBe("Members can view seats but not change them");
    }
    expect(upstream.calls.some((c) => c.path === "/v2/contracts/edit" || c.path.startsWith("/v1/alerts/"))).toBe(false);
  });

  it("lets account managers reach their assigned customers only", async () => {
    const cookie = await demoSignIn(server, "account-manager");
    expect((await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: "c-globex" } })).status).toBe(200);
    expect((await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: "c-small-046" } })).status).toBe(200);
    const outside = await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: "c-small-047" } });
    expect(outside.status).toBe(403);
    expect((await outside.json()).message).toBe("Customer c-small-047 is not assigned to you");
  });

  it("passes upstream errors through with their status and body", async () => {
    upstream.customers.push({ id: "c-gone", name: "Gone", ingest_aliases: [] });
    const { url } = (await (await portal({ role: "customer_admin", customer_id: "c-gone", user })).json()) as PortalSessionResponse;
    upstream.customers.pop();
    const cookie = sessionCookieFrom(await call(server, "GET", url.slice(TEST_ORIGIN.length)));
    const response = await call(server, "POST", "/api/metronome/v2/contracts/get", { cookie, body: { customer_id: "c-gone", contract_id: "k" } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: "CustomerNotFound", message: "Customer not found" });
  });
});

describe("webhooks and alert events", () => {
  const event = (id: string, customer_id = "c-acme") =>
    JSON.stringify({ id, type: "alerts.low_remaining_seat_balance_reached", properties: { customer_id, alert_id: "alert-acme", remaining_balance: 3 } });

  it("stores a verified event once and serves it to the customer's sessions", async () => {
    const body = event("evt-1");
    const first = await call(server, "POST", "/api/webhooks/metronome", { raw: body, origin: null, headers: signWebhook(body, TEST_WEBHOOK_SECRET) });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    const again = await call(server, "POST", "/api/webhooks/metronome", { raw: body, origin: null, headers: signWebhook(body, TEST_WEBHOOK_SECRET) });
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    const other = event("evt-2", "c-globex");
    await call(server, "POST", "/api/webhooks/metronome", { raw: other, origin: null, headers: signWebhook(other, TEST_WEBHOOK_SECRET) });

    const cookie = await demoSignIn(server, "acme-member");
    const { data } = await (await call(server, "GET", "/api/alert-events?customer_id=c-acme", { cookie })).json();
    expect(data.filter((e: { id: string }) => e.id === "evt-1")).toHaveLength(1);
    expect(data[0]).toMatchObject({ id: "evt-1", customer_id: "c-acme", alert_id: "alert-acme", properties: { remaining_balance: 3 } });
    expect(data.some((e: { id: string }) => e.id === "evt-2")).toBe(false);
    expect((await call(server, "GET", "/api/alert-events?customer_id=c-globex", { cookie })).status).toBe(403);
  });

  it("rejects bad, old and unsigned webhooks", async () => {
    const body = event("evt-bad");
    const wrong = await call(server, "POST", "/api/webhooks/metronome", { raw: body, origin: null, headers: signWebhook(body, "other-secret") });
    expect(wrong.status).toBe(401);
    const old = await call(server, "POST", "/api/webhooks/metronome", { raw: body, origin: null, headers: signWebhook(body, TEST_WEBHOOK_SECRET, new Date(Date.now() - 10 * 60 * 1000)) });
    expect(old.status).toBe(401);
    expect((await old.json()).message).toMatch(/too old/);
    const tampered = await call(server, "POST", "/api/webhooks/metronome", { raw: body.replace("3", "4"), origin: null, headers: signWebhook(body, TEST_WEBHOOK_SECRET) });
    expect(tampered.status).toBe(401);
    const unsigned = await call(server, "POST", "/api/webhooks/metronome", { raw: body, origin: null });
    expect(unsigned.status).toBe(400);
    const notJson = "not json";
    const garbage = await call(server, "POST", "/api/webhooks/metronome", { raw: notJson, origin: null, headers: signWebhook(notJson, TEST_WEBHOOK_SECRET) });
    expect(garbage.status).toBe(400);
    expect((await sql.query("select id from webhook_events where id = 'evt-bad'")).length).toBe(0);
  });
});

describe("customers and the simulator control API", () => {
  it("lists, searches and pages the account manager's customers", async () => {
    const cookie = await demoSignIn(server, "account-manager");
    const page = (await (await call(server, "GET", "/api/customers?limit=10", { cookie })).json()) as CustomerPage;
    expect(page.total).toBe(50);
    expect(page.data).toHaveLength(10);
    expect(page.data[0]).toEqual({ id: "c-acme", name: "Acme Robotics" });
    const next = (await (await call(server, "GET", `/api/customers?limit=10&cursor=${page.next_page}`, { cookie })).json()) as CustomerPage;
    expect(next.data[0]?.id).toBe("c-small-007");
    const search = (await (await call(server, "GET", "/api/customers?q=small co 04", { cookie })).json()) as CustomerPage;
    expect(search.data.map((c) => c.id)).toEqual(["c-small-040", "c-small-041", "c-small-042", "c-small-043", "c-small-044", "c-small-045", "c-small-046"]);
    expect((await call(server, "GET", "/api/customers?limit=1000", { cookie })).status).toBe(400);
  });

  it("shows a customer role only its own customer", async () => {
    const cookie = await demoSignIn(server, "globex-admin");
    const page = (await (await call(server, "GET", "/api/customers", { cookie })).json()) as CustomerPage;
    expect(page).toEqual({ data: [{ id: "c-globex", name: "Globex" }], next_page: null, total: 1 });
  });

  it("forwards /api/simulator only with the portal secret", async () => {
    expect((await call(server, "POST", "/api/simulator/_simulator/clock", { body: {}, origin: null })).status).toBe(401);
    const ok = await call(server, "POST", "/api/simulator/_simulator/clock", { body: {}, origin: null, headers: { authorization: `Bearer ${TEST_PORTAL_SECRET}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ path: "/_simulator/clock", method: "POST" });
  });
});
