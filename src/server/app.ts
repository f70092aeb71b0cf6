import { timingSafeEqual, createHash } from "node:crypto";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { DemoSignInRequest, Health, PortalSessionResponse, Role, SessionUser } from "../contract/bff";
import { toIso } from "../domain/time";
import { createAuditStore, reconcilePendingEdits } from "./audit";
import { upstreamKind, type ServerConfig } from "./config";
import { createCustomerDirectory } from "./customers";
import { openDatabase, type Sql } from "./db";
import { listDemoPeople } from "./demo-people";
import { startEmbeddedSimulator } from "./embedded-simulator";
import { HttpError, jsonError } from "./errors";
import { isObject, MAX_BODY_BYTES, parseJsonObject, requireString } from "./json";
import { createMetronomeProxy } from "./metronome-proxy";
import { migrate } from "./migrations";
import { resolveSeatPolicy } from "./policy";
import { assertCustomerInScope, sessionView } from "./scope";
import { csrfGuard, securityHeaders } from "./security";
import { createSessionStore, type ActiveSession, type SessionGrant } from "./sessions";
import { createStaticHandler } from "./static-files";
import { liveUpstream, simulatorUpstream, upstreamNow, type MetronomeUpstream } from "./upstream";
import { alertEventFrom, createWebhookEventStore, verifyWebhook } from "./webhooks";

export const SESSION_COOKIE = "seats_session";
export const WEBHOOK_PATH = "/api/webhooks/metronome";
const REDEEM_PATH = "/api/portal-sessions/redeem";

export interface AppOverrides {
  /** Replaces the configured upstream (tests use a fake). */
  upstream?: MetronomeUpstream;
  /** Replaces the configured database. */
  sql?: Sql;
  /** The wall clock for sessions, links and audit times. */
  now?: () => Date;
}

export interface ServerApp {
  app: Hono<Env>;
  fetch: (request: Request) => Promise<Response>;
  upstream: MetronomeUpstream;
  close(): Promise<void>;
}

interface Env {
  Variables: { session: ActiveSession | null; sessionToken: string | null };
}

const ROLES: readonly Role[] = ["customer_admin", "customer_member", "account_manager"];

function secretMatches(presented: string | undefined, secret: string): boolean {
  if (!presented?.startsWith("Bearer ")) return false;
  const a = createHash("sha256").update(presented.slice(7)).digest();
  const b = createHash("sha256").update(secret).digest();
  return timingSafeEqual(a, b);
}

function parseUser(value: unknown): SessionUser {
  if (!isObject(value)) throw new HttpError(400, "user must be an object {id, name, email}", "invalid_field");
  const user = {
    id: requireString(value, "id", "user.id"),
    name: requireString(value, "name", "user.name"),
    email: requireString(value, "email", "user.email"),
  };
  if (!/^[^\s@]+@[^\s@]+$/.test(user.email)) throw new HttpError(400, "user.email must be an email address", "invalid_field");
  return user;
}

/** A same-origin path to land on after sign-in; anything else is refused. */
function safeReturnUrl(value: unknown): string {
  if (value === undefined || value === null || value === "") return "/";
  if (typeof value !== "string") throw new HttpError(400, "return_url must be a string", "invalid_field");
  const base = "http://same.origin";
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch {
    throw new HttpError(400, "return_url must be a path on this site, e.g. /customers", "invalid_return_url");
  }
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\") || parsed.origin !== base) {
    throw new HttpError(400, "return_url must be a path on this site, e.g. /customers", "invalid_return_url");
  }
  return parsed.pathname + parsed.search + parsed.hash;
}

