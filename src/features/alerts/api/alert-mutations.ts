import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { AlertArchiveParams, AlertArchiveResponse, AlertCreateParams, AlertCreateResponse } from "@metronome/sdk/resources/v1/alerts";
import { metronome } from "../../../lib/api-client";
import { queryKeys } from "../../../lib/query-keys";

/** Alerts and their events change together: refetch both (and wait, so pending lasts until the list is fresh). */
function invalidateAlerts(queryClient: QueryClient, customerId: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.alerts(customerId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.alertEvents(customerId) }),
  ]).then(() => undefined);
}

/** POST /v1/alerts/create (the BFF requires customer_id and checks the session may write). */
export function useCreateAlert(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (params: AlertCreateParams & { customer_id: string; uniqueness_key: string }) =>
      metronome<AlertCreateResponse>("/v1/alerts/create", params),
    // A 409 means the alert exists already: the list may be stale, so refresh it either way.
    onSettled: () => invalidateAlerts(queryClient, customerId),
  });
}

/**
 * POST /v1/alerts/archive with {id, customer_id} (the BFF checks the alert belongs to the
 * customer). The uniqueness key is released so the same alert can be created again later.
 */
export function useArchiveAlert(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (alert: { id: string; name: string }) => {
      const body: AlertArchiveParams & { customer_id: string } = { id: alert.id, customer_id: customerId, release_uniqueness_key: true };
      return metronome<AlertArchiveResponse>("/v1/alerts/archive", body);
    },
    onSettled: () => invalidateAlerts(queryClient, customerId),
  });
}
