import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PortalSessionResponse, Session } from "../contract/bff";
import { createApp, type ServerApp } from "./app";
import { loadConfig } from "./config";
import { openPglite, type Sql } from "./db";
import { createFakeUpstream } from "./fake-upstream";
import { parseFrameAncestors } from "./security";
import { call, demoSignIn, sessionCookieFrom, testClock, testConfig, TEST_ORIGIN, TEST_PORTAL_SECRET } from "./test-helpers";

let sql: Sql;
beforeAll(async () => {
  sql = await openPglite(null);
}, 60_000);
afterAll(async () => {
  await sql.close();
});

const user = { id: "host-7", name: "Host Seven", email: "host.seven@acme.example" };
const bearer = { authorization: `Bearer ${TEST_PORTAL_SECRET}` };

async function appWith(frameAncestors = "'self'"): Promise<ServerApp> {
  return createApp(testConfig({ frameAncestors }), { upstream: createFakeUpstream(), sql, now: testClock().now });
}

const portal = (server: ServerApp, extra: Record<string, unknown>) =>
  call(server, "POST", "/api/portal-sessions", { body: { role: "customer_admin", customer_id: "c-acme", user, ...extra }, origin: null, headers: bearer });

/** Creates a link with these fields, redeems it, and returns the redeem answer and the session it started. */
async function signInThrough(server: ServerApp, extra: Record<string, unknown>) {
  const created = await portal(server, extra);
  expect(created.status, await created.clone().text()).toBe(201);
  const { url } = (await created.json()) as PortalSessionResponse;
  const redeemed = await call(server, "GET", url.slice(TEST_ORIGIN.length));
  const cookie = sessionCookieFrom(redeemed);
  const session = (await (await call(server, "GET", "/api/session", { cookie })).json()) as Session;
  return { redeemed, cookie, session };
}

describe("portal session locale, time zone and theme", () => {
  it("keeps them with the session, canonicalised, and answers them in GET /api/session", async () => {
    const server = await appWith();
    const theme = { brand_color: "#0E7490", accent_color: "#b45309", radius: "0.5rem", font_family: ' "Source Sans 3",  Helvetica Neue, sans-serif', mode: "dark" };
    const { session } = await signInThrough(server, { locale: "de-de", time_zone: "europe/berlin", theme });
    expect(session).toMatchObject({
      locale: "de-DE",
      time_zone: "Europe/Berlin",
      theme: { brand_color: "#0e7490", accent_color: "#b45309", radius: "0.5rem", font_family: '"Source Sans 3", Helvetica Neue, sans-serif', mode: "dark" },
    });
    const utc = await signInThrough(server, { time_zone: "UTC", theme: { mode: "light" } });
    expect(utc.session).toMatchObject({ locale: null, time_zone: "UTC", theme: { mode: "light" } });
  });

  it("answers null for each when not set, and for a demo sign-in", async () => {
    const server = await appWith();
    const { session } = await signInThrough(server, {});
    expect(session).toMatchObject({ locale: null, time_zone: null, theme: null });
    const cookie = await demoSignIn(server, "acme-admin");
    const demo = (await (await call(server, "GET", "/api/session", { cookie })).json()) as Session;
    expect(demo).toMatchObject({ locale: null, time_zone: null, theme: null });
  });

  it.each([
    [{ locale: "not a locale" }, /locale must be a BCP 47 language tag/],
    [{ locale: 42 }, /locale must be a string/],
    [{ time_zone: "Mars/Olympus_Mons" }, /time_zone must be an IANA time zone/],
    [{ time_zone: "+01:00" }, /time_zone must be an IANA time zone/],
    [{ theme: { brand_color: "red" } }, /theme\.brand_color must be a colour #RRGGBB/],
    [{ theme: { accent_color: "#fff; background:url(x)" } }, /theme\.accent_color must be a colour/],
    [{ theme: { radius: "99px" } }, /theme\.radius must be a length from 0 to 24px/],
    [{ theme: { radius: "calc(1px + 1px)" } }, /theme\.radius must be a length/],
    [{ theme: { font_family: "Inter; } body { display: none" } }, /theme\.font_family must be up to 10 font family names/],
    [{ theme: { font_family: 'url("x")' } }, /theme\.font_family must be/],
    [{ theme: { mode: "sepia" } }, /theme\.mode must be one of light, dark, system/],
    [{ theme: { logo: "x.png" } }, /Field "theme\.logo" is not allowed here/],
    [{ theme: "dark" }, /theme must be an object/],
    [{ colour: "blue" }, /Field "colour" is not allowed here\. This request may contain only role, user, customer_id/],
    [{ user: { ...user, admin: true } }, /Field "user\.admin" is not allowed here/],
  ])("refuses %j with a 400 naming the field", async (extra, message) => {
    const server = await appWith();
    const response = await portal(server, extra);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(message);
  });
});

describe("embedding in a host product's iframe", () => {
  it("without FRAME_ANCESTORS: a SameSite=Lax cookie and frame-ancestors 'self'", async () => {
    const server = await appWith();
    const { redeemed } = await signInThrough(server, {});
    const cookie = redeemed.headers.getSetCookie().join("\n");
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Partitioned|SameSite=None/);
    expect(redeemed.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    expect(redeemed.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("with host origins: a SameSite=None; Secure; Partitioned cookie (sign-in and sign-out) and those origins in frame-ancestors", async () => {
    const server = await appWith(parseFrameAncestors("https://host.example, http://localhost:3000"));
    const { redeemed, cookie } = await signInThrough(server, {});
    const set = redeemed.headers.getSetCookie().join("\n");
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=None/);
    expect(set).toMatch(/; Secure/);
    expect(set).toMatch(/; Partitioned/);
    expect(redeemed.headers.get("content-security-policy")).toMatch(/frame-ancestors https:\/\/host\.example http:\/\/localhost:3000$/);
    expect(redeemed.headers.get("x-frame-options")).toBeNull();
    const out = await call(server, "POST", "/api/session/sign-out", { cookie, body: {} });
    expect(out.headers.getSetCookie().join("\n")).toMatch(/seats_session=;.*SameSite=None.*Partitioned/);
  });

  it("still refuses a write from another origin, the host's included", async () => {
    const server = await appWith(parseFrameAncestors("https://host.example"));
    const cookie = await demoSignIn(server, "acme-admin");
    const fromHost = await call(server, "POST", "/api/session/sign-out", { cookie, body: {}, origin: "https://host.example" });
    expect(fromHost.status).toBe(403);
    const noOrigin = await call(server, "POST", "/api/session/sign-out", { cookie, body: {}, origin: null, headers: { "sec-fetch-site": "cross-site" } });
    expect(noOrigin.status).toBe(403);
  });

  it("refuses a FRAME_ANCESTORS that is not a list of https (or localhost) origins at start", async () => {
    for (const bad of ["http://host.example", "https://host.example/path", "*", "https://a.example;script-src *", "'unsafe-inline'"]) {
      await expect(loadConfig({ DATA_DIR: "/tmp", PORTAL_SECRET: TEST_PORTAL_SECRET, FRAME_ANCESTORS: bad }), bad).rejects.toThrow(/FRAME_ANCESTORS must list the host origins/);
    }
    expect(parseFrameAncestors(" 'self'  https://Host.example/ ")).toBe("'self' https://host.example");
    expect(parseFrameAncestors(undefined)).toBe("'self'");
  });
});
