/**
 * H2: who held which seat when, from seats-history segments (each a constant assigned set and
 * total). Pure; tests beside.
 */
import type { SeatSegment } from "../../../domain/subscription";

export interface SeatInterval {
  seatId: string;
  /** epoch ms */
  start: number;
  /** epoch ms; null = still assigned (open-ended) */
  end: number | null;
}

export interface SeatChange {
  /** epoch ms */
  at: number;
  /** epoch ms of the next change; null = open-ended */
  until: number | null;
  total: number;
  assigned: number;
  unassigned: number;
  added: string[];
  removed: string[];
}

const time = (iso: string) => Date.parse(iso);

function sorted(segments: readonly SeatSegment[]): SeatSegment[] {
  return [...segments].sort((a, b) => time(a.starting_at) - time(b.starting_at));
}

/** One row per segment, with the seats added and removed at its start (the first segment adds all). */
export function seatChanges(segments: readonly SeatSegment[]): SeatChange[] {
  const out: SeatChange[] = [];
  let previous = new Set<string>();
  let previousEnd: number | null = null;
  for (const segment of sorted(segments)) {
    const start = time(segment.starting_at);
    // A gap (the subscription ended, then started again) means nobody held a seat in between.
    if (previousEnd !== null && previousEnd < start) previous = new Set();
    const current = new Set(segment.assigned_seat_ids);
    const total = Number(segment.total_quantity);
    out.push({
      at: start,
      until: segment.ending_before ? time(segment.ending_before) : null,
      total,
      assigned: current.size,
      unassigned: Math.max(0, total - current.size),
      added: segment.assigned_seat_ids.filter((id) => !previous.has(id)),
      removed: [...previous].filter((id) => !current.has(id)),
    });
    previous = current;
    previousEnd = segment.ending_before ? time(segment.ending_before) : null;
  }
  return out;
}

/** Every seat's assignment intervals (contiguous segments merged), ordered by start, then seat ID. */
export function seatIntervals(segments: readonly SeatSegment[]): SeatInterval[] {
  const open = new Map<string, SeatInterval>();
  const done: SeatInterval[] = [];
  let previousEnd: number | null = null;
  for (const segment of sorted(segments)) {
    const start = time(segment.starting_at);
    const end = segment.ending_before ? time(segment.ending_before) : null;
    const current = new Set(segment.assigned_seat_ids);
    for (const [id, interval] of open) {
      if (!current.has(id) || previousEnd === null || previousEnd < start) {
        done.push(interval);
        open.delete(id);
      }
    }
    for (const id of segment.assigned_seat_ids) {
      const interval = open.get(id);
      if (interval) interval.end = end;
      else open.set(id, { seatId: id, start, end });
    }
    previousEnd = end;
  }
  done.push(...open.values());
  return done.sort((a, b) => a.start - b.start || (a.seatId < b.seatId ? -1 : a.seatId > b.seatId ? 1 : 0));
}

/** The intervals that overlap [from, to). */
export function intervalsInRange(intervals: readonly SeatInterval[], from: number, to: number): SeatInterval[] {
  return intervals.filter((i) => i.start < to && (i.end === null || i.end > from));
}

/** One seat's lifetime: its intervals, in order. */
export function seatLifetime(segments: readonly SeatSegment[], seatId: string): SeatInterval[] {
  return seatIntervals(segments).filter((i) => i.seatId === seatId);
}
