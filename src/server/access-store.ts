/**
 * The access projection in SQL (migration 7), shared by every server on the database:
 * - access_scopes: each scope's credits (scope '' is the customer's pooled credits, else a seat id)
 *   as of the latest refresh from Metronome; a refresh replaces the customer's scopes, and an older
 *   refresh (a smaller refresh_seq, from any instance) never overwrites a newer one.
 * - access_alerts: each low-balance alert's state per scope, from webhooks and refreshes alike;
 *   the newest event time wins (a tie goes to the later write), so webhooks delivered out of order
 *   and a refresh that read Metronome before a webhook arrived cannot bring an old state back.
 * A customer is known once its '' scope exists.
 */
import type { ScopeAlert, ScopeCredit, ScopeState } from "../domain/access";
import type { AccessSnapshot } from "../domain/access-snapshot";
import type { Sql } from "./db";

/** One alert's state for one scope at an event time (a webhook's timestamp, or a refresh's read). */
export interface AlertStateEvent {
  customer_id: string;
  alert_id: string;
  scope: string;
  credit_type_id: string | null;
  in_alarm: boolean;
  /** ISO */
  event_at: string;
}

export interface CustomerAccessRows {
  customer: ScopeState;
  seats: Map<string, ScopeState>;
  refreshedAt: Date;
  /** Changes with every write to the customer's projection (see `version`). */
  version: string;
}

export interface AccessStore {
  /** Every scope of the customer; null when the customer is not known. */
  readAll(customerId: string): Promise<CustomerAccessRows | null>;
  /** What the customer's projection is at now, in one short string: the winning refresh and a digest of its alert states; null when not known. */
  version(customerId: string): Promise<string | null>;
  /** A ticket for a refresh about to read Metronome: later tickets win. */
  nextRefresh(): Promise<number>;
  /** Stores a refresh's snapshot read at `eventAt` (ISO, the upstream's clock); `refreshedAt` is the server's clock. */
  saveSnapshot(customerId: string, ticket: number, snapshot: AccessSnapshot, eventAt: string, refreshedAt: Date): Promise<void>;
  /** Applies one alert webhook; false when a newer state was already stored. */
  applyAlertEvent(event: AlertStateEvent): Promise<boolean>;
}

interface ScopeRow {
  version?: string;
  scope: string;
  credits: ScopeCredit[] | string;
  refreshed_at: string | Date;
  alerts: ScopeAlert[] | string;
}

const json = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

// The winning refresh's ticket and a digest of every alert state: a refresh or an alert event that changes anything changes it.
const VERSION = `(select s.refresh_seq::text || ':' || coalesce(sum(hashtext(a.alert_id || '|' || a.scope || '|' || a.in_alarm::text)::bigint), 0)::text
    from access_alerts a where a.customer_id = s.customer_id)`;

const SCOPE_COLUMNS = `s.scope, s.credits, s.refreshed_at,
  coalesce((select jsonb_agg(jsonb_build_object('alert_id', a.alert_id, 'credit_type_id', a.credit_type_id, 'in_alarm', a.in_alarm) order by a.alert_id)
            from access_alerts a where a.customer_id = s.customer_id and a.scope = s.scope), '[]'::jsonb) as alerts`;

const stateOf = (row: ScopeRow): ScopeState => ({ credits: json(row.credits), alerts: json(row.alerts) });

