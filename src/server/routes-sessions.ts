/** Sign-in and sessions: the session, sign-out, the demo sign-in, portal links and their redemption. */
import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { DemoSignInRequest, PortalSessionResponse, Role, SessionUser } from "../contract/bff";
import { requireEmbedded, requireSession, upstreamClock, type AppContext, type AppDeps, type Env } from "./context";
import { listDemoPeople } from "./demo-people";
import { HttpError, jsonError } from "./errors";
import { isObject, parseJsonObject, requireString } from "./json";
import { sessionView } from "./scope";
import { framedCrossSite } from "./security";
import { parseSessionPreferences } from "./session-preferences";
import type { SessionGrant } from "./sessions";

export const SESSION_COOKIE = "seats_session";
export const REDEEM_PATH = "/api/portal-sessions/redeem";

const ROLES: readonly Role[] = ["customer_admin", "customer_member", "account_manager"];

/** Whether the Authorization header carries this bearer secret (compared in constant time). */
function secretMatches(presented: string | undefined, secret: string): boolean {
  if (!presented?.startsWith("Bearer ")) return false;
  const a = createHash("sha256").update(presented.slice(7)).digest();
  const b = createHash("sha256").update(secret).digest();
  return timingSafeEqual(a, b);
}

export function requirePortalSecret(c: AppContext, secret: string): void {
  if (!secretMatches(c.req.header("authorization"), secret)) {
    throw new HttpError(401, "A valid Authorization: Bearer <PORTAL_SECRET> header is required", "invalid_portal_secret");
  }
}

function parseUser(value: unknown): SessionUser {
  if (!isObject(value)) throw new HttpError(400, "user must be an object {id, name, email}", "invalid_field");
  refuseUnknownFields(value, ["id", "name", "email"], "user.");
  const user = {
    id: requireString(value, "id", "user.id"),
    name: requireString(value, "name", "user.name"),
    email: requireString(value, "email", "user.email"),
  };
  if (!/^[^\s@]+@[^\s@]+$/.test(user.email)) throw new HttpError(400, "user.email must be an email address", "invalid_field");
  return user;
}

const RETURN_URL_HINT = "return_url must be a path on this site, e.g. /customers";

/**
 * A same-origin path to land on after sign-in, normalised; anything else is refused. The check is
 * made on the normalised path (dot segments resolved), so `/.//evil.example` cannot become the
 * protocol-relative `//evil.example`.
 */
export function safeReturnUrl(value: unknown): string {
  if (value === undefined || value === null || value === "") return "/";
  if (typeof value !== "string") throw new HttpError(400, "return_url must be a string", "invalid_field");
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\p{Cc}]/u.test(value) || value.length > 2000) {
    throw new HttpError(400, RETURN_URL_HINT, "invalid_return_url");
  }
  const base = "http://same.origin";
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch {
    throw new HttpError(400, RETURN_URL_HINT, "invalid_return_url");
  }
  const path = parsed.pathname + parsed.search + parsed.hash;
  if (parsed.origin !== base || !path.startsWith("/") || path.startsWith("//")) throw new HttpError(400, RETURN_URL_HINT, "invalid_return_url");
  return path;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function errorPage(status: number, title: string, detail: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></main></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}

const LINK_FAILURES: Record<"used" | "expired" | "unknown", readonly [string, string]> = {
  used: ["Link already used", "This sign-in link has already been used. Links work once; open the dashboard again from your application."],
  expired: ["Link expired", "This sign-in link has expired. Links are valid for a few minutes; open the dashboard again from your application."],
  unknown: ["Invalid link", "This sign-in link is not valid. Open the dashboard again from your application."],
};

const PORTAL_FIELDS = ["role", "user", "customer_id", "customer_ids", "return_url", "locale", "time_zone", "theme"];

function refuseUnknownFields(body: Record<string, unknown>, allowed: readonly string[], where = ""): void {
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw new HttpError(400, `Field "${where}${unknown}" is not allowed here. This request may contain only ${allowed.map((f) => where + f).join(", ")}`, "invalid_field");
  }
}

function parseGrant(body: Record<string, unknown>): SessionGrant {
  refuseUnknownFields(body, PORTAL_FIELDS);
  const role = body.role;
  if (typeof role !== "string" || !ROLES.includes(role as Role)) {
    throw new HttpError(400, `role must be one of ${ROLES.join(", ")}`, "invalid_field");
  }
  const user = parseUser(body.user);
  const preferences = parseSessionPreferences(body);
  if (role !== "account_manager") return { role: role as Role, user, customer_ids: [requireString(body, "customer_id")], preferences };
  const ids = body.customer_ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 5000 || !ids.every((id) => typeof id === "string" && id !== "")) {
    throw new HttpError(400, "customer_ids must be a non-empty array of customer id strings", "invalid_field");
  }
  return { role: "account_manager", user, customer_ids: [...new Set(ids as string[])], preferences };
}

