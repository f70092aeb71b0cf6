import { createHmac } from "node:crypto";
import type { ServerConfig } from "./config";
import { DEMO_SEAT_POLICY } from "./config";
import { SESSION_COOKIE, type ServerApp } from "./app";

export const TEST_ORIGIN = "http://localhost:4173";
export const TEST_PORTAL_SECRET = "test-portal-secret";
export const TEST_WEBHOOK_SECRET = "test-webhook-secret";

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 4173,
    dataDir: null,
    distDir: null,
    upstream: { kind: "simulator", now: null, scenario: "demo", maxSeats: null },
    portalSecret: TEST_PORTAL_SECRET,
    webhookSecret: TEST_WEBHOOK_SECRET,
    databaseUrl: null,
    sessionTtlSeconds: 12 * 60 * 60,
    portalLinkTtlSeconds: 5 * 60,
    frameAncestors: "'self'",
    seatPolicy: DEMO_SEAT_POLICY,
    publicUrl: null,
    ...overrides,
  };
}

/** A settable clock for sessions and links. */
export function testClock(start = "2026-11-24T12:00:00.000Z") {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance(seconds: number) {
      current += seconds * 1000;
    },
  };
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text (sent as is). */
  raw?: string;
  cookie?: string | null;
  headers?: Record<string, string>;
  /** Origin header; null sends none. Defaults to the app's own origin for non-GET requests. */
  origin?: string | null;
}

/** Calls the app in process the way the SPA does (same origin, JSON). */
export async function call(server: ServerApp, method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const hasBody = options.body !== undefined || options.raw !== undefined;
  if (hasBody && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
  const origin = options.origin === undefined ? (method === "GET" ? null : TEST_ORIGIN) : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.cookie) headers.cookie = `${SESSION_COOKIE}=${options.cookie}`;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return server.fetch(new Request(TEST_ORIGIN + path, { method, headers, ...(body !== undefined ? { body } : {}) }));
}

/** The session cookie value a response sets, or null. */
export function sessionCookieFrom(response: Response): string | null {
  for (const line of response.headers.getSetCookie()) {
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(line);
    if (match && match[1]) return match[1];
  }
  return null;
}

export async function demoSignIn(server: ServerApp, personId: string): Promise<string> {
  const response = await call(server, "POST", "/api/demo-sign-in", { body: { person_id: personId } });
  if (response.status !== 200) throw new Error(`demo sign-in ${personId} failed: ${response.status} ${await response.text()}`);
  const cookie = sessionCookieFrom(response);
  if (!cookie) throw new Error("no session cookie");
  return cookie;
}

/** Signs a webhook body the way Metronome does. */
export function signWebhook(body: string, secret: string, date = new Date()): Record<string, string> {
  const stamp = date.toUTCString();
  const signature = createHmac("sha256", secret).update(`${stamp}\n${body}`).digest("hex");
  return { "content-type": "application/json", "x-metronome-date": stamp, "metronome-webhook-signature": signature };
}
