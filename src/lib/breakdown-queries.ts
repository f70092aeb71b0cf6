import { queryOptions } from "@tanstack/react-query";
import type { InvoiceListBreakdownsResponse } from "@metronome/sdk/resources/v1/customers/invoices";
import { usageWindows, type UsageWindow } from "../domain/balance-over-time";
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

/** The usage by day of the customer's invoices from the day of `from` to the end of the day of `to` (capped at tomorrow after `now`). */
export function usageWindowsQuery(customerId: string, from: number, to: number, now: number) {
  const start = Math.floor(from / DAY_MS) * DAY_MS;
  const end = Math.min(Math.ceil(to / DAY_MS), Math.floor(now / DAY_MS) + 1) * DAY_MS;
  return queryOptions({
    queryKey: [...queryKeys.invoices(customerId), "breakdowns", start, end] as const,
    queryFn: ({ signal }) => fetchUsageWindows(customerId, start, end, signal),
  });
}
