/** Which seats a subscription's reads are about, from its seats history: shared by the balances page and the server's view of it. */
import type { SeatSegment } from "./subscription";

/** The segment in force at `t` (segments ascending); undefined before the first or after an end. */
export function segmentAt(segments: readonly SeatSegment[], t: number): SeatSegment | undefined {
  return segments.find((s) => Date.parse(s.starting_at) <= t && (s.ending_before === null || Date.parse(s.ending_before) > t));
}

/**
 * The seat IDs to ask for, in the order rows should appear first: the seats assigned at `t`
 * (sorted), then every other seat ever assigned (a removed seat may still hold a credit slice;
 * unknown ones are skipped by the API).
 */
export function seatIdsToFetch(segments: readonly SeatSegment[], t: number): { assigned: string[]; others: string[] } {
  const assigned = [...new Set(segmentAt(segments, t)?.assigned_seat_ids ?? [])].sort();
  const known = new Set(assigned);
  const others = new Set<string>();
  for (const s of segments) for (const id of s.assigned_seat_ids) if (!known.has(id)) others.add(id);
  return { assigned, others: [...others].sort() };
}
