import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

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

/** Hashed build output under /assets/ never changes; everything else is revalidated. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the built SPA: files under dist (hashed assets cached for a year), and index.html for
 * client routes (paths without a file extension). Returns null for paths it does not serve.
 */
export function createStaticHandler(distDir: string | null): ((pathname: string, method: string) => Promise<Response | null>) | null {
  if (distDir === null || !existsSync(path.join(distDir, "index.html"))) return null;
  const root = path.resolve(distDir);

  async function file(relative: string, cacheControl: string, method: string): Promise<Response | null> {
    const full = path.resolve(root, `.${relative}`);
    if (full !== root && !full.startsWith(root + path.sep)) return null;
    try {
      const info = await stat(full);
      if (!info.isFile()) return null;
      const headers = {
        "content-type": TYPES[path.extname(full).toLowerCase()] ?? "application/octet-stream",
        "cache-control": cacheControl,
        "content-length": String(info.size),
      };
      return new Response(method === "HEAD" ? null : await readFile(full), { status: 200, headers });
    } catch {
      return null;
    }
  }

  return async (pathname, method) => {
    if (method !== "GET" && method !== "HEAD") return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (decoded.includes("\0")) return null;
    if (decoded === "/" || decoded === "/index.html") return file("/index.html", "no-cache", method);
    const cache = decoded.startsWith("/assets/") ? IMMUTABLE : "public, max-age=3600";
    const found = await file(decoded, cache, method);
    if (found) return found;
    // Client routes (no extension, or anything under /c/, where a seat id such as an e-mail
    // address may end the path) get the SPA shell; missing files stay 404.
    if (path.extname(decoded) === "" || decoded.startsWith("/c/")) return file("/index.html", "no-cache", method);
    return null;
  };
}
