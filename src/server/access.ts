/**
 * The host product's access check (T3), answered from the SQL projection (access-store.ts) by the
 * one rule in src/domain/access.ts, through this instance's copy of it (access-cache.ts): every
 * write to a customer's projection drops the copies, here at once and on every other instance by
 * NOTIFY on PostgreSQL (ACCESS_CHANNEL), and a copy in use is compared with the database's version
 * every COPY_MAX_STALE_MS (a notification lost with its connection). A check makes no Metronome
 * call; Metronome is read when the customer is not in the projection yet (first check), after a
 * webhook about the customer, after the server's own writes for it, and in the background once its
 * projection is older than MAX_AGE_MS. Refreshes of one customer are coalesced in this process: a
 * request during a refresh queues one more, which starts after it, so the last refresh always reads
 * after the last request.
 */
import type { AccessDecision, CustomerAccess } from "../contract/bff";
import { decideAccess, GATING_ALERT_TYPES, type UnknownStatePolicy } from "../domain/access";
import { accessSnapshot } from "../domain/access-snapshot";
import { parseTime, toIso } from "../domain/time";
import { createAccessCache } from "./access-cache";
import { readAccess } from "./access-refresh";
import { createAccessStore, type AccessStore, type AlertStateEvent, type CustomerAccessRows } from "./access-store";
import type { Listener, Sql } from "./db";
import { HttpError } from "./errors";
import { isObject } from "./json";
import { log } from "./log";
import { upstreamNow, type MetronomeUpstream } from "./upstream";

/** A projection older than this (server clock) is refreshed in the background; the check still answers from it. */
const MAX_AGE_MS = 5 * 60 * 1000;
/** A check for a seat the projection does not know reads its customer again when the projection is older than this. */
const UNKNOWN_SEAT_RECHECK_MS = 60 * 1000;
/** How long a customer Metronome does not know is remembered, so unknown ids cost no upstream call each. */
const UNKNOWN_CUSTOMER_MS = 60 * 1000;
/** How often a copy in use is compared with the database's version (a lost notification is noticed within it). */
const COPY_MAX_STALE_MS = 1000;
/** How long a write's answer waits for its customer's refresh: a small customer's completes within it. */
const OWN_WRITE_WAIT_MS = 250;
/** PostgreSQL channel on which an instance names the customer whose projection it wrote. */
const ACCESS_CHANNEL = "access_projection";

export interface AccessService {
  /** The decision for a customer, or one of its seats; 404 `unknown_customer` when Metronome does not know the customer. */
  check(customerId: string, seatId: string | null): Promise<AccessDecision>;
  /** The customer's decision and every known seat's. */
  customerAccess(customerId: string): Promise<CustomerAccess>;
  /**
   * After one of the server's own writes for the customer: reads it from Metronome into the projection,
   * waiting at most OWN_WRITE_WAIT_MS (a large customer's refresh goes on in the background).
   */
  afterWrite(customerId: string): Promise<void>;
  /** Feeds a verified webhook into the projection: an alert's state directly; any other change (or a resolved alert) also refreshes its customer. */
  onWebhook(body: Record<string, unknown>, receivedAt: string): Promise<void>;
  /** Waits for the background refreshes and stops listening. */
  close(): Promise<void>;
}

export interface AccessDeps {
  sql: Sql;
  upstream: MetronomeUpstream;
  now: () => Date;
  unknownState: UnknownStatePolicy;
}

/** An alert webhook's state change: `alerts.<gating type>` enters alarm, its `_resolved` companion leaves it. */
function alertTransition(type: string): boolean | null {
  const match = /^alerts\.(.+)_(reached|resolved)$/.exec(type);
  if (!match || !GATING_ALERT_TYPES.includes(`${match[1]}_reached`)) return null;
  return match[2] === "reached";
}

/** The projection's alert state from a webhook's properties; null when it is not a gating alert's. */
function alertStateFrom(type: string, properties: Record<string, unknown>, receivedAt: string): AlertStateEvent | null {
  const inAlarm = alertTransition(type);
  const { customer_id, alert_id, credit_type_id, timestamp, seat_filter } = properties;
  if (inAlarm === null || typeof customer_id !== "string" || typeof alert_id !== "string") return null;
  const seat = isObject(seat_filter) ? (seat_filter.seat_group_value ?? seat_filter.value) : undefined;
  if (seat_filter !== undefined && (typeof seat !== "string" || seat === "")) return null;
  const at = typeof timestamp === "string" ? parseTime(timestamp) : null;
  return {
    customer_id,
    alert_id,
    scope: typeof seat === "string" ? seat : "",
    credit_type_id: typeof credit_type_id === "string" ? credit_type_id : null,
    in_alarm: inAlarm,
    event_at: at === null ? receivedAt : toIso(at),
  };
}

function refresher(deps: AccessDeps, store: AccessStore, written: (customerId: string) => Promise<void>) {
  const inFlight = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  const unknown = new Map<string, number>();

  async function run(customerId: string): Promise<void> {
    const ticket = await store.nextRefresh();
    const now = await upstreamNow(deps.upstream, deps.now);
    const reads = await readAccess(deps.upstream, customerId, now);
    if (reads === null) {
      unknown.set(customerId, deps.now().getTime());
      return;
    }
    unknown.delete(customerId);
    await store.saveSnapshot(customerId, ticket, accessSnapshot(reads), toIso(now), deps.now());
    await written(customerId);
  }

  function start(customerId: string): Promise<void> {
    const running: Promise<void> = run(customerId).finally(() => {
      if (inFlight.get(customerId) === running) inFlight.delete(customerId);
    });
    inFlight.set(customerId, running);
    return running;
  }

  return {
    refresh(customerId: string): Promise<void> {
      const waiting = queued.get(customerId);
      if (waiting) return waiting;
      const running = inFlight.get(customerId);
      if (!running) return start(customerId);
      const next = running.catch(() => undefined).then(() => {
        queued.delete(customerId);
        return start(customerId);
      });
      queued.set(customerId, next);
      return next;
    },
    /** Whether Metronome said lately that it does not know this customer. */
    knownUnknown(customerId: string): boolean {
      const at = unknown.get(customerId);
      return at !== undefined && deps.now().getTime() - at < UNKNOWN_CUSTOMER_MS;
    },
  };
}

