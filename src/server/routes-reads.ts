/** Reads: the account manager's customers, seat policy, alert events, the audit log and the allowlisted Metronome reads. */
import { Hono } from "hono";
import { intParam, requireCustomerParam, requireSession, type AppDeps, type Env } from "./context";
import { createMetronomeReads } from "./metronome-proxy";
import { resolveSeatPolicy } from "./policy";
import { viewRoutes } from "./views";

const AUDIT_MAX_LIMIT = 100;

function optionalId(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

export function readRoutes(deps: AppDeps) {
  const { directory, audit, events, config } = deps;
  const metronomeRead = createMetronomeReads(deps.reads);
  const app = new Hono<Env>();

  app.get("/api/customers", async (c) => {
    const session = requireSession(c);
    const limit = intParam(c.req.query("limit"), "limit", 20, 100);
    return c.json(await directory.search(session.customer_ids, c.req.query("q") ?? "", limit, c.req.query("cursor") || null));
  });

  app.get("/api/policy", async (c) => {
    const customerId = requireCustomerParam(c, requireSession(c));
    return c.json(await resolveSeatPolicy(config.seatPolicy, customerId, directory));
  });

  app.get("/api/alert-events", async (c) => {
    const customerId = requireCustomerParam(c, requireSession(c));
    const limit = intParam(c.req.query("limit"), "limit", 50, 200);
    return c.json({ data: await events.list(customerId, limit) });
  });

  app.get("/api/audit", async (c) => {
    const customerId = requireCustomerParam(c, requireSession(c));
    const limit = intParam(c.req.query("limit"), "limit", 25, AUDIT_MAX_LIMIT);
    const filter = { customer_id: customerId, contract_id: optionalId(c.req.query("contract_id")), subscription_id: optionalId(c.req.query("subscription_id")) };
    return c.json(await audit.list(filter, limit, c.req.query("cursor") || null));
  });

  app.on(["GET", "POST"], "/api/metronome/*", async (c) => {
    const session = requireSession(c);
    const metronomePath = new URL(c.req.url).pathname.slice("/api/metronome".length);
    return metronomeRead(c.req.raw, metronomePath, session);
  });

  app.route("/", viewRoutes(deps));

  return app;
}
