import { queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { AutoRechargeRequest, CustomerAccess, TopUpAnswer, TopUpCatalogue, TopUpPurchase, TopUpRequest } from "../../../contract/bff";
import { api, withQuery } from "../../../lib/api-client";
import { invalidateContractData } from "../../../lib/metronome-queries";
import { queryKeys } from "../../../lib/query-keys";

/** How often the access decisions are refetched while a page shows them (they follow Metronome's webhooks). */
export const ACCESS_POLL_MS = 30_000;
/** How often a purchase whose payment is still being collected is asked about. */
export const PENDING_POLL_MS = 2_000;

/** The top-ups feature's keys, under the customer's root (so a contract change's invalidation of the customer reaches them). */
export const topUpKeys = {
  all: (customerId: string) => [...queryKeys.customer(customerId), "top-ups"] as const,
  catalogue: (customerId: string) => [...topUpKeys.all(customerId), "catalogue"] as const,
  purchases: (customerId: string, contractId: string) => [...topUpKeys.all(customerId), "purchases", contractId] as const,
  access: (customerId: string) => [...queryKeys.customer(customerId), "access"] as const,
};

/** GET /api/top-up-packs: the operator's packs and the auto-recharge bounds (null when not offered). */
export function topUpCatalogueQuery(customerId: string) {
  return queryOptions({
    queryKey: topUpKeys.catalogue(customerId),
    queryFn: ({ signal }) => api.get<TopUpCatalogue>(withQuery("/api/top-up-packs", { customer_id: customerId }), { signal }),
    staleTime: 5 * 60_000,
  });
}

/** GET /api/top-ups: the contract's purchases, settings changes and recharges, newest first; polled while one is being paid. */
export function topUpPurchasesQuery(customerId: string, contractId: string) {
  return queryOptions({
    queryKey: topUpKeys.purchases(customerId, contractId),
    queryFn: ({ signal }) =>
      api.get<{ data: TopUpPurchase[] }>(withQuery("/api/top-ups", { customer_id: customerId, contract_id: contractId, limit: 50 }), { signal }).then((r) => r.data),
    refetchInterval: (query) => (query.state.data?.some((p) => isUnsettled(p.status)) ? PENDING_POLL_MS : false),
  });
}

/** GET /api/access: the customer's and each seat's access decision (domain/access on the server's projection). */
export function customerAccessQuery(customerId: string) {
  return queryOptions({
    queryKey: topUpKeys.access(customerId),
    queryFn: ({ signal }) => api.get<CustomerAccess>(withQuery("/api/access", { customer_id: customerId }), { signal }),
    refetchInterval: ACCESS_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 5_000,
  });
}

/** Metronome is still working on it: the request was sent, or the payment is being collected. */
export function isUnsettled(status: TopUpPurchase["status"]): boolean {
  return status === "sending" || status === "awaiting_payment";
}

/** Everything a purchase or a settings change can move: the contract's data (balances, alerts, invoices…), access, purchases. */
function invalidateAfterTopUp(queryClient: QueryClient, ids: { customerId: string; contractId: string }): Promise<void> {
  return Promise.all([
    invalidateContractData(queryClient, ids),
    queryClient.invalidateQueries({ queryKey: topUpKeys.all(ids.customerId) }),
    queryClient.invalidateQueries({ queryKey: topUpKeys.access(ids.customerId) }),
  ]).then(() => undefined);
}

/**
 * POST /api/top-ups. Never optimistic: it stays pending until the server has Metronome's answer
 * and every balance, alert, invoice and access decision has been refetched. A retry (automatic on
 * a 5xx or a lost answer) carries the same uniqueness key and is answered from the first attempt.
 */
export function useBuyTopUp(ids: { customerId: string; contractId: string }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["top-up", ids.customerId, ids.contractId],
    mutationFn: (request: TopUpRequest) => api.post<TopUpAnswer>("/api/top-ups", request).then((r) => r.data),
    onSettled: () => invalidateAfterTopUp(queryClient, ids),
  });
}

/** PUT /api/auto-recharge: the contract's auto-recharge settings, within the operator's bounds (the server checks them). */
export function useSaveAutoRecharge(ids: { customerId: string; contractId: string }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["auto-recharge", ids.customerId, ids.contractId],
    mutationFn: (request: AutoRechargeRequest) => api.put<TopUpAnswer>("/api/auto-recharge", request).then((r) => r.data),
    onSettled: () => invalidateAfterTopUp(queryClient, ids),
  });
}
