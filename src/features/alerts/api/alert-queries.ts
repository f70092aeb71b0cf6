import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { AlertRetrieveParams, AlertRetrieveResponse } from "@metronome/sdk/resources/v1/customers/alerts";
import type { AlertEvent } from "../../../contract/bff";
import { api, metronome, withQuery } from "../../../lib/api-client";
import { queryKeys } from "../../../lib/query-keys";
import type { CustomerAlert } from "../utils/alert-model";
import { compareStatus, displayStatus, type AlertDisplayStatus } from "../utils/alert-model";

/** How often the events feed is refetched while the page is visible. */
export const ALERT_EVENTS_POLL_MS = 10_000;
/** How many per-seat status requests run at once. */
export const SEAT_STATUS_CONCURRENCY = 6;

/** The alerts feature's keys, all under the shared `queryKeys.alerts` / `queryKeys.alertEvents` roots. */
export const alertKeys = {
  all: (customerId: string) => queryKeys.alerts(customerId),
  list: (customerId: string, includeArchived: boolean) => [...queryKeys.alerts(customerId), "list", { includeArchived }] as const,
  seatStatuses: (customerId: string, alertId: string, seatGroupKey: string, seatIds: readonly string[]) =>
    [...queryKeys.alerts(customerId), "seat-statuses", alertId, { seatGroupKey, seatIds }] as const,
  events: (customerId: string) => [...queryKeys.alertEvents(customerId), "list"] as const,
};

interface AlertListPage {
  data: CustomerAlert[];
  next_page?: string | null;
}

/** Every page of /v1/customer-alerts/list (the cursor travels in the query string). */
export async function fetchCustomerAlerts(customerId: string, includeArchived: boolean, signal?: AbortSignal): Promise<CustomerAlert[]> {
  const alerts: CustomerAlert[] = [];
  let nextPage: string | null = null;
  do {
    const page: AlertListPage = await metronome<AlertListPage>(
      withQuery("/v1/customer-alerts/list", { next_page: nextPage }),
      { customer_id: customerId, ...(includeArchived ? { alert_statuses: ["ENABLED", "DISABLED", "ARCHIVED"] } : {}) },
      signal ? { signal } : undefined,
    );
    alerts.push(...page.data);
    nextPage = page.next_page ?? null;
  } while (nextPage);
  return alerts;
}

/** The customer's alerts (enabled ones, or all including archived). */
export function alertListQuery(customerId: string, includeArchived = false) {
  return queryOptions({
    queryKey: alertKeys.list(customerId, includeArchived),
    queryFn: ({ signal }) => fetchCustomerAlerts(customerId, includeArchived, signal),
  });
}

export interface SeatStatus {
  seatId: string;
  status: AlertDisplayStatus;
  updatedAt: string | null;
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** In alarm first, then by seat id. */
export function sortSeatStatuses(statuses: readonly SeatStatus[]): SeatStatus[] {
  return [...statuses].sort((a, b) => compareStatus(a.status, b.status) || (a.seatId < b.seatId ? -1 : a.seatId > b.seatId ? 1 : 0));
}

/**
 * Each seat's status for a seat alert: /v1/customer-alerts/get with seat_filter {key, value} per
 * seat, a few at a time (Metronome has no batch form), sorted in alarm first.
 */
export function seatStatusesQuery(customerId: string, alertId: string, seatGroupKey: string, seatIds: readonly string[]) {
  return queryOptions({
    queryKey: alertKeys.seatStatuses(customerId, alertId, seatGroupKey, seatIds),
    queryFn: async ({ signal }) => {
      const statuses = await mapWithConcurrency(seatIds, SEAT_STATUS_CONCURRENCY, async (seatId) => {
        const body: AlertRetrieveParams = {
          customer_id: customerId,
          alert_id: alertId,
          seat_filter: { seat_group_key: seatGroupKey, seat_group_value: seatId },
        };
        const response = await metronome<AlertRetrieveResponse>("/v1/customer-alerts/get", body, { signal });
        return { seatId, status: displayStatus(response.data), updatedAt: response.data.alert.updated_at ?? null };
      });
      return sortSeatStatuses(statuses);
    },
  });
}

/** GET /api/alert-events: verified webhooks for the customer, newest first; polled while the page is visible. */
export function alertEventsQuery(customerId: string) {
  return queryOptions({
    queryKey: alertKeys.events(customerId),
    queryFn: ({ signal }) =>
      api.get<{ data: AlertEvent[] }>(withQuery("/api/alert-events", { customer_id: customerId, limit: 50 }), { signal }).then((r) => r.data),
    refetchInterval: ALERT_EVENTS_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 5_000,
  });
}

/**
 * The events feed, live: polled every 10 s while the page is visible, and when a new event
 * arrives the alert statuses and the balances behind them are refetched (an event means a balance
 * crossed a threshold, so both changed).
 */
export function useAlertEvents(customerId: string, contractId?: string) {
  const queryClient = useQueryClient();
  const events = useQuery(alertEventsQuery(customerId));
  const newest = events.data?.[0]?.id ?? null;
  const seen = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!events.isSuccess) return;
    if (seen.current !== undefined && seen.current !== newest) {
      // Several components follow the feed: join a refetch already under way rather than restart it.
      const keys = [
        alertKeys.all(customerId),
        queryKeys.customerBalances(customerId),
        ...(contractId ? [queryKeys.seatBalances(customerId, contractId)] : []),
      ];
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey }, { cancelRefetch: false });
    }
    seen.current = newest;
  }, [events.isSuccess, newest, customerId, contractId, queryClient]);
  return events;
}
