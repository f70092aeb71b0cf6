/** The windows a page's reads cover, decided in one place for the pages and for the server's views of them. */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { isSeatBased } from "./subscription";

/**
 * Up to this many seats on the contract the charts read the daily breakdowns. A breakdown lists
 * every seat's draw of its seat-scoped credits each day: at 1,000 seats a month of them is about
 * 20 MB, too much for a page, so larger contracts keep the ledger's one step per invoice period.
 */
export const DAILY_BURN_MAX_SEATS = 100;

/** Whether the contract is small enough to read its daily breakdowns: its seat-based subscriptions' seats now. */
export function readsDailyBurn(contract: Pick<ContractV2, "subscriptions"> | undefined, now: number): boolean {
  if (!contract) return false;
  let seats = 0;
  for (const sub of contract.subscriptions ?? []) {
    if (!isSeatBased(sub)) continue;
    const item = sub.quantity_schedule?.find((q) => Date.parse(q.starting_at) <= now && (!q.ending_before || now < Date.parse(q.ending_before)));
    seats += item?.quantity ?? 0;
  }
  return seats <= DAILY_BURN_MAX_SEATS;
}

/**
 * The first day (YYYY-MM-DD) a window shows that starts no earlier than `earliest` and never before
 * the subscription starts (its start day).
 */
export function windowStartDay(subscriptionStart: string, earliest: string): string {
  const start = new Date(subscriptionStart).toISOString().slice(0, 10);
  return start > earliest ? start : earliest;
}
