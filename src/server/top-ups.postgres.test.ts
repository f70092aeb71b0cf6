// Top-up purchases on a real PostgreSQL (src/server/test-postgres.ts) with two server instances on
// one database and one embedded simulator: a double submit sent to both instances at once is one
// commit and one row, and the payment webhook received by one instance settles the row the other
// answers from. In CI a missing PostgreSQL fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TopUpAnswer, TopUpPurchase } from "../contract/bff";
import { FROZEN_NOW, simulatorCaller } from "../../test/resilience/harness";
import { createSimulator } from "../simulator/simulator";
import { createApp, type ServerApp } from "./app";
import { openPostgres, type Sql } from "./db";
import { call, demoSignIn, testClock, testConfig, TEST_WEBHOOK_SECRET } from "./test-helpers";
import { postgresAvailable, startTestPostgres, type TestPostgres } from "./test-postgres";
import { simulatorUpstream, type MetronomeUpstream } from "./upstream";

const available = postgresAvailable();
const mustRun = available || Boolean(process.env.CI);
if (!mustRun) console.warn("top-ups.postgres.test.ts: PostgreSQL server binaries not found (initdb, pg_ctl); skipping. Install `postgresql` to run them.");

interface Instance {
  server: ServerApp;
  sql: Sql;
}

describe.skipIf(!mustRun)("top-ups on PostgreSQL with two server instances", { timeout: 60_000 }, () => {
  let pg: TestPostgres;
  let simulator: Awaited<ReturnType<typeof createSimulator>>;
  const instances: Instance[] = [];

  beforeAll(async () => {
    pg = await startTestPostgres();
    const url = await pg.createDatabase();
    // The simulator's webhooks reach the first instance, as a load balancer would send them to one.
    let ready: (app: ServerApp) => void = () => undefined;
    const receiver = new Promise<ServerApp>((resolve) => (ready = resolve));
    simulator = await createSimulator({
      scenario: "demo",
      now: FROZEN_NOW,
      tickSeconds: 0,
      webhook: { url: "http://127.0.0.1/api/webhooks/metronome", secret: TEST_WEBHOOK_SECRET, fetch: async (input, init) => (await receiver).fetch(new Request(input, init)) },
    });
    const shared: MetronomeUpstream = { ...simulatorUpstream(simulator), close: async () => {} };
    for (let i = 0; i < 2; i += 1) {
      const sql = await openPostgres(url);
      const server = await createApp(testConfig({ databaseUrl: url, upstream: { kind: "simulator", now: FROZEN_NOW, scenario: "demo", maxSeats: null } }), { sql, upstream: shared, now: testClock(FROZEN_NOW).now });
      instances.push({ server, sql });
    }
    ready(instances[0]!.server);
  }, 90_000);

  afterAll(async () => {
    for (const { server, sql } of instances) {
      await server.close();
      await sql.close();
    }
    await simulator?.close();
    await pg?.stop();
  });

  it("a double submit to both instances is one commit and one row; the webhook one instance receives settles the row for both", async () => {
    const simulatorJson = simulatorCaller(simulator);
    const customer = ((await simulatorJson("GET", "/v1/customers?ingest_alias=acme")).body as { data: Array<{ id: string }> }).data[0]!.id;
    const contract = ((await simulatorJson("POST", "/v2/contracts/list", { customer_id: customer })).body as { data: Array<{ id: string }> }).data[0]!.id;
    const [a, b] = instances as [Instance, Instance];
    const cookie = await demoSignIn(a.server, "acme-admin");
    const body = { customer_id: customer, contract_id: contract, pack_id: "ai-credits-100k", uniqueness_key: "pg-double-submit" };

    const answers = await Promise.all([a, b, a, b].map(async ({ server }) => call(server, "POST", "/api/top-ups", { cookie, body })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const rows = await Promise.all(answers.map(async (r) => ((await r.json()) as TopUpAnswer).data.id));
    expect(new Set(rows).size).toBe(1);

    const history = (await simulatorJson("POST", "/v2/contracts/getEditHistory", { customer_id: customer, contract_id: contract })).body as { data: Array<{ uniqueness_key?: string }> };
    expect(history.data.filter((e) => e.uniqueness_key === "top-up:pg-double-submit")).toHaveLength(1);
    expect(await a.sql.query("select id from top_up_purchases where uniqueness_key = 'pg-double-submit'")).toHaveLength(1);

    // The payment webhook goes to instance a; instance b answers from the same row.
    let listed: TopUpPurchase | undefined;
    for (let i = 0; i < 100 && listed?.status !== "paid"; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const page = (await (await call(b.server, "GET", `/api/top-ups?customer_id=${customer}`, { cookie })).json()) as { data: TopUpPurchase[] };
      listed = page.data.find((p) => p.id === rows[0]);
    }
    expect(listed).toMatchObject({ status: "paid", pack: { id: "ai-credits-100k", credits: 100_000 } });
  });
});
