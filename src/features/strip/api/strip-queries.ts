import { customerBalancesQuery, quantityHistoryQuery, seatBalancesQuery, seatsHistoryQuery } from "../../../lib/metronome-queries";
import { addDays, dateRangeBounds, parseDateRange, toIsoDate } from "../../../lib/date-range";
import { isSeatBased, type Subscription } from "../../../domain/subscription";

const DAY = 24 * 3600_000;

/**
 * The strip's window: the page's ?from=&to= when the range is valid (`end` set), else from 90 days
 * back (never before the subscription starts), at the start of that day so it holds all day, with
 * `end` left to the caller.
 */
export function stripWindow(subscription: Subscription, now: number, search: URLSearchParams): { start: number; end: number | null } {
  const start = Math.max(new Date(subscription.starting_at).getTime(), now - 90 * DAY);
  const fallback = { from: toIsoDate(start), to: addDays(toIsoDate(now), 45) };
  const parsed = parseDateRange(search, fallback);
  if ((search.has("from") || search.has("to")) && !parsed.error) {
    const bounds = dateRangeBounds(parsed);
    return { start: new Date(bounds.startingAt).getTime(), end: new Date(bounds.endingBefore).getTime() };
  }
  return { start: new Date(`${fallback.from}T00:00:00.000Z`).getTime(), end: null };
}

export interface StripSubject {
  customerId: string;
  contractId: string;
  subscription: Subscription;
  /** On seat routes: the seat whose balance is shown. */
  seatId: string | null;
  now: number;
  search: URLSearchParams;
}

/**
 * What the strip reads: seat-based subscriptions only the seat segments its window shows
 * (usually one page, where the whole history takes several one after another), the others their
 * quantity history; the balance of the seat on seat routes, else the contract's credits.
 */
export function stripQueries({ customerId, contractId, subscription, seatId, now, search }: StripSubject) {
  const subscriptionId = subscription.id ?? "";
  const seatBased = isSeatBased(subscription);
  return {
    seatBased,
    seats: {
      ...seatsHistoryQuery(customerId, contractId, subscriptionId, { startingAt: new Date(stripWindow(subscription, now, search).start).toISOString() }),
      enabled: seatBased,
    },
    quantity: { ...quantityHistoryQuery(customerId, contractId, subscriptionId), enabled: !seatBased },
    pool: { ...customerBalancesQuery(customerId, { contractId, includeLedgers: true }), enabled: !seatId },
    seat: {
      // The seat's credits over the strip's window, not only those in force now.
      ...seatBalancesQuery(customerId, contractId, {
        subscriptionIds: [subscriptionId],
        seatIds: seatId ? [seatId] : [],
        includeLedgers: true,
        startingAt: new Date(stripWindow(subscription, now, search).start).toISOString(),
      }),
      enabled: Boolean(seatId),
    },
  };
}
