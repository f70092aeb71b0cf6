import { randomUUID } from "node:crypto";
import type { AuditEntry, AuditPage, EditPreviewHeader } from "../contract/bff";
import { isSeatBased, type Subscription } from "../domain/subscription";
import type { Sql } from "./db";
import { HttpError } from "./errors";
import { isObject } from "./json";
import { upstreamJson, type MetronomeUpstream } from "./upstream";

export type NewAuditEntry = Omit<AuditEntry, "id" | "at">;

/** Who settles a pending row: the request that sent the edit, or reconciliation of an abandoned row. */
type SettledBy = "owner" | "reconcile";

/** What settles a pending edit row. */
export type AuditSettlement = Pick<AuditEntry, "edit_id" | "outcome" | "error"> & {
  /** Omitted: unchanged (the totals before, written when the row was begun). */
  seats_after?: Record<string, number>;
};

/** A pending edit row with what reconciliation needs. */
export interface PendingEdit {
  id: string;
  customer_id: string;
  contract_id: string;
  uniqueness_key: string | null;
  instance_id: string | null;
}

/** A row (pending or applied) that carries an edit's uniqueness key. */
export interface KeyedEdit {
  id: string;
  outcome: "pending" | "applied";
  edit_id: string | null;
  instance_id: string | null;
}

export interface AuditStore {
  record(entry: NewAuditEntry): Promise<AuditEntry>;
  /**
   * Writes a seat edit's row before the edit is sent upstream (outcome "pending", not listed),
   * so an edit applied by Metronome always has a row even if this process dies before it hears back.
   */
  begin(entry: Omit<NewAuditEntry, "edit_id" | "outcome" | "error" | "seats_after">, owner: { uniqueness_key: string; instance_id: string }): Promise<string>;
  /**
   * Settles a pending row once the outcome is known; false when it was settled already. The owner
   * (the request that sent the edit) may also correct what reconciliation concluded meanwhile.
   */
  settle(id: string, result: AuditSettlement, by: SettledBy): Promise<boolean>;
  /** Pending and applied rows carrying this uniqueness key on this contract, oldest first. */
  byKey(contractId: string, uniquenessKey: string): Promise<KeyedEdit[]>;
  /**
   * Pending rows that no live request owns: rows of an instance whose lease ran out (or that
   * stopped), rows without an instance, and this instance's own rows that are not in flight.
   */
  abandoned(own: { instance_id: string; in_flight: ReadonlySet<string> }, leaseSeconds: number): Promise<PendingEdit[]>;
  /** Settled rows of a customer, newest first; optionally of one contract, or touching one subscription. */
  list(filter: AuditFilter, limit: number, cursor: string | null): Promise<AuditPage>;
}

export interface AuditFilter {
  customer_id: string;
  contract_id?: string | undefined;
  /** Rows whose subscription_ids contain it. */
  subscription_id?: string | undefined;
}

/** A page of the audit log never exceeds this many bytes of rows (one row always fits). */
export const AUDIT_PAGE_BYTES = 512 * 1024;
const MAX_CURSOR = 9223372036854775807n;

/** A row as the database returns it: an AuditEntry with its sequence number and `at` as a Date or text. */
interface AuditRow extends Omit<AuditEntry, "at"> {
  seq: string;
  at: string | Date;
}

type StoredOutcome = AuditEntry["outcome"] | "pending";

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

function parseCursor(cursor: string): string {
  if (!/^\d{1,19}$/.test(cursor) || BigInt(cursor) > MAX_CURSOR) throw new HttpError(400, "cursor is not a cursor this server issued", "invalid_cursor");
  return cursor;
}

/**
 * The audit log in SQL. `now` times each row: the upstream's clock (the embedded simulator's, which
 * may be frozen or moved; the server's own against live Metronome), so a row sits beside the edit
 * Metronome recorded at the same instant.
 */
