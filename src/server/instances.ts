/**
 * Server instances sharing one database. Each holds a lease, renewed by heartbeat; a pending
 * audit row names the instance sending its edit, and reconciliation settles only rows whose
 * instance has stopped or let its lease lapse (see edit-reconcile.ts). On embedded PGlite, which
 * one process owns, a new instance marks every earlier one stopped: a SIGKILLed process's edits
 * are settled at the next start instead of after its lease. Times are the database's own
 * clock, so instances on machines whose clocks disagree still agree on who is live.
 */
import { randomUUID } from "node:crypto";
import type { Sql } from "./db";
import { log } from "./log";

/** An instance that has not renewed its lease for this long is gone. */
export const LEASE_SECONDS = 45;
const HEARTBEAT_MS = 10_000;

export interface ServerInstance {
  readonly id: string;
  /** Rows of this instance whose edit is being sent right now. */
  readonly inFlight: Set<string>;
  /** Marks the instance stopped, so its abandoned rows can be settled at once. */
  stop(): Promise<void>;
}

export async function registerInstance(sql: Sql): Promise<ServerInstance> {
  const id = randomUUID();
  // Embedded PGlite is one process's alone: an instance still marked live was killed.
  if (sql.exclusive) await sql.query("update server_instances set stopped_at = now() where stopped_at is null");
  await sql.query("insert into server_instances (id, started_at, heartbeat_at) values ($1, now(), now())", [id]);
  const beat = setInterval(() => {
    sql
      .query("update server_instances set heartbeat_at = now() where id = $1 and stopped_at is null", [id])
      .catch((error: unknown) => log("warn", "heartbeat failed", { error }));
  }, HEARTBEAT_MS);
  beat.unref();
  return {
    id,
    inFlight: new Set(),
    async stop() {
      clearInterval(beat);
      await sql.query("update server_instances set stopped_at = now() where id = $1", [id]).catch(() => undefined);
    },
  };
}

/** Whether an instance holds its lease now (has not stopped and renewed within LEASE_SECONDS). */
export async function isLive(sql: Sql, id: string): Promise<boolean> {
  const rows = await sql.query<{ id: string }>(
    "select id from server_instances where id = $1 and stopped_at is null and heartbeat_at >= now() - make_interval(secs => $2)",
    [id, LEASE_SECONDS],
  );
  return rows.length > 0;
}
