import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import type { Health } from "../contract/bff";
import { createAccessService } from "./access";
import { ACCESS_CHECK_PATH, accessRoutes, refreshAfterWrites } from "./access-routes";
import { createAuditStore } from "./audit";
import { DEFAULT_READ_LAYER, upstreamKind, type ServerConfig } from "./config";
import { upstreamClock, type AppDeps, type Env } from "./context";
import { createCustomerDirectory } from "./customers";
import { openDatabase, type Sql } from "./db";
import { startReconciler } from "./edit-reconcile";
import { startEmbeddedSimulator } from "./embedded-simulator";
import { HttpError, jsonError } from "./errors";
import { registerInstance } from "./instances";
import { MAX_BODY_BYTES } from "./json";
import { log } from "./log";
import { migrate } from "./migrations";
import { createReadLayer, type ReadLayer } from "./read-layer";
import { postgresInvalidationLink } from "./read-layer-link";
import { readRoutes } from "./routes-reads";
import { internalRoutes, simulatorRoutes, WEBHOOK_PATH, webhookRoutes } from "./routes-hooks";
import { SESSION_COOKIE, sessionRoutes } from "./routes-sessions";
import { writeRoutes } from "./routes-writes";
import { lazyTopUpOffer } from "./top-ups-catalogue";
import { topUpRoutes } from "./top-ups-routes";
import { csrfGuard, securityHeaders } from "./security";
import { createSessionStore } from "./sessions";
import { createStaticHandler } from "./static-files";
import { liveUpstream, simulatorUpstream, upstreamNow, type MetronomeUpstream } from "./upstream";
import { limitUpstream, type UpstreamCallCounts } from "./upstream-limit";
import { createWebhookEventStore } from "./webhooks";

export { SESSION_COOKIE } from "./routes-sessions";

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
  /** The read layer (read-layer.ts): its stats, and invalidation for tests. */
  reads: ReadLayer;
  /** Requests this process has sent to Metronome (the simulator when embedded), in all and by path. */
  upstreamCalls(): UpstreamCallCounts;
  /** This process's id among the instances sharing the database. */
  instanceId: string;
  /** Settles abandoned pending seat edits now (it also runs every 30 s). */
  reconcile(): Promise<void>;
  close(): Promise<void>;
}

async function openUpstream(config: ServerConfig, fetchApp: (request: Request) => Promise<Response>): Promise<MetronomeUpstream> {
  if (config.upstream.kind === "metronome") return liveUpstream(config.upstream.baseUrl, config.upstream.token);
  const secret = config.webhookSecret;
  const simulator = await startEmbeddedSimulator({
    scenario: config.upstream.scenario,
    now: config.upstream.now,
    maxSeats: config.upstream.maxSeats,
    dataDir: config.dataDir,
    // Webhooks go to this server's own receiver, in process (no port needed).
    webhook: secret === null ? null : { url: `http://127.0.0.1:${config.port}${WEBHOOK_PATH}`, secret, fetch: (input, init) => fetchApp(new Request(input, init)) },
  });
  return simulatorUpstream(simulator);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Request ids, session lookup, security headers, body limits and CSRF: everything before a route. */
function middleware(app: Hono<Env>, deps: Pick<AppDeps, "config" | "sessions">) {
  const { config, sessions } = deps;
  const isHttps = (url: URL) => (config.publicUrl ?? url.origin).startsWith("https:");
  app.use("*", async (c, next) => {
    const offered = c.req.header("x-request-id");
    const id = offered && REQUEST_ID.test(offered) ? offered : randomUUID();
    c.set("requestId", id);
    await next();
    c.header("x-request-id", id);
  });
  app.use("*", securityHeaders({ frameAncestors: config.frameAncestors, https: isHttps }));
  app.use("/api/*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => jsonError(413, "Request body is too large (1 MB at most)", "body_too_large") }));
  app.use(
    "/api/*",
    csrfGuard({
      exempt: (p) => p === WEBHOOK_PATH || p === "/api/portal-sessions" || p === ACCESS_CHECK_PATH || p.startsWith("/api/simulator/") || p.startsWith("/api/internal/"),
      allowedOrigin: (url, host) => config.publicUrl ?? `${url.protocol}//${host ?? url.host}`,
    }),
  );
  app.use("/api/*", async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE) ?? null;
    c.set("sessionToken", token);
    c.set("session", token ? await sessions.find(token) : null);
    await next();
  });
}