export function sessionRoutes(deps: AppDeps) {
  const { config, sessions, directory, kind } = deps;
  const app = new Hono<Env>();
  const isHttps = (c: AppContext) => (config.publicUrl ?? new URL(c.req.url).origin).startsWith("https:");

  // Inside a host product's iframe the portal is a third party: its cookie must be SameSite=None
  // (hence Secure) to be sent, and Partitioned so browsers that block third-party cookies keep it,
  // in a jar of that host's own. The CSRF guard (Origin must be this site) is what refuses other sites.
  const framed = framedCrossSite(config.frameAncestors);
  const cookieAttributes = (c: AppContext) =>
    framed ? ({ path: "/", sameSite: "None", secure: true, partitioned: true } as const) : ({ path: "/", sameSite: "Lax", secure: isHttps(c) } as const);

  const setSessionCookie = (c: AppContext, token: string, expiresAt: string) => {
    setCookie(c, SESSION_COOKIE, token, { ...cookieAttributes(c), httpOnly: true, expires: new Date(expiresAt) });
  };

  /** A new sign-in replaces whatever session this browser had. */
  const replaceSession = async (c: AppContext, token: string, expiresAt: string) => {
    const previous = c.get("sessionToken");
    if (previous) await sessions.end(previous);
    setSessionCookie(c, token, expiresAt);
  };

  app.get("/api/session", async (c) => c.json(sessionView(requireSession(c), kind, await upstreamClock(deps))));

  app.post("/api/session/sign-out", async (c) => {
    const token = c.get("sessionToken");
    if (token) await sessions.end(token);
    deleteCookie(c, SESSION_COOKIE, cookieAttributes(c));
    return c.json({ signed_out: true });
  });

  app.get("/api/demo-people", async (c) => {
    requireEmbedded(deps);
    return c.json({ data: await listDemoPeople(directory) });
  });

  app.post("/api/demo-sign-in", async (c) => {
    requireEmbedded(deps);
    const body = parseJsonObject(await c.req.text());
    const personId = requireString(body, "person_id") satisfies DemoSignInRequest["person_id"];
    const person = (await listDemoPeople(directory)).find((p) => p.id === personId);
    if (!person) throw new HttpError(404, `No demo person ${personId}`, "unknown_person");
    const { token, session } = await sessions.start({ role: person.role, user: person.user, customer_ids: person.customer_ids });
    await replaceSession(c, token, session.expires_at);
    return c.json(sessionView(session, kind, await upstreamClock(deps)));
  });

  app.post("/api/portal-sessions", async (c) => {
    requirePortalSecret(c, config.portalSecret);
    const body = parseJsonObject(await c.req.text());
    const grant = parseGrant(body);
    const returnUrl = safeReturnUrl(body.return_url);
    const found = await directory.getMany(grant.customer_ids);
    const unknown = grant.customer_ids.filter((_, i) => found[i] === null);
    if (unknown.length > 0) throw new HttpError(400, `Unknown customer id(s): ${unknown.slice(0, 10).join(", ")}`, "unknown_customer");
    const link = await sessions.createPortalLink(grant, returnUrl);
    const origin = config.publicUrl ?? new URL(c.req.url).origin;
    const response: PortalSessionResponse = { url: `${origin}${REDEEM_PATH}?token=${encodeURIComponent(link.token)}`, expires_at: link.expires_at };
    return c.json(response, 201);
  });

  app.get(REDEEM_PATH, async (c) => {
    const wantsHtml = (c.req.header("accept") ?? "").includes("text/html");
    const fail = (title: string, detail: string) => (wantsHtml ? errorPage(401, title, detail) : jsonError(401, `${title}: ${detail}`, "invalid_link"));
    const token = c.req.query("token");
    if (!token) return fail("Sign-in link incomplete", "This link has no token. Ask the application that sent you here for a new link.");
    const result = await sessions.redeemPortalLink(token);
    if (!result.ok) return fail(...LINK_FAILURES[result.reason]);
    await replaceSession(c, result.token, result.session.expires_at);
    // Checked again on the way out: a link stored before this rule cannot redirect off-site.
    return c.redirect(safeReturnUrlOr(result.returnUrl), 303);
  });

  return app;
}

function safeReturnUrlOr(value: string): string {
  try {
    return safeReturnUrl(value);
  } catch {
    return "/";
  }
}
