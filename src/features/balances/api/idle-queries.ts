import { seatsHistoryQuery } from "../../../lib/metronome-queries";
import { idleWindowStart, parseIdleDays } from "../utils/idle-seats";

/**
 * The idle-seat window for the URL's "N days" (30 when absent or invalid): its start, and the
 * seat segments from then on (who held which seat since; usually one page).
 */
export function idleWindow(ids: { customerId: string; contractId: string; subscriptionId: string }, now: number, days: string | null) {
  const n = parseIdleDays(days) ?? 30;
  const since = idleWindowStart(now, n);
  return { days: n, since, held: seatsHistoryQuery(ids.customerId, ids.contractId, ids.subscriptionId, { startingAt: new Date(since).toISOString() }) };
}
