import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { HttpError } from "./errors";

export interface LockHandle {
  /** Resolves while the lock is still held; rejects with HttpError(503, …, "database_unavailable") when its connection was lost (PostgreSQL then released the lock). */
  assertHeld(): Promise<void>;
}

/** The small SQL surface the server uses, the same for embedded PGlite and PostgreSQL. */
export interface Sql {
  query<T extends object>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs statements (no parameters) in one transaction. */
  transaction(statements: string): Promise<void>;
  /**
   * Runs fn while holding an exclusive lock named `key`, across every server on this database:
   * PostgreSQL session advisory lock (pg_advisory_lock(hashtextextended(key, 0))) on a connection taken
   * from a separate small lock pool (so waiting for locks can never starve the main pool that fn itself uses),
   * after an in-process keyed FIFO mutex (so waiters inside one process queue in memory and hold no
   * connection). PGlite: the in-process mutex alone. Waits at most options.waitMs (default 60_000) in all
   * (mutex + advisory lock; use lock_timeout on the lock connection), then throws
   * HttpError(503, "Another change to the same subscription is still in progress; try again in a moment", "busy").
   * Always unlocks (pg_advisory_unlock) and releases, even when fn throws; a lock connection that errored is destroyed (release(err)), not returned to the pool.
   */
  withLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>, options?: { waitMs?: number }): Promise<T>;
  /** true when the database answers `select 1` within timeoutMs (default 2000); never throws. */
  ping(timeoutMs?: number): Promise<boolean>;
  /**
   * Whether one process owns this database (embedded PGlite): then every other server instance
   * recorded in it is gone, and what it left pending can be settled at once.
   */
  readonly exclusive: boolean;
  /**
   * PostgreSQL only (absent on PGlite, which one process owns): LISTEN on `channel` on a dedicated
   * connection, outside the pools. When that connection drops (a database restart, a terminated
   * backend, a silent socket found by a heartbeat) `lost()` is called and it reconnects with
   * backoff; `restored()` is called once it listens again (notifications sent meanwhile are gone).
   */
  listen?(channel: string, handlers: ListenHandlers): Promise<Listener>;
  close(): Promise<void>;
}

export interface ListenHandlers {
  message(payload: string): void;
  lost(): void;
  restored(): void;
}

export interface Listener {
  close(): Promise<void>;
}

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable right now; nothing was changed. Try again shortly.";
export const LOCK_BUSY_MESSAGE = "Another change to the same subscription is still in progress; try again in a moment";
const DEFAULT_LOCK_WAIT_MS = 60_000;
const DEFAULT_PING_MS = 2000;

export function databaseUnavailable(): HttpError {
  return new HttpError(503, DATABASE_UNAVAILABLE_MESSAGE, "database_unavailable");
}

function lockBusy(): HttpError {
  return new HttpError(503, LOCK_BUSY_MESSAGE, "busy");
}

// ── Connection-class failures ────────────────────────────────────────────────────────────────

/** SQLSTATEs meaning the session is gone or cannot be had (class 08, admin/crash shutdown, cannot connect now, too many connections). */
const CONNECTION_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const CONNECTION_NODE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND",
  "ECONNABORTED", "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN", "EAI_AGAIN",
]);
const CONNECTION_MESSAGES = [
  "connection terminated", // "Connection terminated", "… unexpectedly", "… due to connection timeout"
  "timeout exceeded when trying to connect",
  "client has encountered a connection error",
  "query read timeout", // the client gave up on the socket (query_timeout); the connection is discarded
];

/** True for errors that mean the database connection failed (not for SQL errors on a working connection). */
export function isConnectionError(error: unknown): boolean {
  return isConnectionErrorAt(error, 0);
}

function isConnectionErrorAt(error: unknown, depth: number): boolean {
  if (depth > 4 || typeof error !== "object" || error === null) return false;
  if (error instanceof HttpError) return error.code === "database_unavailable";
  const { code, message, errors, cause } = error as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === "string") {
    if (code.startsWith("08") && code.length === 5) return true;
    if (CONNECTION_SQLSTATES.has(code) || CONNECTION_NODE_CODES.has(code)) return true;
  }
  if (typeof message === "string") {
    const lower = message.toLowerCase();
    if (CONNECTION_MESSAGES.some((m) => lower.includes(m))) return true;
  }
  // Node's happy-eyeballs connect reports one AggregateError for all addresses tried.
  if (Array.isArray(errors) && errors.some((e) => isConnectionErrorAt(e, depth + 1))) return true;
  return cause !== undefined && isConnectionErrorAt(cause, depth + 1);
}

