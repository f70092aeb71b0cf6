import { customerBalancesQuery, quantityHistoryQuery, seatBalancesQuery, seatsHistoryQuery } from "../../../lib/metronome-queries";
import { addDays, dateRangeBounds, parseDateRange, toIsoDate } from "../../../lib/date-range";
import { windowStartDay } from "../../../domain/read-windows";
import { isSeatBased, type Subscription } from "../../../domain/subscription";

const DAY = 24 * 3600_000;

/**
 * What the strip's window takes from the URL and the clock, before the subscription is known: the
 * page's ?from=&to= when the range is valid (`end` set; `from` floored only when the URL has no
 * `from`), else from 90 days back, floored to the subscription's start. The route's loader sends
 * it to the server's view; stripWindow below applies the subscription.
 */
export function stripBounds(now: number, search: URLSearchParams): { from: string; floored: boolean; end: number | null } {
  const earliest = toIsoDate(now - 90 * DAY);
  const parsed = parseDateRange(search, { from: earliest, to: addDays(toIsoDate(now), 45) });
  if ((search.has("from") || search.has("to")) && !parsed.error) {
    return { from: parsed.from, floored: !search.has("from"), end: Date.parse(dateRangeBounds(parsed).endingBefore) };
  }
  return { from: earliest, floored: true, end: null };
}

/**
 * The strip's window: from the start of its first day (see stripBounds), with `end` left to the
 * caller when the URL names none.
 */
export function stripWindow(subscription: Subscription, now: number, search: URLSearchParams): { start: number; end: number | null } {
  const bounds = stripBounds(now, search);
  const from = bounds.floored ? windowStartDay(subscription.starting_at, bounds.from) : bounds.from;
  return { start: Date.parse(`${from}T00:00:00.000Z`), end: bounds.end };
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