const unknownCustomer = (customerId: string) => new HttpError(404, `No customer ${customerId} in Metronome`, "unknown_customer");

/** Drops every instance's copy of a customer's projection after a write (NOTIFY on PostgreSQL). */
function copies(sql: Sql, store: AccessStore) {
  const source = { load: (id: string) => store.readAll(id), version: (id: string) => store.version(id), versionOf: (rows: CustomerAccessRows) => rows.version };
  const cache = createAccessCache<CustomerAccessRows>(source, { now: () => Date.now(), maxStaleMs: COPY_MAX_STALE_MS });
  const listening: Promise<Listener | null> = sql.listen
    ? sql
        .listen(ACCESS_CHANNEL, { message: (customerId) => cache.invalidate(customerId), lost: () => cache.invalidate(null), restored: () => cache.invalidate(null) })
        .catch((error: unknown) => (log("warn", "access projection: not listening for other instances' writes", { error }), null))
    : Promise.resolve(null);
  return {
    cache,
    async written(customerId: string): Promise<void> {
      cache.invalidate(customerId);
      if (sql.listen) await sql.query("select pg_notify($1, $2)", [ACCESS_CHANNEL, customerId]);
    },
    close: async () => (await listening)?.close(),
  };
}

export function createAccessService(deps: AccessDeps): AccessService {
  const store = createAccessStore(deps.sql);
  const shared = copies(deps.sql, store);
  const refreshes = refresher(deps, store, shared.written);
  const background = new Set<Promise<void>>();

  function inBackground(customerId: string, why: string): Promise<void> {
    const done = refreshes
      .refresh(customerId)
      .catch((error: unknown) => log("warn", "access projection refresh failed", { why, error }))
      .finally(() => background.delete(done));
    background.add(done);
    return done;
  }

  /** The customer's projection, read from Metronome first when it holds none; null: the state is unknown. */
  async function rowsOf(customerId: string): Promise<CustomerAccessRows | null> {
    const rows = await shared.cache.get(customerId);
    if (rows) {
      if (deps.now().getTime() - rows.refreshedAt.getTime() > MAX_AGE_MS) void inBackground(customerId, "aged");
      return rows;
    }
    if (refreshes.knownUnknown(customerId)) throw unknownCustomer(customerId);
    try {
      await refreshes.refresh(customerId);
    } catch (error) {
      if (error instanceof HttpError && error.status !== 502) throw error;
      log("warn", "access state unknown: Metronome could not be read", { error });
      return null;
    }
    if (refreshes.knownUnknown(customerId)) throw unknownCustomer(customerId);
    return shared.cache.get(customerId);
  }

  const settled = async () => {
    while (background.size > 0) await Promise.all([...background]);
  };

  return {
    async check(customerId, seatId) {
      const rows = await rowsOf(customerId);
      if (!rows) return decideAccess(null, deps.unknownState);
      const seat = seatId === null ? undefined : (rows.seats.get(seatId) ?? null);
      // A seat added in Metronome itself (no webhook tells of it): read the customer again, at most once a minute.
      if (seat === null && deps.now().getTime() - rows.refreshedAt.getTime() > UNKNOWN_SEAT_RECHECK_MS) void inBackground(customerId, "unknown seat");
      return decideAccess(seat === undefined ? { customer: rows.customer } : { customer: rows.customer, seat }, deps.unknownState);
    },

    async customerAccess(customerId) {
      const rows = await rowsOf(customerId);
      if (!rows) return { customer_id: customerId, customer: decideAccess(null, deps.unknownState), seats: {}, refreshed_at: null };
      const seats: Record<string, AccessDecision> = {};
      for (const [seat, state] of rows.seats) seats[seat] = decideAccess({ customer: rows.customer, seat: state }, deps.unknownState);
      return { customer_id: customerId, customer: decideAccess({ customer: rows.customer }, deps.unknownState), seats, refreshed_at: rows.refreshedAt.toISOString() };
    },

    async afterWrite(customerId) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, OWN_WRITE_WAIT_MS)));
      await Promise.race([inBackground(customerId, "own write"), waited]).finally(() => clearTimeout(timer));
    },

    async onWebhook(body, receivedAt) {
      const properties = isObject(body.properties) ? body.properties : {};
      const customerId = properties.customer_id;
      if (typeof customerId !== "string" || customerId === "") return;
      const state = alertStateFrom(typeof body.type === "string" ? body.type : "", properties, receivedAt);
      if (state && (await store.applyAlertEvent(state))) await shared.written(customerId);
      // An alert entering alarm says all there is to say; anything else (an alert resolved by a
      // top-up or a new period, a payment, a commit) moves balances too: read them again.
      if (state?.in_alarm !== true && (await shared.cache.get(customerId))) void inBackground(customerId, "webhook");
    },

    async close() {
      await settled();
      await shared.close();
    },
  };
}
