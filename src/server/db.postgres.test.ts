// openPostgres against a real PostgreSQL cluster started for this file (src/server/test-postgres.ts):
// cross-instance locks, terminated backends, restart and outage. In CI a missing PostgreSQL fails.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { isConnectionError, openPostgres, type PostgresOptions, type Sql } from "./db";
import { HttpError } from "./errors";
import { postgresAvailable, startTestPostgres, type TestPostgres } from "./test-postgres";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("isConnectionError", () => {
  const coded = (code: string, message = "x") => Object.assign(new Error(message), { code });
  it.each<[string, unknown, boolean]>([
    ["admin shutdown 57P01", coded("57P01", "terminating connection due to administrator command"), true],
    ["crash shutdown 57P02", coded("57P02"), true],
    ["cannot connect now 57P03", coded("57P03", "the database system is shutting down"), true],
    ["too many connections 53300", coded("53300"), true],
    ["class 08 connection_failure", coded("08006"), true],
    ["class 08 connection_does_not_exist", coded("08003"), true],
    ["ECONNREFUSED", coded("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"), true],
    ["ECONNRESET", coded("ECONNRESET", "read ECONNRESET"), true],
    ["EPIPE", coded("EPIPE"), true],
    ["ETIMEDOUT", coded("ETIMEDOUT"), true],
    ["ENOTFOUND", coded("ENOTFOUND", "getaddrinfo ENOTFOUND db"), true],
    ["AggregateError of ECONNREFUSED", new AggregateError([coded("ECONNREFUSED"), coded("ECONNREFUSED")], ""), true],
    ["Connection terminated unexpectedly", new Error("Connection terminated unexpectedly"), true],
    ["Connection terminated", new Error("Connection terminated"), true],
    ["Connection terminated due to connection timeout", new Error("Connection terminated due to connection timeout"), true],
    ["pool connect timeout", new Error("timeout exceeded when trying to connect"), true],
    ["not queryable", new Error("Client has encountered a connection error and is not queryable"), true],
    ["query read timeout", new Error("Query read timeout"), true],
    ["wrapped in cause", new Error("outer", { cause: coded("ECONNRESET") }), true],
    ["HttpError database_unavailable", new HttpError(503, "down", "database_unavailable"), true],
    ["unique violation 23505", coded("23505", "duplicate key value violates unique constraint"), false],
    ["undefined table 42P01", coded("42P01", 'relation "x" does not exist'), false],
    ["syntax error 42601", coded("42601"), false],
    ["lock timeout 55P03", coded("55P03", "canceling statement due to lock timeout"), false],
    ["statement timeout 57014", coded("57014", "canceling statement due to statement timeout"), false],
    ["serialization failure 40001", coded("40001"), false],
    ["HttpError busy", new HttpError(503, "busy", "busy"), false],
    ["plain Error", new Error("boom"), false],
    ["string", "Connection terminated", false],
    ["null", null, false],
    ["undefined", undefined, false],
  ])("%s → %s", (_name, error, expected) => {
    expect(isConnectionError(error)).toBe(expected);
  });
});

const available = postgresAvailable();
const mustRun = available || Boolean(process.env.CI);
if (!mustRun) {
  console.warn("db.postgres.test.ts: PostgreSQL server binaries not found (initdb, pg_ctl); skipping the real-PostgreSQL tests. Install `postgresql` to run them.");
}

