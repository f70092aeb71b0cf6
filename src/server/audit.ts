import { randomUUID } from "node:crypto";
import type { AuditEntry, AuditPage, EditPreviewHeader } from "../contract/bff";
import type { Sql } from "./db";
import { HttpError } from "./errors";
import { isObject } from "./json";
import { upstreamJson, type MetronomeUpstream } from "./upstream";

export type NewAuditEntry = Omit<AuditEntry, "id" | "at">;

/** What settles a pending edit row. */
export type AuditSettlement = Pick<AuditEntry, "edit_id" | "outcome" | "error"> & {
  /** Omitted: unchanged (the totals before, written when the row was begun). */
  seats_after?: Record<string, number>;
};

/** An edit row written before the edit went upstream and not yet settled. */
export interface PendingEdit {
  id: string;
  customer_id: string;
  contract_id: string;
  uniqueness_key: string | null;
}

export interface AuditStore {
  record(entry: NewAuditEntry): Promise<AuditEntry>;
  /**
   * Writes a seat edit's row before the edit is sent upstream (outcome "pending", not listed),
   * so an edit applied by Metronome always has a row even if this process dies before it hears back.
   */
  begin(entry: Omit<NewAuditEntry, "edit_id" | "outcome" | "error" | "seats_after">): Promise<string>;
  /** Settles a pending row once the outcome is known; false when it was settled already. */
  settle(id: string, result: AuditSettlement): Promise<boolean>;
  /** Pending rows, oldest first; with a key, only those carrying that uniqueness key on that contract. */
  pending(filter?: { contract_id: string; uniqueness_key: string }): Promise<PendingEdit[]>;
  /** Settled rows of a customer, newest first; optionally of one contract, or touching one subscription. */
  list(filter: AuditFilter, limit: number, cursor: string | null): Promise<AuditPage>;
}

export interface AuditFilter {
  customer_id: string;
  contract_id?: string | undefined;
  /** Rows whose subscription_ids contain it. */
  subscription_id?: string | undefined;
}

/** A row as the database returns it: an AuditEntry with its sequence number and `at` as a Date or text. */
interface AuditRow extends Omit<AuditEntry, "at"> {
  seq: string;
  at: string | Date;
}

type StoredOutcome = AuditEntry["outcome"] | "pending";

/**
 * The audit log in SQL. `now` times each row: the upstream's clock (the embedded simulator's, which
 * may be frozen or moved; the server's own against live Metronome), so a row sits beside the edit
 * Metronome recorded at the same instant.
 */
export function createAuditStore(sql: Sql, now: () => Date | Promise<Date>): AuditStore {
  async function insert(full: Omit<AuditEntry, "outcome"> & { outcome: StoredOutcome }): Promise<void> {
    await sql.query(
      `insert into audit_log (id, at, actor, role, customer_id, contract_id, subscription_ids, edit_id, outcome, error,
         request, seats_before, seats_after, preview)
       values ($1, $2, $3::jsonb, $4, $5, $6, $7::jsonb, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13::jsonb, $14::jsonb)`,
      [
        full.id, full.at, JSON.stringify(full.actor), full.role, full.customer_id, full.contract_id,
        JSON.stringify(full.subscription_ids), full.edit_id, full.outcome, full.error === null ? null : JSON.stringify(full.error),
        JSON.stringify(full.request), JSON.stringify(full.seats_before), JSON.stringify(full.seats_after),
        full.preview === null ? null : JSON.stringify(full.preview),
      ],
    );
  }

  return {
    async record(entry) {
      const full: AuditEntry = { id: randomUUID(), at: (await now()).toISOString(), ...entry };
      await insert(full);
      return full;
    },

    async begin(entry) {
      const id = randomUUID();
      await insert({ id, at: (await now()).toISOString(), ...entry, edit_id: null, outcome: "pending", error: null, seats_after: entry.seats_before });
      return id;
    },

    async settle(id, result) {
      const rows = await sql.query<{ id: string }>(
        `update audit_log set edit_id = $2, outcome = $3, error = $4::jsonb, seats_after = coalesce($5::jsonb, seats_after)
         where id = $1 and outcome = 'pending' returning id`,
        [id, result.edit_id, result.outcome, result.error === null ? null : JSON.stringify(result.error), result.seats_after === undefined ? null : JSON.stringify(result.seats_after)],
      );
      return rows.length > 0;
    },

    async pending(filter) {
      const params: unknown[] = [];
      let where = "outcome = 'pending'";
      if (filter) {
        params.push(filter.contract_id, filter.uniqueness_key);
        where += " and contract_id = $1 and request->>'uniqueness_key' = $2";
      }
      const rows = await sql.query<{ id: string; customer_id: string; contract_id: string; uniqueness_key: string | null }>(
        `select id, customer_id, contract_id, request->>'uniqueness_key' as uniqueness_key from audit_log where ${where} order by seq`,
        params,
      );
      return rows;
    },

    async list(filter, limit, cursor) {
      const params: unknown[] = [filter.customer_id];
      let where = "customer_id = $1 and outcome <> 'pending'";
      if (filter.contract_id) {
        params.push(filter.contract_id);
        where += ` and contract_id = $${params.length}`;
      }
      if (filter.subscription_id) {
        params.push(JSON.stringify([filter.subscription_id]));
        where += ` and subscription_ids @> $${params.length}::jsonb`;
      }
      if (cursor !== null) {
        if (!/^\d+$/.test(cursor)) throw new HttpError(400, "cursor is not a cursor this server issued", "invalid_cursor");
        params.push(cursor);
        where += ` and seq < $${params.length}::bigint`;
      }
      params.push(limit + 1);
      const rows = await sql.query<AuditRow>(
        `select seq::text as seq, id, at, actor, role, customer_id, contract_id, subscription_ids, edit_id, outcome, error, request,
           seats_before, seats_after, preview
         from audit_log where ${where} order by audit_log.seq desc limit $${params.length}`,
        params,
      );
      const page = rows.slice(0, limit);
      return {
        data: page.map(({ seq: _seq, at, ...rest }) => ({ ...rest, at: new Date(at).toISOString() })),
        next_page: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
      };
    },
  };
}

