/**
 * Invalidations between the server instances sharing one PostgreSQL: each publishes with
 * pg_notify on one channel and listens on a dedicated connection (db.ts Sql.listen). An instance
 * ignores its own notices (it has already dropped its entries). Embedded PGlite is one process's
 * alone, so there is no link there: invalidation is local.
 */
import type { Sql } from "./db";
import type { InvalidationLink, InvalidationTarget } from "./read-layer";

export const INVALIDATION_CHANNEL = "read_invalidations";

interface Notice {
  from: string;
  customer_id: string | null;
}

function parseNotice(payload: string): Notice | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== "object" || value === null) return null;
    const { from, customer_id } = value as Record<string, unknown>;
    if (typeof from !== "string" || (customer_id !== null && typeof customer_id !== "string")) return null;
    return { from, customer_id };
  } catch {
    return null;
  }
}

export function postgresInvalidationLink(sql: Sql, instanceId: string): InvalidationLink | null {
  const listen = sql.listen?.bind(sql);
  if (!listen) return null;
  let listener: { close(): Promise<void> } | null = null;
  return {
    async start(receiver) {
      listener = await listen(INVALIDATION_CHANNEL, {
        message(payload) {
          const notice = parseNotice(payload);
          // A notice that cannot be read still means something changed somewhere.
          if (notice === null) receiver.invalidate(null);
          else if (notice.from !== instanceId) receiver.invalidate(notice.customer_id);
        },
        lost: () => receiver.lost(),
        restored: () => receiver.restored(),
      });
    },
    async publish(target: InvalidationTarget) {
      const notice: Notice = { from: instanceId, customer_id: target };
      await sql.query("select pg_notify($1, $2)", [INVALIDATION_CHANNEL, JSON.stringify(notice)]);
    },
    async close() {
      await listener?.close();
    },
  };
}
