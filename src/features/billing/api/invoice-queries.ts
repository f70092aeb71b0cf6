import { queryOptions } from "@tanstack/react-query";
import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";
import { metronomeGet } from "../../../lib/api-client";
import { queryKeys } from "../../../lib/query-keys";

interface InvoicePage {
  data: Invoice[];
  next_page: string | null;
}

/** The billing feature's keys, under the shared `queryKeys.invoices` root (seat edits and top-ups invalidate it). */
export const invoiceKeys = {
  list: (customerId: string) => [...queryKeys.invoices(customerId), "list"] as const,
};

/** Every page of GET /v1/customers/{id}/invoices, newest first (drafts included). */
export async function fetchInvoices(customerId: string, signal?: AbortSignal): Promise<Invoice[]> {
  const invoices: Invoice[] = [];
  let nextPage: string | null = null;
  do {
    const page: InvoicePage = await metronomeGet<InvoicePage>(
      `/v1/customers/${encodeURIComponent(customerId)}/invoices`,
      { limit: 100, sort: "date_desc", next_page: nextPage },
      signal ? { signal } : undefined,
    );
    invoices.push(...page.data);
    nextPage = page.next_page;
  } while (nextPage);
  return invoices;
}

/** The customer's invoices (every contract), newest first. */
export function invoiceListQuery(customerId: string) {
  return queryOptions({
    queryKey: invoiceKeys.list(customerId),
    queryFn: ({ signal }) => fetchInvoices(customerId, signal),
  });
}