/**
 * Reads the `X-Seat-Preview` header: JSON (optionally URI-encoded, for non-ASCII text) of an
 * EditPreviewHeader. Anything malformed is ignored (null): the preview is informative only.
 */
export function parsePreviewHeader(raw: string | undefined): EditPreviewHeader | null {
  if (!raw || raw.length > 8000) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    try {
      value = JSON.parse(decodeURIComponent(raw));
    } catch {
      return null;
    }
  }
  if (!isObject(value)) return null;
  const { previewed_charge, fiat_credit_type_id, previewed_credits, summary } = value;
  if (typeof previewed_charge !== "number" || !Number.isFinite(previewed_charge)) return null;
  if (fiat_credit_type_id !== null && typeof fiat_credit_type_id !== "string") return null;
  if (typeof summary !== "string" || summary.length > 2000) return null;
  if (!isObject(previewed_credits)) return null;
  const credits: Record<string, number> = {};
  for (const [key, amount] of Object.entries(previewed_credits)) {
    if (typeof amount !== "number" || !Number.isFinite(amount)) return null;
    credits[key] = amount;
  }
  return { previewed_charge, fiat_credit_type_id, previewed_credits: credits, summary };
}

/** A subscription an edit touches, and the earliest instant its changes take effect (null: none dated). */
export interface EditedSubscription {
  id: string;
  effectiveAt: string | null;
}

function earliest(a: string | null, b: unknown): string | null {
  if (typeof b !== "string" || Number.isNaN(Date.parse(b))) return a;
  if (a === null) return b;
  return Date.parse(b) < Date.parse(a) ? b : a;
}

/** The subscriptions named in an edit's update_subscriptions, with their earliest starting_at. */
export function editedSubscriptions(edit: Record<string, unknown>): EditedSubscription[] {
  const result = new Map<string, string | null>();
  const updates = Array.isArray(edit.update_subscriptions) ? edit.update_subscriptions : [];
  for (const update of updates) {
    if (!isObject(update) || typeof update.subscription_id !== "string") continue;
    let at = result.get(update.subscription_id) ?? null;
    if (Array.isArray(update.quantity_updates)) {
      for (const change of update.quantity_updates) if (isObject(change)) at = earliest(at, change.starting_at);
    }
    if (isObject(update.seat_updates)) {
      for (const list of Object.values(update.seat_updates)) {
        if (Array.isArray(list)) for (const change of list) if (isObject(change)) at = earliest(at, change.starting_at);
      }
    }
    at = earliest(at, update.ending_before);
    result.set(update.subscription_id, at);
  }
  return [...result].map(([id, effectiveAt]) => ({ id, effectiveAt }));
}

function covering<T extends { starting_at?: unknown; ending_before?: unknown }>(items: T[], at: number): T | undefined {
  return items.find((item) => {
    const start = Date.parse(String(item.starting_at));
    const end = item.ending_before == null ? Infinity : Date.parse(String(item.ending_before));
    return start <= at && at < end;
  });
}

/**
 * Seat totals of the edited subscriptions at the instant each edit takes effect (the current
 * total when undated): the covering `quantity_schedule` item of /v2/contracts/get (quantity
 * history for past instants), or, for seat-based subscriptions, the covering segment of
 * getSubscriptionSeatsHistory. A subscription that cannot be read is left out.
 */
