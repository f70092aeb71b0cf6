import { queryOptions } from "@tanstack/react-query";
import { readInvoices } from "../../../contract/metronome-reads";
import { browserReads } from "../../../lib/metronome-queries";
import { queryKeys } from "../../../lib/query-keys";

/** The billing feature's keys, under the shared `queryKeys.invoices` root (seat edits and top-ups invalidate it). */
export const invoiceKeys = {
  list: (customerId: string) => [...queryKeys.invoices(customerId), "list"] as const,
};

/** The customer's invoices (every contract), newest first. */
export function invoiceListQuery(customerId: string) {
  return queryOptions({
    queryKey: invoiceKeys.list(customerId),
    queryFn: ({ signal }) => readInvoices(browserReads({ signal }), customerId),
  });
}
