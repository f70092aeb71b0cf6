import { randomBytes } from "node:crypto";
import { lstat, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Upstream } from "../contract/bff";
import { STATE_FILE } from "../simulator/node/file-store";
import { loadTopUpConfig, type TopUpConfig } from "./top-ups-catalogue";
import { parseFrameAncestors } from "./security";

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
  /** CSP frame-ancestors sources (parseFrameAncestors): `'self'`, or host origins that may embed the portal. */
  frameAncestors: string;
  seatPolicy: SeatPolicyConfig;
  /** Public origin (e.g. https://seats.example.com) used for portal links and Secure cookies; null: the request's. */
  publicUrl: string | null;
  /** The access check's answer when the state cannot be learnt (ACCESS_CHECK_UNKNOWN); absent: closed. */
  accessCheckUnknown?: "open" | "closed";
  /** The read layer's windows and budget and the upstream call limit (read-layer.ts, upstream-limit.ts); unset: their defaults. */
  readLayer?: ReadLayerConfig;
  /** Top-up packs and auto-recharge bounds (TOPUP_PACKS, AUTO_RECHARGE_BOUNDS); absent: the demo's when embedded, else none. */
  topUps?: TopUpConfig;
}

export interface ReadLayerConfig {
  freshMs: number;
  maxStaleMs: number;
  maxBytes: number;
  upstreamConcurrency: number;
  upstreamRetries: number;
}

/** The defaults of ReadLayerConfig (the README's read layer section). */
export const DEFAULT_READ_LAYER: ReadLayerConfig = {
  freshMs: 5_000,
  maxStaleMs: 60_000,
  maxBytes: 64 * 1024 * 1024,
  upstreamConcurrency: 8,
  upstreamRetries: 3,
};

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

function nonNegativeInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function loadReadLayer(env: Env): ReadLayerConfig {
  const d = DEFAULT_READ_LAYER;
  const freshMs = nonNegativeInt(env, "READ_CACHE_FRESH_MS", d.freshMs);
  const maxStaleMs = nonNegativeInt(env, "READ_CACHE_MAX_STALE_MS", Math.max(d.maxStaleMs, freshMs));
  if (maxStaleMs < freshMs) throw new Error(`READ_CACHE_MAX_STALE_MS (${maxStaleMs}) must not be below READ_CACHE_FRESH_MS (${freshMs})`);
  return {
    freshMs,
    maxStaleMs,
    maxBytes: positiveInt(env, "READ_CACHE_MAX_MB", d.maxBytes / (1024 * 1024)) * 1024 * 1024,
    upstreamConcurrency: positiveInt(env, "METRONOME_MAX_CONCURRENCY", d.upstreamConcurrency),
    upstreamRetries: nonNegativeInt(env, "METRONOME_MAX_RETRIES", d.upstreamRetries),
  };
}

/** Secrets shorter than this are refused, from a file or from the environment. */
export const MIN_SECRET_LENGTH = 16;

/** PGlite's database directory in DATA_DIR (see openPglite in ./db). */
const PGLITE_DIR = "db";

interface SecretSpec {
  /** File in DATA_DIR. */
  file: "portal-secret" | "webhook-secret";
  /** Environment variable that takes precedence over the file. */
  env: "PORTAL_SECRET" | "METRONOME_WEBHOOK_SECRET";
  /** Entries of DATA_DIR that a run using this secret file leaves behind: their presence means it is not a first start. */
  evidence: readonly string[];
  /** What breaks when a new secret replaces the one in use. */
  breaks: string;
}

const PORTAL_SECRET_FILE: SecretSpec = {
  file: "portal-secret",
  env: "PORTAL_SECRET",
  // Every run writes one of them (the database unless DATABASE_URL is set; the state in embedded mode).
  evidence: [PGLITE_DIR, STATE_FILE],
  breaks: "the host product's links stop working if a new one is generated",
};

const WEBHOOK_SECRET_FILE: SecretSpec = {
  file: "webhook-secret",
  env: "METRONOME_WEBHOOK_SECRET",
  // Only the embedded simulator uses this file; a live-mode database says nothing about it.
  evidence: [STATE_FILE],
  breaks: "webhooks signed with the old one are refused if a new one is generated",
};

const HOW_TO_MAKE = "e.g. `openssl rand -base64 32`";

function tooShort(length: number): string {
  return `has ${length} character${length === 1 ? "" : "s"}; a secret needs at least ${MIN_SECRET_LENGTH} (${HOW_TO_MAKE})`;
}

