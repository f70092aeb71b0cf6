import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Upstream } from "../contract/bff";

export interface SeatLimits {
  min_seats: number | null;
  max_seats: number | null;
}

/** Seat policy per customer, keyed by Metronome customer id or by ingest alias. */
export type SeatPolicyConfig = Record<string, SeatLimits>;

export type UpstreamConfig =
  | { kind: "simulator"; now: string | null; scenario: "demo" | "empty"; maxSeats: number | null }
  | { kind: "metronome"; baseUrl: string; token: string };

export interface ServerConfig {
  port: number;
  /** State directory (simulator state, PGlite database, generated secrets); null keeps everything in memory. */
  dataDir: string | null;
  /** Built SPA; null or missing serves the API only. */
  distDir: string | null;
  upstream: UpstreamConfig;
  portalSecret: string;
  /** null: webhooks are refused (live mode without METRONOME_WEBHOOK_SECRET). */
  webhookSecret: string | null;
  /** PostgreSQL URL; null means embedded PGlite (in dataDir, or in memory). */
  databaseUrl: string | null;
  sessionTtlSeconds: number;
  portalLinkTtlSeconds: number;
  frameAncestors: string;
  seatPolicy: SeatPolicyConfig;
  /** Public origin (e.g. https://seats.example.com) used for portal links and Secure cookies; null: the request's. */
  publicUrl: string | null;
}

export const DEMO_SEAT_POLICY: SeatPolicyConfig = {
  acme: { min_seats: 5, max_seats: 60 },
  globex: { min_seats: 10, max_seats: 400 },
};

export function upstreamKind(config: ServerConfig): Upstream {
  return config.upstream.kind === "simulator" ? "simulator" : "metronome";
}

type Env = Record<string, string | undefined>;

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Reads a secret from DATA_DIR, generating and keeping it on first use. */
async function keptSecret(dataDir: string | null, file: string): Promise<string> {
  if (dataDir === null) return randomBytes(32).toString("base64url");
  const full = path.join(dataDir, file);
  try {
    const existing = (await readFile(full, "utf8")).trim();
    if (existing !== "") return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(32).toString("base64url");
  await writeFile(full, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export function parseSeatPolicy(text: string, source: string): SeatPolicyConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${source} must be a JSON object {"<customer id or ingest alias>": {"min_seats": n, "max_seats": n}}`);
  }
  const result: SeatPolicyConfig = {};
  for (const [key, limits] of Object.entries(value)) {
    if (typeof limits !== "object" || limits === null) throw new Error(`${source}: "${key}" must be an object`);
    const { min_seats = null, max_seats = null } = limits as Record<string, unknown>;
    for (const [name, n] of [["min_seats", min_seats], ["max_seats", max_seats]] as const) {
      if (n !== null && !(typeof n === "number" && Number.isInteger(n) && n >= 0)) {
        throw new Error(`${source}: "${key}".${name} must be a non-negative integer or null`);
      }
    }
    if (typeof min_seats === "number" && typeof max_seats === "number" && min_seats > max_seats) {
      throw new Error(`${source}: "${key}" has min_seats above max_seats`);
    }
    result[key] = { min_seats: min_seats as number | null, max_seats: max_seats as number | null };
  }
  return result;
}

async function loadSeatPolicy(env: Env, dataDir: string | null, embedded: boolean): Promise<SeatPolicyConfig> {
  if (env.SEAT_POLICY) return parseSeatPolicy(env.SEAT_POLICY, "SEAT_POLICY");
  if (dataDir !== null) {
    const file = path.join(dataDir, "seat-policy.json");
    try {
      return parseSeatPolicy(await readFile(file, "utf8"), file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return embedded ? DEMO_SEAT_POLICY : {};
}

/** Builds the server configuration from the environment (see the README's configuration table). */
export async function loadConfig(env: Env = process.env, cwd = process.cwd()): Promise<ServerConfig> {
  const dataDir = path.resolve(cwd, env.DATA_DIR || ".data");
  await mkdir(dataDir, { recursive: true });
  const token = env.METRONOME_API_TOKEN?.trim();
  const embedded = !token;
  const now = env.SIMULATOR_NOW?.trim() || null;
  if (now !== null && Number.isNaN(Date.parse(now))) throw new Error(`SIMULATOR_NOW must be an ISO date-time, got "${now}"`);
  const upstream: UpstreamConfig = embedded
    ? {
        kind: "simulator",
        now,
        scenario: env.SIMULATOR_SCENARIO === "empty" ? "empty" : "demo",
        maxSeats: env.SIMULATOR_MAX_SEATS ? positiveInt(env, "SIMULATOR_MAX_SEATS", 1000) : null,
      }
    : { kind: "metronome", baseUrl: (env.METRONOME_BASE_URL || "https://api.metronome.com").replace(/\/+$/, ""), token };
  const webhookSecret = env.METRONOME_WEBHOOK_SECRET?.trim() || (embedded ? await keptSecret(dataDir, "webhook-secret") : null);
  const publicUrl = env.PUBLIC_URL?.trim() ? new URL(env.PUBLIC_URL.trim()).origin : null;
  return {
    port: positiveInt(env, "PORT", 4173),
    dataDir,
    distDir: path.resolve(cwd, env.DIST_DIR || "dist"),
    upstream,
    portalSecret: env.PORTAL_SECRET?.trim() || (await keptSecret(dataDir, "portal-secret")),
    webhookSecret,
    databaseUrl: env.DATABASE_URL?.trim() || null,
    sessionTtlSeconds: positiveInt(env, "SESSION_TTL_SECONDS", 12 * 60 * 60),
    portalLinkTtlSeconds: positiveInt(env, "PORTAL_LINK_TTL_SECONDS", 5 * 60),
    frameAncestors: env.FRAME_ANCESTORS?.trim() || "'self'",
    seatPolicy: await loadSeatPolicy(env, dataDir, embedded),
    publicUrl,
  };
}
