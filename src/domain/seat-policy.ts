/**
 * Seat policy (S5), checked on the schedule a change would produce: the customer's minimum and
 * maximum seats, never fewer seats than are assigned (a removal of unassigned seats may not reach
 * into assigned ones), and the seat cap of seat-based subscriptions (Metronome answers 422 above
 * it). Only the intervals the change alters are judged, so a change that moves towards the limits
 * is never blocked by a schedule that was already outside them.
 */
import { error, formatCount, seats, type EditIssue } from "./issues";
import type { UnassignedShortfall } from "./seat-timeline";
import { diffTimelines, type ChangedSpan, type Timeline } from "./timeline";
import { formatInstant } from "./time";

/** Per-customer limits; null means no limit. Structurally the server's SeatPolicy. */
export interface SeatLimits {
  min_seats: number | null;
  max_seats: number | null;
}

/** Metronome's default cap on seats of a seat-based subscription. */
export const DEFAULT_SEAT_CAP = 1000;

/** The seat counts a subscription may have: the policy's minimum (0 without one) to its maximum, capped for seat-based subscriptions; max null when unlimited. */
export function allowedSeatRange(
  policy: SeatLimits | null | undefined,
  seatBased: boolean,
  maxSeats: number = DEFAULT_SEAT_CAP,
): { min: number; max: number | null; fromPolicy: boolean } {
  const min = Math.max(0, policy?.min_seats ?? 0);
  const caps = [policy?.max_seats ?? null, seatBased ? maxSeats : null].filter((n): n is number => n !== null);
  return { min, max: caps.length > 0 ? Math.min(...caps) : null, fromPolicy: policy?.min_seats != null || policy?.max_seats != null };
}

export interface SeatPolicyOptions {
  policy?: SeatLimits | null;
  /** Seat-based subscriptions are subject to the cap and the assigned-seat floor. */
  seatBased: boolean;
  /** Seat cap (default 1000). */
  maxSeats?: number;
  /** The schedule before the change; when given, only the intervals that differ are judged. */
  before?: Timeline | null;
  /** Removals of unassigned seats that asked for more than there were (from the seat replay). */
  shortfalls?: readonly UnassignedShortfall[];
  /** Field path to blame for a problem starting at t (default: the whole item). */
  blame?: (t: number) => string;
}

function spansToJudge(after: Timeline, before: Timeline | null | undefined): ChangedSpan[] {
  if (before) return diffTimelines(before, after).filter((s) => s.after !== null);
  return after.steps.map((step, i) => ({
    start: step.start,
    end: after.steps[i + 1]?.start ?? after.end,
    before: null,
    after: step,
  }));
}

/** Every policy violation of the schedule `after`; empty when the change is allowed. */
export function checkSeatPolicy(after: Timeline, options: SeatPolicyOptions): EditIssue[] {
  const issues: EditIssue[] = [];
  const blame = options.blame ?? (() => "");
  const cap = options.maxSeats ?? DEFAULT_SEAT_CAP;
  const min = options.policy?.min_seats ?? null;
  const max = options.policy?.max_seats ?? null;
  let capPeak: { t: number; total: number } | null = null;
  let maxHit: { t: number; total: number } | null = null;
  let minHit: { t: number; total: number } | null = null;

  for (const span of spansToJudge(after, options.before)) {
    const total = span.after!.total;
    const previous = span.before?.total ?? null;
    if (options.seatBased && total > cap && (capPeak === null || total > capPeak.total)) capPeak = { t: span.start, total };
    if (max !== null && total > max && (previous === null || total > previous) && maxHit === null) maxHit = { t: span.start, total };
    if (min !== null && total < min && (previous === null || total < previous) && minHit === null) minHit = { t: span.start, total };
    const assigned = span.after!.assigned;
    if (assigned !== null && total < assigned.length) {
      issues.push(
        error(
          blame(span.start),
          "below_assigned_seats",
          `This would leave ${seats(total)} on ${formatInstant(span.start)}, fewer than the ${formatCount(assigned.length)} assigned`,
          403,
        ),
      );
    }
  }

  if (capPeak) {
    issues.push(
      error(
        blame(capPeak.t),
        "above_seat_cap",
        `This would take the subscription to ${seats(capPeak.total)}; the cap is ${formatCount(cap)}`,
        422,
      ),
    );
  }
  if (maxHit) {
    issues.push(
      error(
        blame(maxHit.t),
        "above_max_seats",
        `This would take the subscription to ${seats(maxHit.total)} on ${formatInstant(maxHit.t)}; the most allowed for this customer is ${formatCount(max!)}`,
        403,
      ),
    );
  }
  if (minHit) {
    issues.push(
      error(
        blame(minHit.t),
        "below_min_seats",
        `This would take the subscription down to ${seats(minHit.total)} on ${formatInstant(minHit.t)}; the least allowed for this customer is ${formatCount(min!)}`,
        403,
      ),
    );
  }
  if (options.seatBased) {
    for (const s of options.shortfalls ?? []) {
      issues.push(
        error(
          `${s.path}.quantity`,
          "below_assigned_seats",
          `Removing ${formatCount(s.requested)} unassigned ${s.requested === 1 ? "seat" : "seats"} on ${formatInstant(s.t)} would go below the ${formatCount(s.assigned)} assigned ${s.assigned === 1 ? "seat" : "seats"}: only ${formatCount(s.available)} ${s.available === 1 ? "is" : "are"} unassigned`,
          403,
        ),
      );
    }
  }
  return issues;
}
