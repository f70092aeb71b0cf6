import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { ContractGetEditHistoryResponse } from "@metronome/sdk/resources/v2/contracts";
import type { AuditPage } from "../../../contract/bff";
import { api, metronome, withQuery } from "../../../lib/api-client";
import { queryKeys } from "../../../lib/query-keys";
import type { ContractEdit } from "../utils/audit-rows";

export const AUDIT_PAGE_SIZE = 25;

/**
 * GET /api/audit, newest first, one page per "Load more" (cursor paging); the server keeps only
 * the rows of a contract and those touching a subscription when they are given.
 */
export function auditLogQuery(customerId: string, contractId: string | null, subscriptionId: string | null = null) {
  return infiniteQueryOptions({
    queryKey: [...queryKeys.audit(customerId), "list", { contractId, subscriptionId }] as const,
    queryFn: ({ pageParam, signal }) =>
      api.get<AuditPage>(
        withQuery("/api/audit", {
          customer_id: customerId,
          contract_id: contractId,
          subscription_id: subscriptionId,
          limit: AUDIT_PAGE_SIZE,
          cursor: pageParam,
        }),
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_page,
  });
}

/** POST /v2/contracts/getEditHistory → Metronome's own record of a contract's edits. */
export function editHistoryQuery(customerId: string, contractId: string) {
  return queryOptions({
    queryKey: [...queryKeys.audit(customerId), "edit-history", contractId] as const,
    queryFn: ({ signal }) =>
      metronome<ContractGetEditHistoryResponse>("/v2/contracts/getEditHistory", { customer_id: customerId, contract_id: contractId }, { signal }).then(
        (r): ContractEdit[] => r.data.map((edit) => ({ contractId, edit })),
      ),
  });
}