describe.skipIf(!mustRun)("openPostgres against a real PostgreSQL", () => {
  let server: TestPostgres;
  const logs: Record<string, unknown>[] = [];
  const opened: Sql[] = [];
  const uncaught = vi.fn();

  async function open(url: string, options: PostgresOptions = {}): Promise<Sql> {
    const sql = await openPostgres(url, { log: (entry) => logs.push(entry), ...options });
    opened.push(sql);
    return sql;
  }

  /** Retries fn while it fails with 503 database_unavailable, for at most ms. */
  async function eventually<T>(fn: () => Promise<T>, ms = 10_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      try {
        return await fn();
      } catch (error) {
        if (!(error instanceof HttpError && error.code === "database_unavailable") || Date.now() > until) throw error;
        await sleep(100);
      }
    }
  }

  async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error("condition not met in time");
      await sleep(25);
    }
  }

  beforeAll(async () => {
    process.on("uncaughtException", uncaught);
    server = await startTestPostgres();
  }, 60_000);

  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((sql) => sql.close()));
  });

  afterAll(async () => {
    process.off("uncaughtException", uncaught);
    await server?.stop();
    expect(uncaught).not.toHaveBeenCalled();
    // Structured, one per lost connection: never query text or parameters.
    for (const entry of logs) {
      expect(Object.keys(entry).sort()).toEqual(["code", "level", "msg", "pool"]);
      expect(entry).toMatchObject({ level: "warn", msg: "database connection lost" });
    }
  });

  describe("withLock", () => {
    it("excludes across two server instances on one database; different keys run in parallel", async () => {
      const url = await server.createDatabase();
      const a = await open(url);
      const b = await open(url);
      await a.query("create table counter (id text primary key, n int not null)");
      await a.query("insert into counter values ('sub-1', 0)");

      let inside = 0;
      let maxInside = 0;
      const section = (sql: Sql) =>
        sql.withLock("sub-1", async (lock) => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          const [row] = await sql.query<{ n: number }>("select n from counter where id = 'sub-1'");
          const n = row?.n ?? Number.NaN;
          await sleep(5);
          await lock.assertHeld();
          await sql.query("update counter set n = $1 where id = 'sub-1'", [n + 1]);
          inside--;
        });
      await Promise.all(Array.from({ length: 20 }, (_, i) => section(i % 2 === 0 ? a : b)));
      expect(maxInside).toBe(1);
      expect(await a.query("select n from counter")).toEqual([{ n: 20 }]);

      // Four keys, two per instance, each holding its lock 150 ms: together well under 4 × 150 ms.
      let parallel = 0;
      let maxParallel = 0;
      const started = Date.now();
      await Promise.all(
        ["k1", "k2", "k3", "k4"].map((key, i) =>
          (i % 2 === 0 ? a : b).withLock(key, async () => {
            parallel++;
            maxParallel = Math.max(maxParallel, parallel);
            await sleep(150);
            parallel--;
          }),
        ),
      );
      expect(maxParallel).toBe(4);
      expect(Date.now() - started).toBeLessThan(580); // one after another would take ≥ 600 ms
      const locks = await a.query("select 1 from pg_locks where locktype = 'advisory'");
      expect(locks).toEqual([]);
    });

    it("waiters hold no connection: many waiters on one key never starve a one-connection main pool", async () => {
      const url = await server.createDatabase();
      const a = await open(url, { max: 1, lockMax: 1 });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => a.withLock("sub-1", async () => (await a.query<{ i: number }>("select $1::int as i", [i]))[0]?.i)),
      );
      expect(results).toEqual([0, 1, 2, 3, 4, 5]);
      // A different key waits for the single lock connection, not for the main pool.
      let release!: () => void;
      const holding = a.withLock("x", () => new Promise<void>((resolve) => (release = resolve)));
      await expect(a.withLock("y", async () => "y", { waitMs: 100 })).rejects.toMatchObject({ status: 503, code: "busy" });
      expect(await a.query("select 1 as one")).toEqual([{ one: 1 }]);
      release();
      await holding;
    });

    it("gives up after waitMs with 503 busy (lock_timeout on pg_advisory_lock); released after fn throws", async () => {
      const url = await server.createDatabase();
      const a = await open(url);
      const b = await open(url);
      let release!: () => void;
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const holding = a.withLock("sub-1", async () => {
        entered();
        await new Promise<void>((resolve) => (release = resolve));
        throw new Error("fn failed");
      });
      await inside;

      // Across instances: the advisory lock wait is cut by lock_timeout.
      let started = Date.now();
      const across = await b.withLock("sub-1", async () => "ran", { waitMs: 300 }).catch((error: unknown) => error);
      const acrossMs = Date.now() - started;
      expect(across).toBeInstanceOf(HttpError);
      expect(across).toMatchObject({
        status: 503,
        code: "busy",
        message: "Another change to the same subscription is still in progress; try again in a moment",
      });
      expect(acrossMs).toBeGreaterThanOrEqual(280);
      expect(acrossMs).toBeLessThan(1500);

      // Inside one instance: the in-process mutex times out.
      started = Date.now();
      await expect(a.withLock("sub-1", async () => "ran", { waitMs: 200 })).rejects.toMatchObject({ status: 503, code: "busy" });
      expect(Date.now() - started).toBeLessThan(1000);

      release();
      await expect(holding).rejects.toThrow("fn failed");
      expect(await b.query("select 1 from pg_locks where locktype = 'advisory'")).toEqual([]);
      await expect(b.withLock("sub-1", async () => "b got it", { waitMs: 1000 })).resolves.toBe("b got it");
      await expect(a.withLock("sub-1", async () => "a got it", { waitMs: 1000 })).resolves.toBe("a got it");
      // A handle kept past its critical section is refused, never run on a pooled connection.
      const kept = await a.withLock("sub-1", async (lock) => lock);
      await expect(kept.assertHeld()).rejects.toThrow("no longer held");
    });

    it("assertHeld rejects with 503 once the lock's backend is terminated; the lock is then free", async () => {
      const url = await server.createDatabase();
      const database = new URL(url).pathname.slice(1);
      const a = await open(url);
      const b = await open(url);
      const outcome = await a.withLock("sub-1", async (lock) => {
        await lock.assertHeld();
        await server.terminateBackends(database);
        const error = await lock.assertHeld().then(() => null, (e: unknown) => e);
        return error;
      });
      expect(outcome).toBeInstanceOf(HttpError);
      expect(outcome).toMatchObject({ status: 503, code: "database_unavailable" });
      // PostgreSQL released the session lock; another server gets it at once.
      await expect(eventually(() => b.withLock("sub-1", async () => "free", { waitMs: 1000 }))).resolves.toBe("free");
      await expect(eventually(() => a.withLock("sub-1", async () => "a again", { waitMs: 1000 }))).resolves.toBe("a again");
    });

    it("a backend terminated while waiting for the lock fails that wait with 503, not a crash", async () => {
      const url = await server.createDatabase();
      const database = new URL(url).pathname.slice(1);
      const a = await open(url);
      const b = await open(url);
      let release!: () => void;
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const holding = a.withLock("sub-1", async (lock) => {
        entered();
        await new Promise<void>((resolve) => (release = resolve));
        return lock.assertHeld().then(() => "held", () => "lost");
      });
      await inside;
      const waiting = b.withLock("sub-1", async () => "b ran", { waitMs: 5000 }).catch((error: unknown) => error);
      // Terminate only once b's backend is really queued on the advisory lock (a fixed sleep races on a loaded machine).
      await waitFor(async () => {
        const [row] = await a.query<{ n: string }>("select count(*)::text as n from pg_locks where locktype = 'advisory' and not granted");
        return row?.n !== "0";
      }, 5000);
      await server.terminateBackends(database);
      expect(await waiting).toMatchObject({ status: 503, code: "database_unavailable" });
      release();
      expect(await holding).toBe("lost");
      await expect(eventually(() => b.withLock("sub-1", async () => "b ran"))).resolves.toBe("b ran");
    });
  });

  describe("terminated backends", () => {
    it("survives pg_terminate_backend of every connection and reconnects by itself", async () => {
      const url = await server.createDatabase();
      const database = new URL(url).pathname.slice(1);
      const sql = await open(url);
      // Fill the pools with idle connections.
      await Promise.all(Array.from({ length: 5 }, () => sql.query("select pg_sleep(0.02)")));
      await sql.withLock("warm", async () => {});
      const before = logs.length;

      await server.terminateBackends(database);
      await sleep(100);
      expect(logs.length).toBeGreaterThan(before);
      expect(logs.slice(before).every((entry) => entry.code === "57P01")).toBe(true);

      expect(await eventually(() => sql.query("select 42 as answer"))).toEqual([{ answer: 42 }]);
      expect(await sql.ping()).toBe(true);
      await expect(sql.withLock("warm", async () => "ok")).resolves.toBe("ok");
    });

    it("a query or transaction in flight fails with 503 and nothing half-written", async () => {
      const url = await server.createDatabase();
      const database = new URL(url).pathname.slice(1);
      const sql = await open(url);
      await sql.query("create table t (n int)");

      const query = sql.query("select pg_sleep(5)").catch((error: unknown) => error);
      const transaction = sql
        .transaction("insert into t values (1); select pg_sleep(5); insert into t values (2);")
        .catch((error: unknown) => error);
      await sleep(150);
      const started = Date.now();
      await server.terminateBackends(database);
      for (const error of [await query, await transaction]) {
        expect(error).toBeInstanceOf(HttpError);
        expect(error).toMatchObject({
          status: 503,
          code: "database_unavailable",
          message: "The database is unavailable right now; nothing was changed. Try again shortly.",
        });
      }
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await eventually(() => sql.query("select count(*)::int as n from t"))).toEqual([{ n: 0 }]);
    });

    it("a failing statement rolls back and propagates the SQL error unchanged", async () => {
      const url = await server.createDatabase();
      const sql = await open(url);
      await sql.query("create table t (n int primary key)");
      const error = await sql.transaction("insert into t values (1); insert into t values (1);").catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ code: "23505" });
      await expect(sql.query("select * from nope")).rejects.toMatchObject({ code: "42P01" });
      expect(await sql.query("select count(*)::int as n from t")).toEqual([{ n: 0 }]);
    });
  });

  describe("restart and outage", () => {
    it("a restart: the next queries recover by themselves", async () => {
      const url = await server.createDatabase();
      const sql = await open(url);
      await Promise.all(Array.from({ length: 3 }, () => sql.query("select 1")));
      await server.restart();
      expect(await eventually(() => sql.query("select 'back' as s"))).toEqual([{ s: "back" }]);
      expect(await sql.ping()).toBe(true);
      await expect(eventually(() => sql.withLock("k", async () => "locked"))).resolves.toBe("locked");
    });

    it("a 1.5 s outage: ping false and fast 503s meanwhile, then everything recovers without reopening", async () => {
      const url = await server.createDatabase();
      const sql = await open(url);
      await sql.query("create table t (n int)");
      await sql.withLock("k", async () => {});

      const outage = server.outage(1500);
      await waitFor(async () => !(await sql.ping(500)), 3000);

      let started = Date.now();
      const failed = await sql.query("insert into t values (1)").catch((error: unknown) => error);
      expect(failed).toMatchObject({ status: 503, code: "database_unavailable" });
      expect(Date.now() - started).toBeLessThan(3000);

      started = Date.now();
      await expect(sql.transaction("insert into t values (2);")).rejects.toMatchObject({ status: 503, code: "database_unavailable" });
      await expect(sql.withLock("k", async () => "ran")).rejects.toMatchObject({ status: 503, code: "database_unavailable" });
      expect(await sql.ping(500)).toBe(false);
      expect(Date.now() - started).toBeLessThan(5000);

      await outage;
      await waitFor(() => sql.ping(500), 10_000);
      expect(await sql.query("select count(*)::int as n from t")).toEqual([{ n: 0 }]);
      await sql.transaction("insert into t values (3);");
      await expect(sql.withLock("k", async () => "ran")).resolves.toBe("ran");
      expect(await sql.query("select n from t")).toEqual([{ n: 3 }]);
    });
  });
});
