import { queryOptions, keepPreviousData } from "@tanstack/react-query";
import type { CustomerPage } from "../../../contract/bff";
import { api, withQuery } from "../../../lib/api-client";
import { queryKeys } from "../../../lib/query-keys";

export const CUSTOMER_SEARCH_LIMIT = 20;

/** GET /api/customers?q=&limit= → the first page of customers the session may see that match `query`. */
export function customerSearchQuery(query: string) {
  const q = query.trim();
  return queryOptions({
    queryKey: queryKeys.customerSearch(q),
    queryFn: ({ signal }) =>
      api.get<CustomerPage>(withQuery("/api/customers", { q: q || undefined, limit: CUSTOMER_SEARCH_LIMIT }), { signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
