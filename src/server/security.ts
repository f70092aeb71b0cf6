import type { MiddlewareHandler } from "hono";
import { jsonError } from "./errors";

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