export async function readSeatTotals(
  upstream: MetronomeUpstream,
  customerId: string,
  contractId: string,
  subscriptions: EditedSubscription[],
): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  if (subscriptions.length === 0) return totals;
  const contract = await upstreamJson(upstream, "POST", "/v2/contracts/get", { customer_id: customerId, contract_id: contractId });
  const data = isObject(contract.body) && isObject(contract.body.data) ? contract.body.data : null;
  const subs = data && Array.isArray(data.subscriptions) ? data.subscriptions.filter(isObject) : [];
  await Promise.all(
    subscriptions.map(async ({ id, effectiveAt }) => {
      const sub = subs.find((s) => s.id === id);
      if (!sub) return;
      const schedule = Array.isArray(sub.quantity_schedule) ? sub.quantity_schedule.filter(isObject) : [];
      const key = { customer_id: customerId, contract_id: contractId, subscription_id: id };
      if (effectiveAt === null) {
        const current = schedule[0]?.quantity;
        if (current !== undefined) totals[id] = Number(current);
        return;
      }
      if (sub.quantity_management_mode === "SEAT_BASED") {
        const seats = await upstreamJson(upstream, "POST", "/v1/contracts/getSubscriptionSeatsHistory", { ...key, covering_date: effectiveAt });
        const segments = isObject(seats.body) && Array.isArray(seats.body.data) ? seats.body.data.filter(isObject) : [];
        const segment = segments.at(-1);
        if (segment && segment.total_quantity !== undefined) totals[id] = Number(segment.total_quantity);
        return;
      }
      const at = Date.parse(effectiveAt);
      const item = covering(schedule, at);
      if (item) {
        totals[id] = Number(item.quantity);
        return;
      }
      const history = await upstreamJson(upstream, "POST", "/v1/contracts/getSubscriptionQuantityHistory", key);
      const entries = isObject(history.body) && isObject(history.body.data) && Array.isArray(history.body.data.history)
        ? history.body.data.history.filter(isObject)
        : [];
      const past = entries.filter((e) => Date.parse(String(e.starting_at)) <= at).at(-1);
      const first = past && Array.isArray(past.data) ? past.data.find(isObject) : undefined;
      if (first && first.quantity !== undefined) totals[id] = Number(first.quantity);
    }),
  );
  for (const [id, value] of Object.entries(totals)) if (!Number.isFinite(value)) delete totals[id];
  return totals;
}

export const NOT_APPLIED_AFTER_RESTART =
  "Metronome never confirmed this edit (the server stopped or the connection dropped) and has no edit with its uniqueness key, so it was not applied";

/**
 * Settles pending seat-edit rows from Metronome's edit history: an edit carrying the row's
 * uniqueness key means it was applied (its id is recorded); none means it was not. Without a
 * filter (at start, when no edit is in flight) rows whose edit is absent are settled as not
 * applied; with one (a retry answered 409) only applied edits are settled. Rows whose history
 * cannot be read stay pending for the next run.
 */
export async function reconcilePendingEdits(
  upstream: MetronomeUpstream,
  audit: AuditStore,
  filter?: { contract_id: string; uniqueness_key: string },
): Promise<{ applied: number; not_applied: number; unresolved: number }> {
  const result = { applied: 0, not_applied: 0, unresolved: 0 };
  const histories = new Map<string, Array<Record<string, unknown>> | null>();
  for (const row of await audit.pending(filter)) {
    const cacheKey = `${row.customer_id}/${row.contract_id}`;
    if (!histories.has(cacheKey)) {
      const history = await upstreamJson(upstream, "POST", "/v2/contracts/getEditHistory", { customer_id: row.customer_id, contract_id: row.contract_id }).catch(() => null);
      const edits = history?.ok && isObject(history.body) && Array.isArray(history.body.data) ? history.body.data.filter(isObject) : null;
      histories.set(cacheKey, edits);
    }
    const edits = histories.get(cacheKey) ?? null;
    if (edits === null || row.uniqueness_key === null) {
      result.unresolved += 1;
      continue;
    }
    const edit = edits.find((e) => e.uniqueness_key === row.uniqueness_key);
    if (edit && typeof edit.id === "string") {
      if (await audit.settle(row.id, { edit_id: edit.id, outcome: "applied", error: null, seats_after: {} })) result.applied += 1;
    } else if (!filter) {
      if (await audit.settle(row.id, { edit_id: null, outcome: "rejected", error: { status: 503, message: NOT_APPLIED_AFTER_RESTART } })) result.not_applied += 1;
    }
  }
  return result;
}
