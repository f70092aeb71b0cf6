/** What every route module of the server shares: the Hono environment, its dependencies and small request helpers. */
import type { Context } from "hono";
import type { Upstream } from "../contract/bff";
import { toIso } from "../domain/time";
import type { AccessService } from "./access";
import type { AuditStore } from "./audit";
import type { ServerConfig } from "./config";
import type { CustomerDirectory } from "./customers";
import type { Sql } from "./db";
import type { ReadLayer } from "./read-layer";
import { HttpError } from "./errors";
import type { ServerInstance } from "./instances";
import { assertCustomerInScope } from "./scope";
import type { LimitedUpstream } from "./upstream-limit";
import type { ActiveSession, SessionStore } from "./sessions";
import { upstreamNow } from "./upstream";
import type { WebhookEventStore } from "./webhooks";

export interface Env {
  Variables: { session: ActiveSession | null; sessionToken: string | null; requestId: string };
}

export type AppContext = Context<Env>;

/** Everything the route modules read; built once by createApp. */
export interface AppDeps {
  config: ServerConfig;
  sql: Sql;
  /** Every Metronome call of this process, under one concurrency limit with 429 handling (upstream-limit.ts). */
  upstream: LimitedUpstream;
  /**
   * Metronome reads for the dashboard (the proxy and the views): cached, coalesced, stale while
   * revalidating (read-layer.ts). A write invalidates its customer before it answers.
   */
  reads: ReadLayer;
  kind: Upstream;
  sessions: SessionStore;
  directory: CustomerDirectory;
  audit: AuditStore;
  events: WebhookEventStore;
  /** The host product's access check, answered from the webhook-fed projection (access.ts). */
  access: AccessService;
  instance: ServerInstance;
  now: () => Date;
  /** Handles a request in process (the embedded simulator's webhooks reach the receiver this way). */
  fetch: (request: Request) => Promise<Response>;
}

/** The upstream's current time: the embedded simulator's clock, else this server's. */
export async function upstreamClock(deps: Pick<AppDeps, "upstream" | "now">): Promise<string> {
  return toIso(await upstreamNow(deps.upstream, deps.now));
}

export function requireSession(c: AppContext): ActiveSession {
  const session = c.get("session");
  if (!session) throw new HttpError(401, "You are signed out or your session has expired; sign in again", "unauthenticated");
  return session;
}

/** The `customer_id` query parameter, checked against the session's scope. */
export function requireCustomerParam(c: AppContext, session: ActiveSession): string {
  const customerId = c.req.query("customer_id");
  if (!customerId) throw new HttpError(400, "customer_id query parameter is required", "invalid_query");
  assertCustomerInScope(session, customerId);
  return customerId;
}

export function intParam(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d{1,7}$/.test(raw) || !Number.isInteger(value) || value < 1 || value > max) throw new HttpError(400, `${name} must be an integer from 1 to ${max}`, "invalid_query");
  return value;
}

export function requireEmbedded(deps: Pick<AppDeps, "kind">): void {
  if (deps.kind !== "simulator") throw new HttpError(404, "Only available with the embedded simulator", "not_found");
}
