import { queryOptions } from "@tanstack/react-query";
import type { CustomerAccess, CustomerPage } from "../../../contract/bff";
import { withQueryString } from "../../../contract/metronome-reads";
import { PORTFOLIO_LIMIT } from "../../../domain/portfolio";
import { api } from "../../../lib/api-client";

export const portfolioKeys = {
  all: ["portfolio"] as const,
  customers: (limit: number) => [...portfolioKeys.all, "customers", limit] as const,
  access: (customerId: string) => [...portfolioKeys.all, "access", customerId] as const,
};

/** GET /api/customers?limit=100: the names of the customers the portfolio lists (the first page of the directory). */
export function portfolioCustomersQuery() {
  return queryOptions({
    queryKey: portfolioKeys.customers(PORTFOLIO_LIMIT),
    queryFn: ({ signal }) => api.get<CustomerPage>(withQueryString("/api/customers", { limit: PORTFOLIO_LIMIT }), { signal }),
  });
}

/** GET /api/access: the customer's and each seat's access decision, from the server's projection. */
export function portfolioAccessQuery(customerId: string) {
  return queryOptions({
    queryKey: portfolioKeys.access(customerId),
    queryFn: ({ signal }) => api.get<CustomerAccess>(withQueryString("/api/access", { customer_id: customerId }), { signal }),
  });
}
