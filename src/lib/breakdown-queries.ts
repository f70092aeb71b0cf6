import { queryOptions } from "@tanstack/react-query";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { InvoiceListBreakdownsResponse } from "@metronome/sdk/resources/v1/customers/invoices";
import { usageWindows, type UsageWindow } from "../domain/balance-over-time";
import { isSeatBased } from "../domain/subscription";
import { DAY_MS } from "../domain/time";
import { metronomeGet } from "./api-client";
import { queryKeys } from "./query-keys";

/** Metronome answers up to 35 daily windows per request ("Daily breakdowns return up to 35 days"). */
const MAX_DAYS = 35;

interface BreakdownPage {
  data: InvoiceListBreakdownsResponse[];
  next_page: string | null;
}

/** Every daily breakdown of the customer's usage invoices over [from, to) (whole UTC days), as usage windows. */
export async function fetchUsageWindows(customerId: string, from: number, to: number, signal?: AbortSignal): Promise<UsageWindow[]> {
  const breakdowns: InvoiceListBreakdownsResponse[] = [];
  for (let start = from; start < to; start += MAX_DAYS * DAY_MS) {
    let nextPage: string | null = null;
    do {
      const page: BreakdownPage = await metronomeGet<BreakdownPage>(
        `/v1/customers/${customerId}/invoices/breakdowns`,
        {
          starting_on: new Date(start).toISOString(),
          ending_before: new Date(Math.min(to, start + MAX_DAYS * DAY_MS)).toISOString(),
          window_size: "DAY",
          skip_zero_qty_line_items: true,
          limit: 100,
          next_page: nextPage,
        },
        signal ? { signal } : undefined,
      );
      breakdowns.push(...page.data);
      nextPage = page.next_page;
    } while (nextPage);
  }
  return usageWindows(breakdowns);
}

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

/** The usage by day of the customer's invoices from the month of `from` to the end of the day of `to` (capped at tomorrow after `now`); off when `enabled` is false. */
export function usageWindowsQuery(customerId: string, from: number, to: number, now: number, enabled = true) {
  // From the first of the month, so views whose ranges start a day apart (the strip, a ledger) share one read.
  const first = new Date(from);
  const start = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
  const end = Math.min(Math.ceil(to / DAY_MS), Math.floor(now / DAY_MS) + 1) * DAY_MS;
  return queryOptions({
    queryKey: [...queryKeys.invoices(customerId), "breakdowns", start, end] as const,
    queryFn: ({ signal }) => fetchUsageWindows(customerId, start, end, signal),
    enabled,
  });
}
