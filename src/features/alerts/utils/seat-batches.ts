/**
 * Which seats to ask Metronome about, and in which batches. /v1/customer-alerts/get answers one
 * seat per call, so a fanned-out alert on a thousand seats cannot be checked at once. A seat can
 * only be in alarm when its balance is at or below the threshold, so seats are checked lowest
 * balance first: the first batch holds every seat at or below the threshold (at least
 * FIRST_BATCH seats), so every seat in alarm is found at once, and the rest follow on request.
 */

export const FIRST_BATCH = 50;
export const NEXT_BATCH = 50;

export interface SeatBalanceLine {
  seatId: string;
  balance: number;
}

/** Seats by balance, lowest first (then by id), in batches; `batchCount` batches are returned. */
export function seatBatches(seats: readonly SeatBalanceLine[], threshold: number, batchCount: number): string[][] {
  const ordered = [...seats].sort((a, b) => a.balance - b.balance || (a.seatId < b.seatId ? -1 : a.seatId > b.seatId ? 1 : 0));
  const atOrBelow = ordered.filter((s) => s.balance <= threshold).length;
  const batches: string[][] = [];
  let start = 0;
  for (let i = 0; i < batchCount && start < ordered.length; i++) {
    const size = i === 0 ? Math.max(FIRST_BATCH, atOrBelow) : NEXT_BATCH;
    batches.push(ordered.slice(start, start + size).map((s) => s.seatId));
    start += size;
  }
  return batches;
}

/** How many seats `batchCount` batches cover. */
export function seatsCovered(batches: readonly string[][]): number {
  return batches.reduce((n, b) => n + b.length, 0);
}