function toDbError(error: unknown): unknown {
  if (error instanceof HttpError) return error;
  return isConnectionError(error) ? databaseUnavailable() : error;
}

// ── In-process FIFO semaphore and keyed mutex ────────────────────────────────────────────────

interface Waiter {
  grant: () => void;
  timer: ReturnType<typeof setTimeout>;
}

/** A FIFO counting semaphore whose waiters give up at a deadline (then `onTimeout()` is thrown). */
class Semaphore {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(private readonly capacity: number) {}

  get idle(): boolean {
    return this.active === 0 && this.waiters.length === 0;
  }

  acquire(deadline: number, onTimeout: () => Error): Promise<() => void> {
    if (this.active < this.capacity && this.waiters.length === 0) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve(this.releaser());
        },
        timer: setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(onTimeout());
        }, Math.max(0, deadline - Date.now())),
      };
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant(); // the slot passes straight to the next waiter
      else this.active--;
    };
  }
}

/** One FIFO mutex per key; a key's entry lives only while someone holds or waits for it. */
class KeyedMutex {
  private readonly locks = new Map<string, Semaphore>();

  async acquire(key: string, deadline: number, onTimeout: () => Error): Promise<() => void> {
    let lock = this.locks.get(key);
    if (!lock) {
      lock = new Semaphore(1);
      this.locks.set(key, lock);
    }
    const entry = lock;
    const forget = () => {
      if (entry.idle && this.locks.get(key) === entry) this.locks.delete(key);
    };
    try {
      const release = await entry.acquire(deadline, onTimeout);
      return () => {
        release();
        forget();
      };
    } catch (error) {
      forget();
      throw error;
    }
  }
}

const heldHandle: LockHandle = { assertHeld: () => Promise.resolve() };

// ── PGlite ───────────────────────────────────────────────────────────────────────────────────

export async function openPglite(dataDir: string | null): Promise<Sql> {
  const db = dataDir === null ? await PGlite.create() : await PGlite.create(path.join(dataDir, "db"));
  const mutex = new KeyedMutex();
  return {
    exclusive: true,
    async query<T extends object>(text: string, params: unknown[] = []) {
      return (await db.query<T>(text, params)).rows;
    },
    async transaction(statements) {
      await db.transaction(async (tx) => {
        await tx.exec(statements);
      });
    },
    async withLock(key, fn, options) {
      const deadline = Date.now() + (options?.waitMs ?? DEFAULT_LOCK_WAIT_MS);
      const release = await mutex.acquire(key, deadline, lockBusy);
      try {
        return await fn(heldHandle);
      } finally {
        release();
      }
    },
    async ping(timeoutMs = DEFAULT_PING_MS) {
      return withTimeout(db.query("select 1").then(() => true), timeoutMs);
    },
    async close() {
      await db.close();
    },
  };
}

// ── PostgreSQL ───────────────────────────────────────────────────────────────────────────────

export interface PostgresOptions {
  /** Main pool size (default 10). */
  max?: number;
  /** Lock pool size: at most this many keys locked at once per process (default 4). */
  lockMax?: number;
  /** Waiting for a connection (default 5000 ms). */
  connectionTimeoutMillis?: number;
  /** Server-side statement_timeout on the main pool (default 15000 ms). */
  statementTimeoutMs?: number;
  /** Client-side give-up on a silent socket, main pool (default statementTimeoutMs + 5000 ms). */
  queryTimeoutMs?: number;
  /** One structured line per event; default: JSON on stderr. */
  log?: (entry: Record<string, unknown>) => void;
}

function logToStderr(entry: Record<string, unknown>): void {
  try {
    process.stderr.write(`${JSON.stringify(entry)}\n`);
  } catch {
    // logging must never throw
  }
}

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : null;
}

/** A query with a client-side read timeout (pg supports `query_timeout` per query; @types/pg omits it). */
function timed(text: string, values: unknown[], queryTimeoutMs: number | undefined): pg.QueryConfig {
  const config: pg.QueryConfig & { query_timeout?: number } = { text, values };
  if (queryTimeoutMs) config.query_timeout = queryTimeoutMs;
  return config;
}

