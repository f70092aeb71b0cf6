import { queryOptions } from "@tanstack/react-query";
import { usageWindows } from "../domain/balance-over-time";
import { readBreakdowns, usageWindowBounds } from "../contract/metronome-reads";
import { browserReads } from "./metronome-queries";
import { queryKeys } from "./query-keys";

/** The usage by day of the customer's invoices from the month of `from` to the end of the day of `to` (capped at tomorrow after `now`); off when `enabled` is false. */
export function usageWindowsQuery(customerId: string, from: number, to: number, now: number, enabled = true) {
  // From the first of the month, so views whose ranges start a day apart (the strip, a ledger) share one read.
  const { start, end } = usageWindowBounds(from, to, now);
  return queryOptions({
    queryKey: [...queryKeys.invoices(customerId), "breakdowns", start, end] as const,
    queryFn: ({ signal }) => readBreakdowns(browserReads({ signal }), customerId, start, end).then(usageWindows),
    enabled,
  });
}
