import { useMemo } from "react";
import { useQueries } from "@tanstack/react-query";
import { chunk } from "../../../contract/metronome-reads";
import { seatBalancesQuery } from "../../../lib/metronome-queries";
import type { SeatBalance } from "../../../domain/balance-at";

export interface SeatBalanceChunks {
  /** Seats received so far, by seat ID. */
  seats: Map<string, SeatBalance>;
  /** Seat IDs whose chunk has arrived. */
  loadedIds: Set<string>;
  /** When (this browser's epoch ms) each seat's chunk was read: the instant its balances describe. */
  readAt: Map<string, number>;
  loadedChunks: number;
  totalChunks: number;
  /** The first failed chunk's error, if any. */
  error: unknown;
  retry: () => void;
}

export interface SeatBalanceChunkParams {
  customerId: string;
  contractId: string;
  subscriptionId: string;
  seatIds: readonly string[];
  /** ISO; null = now */
  coveringDate?: string | null;
  /** ISO window instead of a covering date (idle seats). */
  startingAt?: string | null;
  includeLedgers?: boolean;
  enabled?: boolean;
  /** Seats per request (see seatsPerPage): at most what one page of the answer holds. Default 100. */
  seatsPerRequest?: number;
  /** "low" for reads that should not hold up the ones a page shows first. */
  priority?: RequestPriority;
}

/**
 * Seat balances for known seat IDs, fetched in parallel by chunks that each fit in one page of the
 * answer (not by walking the cursor page after page), each chunk its own query so rows fill in as
 * chunks arrive.
 */
export function useSeatBalanceChunks(params: SeatBalanceChunkParams): SeatBalanceChunks {
  const { customerId, contractId, subscriptionId, seatIds, coveringDate = null, startingAt = null, includeLedgers = false, enabled = true, seatsPerRequest = 100, priority } = params;
  const chunks = useMemo(() => chunk(seatIds, seatsPerRequest), [seatIds, seatsPerRequest]);
  return useQueries({
    queries: chunks.map((ids) => ({
      ...seatBalancesQuery(customerId, contractId, {
        subscriptionIds: [subscriptionId],
        seatIds: ids,
        includeCreditsAndCommits: true,
        includeLedgers,
        coveringDate,
        startingAt,
      }, priority),
      enabled,
    })),
    combine: (results) => {
      const seats = new Map<string, SeatBalance>();
      const loadedIds = new Set<string>();
      const readAt = new Map<string, number>();
      let loadedChunks = 0;
      let error: unknown = null;
      results.forEach((result, i) => {
        if (result.data) {
          loadedChunks += 1;
          for (const id of chunks[i] ?? []) {
            loadedIds.add(id);
            readAt.set(id, result.dataUpdatedAt);
          }
          for (const seat of result.data) seats.set(seat.seat_id, seat);
        }
        if (result.error && !error) error = result.error;
      });
      const retry = () => {
        for (const result of results) if (result.isError) void result.refetch();
      };
      return { seats, loadedIds, readAt, loadedChunks, totalChunks: chunks.length, error, retry };
    },
  });
}

/** Several chunked reads seen as one: seats and loaded IDs together, counts summed, the first error, one retry. */
export function mergeSeatBalanceChunks(parts: readonly SeatBalanceChunks[]): SeatBalanceChunks {
  if (parts.length === 1 && parts[0]) return parts[0];
  const seats = new Map<string, SeatBalance>();
  const loadedIds = new Set<string>();
  const readAt = new Map<string, number>();
  let loadedChunks = 0;
  let totalChunks = 0;
  let error: unknown = null;
  for (const part of parts) {
    for (const [id, seat] of part.seats) seats.set(id, seat);
    for (const id of part.loadedIds) loadedIds.add(id);
    for (const [id, at] of part.readAt) readAt.set(id, at);
    loadedChunks += part.loadedChunks;
    totalChunks += part.totalChunks;
    if (part.error && !error) error = part.error;
  }
  const retry = () => {
    for (const part of parts) part.retry();
  };
  return { seats, loadedIds, readAt, loadedChunks, totalChunks, error, retry };
}
