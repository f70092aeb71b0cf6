// The write path on a real PostgreSQL (src/server/test-postgres.ts) with two server instances on
// one database and one embedded simulator, the way two replicas behind a load balancer share
// Metronome: shared sessions, the seat policy held across instances, a restart beside edits in
// flight, and database faults while serving. In CI a missing PostgreSQL fails.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { demoIds, FROZEN_NOW, quantityAt, simulatorCaller, subscriptionSchedule, type DemoIds } from "../../test/resilience/harness";
import { createApp, type ServerApp } from "./app";
import { createAuditStore } from "./audit";
import { openPostgres, type Sql } from "./db";
import { NOT_APPLIED_AFTER_RESTART } from "./edit-reconcile";
import { HttpError } from "./errors";
import { call, demoSignIn, testClock, testConfig } from "./test-helpers";
import { postgresAvailable, startTestPostgres, type TestPostgres } from "./test-postgres";
import { simulatorUpstream, type MetronomeUpstream } from "./upstream";
import { createSimulator } from "../simulator/simulator";

const EDIT = "/api/metronome/v2/contracts/edit";
const GLOBEX_SCHEDULED_AT = "2026-12-01T00:00:00.000Z";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const available = postgresAvailable();
const mustRun = available || Boolean(process.env.CI);
if (!mustRun) {
  console.warn("write-path.postgres.test.ts: PostgreSQL server binaries not found (initdb, pg_ctl); skipping. Install `postgresql` to run them.");
}

type Wrap = (upstream: MetronomeUpstream) => MetronomeUpstream;

interface Instance {
  server: ServerApp;
  sql: Sql;
  closed: boolean;
}

