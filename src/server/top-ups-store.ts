/**
 * The record of top-up purchases, auto-recharge settings and recharges in SQL (table
 * top_up_purchases, migration 6). A write's row is inserted as "sending" before its edit goes to
 * Metronome, keyed by (contract, uniqueness key) so a retry finds it, and settled after; payment
 * webhooks then move it to paid, failed or action_required.
 */
import { randomUUID } from "node:crypto";
import type { Role, SessionUser, TopUpKind, TopUpPurchase, TopUpStatus } from "../contract/bff";
import type { Sql } from "./db";

export interface NewTopUpRow {
  kind: TopUpKind;
  actor: SessionUser | null;
  role: Role | null;
  customer_id: string;
  contract_id: string;
  pack: TopUpPurchase["pack"];
  settings: TopUpPurchase["settings"];
  /** The Metronome request as built and sent (kept for the audit); null for a recharge Metronome started. */
  request: unknown;
  status: TopUpStatus;
  status_message?: string | null;
  commit_id?: string | null;
  invoice_id?: string | null;
}

/** What a settlement or a payment event changes; omitted fields are kept. */
export type TopUpUpdate = Partial<Pick<TopUpPurchase, "status" | "status_message" | "edit_id" | "commit_id" | "invoice_id">>;

/** A row with what a retry compares and who is sending it. */
export interface KeyedTopUp extends TopUpPurchase {
  request: unknown;
  instance_id: string | null;
}

export interface TopUpStore {
  /** Inserts a row; with an owner it is the one row of that uniqueness key on the contract. */
  insert(row: NewTopUpRow, owner: { uniqueness_key: string; instance_id: string } | null): Promise<TopUpPurchase>;
  update(id: string, change: TopUpUpdate): Promise<TopUpPurchase | null>;
  byKey(contractId: string, uniquenessKey: string): Promise<KeyedTopUp | null>;
  get(id: string): Promise<TopUpPurchase | null>;
  /** Rows whose commit or invoice is this one (a payment event names either). */
  byPayment(ref: { commit_id?: string | undefined; invoice_id?: string | undefined }): Promise<TopUpPurchase[]>;
  /** A customer's rows still "sending", oldest first. */
  sending(customerId: string): Promise<KeyedTopUp[]>;
  list(filter: { customer_id: string; contract_id?: string | undefined }, limit: number): Promise<TopUpPurchase[]>;
}

interface Row {
  id: string;
  kind: TopUpKind;
  at: string | Date;
  updated_at: string | Date;
  actor: SessionUser | null;
  role: Role | null;
  customer_id: string;
  contract_id: string;
  pack: TopUpPurchase["pack"];
  settings: TopUpPurchase["settings"];
  request: unknown;
  status: TopUpStatus;
  status_message: string | null;
  edit_id: string | null;
  commit_id: string | null;
  invoice_id: string | null;
  instance_id: string | null;
}

const COLUMNS = "id, kind, at, updated_at, actor, role, customer_id, contract_id, pack, settings, request, status, status_message, edit_id, commit_id, invoice_id, instance_id";

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

function view(row: Row): TopUpPurchase {
  return {
    id: row.id,
    kind: row.kind,
    at: new Date(row.at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
    actor: row.actor,
    role: row.role,
    customer_id: row.customer_id,
    contract_id: row.contract_id,
    pack: row.pack,
    settings: row.settings,
    status: row.status,
    status_message: row.status_message,
    edit_id: row.edit_id,
    commit_id: row.commit_id,
    invoice_id: row.invoice_id,
  };
}

/** `now` is the upstream's clock, like the audit log's, so a row sits beside the invoice Metronome dates. */
export function createTopUpStore(sql: Sql, now: () => Date | Promise<Date>): TopUpStore {
  const one = async (text: string, params: unknown[]) => (await sql.query<Row>(text, params))[0] ?? null;
  return {
    async insert(row, owner) {
      const at = (await now()).toISOString();
      const inserted = await one(
        `insert into top_up_purchases (id, kind, at, updated_at, actor, role, customer_id, contract_id, pack, settings, request,
           status, status_message, commit_id, invoice_id, uniqueness_key, instance_id)
         values ($1, $2, $3, $3, $4::jsonb, $5, $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15, $16)
         returning ${COLUMNS}`,
        [
          randomUUID(), row.kind, at, json(row.actor), row.role, row.customer_id, row.contract_id, json(row.pack), json(row.settings),
          json(row.request), row.status, row.status_message ?? null, row.commit_id ?? null, row.invoice_id ?? null,
          owner?.uniqueness_key ?? null, owner?.instance_id ?? null,
        ],
      );
      if (!inserted) throw new Error("top-up row was not inserted");
      return view(inserted);
    },

    async update(id, change) {
      const at = (await now()).toISOString();
      const has = (field: keyof TopUpUpdate) => change[field] !== undefined;
      const row = await one(
        `update top_up_purchases set updated_at = $2,
           status = case when $3 then $4 else status end,
           status_message = case when $5 then $6 else status_message end,
           edit_id = coalesce($7, edit_id), commit_id = coalesce($8, commit_id), invoice_id = coalesce($9, invoice_id)
         where id = $1 returning ${COLUMNS}`,
        [id, at, has("status"), change.status ?? null, has("status_message"), change.status_message ?? null, change.edit_id ?? null, change.commit_id ?? null, change.invoice_id ?? null],
      );
      return row ? view(row) : null;
    },

    async byKey(contractId, uniquenessKey) {
      const row = await one(`select ${COLUMNS} from top_up_purchases where contract_id = $1 and uniqueness_key = $2`, [contractId, uniquenessKey]);
      return row ? { ...view(row), request: row.request, instance_id: row.instance_id } : null;
    },

    async get(id) {
      const row = await one(`select ${COLUMNS} from top_up_purchases where id = $1`, [id]);
      return row ? view(row) : null;
    },

    async byPayment(ref) {
      if (!ref.commit_id && !ref.invoice_id) return [];
      const rows = await sql.query<Row>(
        `select ${COLUMNS} from top_up_purchases where ($1::text is not null and commit_id = $1) or ($2::text is not null and invoice_id = $2) order by seq`,
        [ref.commit_id ?? null, ref.invoice_id ?? null],
      );
      return rows.map(view);
    },

    async sending(customerId) {
      const rows = await sql.query<Row>(`select ${COLUMNS} from top_up_purchases where customer_id = $1 and status = 'sending' order by seq`, [customerId]);
      return rows.map((row) => ({ ...view(row), request: row.request, instance_id: row.instance_id }));
    },

    async list(filter, limit) {
      const params: unknown[] = [filter.customer_id];
      let where = "customer_id = $1";
      if (filter.contract_id) {
        params.push(filter.contract_id);
        where += ` and contract_id = $${params.length}`;
      }
      params.push(limit);
      const rows = await sql.query<Row>(`select ${COLUMNS} from top_up_purchases where ${where} order by seq desc limit $${params.length}`, params);
      return rows.map(view);
    },
  };
}
