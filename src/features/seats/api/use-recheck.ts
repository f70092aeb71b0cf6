import { useEffect, useMemo, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { SeatChangePreview } from "../../../domain/preview";
import { contractQuery, quantityHistoryQuery, seatsHistoryQuery } from "../../../lib/metronome-queries";
import { previewFor, type EditorContext } from "../components/editor-context";
import type { PendingEdit } from "./use-edit-submission";

export type RecheckStatus = "checking" | "same" | "changed" | "failed";

export interface Recheck {
  status: RecheckStatus;
  /** The preview recomputed on the seats as they are now (equal to the reviewed one unless status is "changed"). */
  preview: SeatChangePreview | null;
  /** The preview the person saw in the form, when the numbers changed since. */
  previous: SeatChangePreview | null;
}

/** What a person is asked to confirm: seats, charge and credits. */
function sameNumbers(a: SeatChangePreview, b: SeatChangePreview): boolean {
  return (
    a.ok === b.ok &&
    a.summary === b.summary &&
    a.total_charge === b.total_charge &&
    JSON.stringify(a.credit_totals) === JSON.stringify(b.credit_totals) &&
    JSON.stringify(a.after) === JSON.stringify(b.after)
  );
}

/**
 * When the confirm step opens, the subscription may have changed since the form was filled in
 * (another admin, an account manager, another tab): refetch the contract and the seat histories,
 * and recompute the preview of the same update on them. "checking" until the refetch settles.
 */
export function useRecheck(ctx: EditorContext, pending: PendingEdit | null): Recheck {
  const queryClient = useQueryClient();
  const [settled, setSettled] = useState<{ pending: PendingEdit; ok: boolean } | null>(null);
  const { customerId, contractId, subscriptionId } = ctx;
  const seatBased = ctx.seatsHistory !== null;

  useEffect(() => {
    if (!pending) return;
    let cancelled = false;
    const refetch = (queryKey: readonly unknown[]) => queryClient.refetchQueries({ queryKey, exact: true }, { throwOnError: true });
    Promise.all([
      refetch(contractQuery(customerId, contractId).queryKey),
      refetch(quantityHistoryQuery(customerId, contractId, subscriptionId).queryKey),
      seatBased ? refetch(seatsHistoryQuery(customerId, contractId, subscriptionId).queryKey) : null,
    ]).then(
      () => !cancelled && setSettled({ pending, ok: true }),
      () => !cancelled && setSettled({ pending, ok: false }),
    );
    return () => {
      cancelled = true;
    };
  }, [pending, queryClient, customerId, contractId, subscriptionId, seatBased]);

  return useMemo<Recheck>(() => {
    if (!pending) return { status: "same", preview: null, previous: null };
    if (settled?.pending !== pending) return { status: "checking", preview: pending.preview, previous: null };
    if (!settled.ok) return { status: "failed", preview: pending.preview, previous: null };
    const fresh = previewFor(ctx, pending.update);
    return sameNumbers(fresh, pending.preview)
      ? { status: "same", preview: pending.preview, previous: null }
      : { status: "changed", preview: fresh, previous: pending.preview };
  }, [ctx, pending, settled]);
}
