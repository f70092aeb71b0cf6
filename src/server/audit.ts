import { randomUUID } from "node:crypto";
import type { AuditEntry, AuditPage, EditPreviewHeader, Role, SessionUser } from "../contract/bff";
import type { Sql } from "./db";
import { HttpError } from "./errors";
import { isObject } from "./json";
import { upstreamJson, type MetronomeUpstream } from "./upstream";

export type NewAuditEntry = Omit<AuditEntry, "id" | "at">;

export interface AuditStore {
  record(entry: NewAuditEntry): Promise<AuditEntry>;
  list(filter: { customer_id: string; contract_id?: string | undefined }, limit: number, cursor: string | null): Promise<AuditPage>;
}

interface AuditRow {
  seq: string;
  id: string;
  at: string | Date;
  actor: SessionUser;
  role: Role;
  customer_id: string;
  contract_id: string;
  subscription_ids: string[];
  edit_id: string | null;
  outcome: "applied" | "rejected";
  error: { status: number; message: string } | null;
  request: unknown;
  seats_before: Record<string, number>;
  seats_after: Record<string, number>;
  preview: EditPreviewHeader | null;
}

export function createAuditStore(sql: Sql, now: () => Date): AuditStore {
  return {
    async record(entry) {
      const full: AuditEntry = { id: randomUUID(), at: now().toISOString(), ...entry };
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
      return full;
    },

    async list(filter, limit, cursor) {
      const params: unknown[] = [filter.customer_id];
      let where = "customer_id = $1";
      if (filter.contract_id) {
        params.push(filter.contract_id);
        where += ` and contract_id = $${params.length}`;
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
         from audit_log where ${where} order by seq desc limit $${params.length}`,
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