/** Builds the BFF: opens the database (migrated), the upstream and every /api route, and serves the SPA. */
export async function createApp(config: ServerConfig, overrides: AppOverrides = {}): Promise<ServerApp> {
  const now = overrides.now ?? (() => new Date());
  const sql = overrides.sql ?? (await openDatabase(config.databaseUrl, config.dataDir));
  await migrate(sql);

  const app = new Hono<Env>();
  const fetchApp = async (request: Request) => app.fetch(request);
  const limits = config.readLayer ?? DEFAULT_READ_LAYER;
  const upstream = limitUpstream(overrides.upstream ?? (await openUpstream(config, fetchApp)), { concurrency: limits.upstreamConcurrency, maxRetries: limits.upstreamRetries });
  const instance = await registerInstance(sql);
  const reads = await createReadLayer({
    upstream,
    identity: config.upstream.kind === "metronome" ? `metronome ${config.upstream.baseUrl}` : upstream.kind,
    settings: limits,
    link: postgresInvalidationLink(sql, instance.id),
  });
  const deps: AppDeps = {
    config,
    sql,
    upstream,
    reads,
    kind: upstreamKind(config),
    sessions: createSessionStore(sql, { now, sessionTtlSeconds: config.sessionTtlSeconds, portalLinkTtlSeconds: config.portalLinkTtlSeconds }),
    directory: createCustomerDirectory(upstream, now),
    // Audit rows are timed by the upstream's clock, like the edits Metronome records.
    audit: createAuditStore(sql, async () => new Date(await upstreamNow(upstream, now))),
    events: createWebhookEventStore(sql),
    access: createAccessService({ sql, upstream, now, unknownState: config.accessCheckUnknown ?? "closed" }),
    instance,
    now,
    fetch: fetchApp,
  };
  // Seat edits that a stopped instance sent upstream but never settled (it died, or the answer was lost).
  const reconciler = startReconciler(deps);
  await reconciler.runNow();

  middleware(app, deps);
  app.use("/api/*", refreshAfterWrites(deps));
  app.get("/api/health", async (c) => {
    const database = (await sql.ping()) ? "up" : "down";
    const health: Health = { ok: database === "up", upstream: deps.kind, database, now: await upstreamClock(deps) };
    return c.json(health, health.ok ? 200 : 503);
  });
  app.route("/", sessionRoutes(deps));
  app.route("/", writeRoutes(deps));
  app.route("/", topUpRoutes(deps, lazyTopUpOffer(config.topUps, upstream)));
  app.route("/", readRoutes(deps));
  app.route("/", accessRoutes(deps));
  app.route("/", webhookRoutes(deps));
  app.route("/", simulatorRoutes(deps));
  app.route("/", internalRoutes(deps));
  app.all("/api/*", (c) => jsonError(404, `No such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`, "not_found"));

  const serveStatic = createStaticHandler(config.distDir);
  app.all("*", async (c) => {
    const response = serveStatic ? await serveStatic(new URL(c.req.url).pathname, c.req.method, c.req.raw.headers) : null;
    return response ?? jsonError(404, "Not found", "not_found");
  });

  app.onError((error, c) => {
    if (error instanceof HttpError) return jsonError(error.status, error.message, error.code);
    if (error instanceof RangeError || error instanceof SyntaxError) return jsonError(400, "The request could not be read (it is malformed or nested too deeply)", "invalid_body");
    log("error", "request failed", { request_id: c.get("requestId"), method: c.req.method, path: new URL(c.req.url).pathname, error });
    return jsonError(500, "Something went wrong on the server", "internal");
  });

  const purge = setInterval(() => void deps.sessions.purge().catch((error: unknown) => log("warn", "session purge failed", { error })), 60 * 60 * 1000);
  purge.unref();

  return {
    app,
    fetch: fetchApp,
    upstream,
    reads,
    upstreamCalls: () => upstream.calls(),
    instanceId: instance.id,
    reconcile: () => reconciler.runNow(),
    async close() {
      clearInterval(purge);
      reconciler.stop();
      await instance.stop();
      await reads.close();
      await upstream.close();
      // Access refreshes under way (a webhook's, an aged projection's) finish before the database closes.
      await deps.access.close();
      if (!overrides.sql) await sql.close();
    },
  };
}