/** Resolves to the promise's value, or false after timeoutMs; never rejects. */
function withTimeout(promise: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([promise.catch(() => false), timeout]).finally(() => clearTimeout(timer));
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Sql> {
  const log = options.log ?? logToStderr;
  const connectionTimeoutMillis = options.connectionTimeoutMillis ?? 5000;
  const statementTimeoutMs = options.statementTimeoutMs ?? 15_000;
  const queryTimeoutMs = options.queryTimeoutMs ?? statementTimeoutMs + 5000;
  const lockMax = options.lockMax ?? 4;

  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis,
    statement_timeout: statementTimeoutMs,
    query_timeout: queryTimeoutMs,
    idle_in_transaction_session_timeout: 60_000,
    keepAlive: true,
  });
  // Session advisory locks wait on these; no statement_timeout here: lock_timeout bounds each wait.
  const lockPool = new pg.Pool({
    connectionString: url,
    max: lockMax,
    connectionTimeoutMillis,
    keepAlive: true,
  });

  // The error code only: never query text, parameters or the connection string.
  const lost = (poolName: "main" | "lock", error: unknown) => {
    try {
      log({ level: "warn", msg: "database connection lost", code: errorCode(error), pool: poolName });
    } catch {
      // an error listener must never throw
    }
  };
  // Idle clients that die (terminated backend, restart) are reported here; pg drops them and reconnects on demand.
  pool.on("error", (error) => lost("main", error));
  lockPool.on("error", (error) => lost("lock", error));

  try {
    await pool.query("select 1");
  } catch (error) {
    await Promise.allSettled([pool.end(), lockPool.end()]);
    throw error;
  }

  /** Checks out a main-pool client with an error listener; `done()` releases it (destroyed if it broke). */
  async function checkout(): Promise<{ client: pg.PoolClient; broken: () => Error | undefined; markBroken: (e: Error) => void; done: () => void }> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw toDbError(error);
    }
    let brokenBy: Error | undefined;
    const onError = (error: Error) => {
      if (brokenBy === undefined) lost("main", error);
      brokenBy ??= error;
    };
    client.on("error", onError);
    return {
      client,
      broken: () => brokenBy,
      markBroken: (error) => {
        brokenBy ??= error;
      },
      done: () => {
        client.removeListener("error", onError);
        client.release(brokenBy);
      },
    };
  }

  async function runQuery<T extends object>(text: string, params: unknown[], queryTimeout?: number): Promise<T[]> {
    const c = await checkout();
    try {
      const result = await c.client.query(timed(text, params, queryTimeout));
      return result.rows as T[];
    } catch (error) {
      // Only a broken connection is discarded; a plain SQL error leaves the session usable.
      if (isConnectionError(error)) c.markBroken(error as Error);
      throw toDbError(error);
    } finally {
      c.done();
    }
  }

  const mutex = new KeyedMutex();
  const lockSlots = new Semaphore(lockMax);

  async function withLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>, lockOptions?: { waitMs?: number }): Promise<T> {
    const deadline = Date.now() + (lockOptions?.waitMs ?? DEFAULT_LOCK_WAIT_MS);
    const releaseMutex = await mutex.acquire(key, deadline, lockBusy);
    try {
      // A slot of the lock pool is ours before we ask the pool, so pool.connect never queues behind other keys.
      const releaseSlot = await lockSlots.acquire(deadline, lockBusy);
      try {
        return await withAdvisoryLock(key, fn, deadline);
      } finally {
        releaseSlot();
      }
    } finally {
      releaseMutex();
    }
  }

  async function withAdvisoryLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>, deadline: number): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await lockPool.connect();
    } catch (error) {
      throw toDbError(error);
    }
    let brokenBy: Error | undefined;
    const onError = (error: Error) => {
      if (brokenBy === undefined) lost("lock", error);
      brokenBy ??= error;
    };
    client.on("error", onError);
    const markBroken = (error: unknown) => {
      if (isConnectionError(error)) brokenBy ??= error as Error;
    };
    let locked = false;
    let finished = false;
    try {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw lockBusy();
      try {
        await client.query(timed("select set_config('lock_timeout', $1, false)", [`${remaining}ms`], connectionTimeoutMillis));
        await client.query(timed("select pg_advisory_lock(hashtextextended($1, 0))", [key], remaining + connectionTimeoutMillis));
        locked = true;
      } catch (error) {
        markBroken(error);
        const code = errorCode(error);
        // 55P03: lock_timeout; 57014: a statement_timeout configured on the server cut the wait short.
        if (code === "55P03" || code === "57014") throw lockBusy();
        throw toDbError(error);
      }
      const handle: LockHandle = {
        assertHeld: async () => {
          if (finished) throw new Error(`withLock(${JSON.stringify(key)}) has already returned; its lock is no longer held`);
          if (brokenBy !== undefined) throw databaseUnavailable();
          try {
            // The session is alive, so its advisory lock is still ours.
            await client.query(timed("select 1", [], connectionTimeoutMillis));
          } catch (error) {
            brokenBy ??= error as Error;
            throw databaseUnavailable();
          }
          if (brokenBy !== undefined) throw databaseUnavailable();
        },
      };
      return await fn(handle);
    } finally {
      finished = true;
      if (locked && brokenBy === undefined) {
        try {
          await client.query(timed("select pg_advisory_unlock(hashtextextended($1, 0))", [key], connectionTimeoutMillis));
        } catch (error) {
          // Destroying the session releases the lock in PostgreSQL.
          brokenBy ??= error as Error;
        }
      }
      client.removeListener("error", onError);
      client.release(brokenBy);
    }
  }

  return {
    exclusive: false,
    query<T extends object>(text: string, params: unknown[] = []) {
      return runQuery<T>(text, params);
    },
    async transaction(statements) {
      const c = await checkout();
      try {
        await c.client.query("begin");
        await c.client.query(statements);
        await c.client.query("commit");
      } catch (error) {
        if (isConnectionError(error)) c.markBroken(error as Error);
        if (c.broken() === undefined) {
          try {
            await c.client.query("rollback");
          } catch (rollbackError) {
            // The original error is the one worth reporting; this session is not reused.
            c.markBroken(rollbackError as Error);
          }
        }
        throw toDbError(error);
      } finally {
        c.done();
      }
    },
    withLock,
    async ping(timeoutMs = DEFAULT_PING_MS) {
      return withTimeout(runQuery("select 1", [], timeoutMs).then(() => true), timeoutMs);
    },
    listen: (channel, handlers) => listenOn(url, channel, handlers, connectionTimeoutMillis, log),
    async close() {
      await Promise.all([pool.end(), lockPool.end()]);
    },
  };
}

