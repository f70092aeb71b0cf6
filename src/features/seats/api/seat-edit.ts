import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { ContractEditResponse, ContractGetEditHistoryResponse } from "@metronome/sdk/resources/v2/contracts";
import type { EditPreviewHeader, SeatPolicy } from "../../../contract/bff";
import type { UpdateSubscription } from "../../../domain/edit-validation";
import { api, metronome } from "../../../lib/api-client";
import { ConflictError } from "../../../lib/api-errors";
import { invalidateContractData } from "../../../lib/metronome-queries";
import { queryKeys } from "../../../lib/query-keys";

/** GET /api/policy?customer_id= → the customer's seat policy (S5). */
export function seatPolicyQuery(customerId: string) {
  return queryOptions({
    queryKey: queryKeys.policy(customerId),
    queryFn: ({ signal }) => api.get<SeatPolicy>(`/api/policy?customer_id=${encodeURIComponent(customerId)}`, { signal }),
    staleTime: 5 * 60_000,
  });
}

/**
 * POST /v2/contracts/getEditHistory → the contract's edits as Metronome recorded them; the preview
 * reads from them whether each scheduled quantity change was sent as a total or a delta. Under the
 * contract's key, so a seat edit refreshes it.
 */
export function contractEditHistoryQuery(customerId: string, contractId: string) {
  return queryOptions({
    queryKey: [...queryKeys.contract(customerId, contractId), "edit-history"] as const,
    queryFn: ({ signal }) =>
      metronome<ContractGetEditHistoryResponse>("/v2/contracts/getEditHistory", { customer_id: customerId, contract_id: contractId }, { signal }).then(
        (r) => r.data,
      ),
  });
}

export interface SeatEditVariables {
  customerId: string;
  contractId: string;
  update: UpdateSubscription;
  /** One per submission; retries (automatic or "Try again") reuse it. */
  uniquenessKey: string;
  preview: EditPreviewHeader;
}

export interface SeatEditResult {
  editId: string | null;
  /** The edit had already been applied by an earlier attempt with the same key (a 409 on a retry). */
  alreadyApplied: boolean;
}

/** Keys sent at least once: a 409 for one of them means an earlier attempt went through. */
const sentKeys = new Set<string>();

/** Sends one seat edit. Exported for tests; components use useSeatEdit(). */
export async function sendSeatEdit(v: SeatEditVariables): Promise<SeatEditResult> {
  const retry = sentKeys.has(v.uniquenessKey);
  sentKeys.add(v.uniquenessKey);
  try {
    const response = await metronome<ContractEditResponse>(
      "/v2/contracts/edit",
      {
        customer_id: v.customerId,
        contract_id: v.contractId,
        uniqueness_key: v.uniquenessKey,
        update_subscriptions: [v.update],
      },
      // URI-encoded: summaries hold non-ASCII characters (→, …) that a header cannot carry raw.
      { headers: { "X-Seat-Preview": encodeURIComponent(JSON.stringify(v.preview)) } },
    );
    return { editId: response.data?.id ?? null, alreadyApplied: false };
  } catch (error) {
    if (error instanceof ConflictError && retry) return { editId: null, alreadyApplied: true };
    throw error;
  }
}

/**
 * The seat edit mutation. Never optimistic: it stays pending until Metronome has applied the
 * edit and every query the edit changes (contract, histories, seat and customer balances, net
 * balance, alerts, invoices, audit) has been refetched, so every view shows the new seats at once.
 */
export function useSeatEdit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["seat-edit"],
    mutationFn: sendSeatEdit,
    onSuccess: (_result, v) => invalidateContractData(queryClient, { customerId: v.customerId, contractId: v.contractId }),
  });
}