export function createAuditStore(sql: Sql, now: () => Date | Promise<Date>): AuditStore {
  async function insert(full: Omit<AuditEntry, "outcome"> & { outcome: StoredOutcome }, owner: { uniqueness_key: string; instance_id: string } | null): Promise<void> {
    await sql.query(
      `insert into audit_log (id, at, actor, role, customer_id, contract_id, subscription_ids, edit_id, outcome, error,
         request, seats_before, seats_after, preview, claimed_preview, uniqueness_key, instance_id)
       values ($1, $2, $3::jsonb, $4, $5, $6, $7::jsonb, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13::jsonb, $14::jsonb, $15::jsonb, $16, $17)`,
      [
        full.id, full.at, JSON.stringify(full.actor), full.role, full.customer_id, full.contract_id,
        JSON.stringify(full.subscription_ids), full.edit_id, full.outcome, json(full.error),
        JSON.stringify(full.request), JSON.stringify(full.seats_before), JSON.stringify(full.seats_after),
        json(full.preview), json(full.claimed_preview), owner?.uniqueness_key ?? null, owner?.instance_id ?? null,
      ],
    );
  }

  return {
    async record(entry) {
      const full: AuditEntry = { id: randomUUID(), at: (await now()).toISOString(), ...entry };
      await insert(full, null);
      return full;
    },

    async begin(entry, owner) {
      const id = randomUUID();
      await insert({ id, at: (await now()).toISOString(), ...entry, edit_id: null, outcome: "pending", error: null, seats_after: entry.seats_before }, owner);
      return id;
    },

    async settle(id, result, by) {
      const settleable = by === "owner" ? "(outcome = 'pending' or settled_by = 'reconcile')" : "outcome = 'pending'";
      const rows = await sql.query<{ id: string }>(
        `update audit_log set edit_id = $2, outcome = $3, error = $4::jsonb, seats_after = coalesce($5::jsonb, seats_after), settled_by = $6
         where id = $1 and ${settleable} returning id`,
        [id, result.edit_id, result.outcome, json(result.error), json(result.seats_after), by],
      );
      return rows.length > 0;
    },

    async byKey(contractId, uniquenessKey) {
      return sql.query<KeyedEdit>(
        `select id, outcome, edit_id, instance_id from audit_log
         where contract_id = $1 and uniqueness_key = $2 and outcome in ('pending', 'applied') order by seq`,
        [contractId, uniquenessKey],
      );
    },

    async abandoned(own, leaseSeconds) {
      const rows = await sql.query<PendingEdit>(
        `select a.id, a.customer_id, a.contract_id, a.uniqueness_key, a.instance_id
         from audit_log a left join server_instances i on i.id = a.instance_id
         where a.outcome = 'pending'
           and (a.instance_id = $1
                or i.id is null or i.stopped_at is not null
                or i.heartbeat_at < now() - make_interval(secs => $2))
         order by a.seq`,
        [own.instance_id, leaseSeconds],
      );
      return rows.filter((row) => row.instance_id !== own.instance_id || !own.in_flight.has(row.id));
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
        params.push(parseCursor(cursor));
        where += ` and seq < $${params.length}::bigint`;
      }
      params.push(limit + 1);
      const rows = await sql.query<AuditRow>(
        `select seq::text as seq, id, at, actor, role, customer_id, contract_id, subscription_ids, edit_id, outcome, error, request,
           seats_before, seats_after, preview, claimed_preview
         from audit_log where ${where} order by audit_log.seq desc limit $${params.length}`,
        params,
      );
      const page: AuditRow[] = [];
      let bytes = 0;
      for (const row of rows.slice(0, limit)) {
        bytes += Buffer.byteLength(JSON.stringify(row));
        if (page.length > 0 && bytes > AUDIT_PAGE_BYTES) break;
        page.push(row);
      }
      return {
        data: page.map(({ seq: _seq, at, ...rest }) => ({ ...rest, at: new Date(at).toISOString() })),
        next_page: rows.length > page.length ? (page.at(-1)?.seq ?? null) : null,
      };
    },
  };
}

const CONTROL = /[\p{Cc}]/u;

/**
 * Reads the `X-Seat-Preview` header: JSON (optionally URI-encoded, for non-ASCII text) of an
 * EditPreviewHeader: what the browser says it showed. Anything malformed is ignored (null): it is
 * kept beside the server's own preview as a claim, never trusted.
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
  if (typeof summary !== "string" || summary.length > 2000 || CONTROL.test(summary)) return null;
  if (typeof fiat_credit_type_id === "string" && (fiat_credit_type_id.length > 64 || CONTROL.test(fiat_credit_type_id))) return null;
  if (!isObject(previewed_credits)) return null;
  const credits: Record<string, number> = {};
  for (const [key, amount] of Object.entries(previewed_credits)) {
    if (typeof amount !== "number" || !Number.isFinite(amount) || key.length > 64 || CONTROL.test(key)) return null;
    credits[key] = amount;
  }
  return { previewed_charge, fiat_credit_type_id, previewed_credits: credits, summary };
}

/** A subscription an edit touches, and the earliest instant its changes take effect (null: none dated). */
export interface EditedSubscription {
  id: string;
  effectiveAt: string | null;
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
      if (isSeatBased(sub as Pick<Subscription, "quantity_management_mode">)) {
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

