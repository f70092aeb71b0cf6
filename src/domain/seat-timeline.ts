/**
 * Seat-based subscriptions: assigned seat IDs and unassigned seats over time, same-instant operations
 * in Metronome's order (see docs/metronome.md, "Contract edits"). The existing
 * schedule comes from getSubscriptionSeatsHistory segments; proposed seat_updates are replayed
 * after it in (starting_at, submission order), and within one request and one instant in the fixed
 * order remove_seat_ids → remove_unassigned_seats → add_unassigned_seats → add_seat_ids.
 */
import type { ContractEditParams } from "@metronome/sdk/resources/v2/contracts";
import { error, seats, warning, type EditIssue } from "./issues";
import type { SeatSegment } from "./subscription";
import { collapseSteps, type Timeline, type TimelineStep } from "./timeline";
import { formatInstant, parseTime } from "./time";

export type SeatUpdates = ContractEditParams.UpdateSubscription.SeatUpdates;

export type SeatOp = "remove_seat_ids" | "remove_unassigned_seats" | "add_unassigned_seats" | "add_seat_ids";

/** Same-instant order of the operations of one request. */
export const SEAT_OP_ORDER: readonly SeatOp[] = [
  "remove_seat_ids",
  "remove_unassigned_seats",
  "add_unassigned_seats",
  "add_seat_ids",
];

export interface SeatEvent {
  t: number;
  op: SeatOp;
  /** remove_seat_ids / add_seat_ids */
  ids: readonly string[];
  /** remove_unassigned_seats / add_unassigned_seats */
  count: number;
  /** 0 for events already on the subscription, 1 for the proposed ones (sent later). */
  batch: 0 | 1;
  /** Position of the item in its array (proposed events only). */
  index: number;
  /** Field path of a proposed event, e.g. "seat_updates.add_seat_ids[0]"; null for existing ones. */
  path: string | null;
}

export interface SeatState {
  assigned: readonly string[];
  unassigned: number;
}

export interface ExistingSeats {
  start: number;
  /** End of the last segment, null when open-ended. */
  end: number | null;
  initial: SeatState;
  events: SeatEvent[];
}

function coerceSegment(s: SeatSegment): { start: number; end: number | null; state: SeatState } | null {
  const start = parseTime(s.starting_at);
  const total = Number(s.total_quantity);
  if (start === null || !Number.isFinite(total)) return null;
  const assigned = [...new Set(s.assigned_seat_ids ?? [])];
  return {
    start,
    end: s.ending_before === null ? null : parseTime(s.ending_before),
    state: { assigned, unassigned: Math.max(0, total - assigned.length) },
  };
}

/**
 * The operations that turn one segment's state into the next's, in the fixed order, such that
 * replaying them on `prev` gives exactly `next` (add_seat_ids fills unassigned seats first).
 */
export function opsBetween(prev: SeatState, next: SeatState, t: number): SeatEvent[] {
  const nextSet = new Set(next.assigned);
  const prevSet = new Set(prev.assigned);
  const removed = prev.assigned.filter((id) => !nextSet.has(id));
  const added = next.assigned.filter((id) => !prevSet.has(id));
  const beforeAdd = next.unassigned > 0 ? next.unassigned + added.length : Math.min(prev.unassigned, added.length);
  const delta = beforeAdd - prev.unassigned;
  const base = { t, ids: [] as readonly string[], count: 0, batch: 0 as const, index: 0, path: null };
  const ops: SeatEvent[] = [];
  if (removed.length > 0) ops.push({ ...base, op: "remove_seat_ids", ids: removed });
  if (delta < 0) ops.push({ ...base, op: "remove_unassigned_seats", count: -delta });
  if (delta > 0) ops.push({ ...base, op: "add_unassigned_seats", count: delta });
  if (added.length > 0) ops.push({ ...base, op: "add_seat_ids", ids: added });
  return ops;
}

/** The seat schedule already on the subscription (past and future segments) as a start state plus events. */
export function existingSeatEvents(segments: readonly SeatSegment[]): ExistingSeats | null {
  const parsed = segments
    .map(coerceSegment)
    .filter((s): s is NonNullable<typeof s> => s !== null)
    .sort((a, b) => a.start - b.start);
  const first = parsed[0];
  if (!first) return null;
  const events: SeatEvent[] = [];
  for (let i = 1; i < parsed.length; i += 1) {
    events.push(...opsBetween(parsed[i - 1]!.state, parsed[i]!.state, parsed[i]!.start));
  }
  return { start: first.start, end: parsed[parsed.length - 1]!.end, initial: first.state, events };
}

/** The well-formed items of seat_updates as events. Malformed items are left out; validation reports them. */
export function seatUpdateEvents(updates: SeatUpdates | null | undefined): SeatEvent[] {
  const events: SeatEvent[] = [];
  if (!updates) return events;
  for (const op of SEAT_OP_ORDER) {
    const items = (updates[op] ?? []) as ReadonlyArray<{ starting_at: string; seat_ids?: string[]; quantity?: number }>;
    items.forEach((item, index) => {
      const t = parseTime(item.starting_at);
      if (t === null) return;
      const path = `seat_updates.${op}[${index}]`;
      if (op === "add_seat_ids" || op === "remove_seat_ids") {
        const ids = Array.isArray(item.seat_ids) ? item.seat_ids.filter((id) => typeof id === "string" && id !== "") : [];
        if (ids.length > 0) events.push({ t, op, ids, count: 0, batch: 1, index, path });
      } else {
        const count = Number(item.quantity);
        if (Number.isInteger(count) && count >= 1) events.push({ t, op, ids: [], count, batch: 1, index, path });
      }
    });
  }
  return events;
}

