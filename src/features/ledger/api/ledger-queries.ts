import { dateRangeBounds, type DateRange } from "../../../lib/date-range";
import { rangePresets, type RangeLimits } from "../../../lib/date-range-check";
import { seatBalancesQuery } from "../../../lib/metronome-queries";

/**
 * One seat's credits and commits with their ledgers in a date range (commits/credits whose access
 * overlaps [from, to]). The seat page uses it, and the balances table prefetches it on hover and
 * focus with the same options.
 */
export function seatLedgerQuery(ids: { customerId: string; contractId: string; subscriptionId: string }, seatId: string, range: DateRange) {
  const { startingAt, endingBefore } = dateRangeBounds(range);
  return seatBalancesQuery(ids.customerId, ids.contractId, {
    subscriptionIds: [ids.subscriptionId],
    seatIds: [seatId],
    includeLedgers: true,
    startingAt,
    effectiveBefore: endingBefore,
  });
}

/** The range a ledger opens with when the URL names none: the last 3 months and the month ahead. */
export function defaultLedgerRange(now: number, limits: RangeLimits): DateRange {
  return rangePresets(now, limits)[0]!.range;
}