/** A secret from the environment (unset or blank: null); a short one is refused. */
function secretFromEnv(env: Env, name: SecretSpec["env"]): string | null {
  const value = env[name]?.trim();
  if (!value) return null;
  if (value.length < MIN_SECRET_LENGTH) throw new Error(`${name} ${tooShort(value.length)}`);
  return value;
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw new Error(`Cannot check ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** The entries of DATA_DIR, among `names`, that an earlier run left. */
async function earlierRunState(dataDir: string, names: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of names) if (await exists(path.join(dataDir, name))) found.push(name);
  return found;
}

/**
 * Reads a secret kept in DATA_DIR. It is generated only on a first start: when the file is missing
 * and DATA_DIR holds nothing an earlier run that used it would have left (spec.evidence). Otherwise a
 * missing, empty, unreadable or short file is an error: a secret is never replaced silently.
 */
async function keptSecret(dataDir: string, spec: SecretSpec): Promise<string> {
  const full = path.join(dataDir, spec.file);
  let text: string | null;
  try {
    text = await readFile(full, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new Error(`Cannot read ${full}: ${(error as Error).message}. Make it readable by the server's user, or set ${spec.env}.`, { cause: error });
    }
    text = null;
  }
  if (text !== null) {
    const secret = text.trim();
    if (secret === "") {
      throw new Error(
        (await earlierRunState(dataDir, spec.evidence)).length > 0
          ? `${full} is empty. Put the secret in use back in it (or a new one, ${HOW_TO_MAKE}, to replace it on purpose), or set ${spec.env}.`
          : `${full} is empty. Put the secret in it, delete the file to have a new one generated, or set ${spec.env}.`,
      );
    }
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`${full} ${tooShort(secret.length)}: put a longer one in it, or set ${spec.env}.`);
    return secret;
  }
  const earlier = await earlierRunState(dataDir, spec.evidence);
  if (earlier.length > 0) {
    throw new Error(
      `${full} is missing, but ${dataDir} holds state from an earlier run (${earlier.join(", ")}), so it was removed or the secret came from ${spec.env}: ${spec.breaks}. ` +
        `Restore it, set ${spec.env}, or delete the data directory to start afresh.`,
    );
  }
  const secret = randomBytes(32).toString("base64url");
  try {
    // Exclusive create: a file another process wrote meanwhile is read, never overwritten.
    await writeFile(full, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return keptSecret(dataDir, spec);
    throw new Error(`Cannot write ${full}: ${(error as Error).message}. Make ${dataDir} writable, or set ${spec.env}.`, { cause: error });
  }
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

/** ACCESS_CHECK_UNKNOWN: whether the access check lets a customer in when its state cannot be learnt. */
function accessCheckUnknown(env: Env): "open" | "closed" {
  const value = env.ACCESS_CHECK_UNKNOWN?.trim().toLowerCase() || "closed";
  if (value !== "open" && value !== "closed") throw new Error(`ACCESS_CHECK_UNKNOWN must be open or closed, got "${env.ACCESS_CHECK_UNKNOWN}"`);
  return value;
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
  const webhookSecret = secretFromEnv(env, "METRONOME_WEBHOOK_SECRET") ?? (embedded ? await keptSecret(dataDir, WEBHOOK_SECRET_FILE) : null);
  const portalSecret = secretFromEnv(env, "PORTAL_SECRET") ?? (await keptSecret(dataDir, PORTAL_SECRET_FILE));
  const publicUrl = env.PUBLIC_URL?.trim() ? new URL(env.PUBLIC_URL.trim()).origin : null;
  return {
    port: positiveInt(env, "PORT", 4173),
    dataDir,
    distDir: path.resolve(cwd, env.DIST_DIR || "dist"),
    upstream,
    portalSecret,
    webhookSecret,
    databaseUrl: env.DATABASE_URL?.trim() || null,
    sessionTtlSeconds: positiveInt(env, "SESSION_TTL_SECONDS", 12 * 60 * 60),
    portalLinkTtlSeconds: positiveInt(env, "PORTAL_LINK_TTL_SECONDS", 5 * 60),
    frameAncestors: parseFrameAncestors(env.FRAME_ANCESTORS),
    accessCheckUnknown: accessCheckUnknown(env),
    seatPolicy: await loadSeatPolicy(env, dataDir, embedded),
    publicUrl,
    readLayer: loadReadLayer(env),
    topUps: await loadTopUpConfig(env, dataDir, embedded),
  };
}
