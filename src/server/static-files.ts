import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".map": "application/json; charset=utf-8",
};

/** Text types worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".webmanifest", ".map"]);
/** Below this, compression saves less than its headers cost. */
const MIN_COMPRESS_BYTES = 512;

type Encoding = "br" | "gzip";

/** One file's bytes as read, with its ETag and, for text types, its compressed forms (made once, kept in memory). */
interface CachedFile {
  mtimeMs: number;
  size: number;
  raw: Buffer;
  etag: string;
  encoded: Promise<Partial<Record<Encoding, Buffer>>> | null;
}

/** The encodings the client accepts (`Accept-Encoding`, honouring `q=0`), best first: brotli, then gzip. */
export function acceptedEncodings(header: string | null | undefined): Encoding[] {
  if (!header) return [];
  const accepted = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    accepted.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const wildcard = accepted.get("*");
  return (["br", "gzip"] as const).filter((e) => (accepted.get(e) ?? wildcard ?? 0) > 0);
}

async function compress(raw: Buffer): Promise<Partial<Record<Encoding, Buffer>>> {
  const [br, gz] = await Promise.all([
    brotliAsync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    gzipAsync(raw, { level: 9 }),
  ]);
  const out: Partial<Record<Encoding, Buffer>> = {};
  if (br.length < raw.length) out.br = br;
  if (gz.length < raw.length) out.gzip = gz;
  return out;
}

/** Hashed build output under /assets/ never changes; everything else is revalidated. */
const IMMUTABLE = "public, max-age=31536000, immutable";

export type StaticHandler = (pathname: string, method: string, requestHeaders?: Headers) => Promise<Response | null>;

/**
 * Serves the built SPA: files under dist (hashed assets cached for a year), and index.html for
 * client routes (paths without a file extension). Returns null for paths it does not serve.
 * Text files go out brotli- or gzip-compressed when the client accepts it (compressed once and kept
 * in memory; every text file of the build is compressed in the background at start), with an ETag
 * per encoding and `If-None-Match` answered with 304.
 */
export function createStaticHandler(distDir: string | null): StaticHandler | null {
  if (distDir === null || !existsSync(path.join(distDir, "index.html"))) return null;
  const root = path.resolve(distDir);
  const cache = new Map<string, CachedFile>();

  async function load(full: string): Promise<CachedFile | null> {
    const info = await stat(full);
    if (!info.isFile()) return null;
    const cached = cache.get(full);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const raw = await readFile(full);
    const etag = `"${createHash("sha1").update(raw).digest("base64url").slice(0, 22)}"`;
    const compressible = COMPRESSIBLE.has(path.extname(full).toLowerCase()) && raw.length >= MIN_COMPRESS_BYTES;
    const entry: CachedFile = { mtimeMs: info.mtimeMs, size: info.size, raw, etag, encoded: compressible ? compress(raw) : null };
    entry.encoded?.catch(() => undefined);
    cache.set(full, entry);
    return entry;
  }

  async function file(relative: string, cacheControl: string, method: string, requestHeaders?: Headers): Promise<Response | null> {
    const full = path.resolve(root, `.${relative}`);
    if (full !== root && !full.startsWith(root + path.sep)) return null;
    let entry: CachedFile | null;
    try {
      entry = await load(full);
    } catch {
      return null;
    }
    if (!entry) return null;
    const encoded = entry.encoded ? await entry.encoded.catch(() => ({}) as Partial<Record<Encoding, Buffer>>) : null;
    const encoding = encoded ? acceptedEncodings(requestHeaders?.get("accept-encoding")).find((e) => encoded[e]) : undefined;
    const body = encoding && encoded ? (encoded[encoding] ?? entry.raw) : entry.raw;
    const etag = encoding ? `${entry.etag.slice(0, -1)}-${encoding}"` : entry.etag;
    const headers: Record<string, string> = {
      "content-type": TYPES[path.extname(full).toLowerCase()] ?? "application/octet-stream",
      "cache-control": cacheControl,
      etag,
    };
    if (entry.encoded) headers.vary = "Accept-Encoding";
    const ifNoneMatch = requestHeaders?.get("if-none-match");
    if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*")) {
      return new Response(null, { status: 304, headers });
    }
    if (encoding) headers["content-encoding"] = encoding;
    headers["content-length"] = String(body.length);
    return new Response(method === "HEAD" ? null : new Uint8Array(body), { status: 200, headers });
  }

  // Compress the whole build in the background now, so no visitor waits for it.
  async function warm(dir: string): Promise<void> {
    for (const item of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) await warm(full);
      else if (COMPRESSIBLE.has(path.extname(item.name).toLowerCase())) await (await load(full))?.encoded;
    }
  }
  void warm(root).catch(() => undefined);

  return async (pathname, method, requestHeaders) => {
    if (method !== "GET" && method !== "HEAD") return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (decoded.includes("\0")) return null;
    if (decoded === "/" || decoded === "/index.html") return file("/index.html", "no-cache", method, requestHeaders);
    const cacheControl = decoded.startsWith("/assets/") ? IMMUTABLE : "public, max-age=3600";
    const found = await file(decoded, cacheControl, method, requestHeaders);
    if (found) return found;
    // Client routes (no extension, or anything under /c/, where a seat id such as an e-mail
    // address may end the path) get the SPA shell; missing files stay 404.
    if (path.extname(decoded) === "" || decoded.startsWith("/c/")) return file("/index.html", "no-cache", method, requestHeaders);
    return null;
  };
}
