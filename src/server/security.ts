import type { MiddlewareHandler } from "hono";
import { jsonError } from "./errors";

const FRAME_ANCESTORS_HINT =
  "FRAME_ANCESTORS must list the host origins that may embed the portal, separated by spaces (https://app.example.com, or http://localhost:3000 for development)";

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

/**
 * The CSP frame-ancestors source list from FRAME_ANCESTORS: `'self'` when unset, else the named
 * origins (each an https origin, or http on localhost; `'self'` may be listed too), normalised and
 * space-separated. Anything else throws, so a typo stops the start instead of opening the frame.
 */
export function parseFrameAncestors(raw: string | undefined): string {
  const tokens = (raw ?? "").split(/[\s,]+/).filter(Boolean);
  if (tokens.length === 0) return "'self'";
  const sources = tokens.map((token) => {
    if (token === "'self'") return token;
    let url: URL | null = null;
    try {
      url = new URL(token);
    } catch {
      // not a URL: refused below
    }
    const secure = url?.protocol === "https:" || (url?.protocol === "http:" && isLoopback(url.hostname));
    const plainHost = url !== null && /^(\[::1\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)$/.test(url.hostname);
    if (!url || !secure || !plainHost || url.origin !== token.replace(/\/$/, "").toLowerCase()) {
      throw new Error(`${FRAME_ANCESTORS_HINT}; "${token.slice(0, 100)}" is not such an origin`);
    }
    return url.origin;
  });
  return [...new Set(sources)].join(" ");
}

/** Whether other sites may frame the portal (FRAME_ANCESTORS names an origin besides 'self'). */
export function framedCrossSite(frameAncestors: string): boolean {
  return frameAncestors.split(" ").some((source) => source !== "'self'");
}

export function contentSecurityPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // Recharts and React position elements with style attributes; no inline <style> or <script>.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

/** Security headers on every response. */
export function securityHeaders(options: { frameAncestors: string; https: (url: URL) => boolean }): MiddlewareHandler {
  const csp = contentSecurityPolicy(options.frameAncestors);
  return async (c, next) => {
    await next();
    let headers = c.res.headers;
    try {
      headers.set("x-content-type-options", "nosniff");
    } catch {
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
    }
    headers.set("x-content-type-options", "nosniff");
    headers.set("content-security-policy", csp);
    headers.set("referrer-policy", "no-referrer");
    headers.set("cross-origin-opener-policy", "same-origin");
    headers.set("cross-origin-resource-policy", "same-origin");
    headers.set("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (options.frameAncestors.trim() === "'self'") headers.set("x-frame-options", "SAMEORIGIN");
    if (options.https(new URL(c.req.url))) headers.set("strict-transport-security", "max-age=31536000");
    if (new URL(c.req.url).pathname.startsWith("/api/")) headers.set("cache-control", "no-store");
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses cross-site state changes: every non-GET /api/* request must come from this origin
 * (Origin, else Sec-Fetch-Site) and carry a JSON content type. Bearer-authenticated endpoints
 * (webhooks, portal sessions, the simulator control API) are exempt.
 */
export function csrfGuard(options: { exempt: (pathname: string) => boolean; allowedOrigin: (url: URL, host: string | undefined) => string }): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (SAFE_METHODS.has(c.req.method) || options.exempt(url.pathname)) return next();
    const origin = c.req.header("origin");
    const expected = options.allowedOrigin(url, c.req.header("host"));
    if (origin !== undefined) {
      if (origin !== expected) return jsonError(403, `Cross-origin request refused: ${origin} is not ${expected}`, "csrf");
    } else {
      const site = c.req.header("sec-fetch-site");
      if (site !== "same-origin") {
        return jsonError(403, "Request refused: it carries no Origin header proving it comes from this site", "csrf");
      }
    }
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return jsonError(403, "Request refused: state-changing requests must send Content-Type: application/json", "csrf");
    }
    return next();
  };
}
