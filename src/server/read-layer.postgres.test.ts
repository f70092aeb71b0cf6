// The read layer's invalidations across two server instances on one real PostgreSQL
// (src/server/test-postgres.ts) sharing one embedded simulator: a write on one instance reaches the
// other's cache through LISTEN/NOTIFY, precisely, and still does after a database restart, which
// drops the whole cache (notifications may have been missed). In CI a missing PostgreSQL fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FROZEN_NOW, quantityAt } from "../../test/resilience/harness";
import { createSimulator } from "../simulator/simulator";
import { createApp, type ServerApp } from "./app";
import { openPostgres, type Sql } from "./db";
import { call, demoSignIn, testConfig } from "./test-helpers";
import { postgresAvailable, startTestPostgres, type TestPostgres } from "./test-postgres";
import { simulatorUpstream, type MetronomeUpstream } from "./upstream";

const available = postgresAvailable();
const mustRun = available || Boolean(process.env.CI);
if (!mustRun) console.warn("read-layer.postgres.test.ts: PostgreSQL server binaries not found (initdb, pg_ctl); skipping.");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`not seen within ${ms} ms: ${what}`);
    await sleep(25);
  }
}

interface Contract {
  id: string;
  subscriptions: Array<{ id: string; quantity_schedule: Array<{ quantity: number; starting_at: string; ending_before?: string }> }>;
}

describe.skipIf(!mustRun)("read layer invalidations across instances on PostgreSQL", () => {
  let pg: TestPostgres;
  let shared: MetronomeUpstream;
  let direct: MetronomeUpstream;
  const sqls: Sql[] = [];
  let a: ServerApp;
  let b: ServerApp;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    pg = await startTestPostgres();
    const url = await pg.createDatabase();
    direct = simulatorUpstream(await createSimulator({ scenario: "demo", now: FROZEN_NOW, tickSeconds: 0 }));
    shared = { ...direct, close: async () => {} };
    const start = async () => {
      const sql = await openPostgres(url, { log: (entry) => logs.push(entry), connectionTimeoutMillis: 2000 });
      sqls.push(sql);
      return createApp(testConfig({ databaseUrl: url }), { sql, upstream: shared });
    };
    a = await start();
    b = await start();
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await Promise.allSettled(sqls.map((s) => s.close()));
    await direct?.close();
    await pg?.stop();
    for (const entry of logs) expect(entry).toMatchObject({ level: "warn", msg: "database connection lost" });
  });

  async function contracts(server: ServerApp, cookie: string, customerId: string) {
    const response = await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie, body: { customer_id: customerId } });
    expect(response.status).toBe(200);
    return { data: ((await response.json()) as { data: Contract[] }).data, cache: response.headers.get("x-read-cache") };
  }

  async function customerId(server: ServerApp, cookie: string, alias: string): Promise<string> {
    const page = (await (await call(server, "GET", `/api/customers?q=${alias}`, { cookie })).json()) as { data: Array<{ id: string }> };
    return page.data[0]!.id;
  }

  /** One seat more on Globex through `server`; the quantity it asked for. */
  async function addSeat(server: ServerApp, cookie: string, globex: string): Promise<number> {
    const contract = (await contracts(server, cookie, globex)).data[0]!;
    const subscription = contract.subscriptions[0]!;
    const quantity = quantityAt(subscription.quantity_schedule, FROZEN_NOW) + 1;
    const edit = await call(server, "POST", "/api/metronome/v2/contracts/edit", {
      cookie,
      body: { customer_id: globex, contract_id: contract.id, update_subscriptions: [{ subscription_id: subscription.id, quantity_updates: [{ quantity, starting_at: FROZEN_NOW }] }] },
    });
    expect(edit.status).toBe(200);
    return quantity;
  }

  it("a write on one instance invalidates that customer on the other, and only that customer", async () => {
    const cookie = await demoSignIn(a, "account-manager");
    const [globex, acme] = [await customerId(a, cookie, "globex"), await customerId(a, cookie, "acme")];
    await contracts(b, cookie, globex);
    await contracts(b, cookie, acme);
    expect((await contracts(b, cookie, globex)).cache).toBe("hit");

    await expectWriteCrosses(cookie, globex, acme);
  });

  /** A seat edit on A drops B's copy of that customer's reads (B reads the new quantity) and leaves the other customer's. */
  async function expectWriteCrosses(cookie: string, written: string, other: string): Promise<void> {
    const invalidations = b.reads.stats().invalidations;
    const quantity = await addSeat(a, cookie, written);
    await until("B hears of A's write", () => b.reads.stats().invalidations > invalidations);
    const after = await contracts(b, cookie, written);
    expect(after.cache).toBe("miss");
    expect(quantityAt(after.data[0]!.subscriptions[0]!.quantity_schedule, FROZEN_NOW)).toBe(quantity);
    expect((await contracts(b, cookie, other)).cache).toBe("hit");
  }

  it("after a database restart each instance listens again, drops its whole cache, and invalidations cross again", async () => {
    const cookie = await demoSignIn(a, "account-manager");
    const [globex, acme] = [await customerId(a, cookie, "globex"), await customerId(a, cookie, "acme")];
    await contracts(b, cookie, acme);
    await contracts(b, cookie, globex);
    expect((await contracts(b, cookie, acme)).cache).toBe("hit");

    await pg.restart();
    // B finds its listener gone (at once, or at the next heartbeat), reconnects and starts afresh.
    await until("B listens again with an empty cache", () => b.reads.stats().shared && b.reads.stats().entries === 0, 30_000);
    await until("A listens again", () => a.reads.stats().shared, 30_000);
    expect(logs.filter((entry) => entry.pool === "listen").length).toBeGreaterThanOrEqual(2);
    expect((await contracts(b, cookie, acme)).cache).toBe("miss");

    await contracts(b, cookie, globex);
    await contracts(b, cookie, acme);
    await expectWriteCrosses(cookie, globex, acme);
  }, 90_000);
});
