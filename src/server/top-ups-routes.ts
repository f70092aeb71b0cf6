/**
 * The top-up endpoints: GET /api/top-up-packs (the catalogue and the auto-recharge bounds),
 * POST /api/top-ups (buy a pack), GET /api/top-ups (purchases, settings changes and recharges with
 * their payment status) and PUT /api/auto-recharge. Writes refuse members before the body is read.
 */
import { Hono } from "hono";
import type { TopUpAnswer } from "../contract/bff";
import { createAutoRecharge } from "./auto-recharge";
import { intParam, requireCustomerParam, requireSession, type AppContext, type AppDeps, type Env } from "./context";
import { HttpError } from "./errors";
import { assertCanWrite } from "./scope";
import type { ActiveSession } from "./sessions";
import { createTopUps } from "./top-ups";
import type { TopUpOffer } from "./top-ups-catalogue";
import { createTopUpPayments } from "./top-ups-payments";
import { createTopUpStore, type TopUpStore } from "./top-ups-store";
import { upstreamNow } from "./upstream";

/** The purchases' store, its rows timed by the upstream's clock like the audit log's. */
function topUpStoreOf(deps: Pick<AppDeps, "sql" | "upstream" | "now">): TopUpStore {
  return createTopUpStore(deps.sql, async () => new Date(await upstreamNow(deps.upstream, deps.now)));
}

/** The session of a write, refused for members before anything of the request is read. */
function writer(c: AppContext): ActiveSession {
  const session = requireSession(c);
  assertCanWrite(session);
  return session;
}

export function topUpRoutes(deps: AppDeps, offer: () => Promise<TopUpOffer>) {
  const store = topUpStoreOf(deps);
  const payments = createTopUpPayments(deps.sql, store);
  const shared = { sql: deps.sql, upstream: deps.upstream, store, instance: deps.instance, reads: deps.reads, offer };
  const topUps = createTopUps({ ...shared, now: deps.now, settleEarlyEvents: payments.settleEarlyEvents });
  const setAutoRecharge = createAutoRecharge(shared);
  const app = new Hono<Env>();

  app.get("/api/top-up-packs", async (c) => {
    const session = requireSession(c);
    return c.json(await topUps.catalogue(session, requireCustomerParam(c, session)));
  });
  app.get("/api/top-ups", async (c) => {
    const session = requireSession(c);
    const customerId = requireCustomerParam(c, session);
    const contractId = c.req.query("contract_id")?.toLowerCase();
    if (contractId !== undefined && !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(contractId)) throw new HttpError(400, "contract_id must be a contract id", "invalid_query");
    const limit = intParam(c.req.query("limit"), "limit", 50, 200);
    await topUps.reconcile(customerId);
    return c.json({ data: await store.list({ customer_id: customerId, contract_id: contractId }, limit) });
  });
  app.post("/api/top-ups", async (c) => {
    const session = writer(c);
    const answer: TopUpAnswer = { data: await topUps.buy(session, await c.req.text()) };
    return c.json(answer);
  });
  app.put("/api/auto-recharge", async (c) => {
    const session = writer(c);
    const answer: TopUpAnswer = { data: await setAutoRecharge(session, await c.req.text()) };
    return c.json(answer);
  });
  return app;
}

/** The payment webhooks' effect on purchases (routes-hooks.ts calls it for every verified event). */
export function topUpPaymentsOf(deps: Pick<AppDeps, "sql" | "upstream" | "now">) {
  return createTopUpPayments(deps.sql, topUpStoreOf(deps));
}
