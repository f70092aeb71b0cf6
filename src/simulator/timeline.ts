/**
 * Replays a subscription's events into a step function of seat state (see docs/metronome.md,
 * "Contract edits"): events sorted by
 * (starting_at, request order, operation rank, index); `set` replaces, `delta` adds; seat operations
 * at one instant of one request run remove_seat_ids → remove_unassigned → add_unassigned → add_seat_ids.
 */
import { ApiError, badRequest } from "./errors";
import type { SeatOp, SubscriptionEvent, SubscriptionRecord } from "./state";
import { iso } from "./time";

export interface Segment {
  start: number;
  /** Exclusive end; null when open-ended. */
  end: number | null;
  assigned: readonly string[];
  unassigned: number;
  total: number;
  /** Latest submission time among the events that produced this segment's start. */
  submitted_at: number;
}

export const SEAT_OP_RANK: Record<SeatOp, number> = {
  remove_seat_ids: 0,
  remove_unassigned_seats: 1,
  add_unassigned_seats: 2,
  add_seat_ids: 3,
};

export function compareEvents(a: SubscriptionEvent, b: SubscriptionEvent): number {
  return a.at - b.at || a.request - b.request || a.rank - b.rank || a.index - b.index;
}

export interface ReplayOptions {
  maxSeats: number;
}

/** Replays all events; throws an ApiError when any instant would be invalid (the edit is then rejected). */
export function replay(sub: SubscriptionRecord, options: ReplayOptions): Segment[] {
  const events = [...sub.events].sort(compareEvents);
  const assigned = new Set<string>(sub.initial_seat_ids);
  let unassigned = sub.initial_quantity;
  const seatBased = sub.quantity_management_mode === "SEAT_BASED";
  const segments: Segment[] = [];
  let current: Segment = {
    start: sub.starting_at,
    end: null,
    assigned: [...assigned],
    unassigned,
    total: assigned.size + unassigned,
    submitted_at: sub.created_at,
  };

  let i = 0;
  while (i < events.length) {
    const at = events[i]?.at ?? 0;
    let submitted = 0;
    for (; i < events.length && events[i]?.at === at; i++) {
      const ev = events[i] as SubscriptionEvent;
      submitted = Math.max(submitted, ev.submitted_at);
      apply(ev);
    }
    const total = assigned.size + unassigned;
    if (seatBased && total > options.maxSeats) {
      throw new ApiError(422, `Subscription cannot have more than ${options.maxSeats} seats`);
    }
    const sameSet = current.assigned.length === assigned.size && current.assigned.every((s) => assigned.has(s));
    if (sameSet && current.unassigned === unassigned) continue;
    const next: Segment = { start: at, end: null, assigned: [...assigned], unassigned, total, submitted_at: submitted };
    if (at <= current.start) {
      current = { ...next, start: current.start, submitted_at: Math.max(current.submitted_at, submitted) };
    } else {
      segments.push({ ...current, end: at });
      current = next;
    }
  }
  segments.push(current);
  return segments;

  function apply(ev: SubscriptionEvent): void {
    switch (ev.op) {
      case "initial":
        break;
      case "set":
        unassigned = (ev.value ?? 0) - assigned.size;
        if (unassigned < 0) throw badRequest(`quantity ${ev.value ?? 0} at ${iso(ev.at)} is below the ${assigned.size} assigned seats`);
        break;
      case "delta":
        unassigned += ev.value ?? 0;
        if (assigned.size + unassigned < 0) {
          throw badRequest(
            `quantity_delta ${ev.value ?? 0} at ${iso(ev.at)} would make the subscription quantity negative (${assigned.size + unassigned})`,
          );
        }
        break;
      case "remove_seat_ids":
        for (const id of ev.seat_ids ?? []) assigned.delete(id);
        break;
      case "remove_unassigned_seats":
        unassigned -= Math.min(ev.value ?? 0, unassigned);
        break;
      case "add_unassigned_seats":
        unassigned += ev.value ?? 0;
        break;
      case "add_seat_ids": {
        const ids = ev.seat_ids ?? [];
        const already = ids.filter((id) => assigned.has(id));
        if (already.length > 0) {
          throw badRequest(`Seat IDs already assigned to subscription at ${iso(ev.at)}: ${JSON.stringify(already)}`);
        }
        for (const id of ids) assigned.add(id);
        unassigned = Math.max(0, unassigned - ids.length);
        break;
      }
    }
  }
}

/** The segment covering instant t, or undefined before the subscription starts. */
export function segmentAt(segments: readonly Segment[], t: number): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  if (hi < 0 || t < (segments[0]?.start ?? Infinity)) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segments[mid]?.start ?? Infinity) <= t) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo];
}

export function quantityAt(segments: readonly Segment[], t: number): number {
  return segmentAt(segments, t)?.total ?? 0;
}
