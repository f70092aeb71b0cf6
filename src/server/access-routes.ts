/**
 * The access check's endpoints: `POST /api/access/check` for the host product's backend (bearer
 * PORTAL_SECRET, no session, no Origin: exempt from the CSRF guard), `GET /api/access` for the
 * dashboard (session, customer scope), and the refresh of a customer's projection after each of
 * the server's own writes that can change its access.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import type { AccessCheckRequest } from "../contract/bff";
import { requireCustomerParam, requireSession, type AppDeps, type Env } from "./context";
import { HttpError } from "./errors";
import { isObject, parseJsonObject } from "./json";
import { firstProblem } from "./operations";
import { requirePortalSecret } from "./routes-sessions";

export const ACCESS_CHECK_PATH = "/api/access/check";

const customerId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "must be a customer id (letters, digits, - and _; at most 64 characters)");
// Seat IDs are stored as seat edits write them: NFC, trimmed, 1–255 characters.
const seatId = z
  .string()
  .transform((raw) => raw.normalize("NFC").trim())
  .pipe(z.string().min(1, "must not be empty").max(255, "must be at most 255 characters").regex(/^[^\p{Cc}\p{Cs}]*$/u, "must not contain control characters"));

const checkSchema = z.strictObject({ customer_id: customerId, seat_id: seatId.optional() }) satisfies z.ZodType<AccessCheckRequest, unknown>;

function parseAccessCheck(bodyText: string): AccessCheckRequest {
  const result = checkSchema.safeParse(parseJsonObject(bodyText));
  if (!result.success) throw new HttpError(400, firstProblem(result.error, "customer_id, seat_id"), "invalid_request");
  return result.data;
}

export function accessRoutes(deps: AppDeps) {
  const app = new Hono<Env>();
  app.post(ACCESS_CHECK_PATH, async (c) => {
    requirePortalSecret(c, deps.config.portalSecret);
    const request = parseAccessCheck(await c.req.text());
    return c.json(await deps.access.check(request.customer_id, request.seat_id ?? null));
  });
  app.get("/api/access", async (c) => {
    const session = requireSession(c);
    return c.json(await deps.access.customerAccess(requireCustomerParam(c, session)));
  });
  return app;
}

/** The server's own writes that change a customer's access; each names its customer in `customer_id`. */
const ACCESS_WRITES = new Set([
  "POST /api/metronome/v2/contracts/edit",
  "POST /api/metronome/v1/alerts/create",
  "POST /api/metronome/v1/alerts/archive",
  "POST /api/top-ups",
  // Turning auto-recharge on below the threshold recharges at once.
  "PUT /api/auto-recharge",
]);

/**
 * After one of those writes succeeds, the customer's projection is read again; the answer waits for
 * it a moment (AccessService.afterWrite), so a check made after a small customer's write sees it.
 */
export function refreshAfterWrites(deps: Pick<AppDeps, "access">): MiddlewareHandler<Env> {
  return async (c, next) => {
    await next();
    if (!ACCESS_WRITES.has(`${c.req.method} ${c.req.path}`) || c.res.status >= 300) return;
    let customer: unknown;
    try {
      const body: unknown = JSON.parse(await c.req.text());
      customer = isObject(body) ? body.customer_id : undefined;
    } catch {
      return;
    }
    if (typeof customer !== "string") return;
    await deps.access.afterWrite(customer);
  };
}