// One statement, so a check never sees half a refresh: scopes upserted (never over a newer
// refresh) and those gone dropped; alarms raised, alarms no longer listed cleared, archived alerts
// dropped, each only over states older than this read.
const SAVE_SNAPSHOT = `
  with incoming as (select * from jsonb_to_recordset($4::jsonb) as x(scope text, credits jsonb)),
  upserted as (
    insert into access_scopes (customer_id, scope, credits, refresh_seq, refreshed_at)
    select $1, scope, credits, $2, $3 from incoming
    on conflict (customer_id, scope) do update
      set credits = excluded.credits, refresh_seq = excluded.refresh_seq, refreshed_at = excluded.refreshed_at
      where access_scopes.refresh_seq <= excluded.refresh_seq
    returning 1),
  dropped as (
    delete from access_scopes s where s.customer_id = $1 and s.refresh_seq < $2
      and not exists (select 1 from incoming i where i.scope = s.scope)
    returning 1),
  alarms as (select * from jsonb_to_recordset($5::jsonb) as x(alert_id text, scope text, credit_type_id text)),
  raised as (
    insert into access_alerts (customer_id, alert_id, scope, credit_type_id, in_alarm, event_at)
    select $1, alert_id, scope, credit_type_id, true, $6 from alarms
    on conflict (customer_id, scope, alert_id) do update
      set in_alarm = true, credit_type_id = excluded.credit_type_id, event_at = excluded.event_at
      where access_alerts.event_at <= excluded.event_at
    returning 1),
  cleared as (
    update access_alerts a set in_alarm = false, event_at = $6
    where a.customer_id = $1 and a.in_alarm and a.event_at <= $6 and $7::jsonb ? a.alert_id
      and not exists (select 1 from alarms m where m.alert_id = a.alert_id and m.scope = a.scope)
    returning 1),
  archived as (
    delete from access_alerts a where a.customer_id = $1 and a.event_at <= $6 and not ($7::jsonb ? a.alert_id)
    returning 1)
  select (select count(*) from upserted) as scopes, (select count(*) from dropped) as dropped,
    (select count(*) from raised) as raised, (select count(*) from cleared) as cleared, (select count(*) from archived) as archived`;

export function createAccessStore(sql: Sql): AccessStore {
  return {
    async readAll(customerId) {
      const rows = await sql.query<ScopeRow>(
        `select ${SCOPE_COLUMNS}, case when s.scope = '' then ${VERSION} end as version from access_scopes s where s.customer_id = $1`,
        [customerId],
      );
      const customer = rows.find((r) => r.scope === "");
      if (!customer?.version) return null;
      const seats = new Map(rows.filter((r) => r.scope !== "").map((r) => [r.scope, stateOf(r)] as const));
      return { customer: stateOf(customer), seats, refreshedAt: new Date(customer.refreshed_at), version: customer.version };
    },

    async version(customerId) {
      const rows = await sql.query<{ version: string }>(`select ${VERSION} as version from access_scopes s where s.customer_id = $1 and s.scope = ''`, [customerId]);
      return rows[0]?.version ?? null;
    },

    async nextRefresh() {
      const [row] = await sql.query<{ seq: string | number }>("select nextval('access_refresh_seq') as seq");
      return Number(row?.seq);
    },

    async saveSnapshot(customerId, ticket, snapshot, eventAt, refreshedAt) {
      const scopes = [{ scope: "", credits: snapshot.customer }, ...[...snapshot.seats].map(([scope, credits]) => ({ scope, credits }))];
      await sql.query(SAVE_SNAPSHOT, [
        customerId,
        ticket,
        refreshedAt.toISOString(),
        JSON.stringify(scopes),
        JSON.stringify(snapshot.alarms),
        eventAt,
        JSON.stringify(snapshot.alertIds),
      ]);
    },

    async applyAlertEvent(event) {
      const rows = await sql.query<{ alert_id: string }>(
        `insert into access_alerts (customer_id, alert_id, scope, credit_type_id, in_alarm, event_at) values ($1, $2, $3, $4, $5, $6)
         on conflict (customer_id, scope, alert_id) do update
           set in_alarm = excluded.in_alarm, credit_type_id = excluded.credit_type_id, event_at = excluded.event_at
           where access_alerts.event_at <= excluded.event_at
         returning alert_id`,
        [event.customer_id, event.alert_id, event.scope, event.credit_type_id, event.in_alarm, event.event_at],
      );
      return rows.length > 0;
    },
  };
}