function intParam(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new HttpError(400, `${name} must be an integer from 1 to ${max}`, "invalid_query");
  return value;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function errorPage(status: number, title: string, detail: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></main></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}

/** Builds the BFF: opens the database (migrated), the upstream and every /api route, and serves the SPA. */
export async function createApp(config: ServerConfig, overrides: AppOverrides = {}): Promise<ServerApp> {
  const now = overrides.now ?? (() => new Date());
  const sql = overrides.sql ?? (await openDatabase(config.databaseUrl, config.dataDir));
  await migrate(sql);

  const app = new Hono<Env>();
  const fetchApp = async (request: Request) => app.fetch(request);

  let upstream: MetronomeUpstream;
  if (overrides.upstream) {
    upstream = overrides.upstream;
  } else if (config.upstream.kind === "simulator") {
    const secret = config.webhookSecret;
    const simulator = await startEmbeddedSimulator({
      scenario: config.upstream.scenario,
      now: config.upstream.now,
      maxSeats: config.upstream.maxSeats,
      dataDir: config.dataDir,
      // Webhooks go to this server's own receiver, in process (no port needed).
      webhook: secret === null ? null : {
        url: `http://127.0.0.1:${config.port}${WEBHOOK_PATH}`,
        secret,
        fetch: (input, init) => fetchApp(new Request(input, init)),
      },
    });
    upstream = simulatorUpstream(simulator);
  } else {
    upstream = liveUpstream(config.upstream.baseUrl, config.upstream.token);
  }

  const kind = upstreamKind(config);
  const sessions = createSessionStore(sql, { now, sessionTtlSeconds: config.sessionTtlSeconds, portalLinkTtlSeconds: config.portalLinkTtlSeconds });
  const directory = createCustomerDirectory(upstream, now);
  // Audit rows are timed by the upstream's clock, like the edits Metronome records.
  const audit = createAuditStore(sql, async () => new Date(await upstreamNow(upstream, now)));
  const events = createWebhookEventStore(sql);
  const proxy = createMetronomeProxy({
    upstream,
    directory,
    audit,
    seatPolicy: config.seatPolicy,
    now,
    maxSeats: config.upstream.kind === "simulator" ? config.upstream.maxSeats : null,
  });
  // Seat edits a previous process sent upstream but never settled (it died, or the answer was lost).
  const settled = await reconcilePendingEdits(upstream, audit).catch((error: unknown) => {
    console.error("Could not settle pending seat edits:", error);
    return null;
  });
  if (settled && settled.applied + settled.not_applied + settled.unresolved > 0) {
    console.log(`Pending seat edits: ${settled.applied} applied, ${settled.not_applied} not applied, ${settled.unresolved} left pending`);
  }
  const serveStatic = createStaticHandler(config.distDir);

  const isHttps = (url: URL) => (config.publicUrl ?? url.origin).startsWith("https:");
  const ownOrigin = (url: URL, host: string | undefined) => config.publicUrl ?? `${url.protocol}//${host ?? url.host}`;

  app.use("*", securityHeaders({ frameAncestors: config.frameAncestors, https: isHttps }));
  app.use("/api/*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => jsonError(413, "Request body is too large (1 MB at most)", "body_too_large") }));
  app.use(
    "/api/*",
    csrfGuard({
      exempt: (p) => p === WEBHOOK_PATH || p === "/api/portal-sessions" || p.startsWith("/api/simulator/"),
      allowedOrigin: ownOrigin,
    }),
  );

  app.use("/api/*", async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE) ?? null;
    c.set("sessionToken", token);
    c.set("session", token ? await sessions.find(token) : null);
    await next();
  });

  const requireSession = (c: Context<Env>): ActiveSession => {
    const session = c.get("session");
    if (!session) throw new HttpError(401, "You are signed out or your session has expired; sign in again", "unauthenticated");
    return session;
  };

  const setSessionCookie = (c: Context<Env>, token: string, expiresAt: string) => {
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "Lax",
      secure: isHttps(new URL(c.req.url)),
      path: "/",
      expires: new Date(expiresAt),
    });
  };

  const requirePortalSecret = (c: Context<Env>) => {
    if (!secretMatches(c.req.header("authorization"), config.portalSecret)) {
      throw new HttpError(401, "A valid Authorization: Bearer <PORTAL_SECRET> header is required", "invalid_portal_secret");
    }
  };

  const requireEmbedded = () => {
    if (kind !== "simulator") throw new HttpError(404, "Only available with the embedded simulator", "not_found");
  };

  const requireCustomerParam = (c: Context<Env>, session: ActiveSession): string => {
    const customerId = c.req.query("customer_id");
    if (!customerId) throw new HttpError(400, "customer_id query parameter is required", "invalid_query");
    assertCustomerInScope(session, customerId);
    return customerId;
  };

  /** The upstream's current time: the embedded simulator's clock, else this server's. */
  const upstreamClock = async (): Promise<string> => toIso(await upstreamNow(upstream, now));

  app.get("/api/health", async (c) => c.json({ ok: true, upstream: kind, now: await upstreamClock() } satisfies Health));

  app.get("/api/session", async (c) => c.json(sessionView(requireSession(c), kind, await upstreamClock())));

  app.post("/api/session/sign-out", async (c) => {
    const token = c.get("sessionToken");
    if (token) await sessions.end(token);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(new URL(c.req.url)) });
    return c.json({ signed_out: true });
  });

  app.get("/api/demo-people", async (c) => {
    requireEmbedded();
    return c.json({ data: await listDemoPeople(directory) });
  });

  app.post("/api/demo-sign-in", async (c) => {
    requireEmbedded();
    const body = parseJsonObject(await c.req.text());
    const personId = requireString(body, "person_id") satisfies DemoSignInRequest["person_id"];
    const person = (await listDemoPeople(directory)).find((p) => p.id === personId);
    if (!person) throw new HttpError(404, `No demo person ${personId}`, "unknown_person");
    const previous = c.get("sessionToken");
    if (previous) await sessions.end(previous);
    const { token, session } = await sessions.start({ role: person.role, user: person.user, customer_ids: person.customer_ids });
    setSessionCookie(c, token, session.expires_at);
    return c.json(sessionView(session, kind, await upstreamClock()));
  });

  app.post("/api/portal-sessions", async (c) => {
    requirePortalSecret(c);
    const body = parseJsonObject(await c.req.text());
    const role = body.role;
    if (typeof role !== "string" || !ROLES.includes(role as Role)) {
      throw new HttpError(400, `role must be one of ${ROLES.join(", ")}`, "invalid_field");
    }
    const user = parseUser(body.user);
    let customerIds: string[];
    if (role === "account_manager") {
      const ids = body.customer_ids;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 5000 || !ids.every((id) => typeof id === "string" && id !== "")) {
        throw new HttpError(400, "customer_ids must be a non-empty array of customer id strings", "invalid_field");
      }
      customerIds = [...new Set(ids as string[])];
    } else {
      customerIds = [requireString(body, "customer_id")];
    }
    const returnUrl = safeReturnUrl(body.return_url);
    const found = await directory.getMany(customerIds);
    const unknown = customerIds.filter((_, i) => found[i] === null);
    if (unknown.length > 0) throw new HttpError(400, `Unknown customer id(s): ${unknown.slice(0, 10).join(", ")}`, "unknown_customer");
    const grant: SessionGrant = { role: role as Role, user, customer_ids: customerIds };
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
    if (!result.ok) {
      const detail = {
        used: "This sign-in link has already been used. Links work once; open the dashboard again from your application.",
        expired: "This sign-in link has expired. Links are valid for a few minutes; open the dashboard again from your application.",
        unknown: "This sign-in link is not valid. Open the dashboard again from your application.",
      }[result.reason];
      return fail(result.reason === "used" ? "Link already used" : result.reason === "expired" ? "Link expired" : "Invalid link", detail);
    }
    // A new sign-in replaces whatever session this browser had.
    const previous = c.get("sessionToken");
    if (previous) await sessions.end(previous);
    setSessionCookie(c, result.token, result.session.expires_at);
    return c.redirect(result.returnUrl, 303);
  });

  app.get("/api/customers", async (c) => {
    const session = requireSession(c);
    const limit = intParam(c.req.query("limit"), "limit", 20, 100);
    return c.json(await directory.search(session.customer_ids, c.req.query("q") ?? "", limit, c.req.query("cursor") || null));
  });

  app.get("/api/policy", async (c) => {
    const session = requireSession(c);
    const customerId = requireCustomerParam(c, session);
    return c.json(await resolveSeatPolicy(config.seatPolicy, customerId, directory));
  });

  app.get("/api/audit", async (c) => {
    const session = requireSession(c);
    const customerId = requireCustomerParam(c, session);
    const limit = intParam(c.req.query("limit"), "limit", 25, 100);
    const filter = { customer_id: customerId, contract_id: c.req.query("contract_id") || undefined, subscription_id: c.req.query("subscription_id") || undefined };
    return c.json(await audit.list(filter, limit, c.req.query("cursor") || null));
  });

  app.get("/api/alert-events", async (c) => {
    const session = requireSession(c);
    const customerId = requireCustomerParam(c, session);
    const limit = intParam(c.req.query("limit"), "limit", 50, 200);
    return c.json({ data: await events.list(customerId, limit) });
  });

  app.post(WEBHOOK_PATH, async (c) => {
    if (config.webhookSecret === null) throw new HttpError(503, "Webhooks are not configured: set METRONOME_WEBHOOK_SECRET", "webhooks_disabled");
    const raw = await c.req.text();
    const verified = verifyWebhook(raw, c.req.raw.headers, config.webhookSecret);
    // Received by the upstream's clock (the simulator's, when embedded), like audit rows, so the
    // feed agrees with the time the alert was evaluated at.
    const stored = await events.add(alertEventFrom(verified, await upstreamClock()));
    return c.json({ received: true, duplicate: !stored });
  });

  app.all("/api/simulator/*", async (c) => {
    requireEmbedded();
    requirePortalSecret(c);
    const forward = upstream.simulator;
    if (!forward) throw new HttpError(404, "Only available with the embedded simulator", "not_found");
    const url = new URL(c.req.url);
    const target = `http://simulator.internal${url.pathname.slice("/api/simulator".length)}${url.search}`;
    const method = c.req.method;
    const body = method === "GET" || method === "HEAD" ? undefined : await c.req.text();
    const headers: Record<string, string> = { authorization: "Bearer embedded" };
    const type = c.req.header("content-type");
    if (type) headers["content-type"] = type;
    const response = await forward(new Request(target, { method, headers, ...(body !== undefined ? { body } : {}) }));
    return new Response(response.body, { status: response.status, headers: { "content-type": response.headers.get("content-type") ?? "application/json" } });
  });

  app.all("/api/metronome/*", async (c) => {
    const session = requireSession(c);
    const metronomePath = new URL(c.req.url).pathname.slice("/api/metronome".length);
    return proxy(c.req.raw, metronomePath, session);
  });

  app.all("/api/*", (c) => jsonError(404, `No such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`, "not_found"));

  app.all("*", async (c) => {
    const response = serveStatic ? await serveStatic(new URL(c.req.url).pathname, c.req.method, c.req.raw.headers) : null;
    return response ?? jsonError(404, "Not found", "not_found");
  });

  app.onError((error) => {
    if (error instanceof HttpError) return jsonError(error.status, error.message, error.code);
    console.error(error);
    return jsonError(500, "Something went wrong on the server", "internal");
  });

  const purge = setInterval(() => void sessions.purge().catch((error: unknown) => console.error(error)), 60 * 60 * 1000);
  purge.unref();

  return {
    app,
    fetch: fetchApp,
    upstream,
    async close() {
      clearInterval(purge);
      await upstream.close();
      if (!overrides.sql) await sql.close();
    },
  };
}