interface Cluster {
  url: string;
  database: string;
  simulator: Awaited<ReturnType<typeof createSimulator>>;
  /** The simulator as every instance sees it (closing an instance leaves it running). */
  shared: MetronomeUpstream;
  start(wrap?: Wrap): Promise<Instance>;
  stop(instance: Instance): Promise<void>;
  ids(alias: string): Promise<DemoIds>;
  simulatorJson(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

interface Answer {
  key: string;
  status: number;
  body: { message?: string; code?: string; data?: { id: string | null }; edit_id?: string };
}

interface Row {
  id: string;
  outcome: string;
  /** Of pending and applied rows only (the owner's key); see request_key. */
  uniqueness_key: string | null;
  /** The key of the Metronome request the row describes (every seat-edit row has one). */
  request_key: string;
  instance_id: string | null;
  edit_id: string | null;
  settled_by: string | null;
  seats_before: Record<string, number>;
  seats_after: Record<string, number>;
  error: { status: number; message: string } | null;
}


function quantityEdit(ids: DemoIds, key: string, quantity_updates: Array<{ quantity?: number; quantity_delta?: number; starting_at: string }>) {
  return { customer_id: ids.customerId, contract_id: ids.contractId, uniqueness_key: key, update_subscriptions: [{ subscription_id: ids.subscriptionId, quantity_updates }] };
}

function seatsEdit(ids: DemoIds, key: string, change: "add_unassigned_seats" | "remove_unassigned_seats", quantity: number) {
  return {
    customer_id: ids.customerId, contract_id: ids.contractId, uniqueness_key: key,
    update_subscriptions: [{ subscription_id: ids.subscriptionId, seat_updates: { [change]: [{ quantity, starting_at: FROZEN_NOW }] } }],
  };
}

async function send(instance: Instance, cookie: string, body: { uniqueness_key: string }): Promise<Answer> {
  const response = await call(instance.server, "POST", EDIT, { cookie, body });
  const text = await response.text();
  let parsed: Answer["body"];
  try {
    parsed = JSON.parse(text) as Answer["body"];
  } catch {
    parsed = { message: text };
  }
  return { key: body.uniqueness_key, status: response.status, body: parsed };
}

async function auditRows(sql: Sql): Promise<Row[]> {
  return sql.query<Row>(`select id, outcome, uniqueness_key, request->>'uniqueness_key' as request_key, instance_id, edit_id, settled_by, seats_before, seats_after, error
     from audit_log order by seq`);
}

/** Retries fn while it throws a database_unavailable 503 or returns a 503 response, for at most ms. */
async function eventually<T>(fn: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    let value: T | undefined;
    let failure: unknown = null;
    try {
      value = await fn();
      if (ok(value)) return value;
    } catch (error) {
      if (!(error instanceof HttpError && error.code === "database_unavailable")) throw error;
      failure = error;
    }
    if (Date.now() > until) throw new Error(`not recovered in ${ms} ms: ${JSON.stringify(value ?? failure)}`);
    await sleep(100);
  }
}

describe.skipIf(!mustRun)("the write path on PostgreSQL with two server instances", () => {
  let pgServer: TestPostgres;
  const started: Instance[] = [];
  const simulators: MetronomeUpstream[] = [];
  const dbLogs: Record<string, unknown>[] = [];
  const uncaught = vi.fn();
  const clock = testClock(FROZEN_NOW);

  beforeAll(async () => {
    process.on("uncaughtException", uncaught);
    process.on("unhandledRejection", uncaught);
    pgServer = await startTestPostgres();
  }, 60_000);

  afterEach(async () => {
    await Promise.allSettled(started.splice(0).map(async (instance) => {
      if (!instance.closed) await instance.server.close();
      await instance.sql.close();
    }));
    await Promise.allSettled(simulators.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    process.off("uncaughtException", uncaught);
    process.off("unhandledRejection", uncaught);
    await pgServer?.stop();
    expect(uncaught).not.toHaveBeenCalled();
    for (const entry of dbLogs) expect(entry).toMatchObject({ level: "warn", msg: "database connection lost" });
  });

  /** A fresh database and demo simulator; instances are started on them on demand. */
  async function cluster(): Promise<Cluster> {
    const url = await pgServer.createDatabase();
    const simulator = await createSimulator({ scenario: "demo", now: FROZEN_NOW, tickSeconds: 0 });
    const direct = simulatorUpstream(simulator);
    simulators.push(direct);
    const shared: MetronomeUpstream = { ...direct, close: async () => {} };
    const cache = new Map<string, DemoIds>();

    const simulatorJson = simulatorCaller(simulator);

    return {
      url,
      database: new URL(url).pathname.slice(1),
      simulator,
      shared,
      simulatorJson,
      async start(wrap) {
        const sql = await openPostgres(url, { log: (entry) => dbLogs.push(entry) });
        try {
          const server = await createApp(
            testConfig({ databaseUrl: url, upstream: { kind: "simulator", now: FROZEN_NOW, scenario: "demo", maxSeats: null } }),
            { sql, upstream: wrap ? wrap(shared) : shared, now: clock.now },
          );
          const instance = { server, sql, closed: false };
          started.push(instance);
          return instance;
        } catch (error) {
          await sql.close();
          throw error;
        }
      },
      async stop(instance) {
        instance.closed = true;
        await instance.server.close();
      },
      async ids(alias) {
        const known = cache.get(alias) ?? (await demoIds(simulatorJson, alias));
        cache.set(alias, known);
        return known;
      },
    };
  }

  const schedule = (c: Cluster, ids: DemoIds) => subscriptionSchedule(c.simulatorJson, ids);

  async function editHistory(c: Cluster, ids: DemoIds): Promise<Array<{ id: string; uniqueness_key?: string }>> {
    const history = await c.simulatorJson("POST", "/v2/contracts/getEditHistory", { customer_id: ids.customerId, contract_id: ids.contractId });
    return (history.body as { data: Array<{ id: string; uniqueness_key?: string }> }).data;
  }

  /**
   * The ledger: every edit Metronome has with one of these keys has exactly one applied row with
   * its id; every applied row's edit is in Metronome's history; a 200 answer's edit landed once;
   * an edit answered "nothing was changed" did not land; no row is left pending.
   */
  async function expectLedger(c: Cluster, sql: Sql, contracts: DemoIds[], answers: Answer[]): Promise<void> {
    const keys = new Set(answers.map((a) => a.key));
    const history = (await Promise.all(contracts.map((ids) => editHistory(c, ids)))).flat().filter((e) => e.uniqueness_key !== undefined && keys.has(e.uniqueness_key));
    const rows = (await auditRows(sql)).filter((r) => keys.has(r.request_key));
    expect(rows.filter((r) => r.outcome === "pending")).toEqual([]);
    const applied = rows.filter((r) => r.outcome === "applied");
    // Every answer other than "nothing was changed" before a row could be written has its row.
    for (const answer of answers) if (answer.body.code !== "database_unavailable") expect(rows.some((r) => r.request_key === answer.key), answer.key).toBe(true);
    expect(applied.map((r) => r.edit_id).sort()).toEqual(history.map((e) => e.id).sort());
    expect(new Set(history.map((e) => e.uniqueness_key)).size).toBe(history.length);
    const landed = new Map(history.map((e) => [e.uniqueness_key, e.id]));
    for (const answer of answers) {
      if (answer.status === 200) expect(landed.get(answer.key), answer.key).toBe(answer.body.data?.id);
      else if (answer.body.code === "database_unavailable") expect(landed.has(answer.key), `${answer.key} answered "nothing was changed"`).toBe(false);
    }
  }

  it("sessions are shared: signed in on A, the cookie works on B; signed out on B, it is gone on A", async () => {
    const c = await cluster();
    const a = await c.start();
    const b = await c.start();
    expect(a.server.instanceId).not.toBe(b.server.instanceId);
    const cookie = await demoSignIn(a.server, "globex-admin");
    const onB = await call(b.server, "GET", "/api/session", { cookie });
    expect(onB.status).toBe(200);
    expect(await onB.json()).toMatchObject({ role: "customer_admin" });
    const globex = await c.ids("globex");
    const audit = await call(b.server, "GET", `/api/audit?customer_id=${globex.customerId}`, { cookie });
    expect(audit.status).toBe(200);

    expect((await call(b.server, "POST", "/api/session/sign-out", { cookie, body: {} })).status).toBe(200);
    expect((await call(a.server, "GET", "/api/session", { cookie })).status).toBe(401);
  }, 60_000);

  it("the seat policy holds across instances: at 301, of 20 concurrent +20 edits split between A and B exactly 4 apply", async () => {
    const c = await cluster();
    const a = await c.start();
    const b = await c.start();
    const ids = await c.ids("globex");
    const sub = ids.subscriptionId;
    const cookie = await demoSignIn(a.server, "globex-admin");
    const setup = await send(a, cookie, quantityEdit(ids, "set-301", [{ quantity: 301, starting_at: FROZEN_NOW }, { quantity_delta: -25, starting_at: GLOBEX_SCHEDULED_AT }]));
    expect(setup.status).toBe(200);
    expect((await schedule(c, ids)).map((i) => i.quantity)).toEqual([301]);

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(i % 2 === 0 ? a : b, cookie, quantityEdit(ids, `plus20-${i}`, [{ quantity_delta: 20, starting_at: FROZEN_NOW }]))),
    );
    const ok = answers.filter((x) => x.status === 200);
    expect(ok).toHaveLength(4);
    for (const answer of answers.filter((x) => x.status !== 200)) {
      expect(answer.status).toBe(422);
      expect(answer.body.code).toBe("above_max_seats");
      expect(answer.body.message).toContain("400");
    }
    const after = await schedule(c, ids);
    expect(quantityAt(after, FROZEN_NOW)).toBe(381);
    expect(Math.max(...after.map((i) => i.quantity))).toBeLessThanOrEqual(400);

    await expectLedger(c, a.sql, [ids], answers);
    const applied = (await auditRows(a.sql)).filter((r) => r.outcome === "applied" && r.request_key.startsWith("plus20-"));
    expect(applied).toHaveLength(4);
    for (const row of applied) expect(row.seats_after[sub]).toBe((row.seats_before[sub] ?? Number.NaN) + 20);
    expect(applied.map((r) => r.seats_before[sub] ?? 0).sort((x, y) => x - y)).toEqual([301, 321, 341, 361]);
    // Both instances took part, and every row names the instance that sent it.
    const instances = new Set([a.server.instanceId, b.server.instanceId]);
    const rowsOfBatch = (await auditRows(a.sql)).filter((r) => r.request_key.startsWith("plus20-"));
    expect(rowsOfBatch.filter((r) => r.outcome === "rejected")).toHaveLength(16);
    for (const row of applied) expect(instances.has(row.instance_id ?? "")).toBe(true);
    // No advisory lock is left held.
    expect(await a.sql.query("select 1 from pg_locks where locktype = 'advisory'")).toEqual([]);
  }, 60_000);

  it("restarting B while A has edits in flight leaves A's edits alone: all applied, none 'never confirmed'", async () => {
    const c = await cluster();
    let inFlight = 0;
    let entered!: () => void;
    const firstEntered = new Promise<void>((resolve) => (entered = resolve));
    // A's edits are not answered before B has restarted (however slow this machine is).
    let letAFinish!: () => void;
    const gate = new Promise<void>((resolve) => (letAFinish = resolve));
    const slowEdits: Wrap = (inner) => ({
      ...inner,
      async request(method, path, body) {
        if (path !== "/v2/contracts/edit") return inner.request(method, path, body);
        inFlight += 1;
        entered();
        try {
          // Half the delay before the edit lands, half after: a reconciler looking meanwhile sees
          // first no edit with the key, then one.
          await sleep(750);
          const response = await inner.request(method, path, body);
          await Promise.all([sleep(750), gate]);
          return response;
        } finally {
          inFlight -= 1;
        }
      },
    });
    const a = await c.start(slowEdits);
    let b = await c.start();
    const globex = await c.ids("globex");
    const acme = await c.ids("acme");
    const globexCookie = await demoSignIn(a.server, "globex-admin");
    const acmeCookie = await demoSignIn(a.server, "acme-admin");

    const edits = Promise.all([
      send(a, globexCookie, quantityEdit(globex, "slow-globex-1", [{ quantity_delta: 1, starting_at: FROZEN_NOW }])),
      send(a, globexCookie, quantityEdit(globex, "slow-globex-2", [{ quantity_delta: 2, starting_at: FROZEN_NOW }])),
      send(a, acmeCookie, seatsEdit(acme, "slow-acme-1", "add_unassigned_seats", 1)),
    ]);
    await firstEntered;
    await c.stop(b);
    const restartedAt = Date.now();
    b = await c.start();
    // The restarted B's start-up reconciliation ran, and so does one more run now, while A's
    // edits are still being sent: their rows are A's (a live lease), so they stay pending.
    await b.server.reconcile();
    expect(inFlight).toBeGreaterThan(0);
    const meanwhile = (await auditRows(b.sql)).filter((r) => r.request_key.startsWith("slow-"));
    expect(meanwhile.filter((r) => r.outcome === "pending").length).toBeGreaterThan(0);
    expect(meanwhile.every((r) => r.outcome !== "rejected")).toBe(true);
    expect(Date.now() - restartedAt).toBeLessThan(10_000);

    letAFinish();
    const answers = await edits;
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200]);
    await b.server.reconcile();
    await a.server.reconcile();
    const rows = (await auditRows(b.sql)).filter((r) => r.request_key.startsWith("slow-"));
    expect(rows.map((r) => [r.request_key, r.outcome, r.settled_by, r.instance_id]).sort()).toEqual(
      [
        ["slow-acme-1", "applied", "owner", a.server.instanceId],
        ["slow-globex-1", "applied", "owner", a.server.instanceId],
        ["slow-globex-2", "applied", "owner", a.server.instanceId],
      ],
    );
    expect(rows.some((r) => r.error?.message === NOT_APPLIED_AFTER_RESTART)).toBe(false);
    await expectLedger(c, b.sql, [globex, acme], answers);
  }, 60_000);

  it("what an instance that stopped (or whose lease ran out) left pending is settled by the next start", async () => {
    const c = await cluster();
    const globex = await c.ids("globex");
    // C sends an edit, Metronome applies it, and the answer is lost: the row stays pending.
    let loseAnswers = true;
    const c1 = await c.start((inner) => ({
      ...inner,
      async request(method, path, body) {
        const response = await inner.request(method, path, body);
        if (path === "/v2/contracts/edit" && loseAnswers) throw new HttpError(502, "The simulator dropped the connection; try again", "upstream_unreachable");
        return response;
      },
    }));
    const cookie = await demoSignIn(c1.server, "globex-admin");
    const lost = await send(c1, cookie, quantityEdit(globex, "answer-lost", [{ quantity_delta: 3, starting_at: FROZEN_NOW }]));
    expect(lost).toMatchObject({ status: 502, body: { code: "outcome_unknown" } });
    loseAnswers = false;
    expect((await auditRows(c1.sql)).map((r) => [r.request_key, r.outcome])).toEqual([["answer-lost", "pending"]]);

    // Rows begun by instances that are gone: one stopped, one whose lease lapsed 60 s ago; one of
    // a live instance, which is left alone.
    await c1.sql.query("insert into server_instances (id, started_at, heartbeat_at, stopped_at) values ('stopped-instance', now(), now(), now())");
    await c1.sql.query("insert into server_instances (id, started_at, heartbeat_at) values ('lapsed-instance', now() - interval '2 minutes', now() - interval '60 seconds')");
    await c1.sql.query("insert into server_instances (id, started_at, heartbeat_at) values ('live-instance', now(), now())");
    const audit = createAuditStore(c1.sql, () => new Date(FROZEN_NOW));
    const entry = {
      actor: { id: "u", name: "U", email: "u@x.example" }, role: "customer_admin" as const, customer_id: globex.customerId, contract_id: globex.contractId,
      subscription_ids: [globex.subscriptionId], preview: null, claimed_preview: null, seats_before: { [globex.subscriptionId]: 253 },
    };
    const begun = async (key: string, instanceId: string) =>
      audit.begin({ ...entry, request: quantityEdit(globex, key, [{ quantity_delta: 1, starting_at: FROZEN_NOW }]) }, { uniqueness_key: key, instance_id: instanceId });
    await begun("stopped-never-sent", "stopped-instance");
    await begun("lapsed-sent", "lapsed-instance");
    await begun("live-in-flight", "live-instance");
    // The lapsed instance's edit did reach Metronome.
    expect((await c.simulatorJson("POST", "/v2/contracts/edit", quantityEdit(globex, "lapsed-sent", [{ quantity_delta: 1, starting_at: FROZEN_NOW }]))).status).toBe(200);

    await c.stop(c1);
    const next = await c.start();
    const history = new Map((await editHistory(c, globex)).map((e) => [e.uniqueness_key, e.id]));
    const rows = await auditRows(next.sql);
    expect(rows.map((r) => ({ key: r.request_key, outcome: r.outcome, edit_id: r.edit_id, settled_by: r.settled_by, error: r.error }))).toEqual([
      { key: "answer-lost", outcome: "applied", edit_id: history.get("answer-lost"), settled_by: "reconcile", error: null },
      { key: "stopped-never-sent", outcome: "rejected", edit_id: null, settled_by: "reconcile", error: { status: 503, message: NOT_APPLIED_AFTER_RESTART } },
      { key: "lapsed-sent", outcome: "applied", edit_id: history.get("lapsed-sent"), settled_by: "reconcile", error: null },
      { key: "live-in-flight", outcome: "pending", edit_id: null, settled_by: null, error: null },
    ]);
    expect(history.get("answer-lost")).toEqual(expect.any(String));
    // A retry of the lost answer is told it was applied, and nothing is sent twice.
    const retry = await send(next, await demoSignIn(next.server, "globex-admin"), quantityEdit(globex, "answer-lost", [{ quantity_delta: 3, starting_at: FROZEN_NOW }]));
    expect(retry).toMatchObject({ status: 409, body: { code: "already_applied", edit_id: history.get("answer-lost") } });
    expect((await editHistory(c, globex)).filter((e) => e.uniqueness_key === "answer-lost")).toHaveLength(1);
  }, 60_000);

  it("the database failing after Metronome applied an edit: the person is told it was applied, and the row is settled from the edit history", async () => {
    const c = await cluster();
    let outage: Promise<void> | null = null;
    let sqlOfA: Sql | null = null;
    const a = await c.start((inner) => ({
      ...inner,
      async request(method, path, body) {
        const response = await inner.request(method, path, body);
        if (path === "/v2/contracts/edit" && response.ok && outage === null && sqlOfA) {
          // The edit is applied; before the answer is back, the database goes away.
          outage = pgServer.outage(1500);
          const sql = sqlOfA;
          await eventually(() => sql.ping(300), (up) => !up, 5_000);
        }
        return response;
      },
    }));
    sqlOfA = a.sql;
    const globex = await c.ids("globex");
    const cookie = await demoSignIn(a.server, "globex-admin");
    const answer = await send(a, cookie, quantityEdit(globex, "db-down-after-send", [{ quantity_delta: 4, starting_at: FROZEN_NOW }]));
    const landed = (await editHistory(c, globex)).filter((e) => e.uniqueness_key === "db-down-after-send");
    expect(landed).toHaveLength(1);
    // Not "nothing was changed": Metronome applied it.
    expect(answer).toMatchObject({ status: 200, body: { data: { id: landed[0]?.id } } });

    expect(outage).not.toBeNull();
    await outage;
    await eventually(() => call(a.server, "GET", "/api/health"), (r) => r.status === 200);
    expect((await auditRows(a.sql)).map((r) => [r.request_key, r.outcome])).toEqual([["db-down-after-send", "pending"]]);
    await a.server.reconcile();
    expect((await auditRows(a.sql)).map((r) => [r.request_key, r.outcome, r.edit_id, r.settled_by])).toEqual([["db-down-after-send", "applied", landed[0]?.id, "reconcile"]]);
    // A retry is answered from the row, and nothing is sent twice.
    const retry = await send(a, cookie, quantityEdit(globex, "db-down-after-send", [{ quantity_delta: 4, starting_at: FROZEN_NOW }]));
    expect(retry).toMatchObject({ status: 409, body: { code: "already_applied", edit_id: landed[0]?.id } });
    expect((await editHistory(c, globex)).filter((e) => e.uniqueness_key === "db-down-after-send")).toHaveLength(1);
  }, 60_000);

  it("database faults while serving: terminated backends and a 1.5 s outage give 503s, then both instances serve again; the audit log stays whole", async () => {
    const c = await cluster();
    const a = await c.start();
    const b = await c.start();
    const instances = [a, b];
    const globex = await c.ids("globex");
    const acme = await c.ids("acme");
    const globexCookie = await demoSignIn(a.server, "globex-admin");
    const acmeCookie = await demoSignIn(b.server, "acme-admin");
    const answers: Answer[] = [];
    const reads: Array<{ status: number; code?: string }> = [];
    let rounds = 0;
    /** Unassigned seats added to Acme so far by applied edits (a 503 "nothing was changed" added none). */
    let acmeAdded = 0;

    /**
     * One round: a ±1 Globex edit on each instance (both on one contract, so the instances contend
     * for its lock), a ±1 unassigned-seat Acme edit on one of them (never below its assigned seats
     * or above 60), and an audit read on each.
     */
    async function round(): Promise<void> {
      const r = rounds++;
      const up = r % 2 === 0;
      const acmeAdd = acmeAdded <= 0;
      const acmeOn = instances[r % 2] ?? a;
      await Promise.all([
        ...instances.map((instance, i) =>
          send(instance, globexCookie, quantityEdit(globex, `fault-g${r}-${i}`, [{ quantity_delta: up ? 1 : -1, starting_at: FROZEN_NOW }])).then((x) => void answers.push(x)),
        ),
        send(acmeOn, acmeCookie, seatsEdit(acme, `fault-a${r}`, acmeAdd ? "add_unassigned_seats" : "remove_unassigned_seats", 1)).then((x) => {
          answers.push(x);
          if (x.status === 200) acmeAdded += acmeAdd ? 1 : -1;
        }),
        ...instances.map((instance) =>
          call(instance.server, "GET", `/api/audit?customer_id=${globex.customerId}`, { cookie: globexCookie })
            .then(async (response) => void reads.push({ status: response.status, code: ((await response.json()) as { code?: string }).code })),
        ),
      ]);
    }

    // Traffic on both instances while every backend of this database is terminated, three times.
    let trafficDone = false;
    const traffic = (async () => {
      while (!trafficDone) await round();
    })();
    for (let i = 0; i < 3; i++) {
      await sleep(300);
      await pgServer.terminateBackends(c.database);
    }
    await sleep(300);
    trafficDone = true;
    await traffic;

    const allowed = (status: number, code: string | undefined) => status === 200 || (status === 503 && code === "database_unavailable");
    for (const answer of answers) expect(allowed(answer.status, answer.body.code), JSON.stringify(answer)).toBe(true);
    for (const read of reads) expect(allowed(read.status, read.code), JSON.stringify(read)).toBe(true);
    expect(answers.length).toBeGreaterThan(6);
    const unavailable = [...answers.map((x) => x.body.code), ...reads.map((x) => x.code)].filter((code) => code === "database_unavailable").length;
    console.log(`[write-path] terminated backends 3 times during ${rounds} rounds: ${answers.length} edits, ${reads.length} reads, ${unavailable} answered 503 database_unavailable`);

    // Both instances serve again by themselves.
    for (const instance of instances) {
      const health = await eventually(() => call(instance.server, "GET", "/api/health"), (r) => r.status === 200);
      expect(await health.json()).toMatchObject({ ok: true, database: "up" });
    }
    await round();
    expect(answers.slice(-3).map((x) => x.status)).toEqual([200, 200, 200]);

    // A 1.5 s outage: health says the database is down, writes get 503 and change nothing.
    const outage = pgServer.outage(1500);
    const downOnA = await eventually(() => call(a.server, "GET", "/api/health"), (r) => r.status === 503, 5_000);
    const duringOutage = await send(a, globexCookie, quantityEdit(globex, "fault-during-outage", [{ quantity_delta: 1, starting_at: FROZEN_NOW }]));
    answers.push(duringOutage);
    const downOnB = await eventually(() => call(b.server, "GET", "/api/health"), (r) => r.status === 503, 5_000);
    for (const down of [downOnA, downOnB]) expect(await down.json()).toMatchObject({ ok: false, database: "down" });
    expect(duringOutage).toMatchObject({ status: 503, body: { code: "database_unavailable", message: expect.stringContaining("nothing was changed") as unknown } });
    await outage;
    for (const instance of instances) {
      const up = await eventually(() => call(instance.server, "GET", "/api/health"), (r) => r.status === 200);
      expect(await up.json()).toMatchObject({ ok: true, database: "up" });
    }
    await round();
    expect(answers.slice(-3).map((x) => x.status)).toEqual([200, 200, 200]);

    // Whatever a fault left pending is settled by reconciliation; then the ledger balances.
    await a.server.reconcile();
    await b.server.reconcile();
    await expectLedger(c, a.sql, [globex, acme], answers);
    const rows = await auditRows(a.sql);
    expect(rows.every((r) => r.outcome === "applied" || r.outcome === "rejected")).toBe(true);
    expect(await a.sql.query("select 1 from pg_locks where locktype = 'advisory'")).toEqual([]);
  }, 60_000);
});
