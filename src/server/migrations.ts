import type { Sql } from "./db";

/** Numbered schema migrations; append only. Each runs once, in a transaction, recorded in schema_migrations. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: "sessions",
    sql: `
      create table portal_links (
        token_hash text primary key,
        grant_json jsonb not null,
        return_url text not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz
      );
      create table sessions (
        id_hash text primary key,
        user_json jsonb not null,
        role text not null,
        customer_ids jsonb not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        ended_at timestamptz
      );
      create index sessions_expires_at on sessions (expires_at);
    `,
  },
  {
    version: 2,
    name: "audit_log",
    sql: `
      create table audit_log (
        seq bigint generated always as identity primary key,
        id text not null unique,
        at timestamptz not null,
        actor jsonb not null,
        role text not null,
        customer_id text not null,
        contract_id text not null,
        subscription_ids jsonb not null,
        edit_id text,
        outcome text not null check (outcome in ('applied', 'rejected')),
        error jsonb,
        request jsonb not null,
        seats_before jsonb not null,
        seats_after jsonb not null,
        preview jsonb
      );
      create index audit_log_customer on audit_log (customer_id, seq desc);
    `,
  },
  {
    version: 3,
    name: "webhook_events",
    sql: `
      create table webhook_events (
        seq bigint generated always as identity primary key,
        id text not null unique,
        type text not null,
        received_at timestamptz not null,
        customer_id text,
        alert_id text,
        body jsonb not null
      );
      create index webhook_events_customer on webhook_events (customer_id, seq desc);
    `,
  },
  {
    version: 4,
    name: "audit_log_pending",
    // A seat edit's row is written before the edit goes upstream and settled after.
    sql: `
      alter table audit_log drop constraint audit_log_outcome_check;
      alter table audit_log add constraint audit_log_outcome_check check (outcome in ('applied', 'rejected', 'pending'));
      create index audit_log_pending on audit_log (seq) where outcome = 'pending';
    `,
  },
  {
    version: 5,
    name: "audit_log_owners",
    // Each pending row names the server instance sending it (instances keep a lease by heartbeat),
    // so reconciliation settles only rows nobody is still sending; the uniqueness key is a column so
    // a retry finds its own edit; the browser's preview is kept apart from the server's.
    sql: `
      create table server_instances (
        id text primary key,
        started_at timestamptz not null,
        heartbeat_at timestamptz not null,
        stopped_at timestamptz
      );
      alter table audit_log add column uniqueness_key text;
      alter table audit_log add column instance_id text;
      alter table audit_log add column settled_by text;
      alter table audit_log add column claimed_preview jsonb;
      update audit_log set uniqueness_key = request->>'uniqueness_key';
      create index audit_log_key on audit_log (contract_id, uniqueness_key);
    `,
  },
  {
    version: 6,
    name: "top_up_purchases",
    // Top-up packs bought, auto-recharge settings changed and recharges Metronome started: one row
    // each, written before the edit goes upstream (status 'sending'), settled after, then moved by
    // the payment webhooks. One row per uniqueness key on a contract, so a retry finds its first attempt.
    sql: `
      create table top_up_purchases (
        seq bigint generated always as identity primary key,
        id text not null unique,
        kind text not null check (kind in ('pack', 'auto_recharge_settings', 'recharge')),
        at timestamptz not null,
        updated_at timestamptz not null,
        actor jsonb,
        role text,
        customer_id text not null,
        contract_id text not null,
        pack jsonb,
        settings jsonb,
        request jsonb,
        status text not null check (status in ('sending', 'applied', 'awaiting_payment', 'paid', 'failed', 'action_required', 'rejected')),
        status_message text,
        edit_id text,
        commit_id text,
        invoice_id text,
        uniqueness_key text,
        instance_id text
      );
      create unique index top_up_purchases_key on top_up_purchases (contract_id, uniqueness_key) where uniqueness_key is not null;
      create index top_up_purchases_customer on top_up_purchases (customer_id, seq desc);
      create index top_up_purchases_commit on top_up_purchases (commit_id) where commit_id is not null;
      create index top_up_purchases_invoice on top_up_purchases (invoice_id) where invoice_id is not null;
    `,
  },
  {
    version: 7,
    name: "access_projection",
    // The access check's projection (src/server/access-store.ts): each scope's credits (the
    // customer's pooled credits as scope '', each seat's own) from the latest refresh, and each
    // low-balance alert's state per scope, the newest event time winning.
    sql: `
      create sequence access_refresh_seq;
      create table access_scopes (
        customer_id text not null,
        scope text not null,
        credits jsonb not null,
        refresh_seq bigint not null,
        refreshed_at timestamptz not null,
        primary key (customer_id, scope)
      );
      create table access_alerts (
        customer_id text not null,
        alert_id text not null,
        scope text not null,
        credit_type_id text,
        in_alarm boolean not null,
        event_at timestamptz not null,
        primary key (customer_id, scope, alert_id)
      );
    `,
  },
  {
    version: 8,
    name: "session_preferences",
    // A portal session's locale, time zone and theme, as the host product asked for them.
    sql: `alter table sessions add column preferences jsonb;`,
  },
];

export async function migrate(sql: Sql): Promise<number[]> {
  await sql.query(
    "create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null)",
  );
  const done = new Set((await sql.query<{ version: number }>("select version from schema_migrations")).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    await sql.transaction(
      `${migration.sql}
       insert into schema_migrations (version, name, applied_at)
       values (${migration.version}, '${migration.name.replace(/'/g, "''")}', now());`,
    );
    applied.push(migration.version);
  }
  return applied;
}
