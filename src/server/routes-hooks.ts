/** Machine endpoints: Metronome's webhooks, the embedded simulator's control API and the internal metrics (bearer only). */
import { Hono } from "hono";
import type { InternalMetrics } from "../contract/bff";
import { requireEmbedded, upstreamClock, type AppDeps, type Env } from "./context";
import { HttpError } from "./errors";
import { requirePortalSecret } from "./routes-sessions";
import { EMBEDDED_SIMULATOR_ORIGIN, EMBEDDED_SIMULATOR_TOKEN } from "./upstream";
import { topUpPaymentsOf } from "./top-ups-routes";
import { alertEventFrom, verifyWebhook } from "./webhooks";

export const WEBHOOK_PATH = "/api/webhooks/metronome";

export function webhookRoutes(deps: AppDeps) {
  const app = new Hono<Env>();
  const payments = topUpPaymentsOf(deps);
  app.post(WEBHOOK_PATH, async (c) => {
    const secret = deps.config.webhookSecret;
    if (secret === null) throw new HttpError(503, "Webhooks are not configured: set METRONOME_WEBHOOK_SECRET", "webhooks_disabled");
    const verified = verifyWebhook(await c.req.text(), c.req.raw.headers, secret);
    // Received by the upstream's clock (the simulator's, when embedded), like audit rows, so the
    // feed agrees with the time the alert was evaluated at.
    const event = alertEventFrom(verified, await upstreamClock(deps));
    const stored = await deps.events.add(event);
    // A payment outcome moves its purchase (applying one twice changes nothing).
    await payments.apply(verified.type, verified.body);
    // Metronome says something changed: that customer's reads (every customer's, when none is named) are read again.
    await (event.customer_id === "" ? deps.reads.invalidateAll() : deps.reads.invalidateCustomer(event.customer_id));
    // The access projection: an alert's state at once, then the customer read again (applying twice changes nothing).
    await deps.access.onWebhook(verified.body, event.received_at);
    return c.json({ received: true, duplicate: !stored });
  });
  return app;
}

export function simulatorRoutes(deps: AppDeps) {
  const app = new Hono<Env>();
  app.all("/api/simulator/*", async (c) => {
    requireEmbedded(deps);
    requirePortalSecret(c, deps.config.portalSecret);
    const forward = deps.upstream.simulator;
    if (!forward) throw new HttpError(404, "Only available with the embedded simulator", "not_found");
    const url = new URL(c.req.url);
    const target = `${EMBEDDED_SIMULATOR_ORIGIN}${url.pathname.slice("/api/simulator".length)}${url.search}`;
    const method = c.req.method;
    const body = method === "GET" || method === "HEAD" ? undefined : await c.req.text();
    const headers: Record<string, string> = { authorization: `Bearer ${EMBEDDED_SIMULATOR_TOKEN}` };
    const type = c.req.header("content-type");
    if (type) headers["content-type"] = type;
    const response = await forward(new Request(target, { method, headers, ...(body !== undefined ? { body } : {}) }));
    // A control call (clock move, reset, fault rules) may change any answer.
    if (method !== "GET" && method !== "HEAD") await deps.reads.invalidateAll();
    return new Response(response.body, { status: response.status, headers: { "content-type": response.headers.get("content-type") ?? "application/json" } });
  });
  return app;
}

/**
 * Operators' and the benchmark's view of the read layer, behind the portal secret:
 * GET /api/internal/metrics (upstream calls, cache and limiter figures) and
 * DELETE /api/internal/read-cache (empties the read cache on every instance).
 */
export function internalRoutes(deps: AppDeps) {
  const app = new Hono<Env>();
  app.get("/api/internal/metrics", (c) => {
    requirePortalSecret(c, deps.config.portalSecret);
    const calls = deps.upstream.calls();
    const limit = deps.upstream.state();
    const metrics: InternalMetrics = {
      upstream_calls: { total: calls.total, by_path: calls.byPath, throttled: calls.throttled },
      upstream_limit: { active: limit.active, queued: limit.queued, paused_until: limit.pausedUntil === 0 ? null : new Date(limit.pausedUntil).toISOString() },
      read_cache: deps.reads.stats(),
    };
    return c.json(metrics);
  });
  app.delete("/api/internal/read-cache", async (c) => {
    requirePortalSecret(c, deps.config.portalSecret);
    await deps.reads.invalidateAll();
    return c.body(null, 204);
  });
  return app;
}
