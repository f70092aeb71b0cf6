/**
 * H8: idle seats — assigned seats with no consumption (no negative ledger movement other than
 * expirations, cancellations and rollovers) in the last N days. Metronome dates usage deductions
 * at the end of the usage invoice's service period, so a deduction dated on or after the window's
 * start (pending ones are future-dated) counts as use in the window.
 */
import { isConsumption } from "../../../domain/balance-at";
import type { SeatBalance } from "../../../domain/balance-at";

const DAY_MS = 24 * 3600_000;

export interface IdleSeat {
  seatId: string;
  /** The last consumption before the window (epoch ms), if the ledgers show one. */
  lastUsedAt: number | null;
}

/** The window's start: N days before `now`, down to the hour so it holds while "now" ticks. */
export function idleWindowStart(now: number, days: number): number {
  return Math.floor((now - days * DAY_MS) / 3600_000) * 3600_000;
}

/** The assigned seats (from `assigned`) with no consumption on or after `since`, sorted by seat ID. */
export function idleSeats(assigned: readonly string[], seats: readonly SeatBalance[], since: number): IdleSeat[] {
  const byId = new Map(seats.map((s) => [s.seat_id, s]));
  const out: IdleSeat[] = [];
  for (const seatId of [...assigned].sort()) {
    const seat = byId.get(seatId);
    let usedInWindow = false;
    let lastUsedAt: number | null = null;
    for (const grant of [...(seat?.credits ?? []), ...(seat?.commits ?? [])]) {
      for (const entry of grant.ledger_entries ?? []) {
        if (!isConsumption(entry)) continue;
        const t = Date.parse(entry.timestamp);
        if (t >= since) usedInWindow = true;
        else if (lastUsedAt === null || t > lastUsedAt) lastUsedAt = t;
      }
    }
    if (!usedInWindow) out.push({ seatId, lastUsedAt });
  }
  return out;
}

/** Parses the "N days" input: a whole number from 1 to 365, else null. */
export function parseIdleDays(value: string | null | undefined): number | null {
  if (!value || !/^\d+$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return n >= 1 && n <= 365 ? n : null;
}

/**
 * The seat editor link that prefills removing these seats (and unassigned ones) at the start of
 * the next billing period: `?remove=<seat id>&remove=<seat id>…&remove_unassigned=<n>&at=next-period`
 * (one `remove` per seat, so an ID with a comma stays whole).
 */
export function removalSearch(seatIds: readonly string[], unassigned: number): string {
  const params = new URLSearchParams();
  for (const id of seatIds) params.append("remove", id);
  if (unassigned > 0) params.set("remove_unassigned", String(unassigned));
  params.set("at", "next-period");
  return `?${params.toString()}`;
}