/** Seat IDs that fill unassigned seats at t (no change to the total, so no charge). */
export interface SeatFill {
  t: number;
  ids: string[];
  path: string;
}

/** A remove_unassigned_seats asking for more than there are unassigned seats at t. */
export interface UnassignedShortfall {
  t: number;
  requested: number;
  available: number;
  /** Assigned seats at t: the floor a decrease may not go below. */
  assigned: number;
  path: string;
}

export interface SeatReplay {
  timeline: Timeline;
  issues: EditIssue[];
  fills: SeatFill[];
  shortfalls: UnassignedShortfall[];
}

function compareEvents(a: SeatEvent, b: SeatEvent): number {
  return (
    a.t - b.t ||
    a.batch - b.batch ||
    SEAT_OP_ORDER.indexOf(a.op) - SEAT_OP_ORDER.indexOf(b.op) ||
    a.index - b.index
  );
}

/**
 * Replays `events` on `initial` (in force from `start`) over [start, end). Events outside the
 * range are ignored (validation reports them). Proposed events that do nothing or cannot apply are
 * reported; adding an ID that is already assigned is skipped so the rest can still be previewed.
 */
export function replaySeats(initial: SeatState, events: readonly SeatEvent[], start: number, end: number | null): SeatReplay {
  const sorted = events.filter((e) => e.t >= start && (end === null || e.t < end)).sort(compareEvents);
  const issues: EditIssue[] = [];
  const fills: SeatFill[] = [];
  const shortfalls: UnassignedShortfall[] = [];
  let assigned: readonly string[] = initial.assigned;
  let unassigned = initial.unassigned;
  const member = new Set(assigned);
  /** Which proposed event assigned each ID, to explain clashes with later scheduled additions. */
  const addedBy = new Map<string, string>();
  const steps: TimelineStep[] = [{ start, total: assigned.length + unassigned, assigned }];

  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i]!.t;
    for (; i < sorted.length && sorted[i]!.t === t; i += 1) {
      const e = sorted[i]!;
      switch (e.op) {
        case "remove_seat_ids": {
          const gone = new Set<string>();
          e.ids.forEach((id, j) => {
            if (member.has(id)) {
              member.delete(id);
              gone.add(id);
            } else if (e.path !== null && !gone.has(id)) {
              issues.push(
                warning(`${e.path}.seat_ids[${j}]`, "seat_not_assigned", `Removing ${id} does nothing: that seat is not assigned then`),
              );
            }
          });
          if (gone.size > 0) assigned = assigned.filter((id) => !gone.has(id));
          break;
        }
        case "remove_unassigned_seats": {
          const removed = Math.min(e.count, unassigned);
          if (e.path !== null && removed < e.count) {
            shortfalls.push({ t, requested: e.count, available: unassigned, assigned: assigned.length, path: e.path });
            issues.push(
              warning(
                `${e.path}.quantity`,
                "too_few_unassigned",
                unassigned === 0
                  ? `There are no unassigned seats on ${formatInstant(t)}, so this removes nothing`
                  : `Only ${seats(unassigned)} unassigned on ${formatInstant(t)}, so ${unassigned} (not ${e.count}) will be removed`,
              ),
            );
          }
          unassigned -= removed;
          break;
        }
        case "add_unassigned_seats":
          unassigned += e.count;
          break;
        case "add_seat_ids": {
          const fresh: string[] = [];
          e.ids.forEach((id, j) => {
            if (member.has(id)) {
              if (e.path !== null) {
                if (!fresh.includes(id)) {
                  issues.push(error(`${e.path}.seat_ids[${j}]`, "seat_already_assigned", `Seat ID ${id} is already assigned`));
                }
              } else {
                const by = addedBy.get(id);
                if (by !== undefined) {
                  issues.push(
                    error(
                      by,
                      "seat_already_assigned",
                      `Seat ID ${id} is already scheduled to be added on ${formatInstant(t)}`,
                    ),
                  );
                }
              }
              return;
            }
            member.add(id);
            fresh.push(id);
            if (e.path !== null) addedBy.set(id, e.path);
          });
          const filled = Math.min(unassigned, fresh.length);
          if (filled > 0 && e.path !== null) fills.push({ t, ids: fresh.slice(0, filled), path: e.path });
          unassigned -= filled;
          if (fresh.length > 0) assigned = [...assigned, ...fresh];
          break;
        }
      }
    }
    steps.push({ start: t, total: assigned.length + unassigned, assigned });
  }
  return { timeline: { steps: collapseSteps(steps), end }, issues, fills, shortfalls };
}

/** The existing seat schedule with the proposed seat_updates replayed after it. */
export function applySeatUpdates(existing: ExistingSeats, updates: SeatUpdates | null | undefined, end: number | null): SeatReplay {
  return replaySeats(existing.initial, [...existing.events, ...seatUpdateEvents(updates)], existing.start, end);
}
