import { createHash, randomBytes } from "node:crypto";
import type { Role, SessionUser } from "../contract/bff";
import type { Sql } from "./db";
import { NO_PREFERENCES, type SessionPreferences } from "./session-preferences";

/** What a session is allowed: who, in which role, for which customers. */
export interface SessionGrant {
  role: Role;
  user: SessionUser;
  customer_ids: string[];
  /** The host product's locale, time zone and theme (portal sessions); none for a demo sign-in. */
  preferences?: SessionPreferences;
}

export interface ActiveSession extends SessionGrant {
  expires_at: string;
}

export type RedeemResult =
  | { ok: true; token: string; session: ActiveSession; returnUrl: string }
  | { ok: false; reason: "unknown" | "used" | "expired" };

export interface SessionStore {
  createPortalLink(grant: SessionGrant, returnUrl: string): Promise<{ token: string; expires_at: string }>;
  redeemPortalLink(token: string): Promise<RedeemResult>;
  start(grant: SessionGrant): Promise<{ token: string; session: ActiveSession }>;
  find(token: string): Promise<ActiveSession | null>;
  end(token: string): Promise<void>;
  /** Deletes sessions and links that ended or expired more than a day ago. */
  purge(): Promise<void>;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function newToken(): string {
  return randomBytes(32).toString("base64url");
}

function iso(value: unknown): string {
  return new Date(value as string | Date).toISOString();
}

interface SessionRow {
  user_json: SessionUser;
  role: Role;
  customer_ids: string[];
  expires_at: string | Date;
  preferences: SessionPreferences | null;
}

export function createSessionStore(
  sql: Sql,
  options: { now: () => Date; sessionTtlSeconds: number; portalLinkTtlSeconds: number },
): SessionStore {
  const later = (seconds: number) => new Date(options.now().getTime() + seconds * 1000).toISOString();

  async function start(grant: SessionGrant) {
    const token = newToken();
    const expires_at = later(options.sessionTtlSeconds);
    await sql.query(
      `insert into sessions (id_hash, user_json, role, customer_ids, created_at, expires_at, preferences)
       values ($1, $2::jsonb, $3, $4::jsonb, $5, $6, $7::jsonb)`,
      [
        hashToken(token),
        JSON.stringify(grant.user),
        grant.role,
        JSON.stringify(grant.customer_ids),
        options.now().toISOString(),
        expires_at,
        JSON.stringify(grant.preferences ?? NO_PREFERENCES),
      ],
    );
    return { token, session: { ...grant, expires_at } };
  }

  return {
    async createPortalLink(grant, returnUrl) {
      const token = newToken();
      const expires_at = later(options.portalLinkTtlSeconds);
      await sql.query(
        `insert into portal_links (token_hash, grant_json, return_url, created_at, expires_at)
         values ($1, $2::jsonb, $3, $4, $5)`,
        [hashToken(token), JSON.stringify(grant), returnUrl, options.now().toISOString(), expires_at],
      );
      return { token, expires_at };
    },

    async redeemPortalLink(token) {
      const now = options.now().toISOString();
      // One statement marks the link used, so two concurrent redemptions cannot both succeed.
      const claimed = await sql.query<{ grant_json: SessionGrant; return_url: string }>(
        `update portal_links set used_at = $2
         where token_hash = $1 and used_at is null and expires_at > $2
         returning grant_json, return_url`,
        [hashToken(token), now],
      );
      const row = claimed[0];
      if (!row) {
        const known = await sql.query<{ used_at: unknown }>("select used_at from portal_links where token_hash = $1", [hashToken(token)]);
        const link = known[0];
        if (!link) return { ok: false, reason: "unknown" };
        return { ok: false, reason: link.used_at ? "used" : "expired" };
      }
      const started = await start(row.grant_json);
      return { ok: true, token: started.token, session: started.session, returnUrl: row.return_url };
    },

    start,

    async find(token) {
      const rows = await sql.query<SessionRow>(
        `select user_json, role, customer_ids, expires_at, preferences from sessions
         where id_hash = $1 and ended_at is null and expires_at > $2`,
        [hashToken(token), options.now().toISOString()],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        user: row.user_json,
        role: row.role,
        customer_ids: row.customer_ids,
        expires_at: iso(row.expires_at),
        preferences: row.preferences ?? NO_PREFERENCES,
      };
    },

    async purge() {
      const cutoff = new Date(options.now().getTime() - 24 * 60 * 60 * 1000).toISOString();
      await sql.query("delete from sessions where expires_at < $1 or ended_at < $1", [cutoff]);
      await sql.query("delete from portal_links where expires_at < $1", [cutoff]);
    },

    async end(token) {
      await sql.query("update sessions set ended_at = $2 where id_hash = $1 and ended_at is null", [
        hashToken(token),
        options.now().toISOString(),
      ]);
    },
  };
}
