import { useRef, useState } from "react";
import type { UpdateSubscription } from "../../../domain/edit-validation";
import { previewRecord, type SeatChangePreview } from "../../../domain/preview";
import { useSeatEdit, type SeatEditResult } from "./seat-edit";

export interface PendingEdit {
  update: UpdateSubscription;
  preview: SeatChangePreview;
  /** The submission's uniqueness key. */
  key: string;
  /** What the change is, for the confirm step's title. */
  title: string;
}

export interface Applied {
  summary: string;
  alreadyApplied: boolean;
}

/**
 * The confirm step of a seat edit: `review` freezes the update and its preview and gives the
 * submission its uniqueness key (the same key again when the same update is reviewed after a
 * failure, so a retry can never apply it twice); `confirm` sends it.
 */
export function useEditSubmission(ids: { customerId: string; contractId: string }, onApplied?: (result: SeatEditResult) => void) {
  const mutation = useSeatEdit();
  const [pending, setPending] = useState<PendingEdit | null>(null);
  const [applied, setApplied] = useState<Applied | null>(null);
  const lastKey = useRef<{ json: string; key: string } | null>(null);
  /** Guards against a second click landing before the pending state renders. */
  const inFlight = useRef(false);

  function review(update: UpdateSubscription, preview: SeatChangePreview, title: string) {
    const json = JSON.stringify(update);
    const key = lastKey.current?.json === json ? lastKey.current.key : crypto.randomUUID();
    lastKey.current = { json, key };
    mutation.reset();
    setApplied(null);
    setPending({ update, preview, key, title });
  }

  /** Sends the pending update; `latest` is its preview recomputed on the latest seats (recorded in the audit). */
  function confirm(latest?: SeatChangePreview) {
    if (!pending || mutation.isPending || inFlight.current) return;
    inFlight.current = true;
    const current = latest ? { ...pending, preview: latest } : pending;
    mutation.mutate(
      {
        customerId: ids.customerId,
        contractId: ids.contractId,
        update: current.update,
        uniquenessKey: current.key,
        preview: previewRecord(current.preview),
      },
      {
        onSuccess: (result) => {
          lastKey.current = null;
          setPending(null);
          setApplied({ summary: current.preview.summary, alreadyApplied: result.alreadyApplied });
          onApplied?.(result);
        },
        onSettled: () => {
          inFlight.current = false;
        },
      },
    );
  }

  function close() {
    if (mutation.isPending) return;
    setPending(null);
  }

  return {
    pending,
    applied,
    dismissApplied: () => setApplied(null),
    review,
    confirm,
    close,
    isSending: mutation.isPending,
    error: mutation.error,
  };
}
