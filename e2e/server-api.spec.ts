import { createHmac } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";

// Values set by scripts/e2e-server.mjs.
const PORTAL_SECRET = "e2e-portal-secret";
const bearer = { authorization: `Bearer ${PORTAL_SECRET}` };

async function origin(request: APIRequestContext): Promise<string> {
  const response = await request.get("/api/health");
  return new URL(response.url()).origin;
}

async function demoSignIn(request: APIRequestContext, personId: string) {
  const response = await request.post("/api/demo-sign-in", { data: { person_id: personId }, headers: { origin: await origin(request) } });
  expect(response.status()).toBe(200);
  return response;
}

async function customerId(request: APIRequestContext, alias: string): Promise<string> {
  const response = await request.get(`/api/simulator/v1/customers?ingest_alias=${alias}`, { headers: bearer });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { data: Array<{ id: string }> };
  const id = body.data[0]?.id;
  expect(id).toBeTruthy();
  return id as string;
}

test("health and security headers", async ({ request }) => {
  const response = await request.get("/api/health");
  const health = await response.json();
  expect(health).toEqual({ ok: true, upstream: "simulator", database: "up", now: expect.any(String) });
  expect(Number.isNaN(Date.parse(health.now))).toBe(false);
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("script-src 'self'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  const page = await request.get("/customers/anything");
  expect(page.status()).toBe(200);
  expect(page.headers()["content-type"]).toContain("text/html");
  const html = await page.text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toContain(PORTAL_SECRET);
});

test("a demo member can read but not change seats", async ({ request }) => {
  await demoSignIn(request, "acme-member");
  const session = await (await request.get("/api/session")).json();
  expect(session).toMatchObject({ role: "customer_member", can_write: false });
  const acme = session.customer_ids[0] as string;
  const contracts = await request.post("/api/metronome/v2/contracts/list", { data: { customer_id: acme }, headers: { origin: await origin(request) } });
  expect(contracts.status()).toBe(200);
  const edit = await request.post("/api/metronome/v2/contracts/edit", {
    data: { customer_id: acme, contract_id: "x" },
    headers: { origin: await origin(request) },
  });
  expect(edit.status()).toBe(403);
  expect((await edit.json()).message).toBe("Members can view seats but not change them");
});

test("a customer admin cannot reach another customer, and off-list endpoints are 404", async ({ request }) => {
  const globex = await customerId(request, "globex");
  await demoSignIn(request, "acme-admin");
  const other = await request.post("/api/metronome/v2/contracts/list", { data: { customer_id: globex }, headers: { origin: await origin(request) } });
  expect(other.status()).toBe(403);
  expect((await request.get(`/api/metronome/v1/customers/${globex}`)).status()).toBe(403);
  expect((await request.get("/api/metronome/v1/customers")).status()).toBe(404);
});

test("state changes need the same origin and JSON", async ({ request }) => {
  const cross = await request.post("/api/demo-sign-in", { data: { person_id: "acme-admin" }, headers: { origin: "https://evil.example" } });
  expect(cross.status()).toBe(403);
  const noOrigin = await request.post("/api/demo-sign-in", { data: { person_id: "acme-admin" } });
  expect(noOrigin.status()).toBe(403);
  const form = await request.post("/api/demo-sign-in", { form: { person_id: "acme-admin" }, headers: { origin: await origin(request) } });
  expect(form.status()).toBe(403);
  const malformed = await request.post("/api/demo-sign-in", { data: "{oops", headers: { origin: await origin(request), "content-type": "application/json" } });
  expect(malformed.status()).toBe(400);
});

test("portal links work once", async ({ request }) => {
  const acme = await customerId(request, "acme");
  const unauthorized = await request.post("/api/portal-sessions", { data: { role: "customer_admin", customer_id: acme, user: { id: "u", name: "U", email: "u@x.example" } } });
  expect(unauthorized.status()).toBe(401);
  const created = await request.post("/api/portal-sessions", {
    headers: bearer,
    data: { role: "customer_admin", customer_id: acme, user: { id: "host-user-1", name: "Host User", email: "host@acme.example" }, return_url: "/settings" },
  });
  expect(created.status()).toBe(201);
  const { url } = (await created.json()) as { url: string };
  const first = await request.get(url, { maxRedirects: 0 });
  expect(first.status()).toBe(303);
  expect(first.headers().location).toBe("/settings");
  expect(first.headers()["set-cookie"]).toMatch(/seats_session=.*HttpOnly/i);
  const session = await (await request.get("/api/session")).json();
  expect(session).toMatchObject({ role: "customer_admin", user: { id: "host-user-1" }, customer_ids: [acme] });
  const second = await request.get(url, { maxRedirects: 0, headers: { accept: "text/html" } });
  expect(second.status()).toBe(401);
  expect(await second.text()).toContain("already been used");
});

test("webhooks need Metronome's signature", async ({ request }) => {
  const body = JSON.stringify({ id: "e2e-unsigned", type: "alerts.low_remaining_seat_balance_reached", properties: {} });
  const date = new Date().toUTCString();
  const forged = createHmac("sha256", "not-the-secret").update(`${date}\n${body}`).digest("hex");
  const response = await request.post("/api/webhooks/metronome", {
    data: body,
    headers: { "content-type": "application/json", "x-metronome-date": date, "metronome-webhook-signature": forged },
  });
  expect(response.status()).toBe(401);
});

test("the simulator control API needs the portal secret", async ({ request }) => {
  expect((await request.get("/api/simulator/v1/customers?ingest_alias=acme")).status()).toBe(401);
});