const LISTEN_HEARTBEAT_MS = 15_000;
const LISTEN_RETRY_MIN_MS = 250;
const LISTEN_RETRY_MAX_MS = 5_000;

/** LISTEN on a connection of its own that comes back after the database does (see Sql.listen). */
async function listenOn(url: string, channel: string, handlers: ListenHandlers, connectionTimeoutMillis: number, log: (entry: Record<string, unknown>) => void): Promise<Listener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`unsafe channel name: ${channel}`);
  let client: pg.Client | null = null;
  let closed = false;
  let delay = LISTEN_RETRY_MIN_MS;
  let retry: ReturnType<typeof setTimeout> | undefined;

  function dropped(which: pg.Client, error: unknown): void {
    if (client !== which) return;
    client = null;
    which.end().catch(() => undefined);
    if (closed) return;
    log({ level: "warn", msg: "database connection lost", code: errorCode(error), pool: "listen" });
    handlers.lost();
    schedule();
  }

  function schedule(): void {
    retry = setTimeout(() => void attempt(), delay);
    retry.unref();
    delay = Math.min(delay * 2, LISTEN_RETRY_MAX_MS);
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis, keepAlive: true });
    next.on("error", (error) => dropped(next, error));
    next.on("end", () => dropped(next, undefined));
    next.on("notification", (note) => {
      if (note.channel === channel && note.payload !== undefined) handlers.message(note.payload);
    });
    try {
      await next.connect();
      await next.query(timed(`listen ${channel}`, [], connectionTimeoutMillis));
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
  }

  async function attempt(): Promise<void> {
    if (closed) return;
    try {
      await connect();
      delay = LISTEN_RETRY_MIN_MS;
      if (!closed) handlers.restored();
    } catch {
      schedule();
    }
  }

  // A socket that went silent raises no error by itself: a small query finds it.
  const heartbeat = setInterval(() => {
    const current = client;
    current?.query(timed("select 1", [], connectionTimeoutMillis)).catch((error: unknown) => dropped(current, error));
  }, LISTEN_HEARTBEAT_MS);
  heartbeat.unref();

  try {
    await connect();
  } catch (error) {
    log({ level: "warn", msg: "database connection lost", code: errorCode(error), pool: "listen" });
    handlers.lost();
    schedule();
  }
  return {
    async close() {
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}

export async function openDatabase(databaseUrl: string | null, dataDir: string | null): Promise<Sql> {
  return databaseUrl ? openPostgres(databaseUrl) : openPglite(dataDir);
}
