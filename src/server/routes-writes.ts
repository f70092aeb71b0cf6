/**
 * Writes: each a parsed operation, never a forwarded body. Seat edits (seat-edit.ts) and alert
 * create and archive (alerts.ts), on the Metronome paths the dashboard calls them by.
 */
import { Hono } from "hono";
import { createAlertWrites } from "./alerts";
import { requireSession, type AppDeps, type Env } from "./context";
import { createSeatEdits } from "./seat-edit";

export function writeRoutes(deps: AppDeps) {
  const seatEdit = createSeatEdits({
    sql: deps.sql,
    upstream: deps.upstream,
    reads: deps.reads,
    directory: deps.directory,
    audit: deps.audit,
    instance: deps.instance,
    seatPolicy: deps.config.seatPolicy,
    now: deps.now,
    maxSeats: deps.config.upstream.kind === "simulator" ? deps.config.upstream.maxSeats : null,
  });
  const alerts = createAlertWrites(deps.upstream, deps.reads);
  const app = new Hono<Env>();

  app.post("/api/metronome/v2/contracts/edit", async (c) =>
    seatEdit({ session: requireSession(c), body: await c.req.text(), claimedPreview: c.req.header("x-seat-preview") }),
  );
  app.post("/api/metronome/v1/alerts/create", async (c) => alerts.create(requireSession(c), await c.req.text()));
  app.post("/api/metronome/v1/alerts/archive", async (c) => alerts.archive(requireSession(c), await c.req.text()));

  return app;
}
