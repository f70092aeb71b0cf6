import { useState } from "react";
import { Button } from "../../../components/button";
import { EmptyState } from "../../../components/empty-state";
import { Notice } from "../../../components/notice";
import type { UpdateSubscription } from "../../../domain/edit-validation";
import { formatDateTime, formatNumber, formatSeats } from "../../../lib/format";
import type { ScheduledChange } from "../utils/seat-schedule";
import { previewFor, type EditorContext } from "./editor-context";
import { ImpactPreview } from "./impact-preview";

function describe(change: ScheduledChange): string {
  if (change.delta !== null) {
    const own = `${change.delta > 0 ? "+" : "−"}${formatSeats(Math.abs(change.delta))}`;
    const when = change.edited_at ? `, scheduled ${formatDateTime(change.edited_at, { timeZone: "UTC" })}` : "";
    return `${own}${when} (all changes at that hour together: ${formatNumber(change.total_before)} → ${formatSeats(change.total_after)})`;
  }
  const parts = [`${formatNumber(change.total_before)} → ${formatSeats(change.total_after)}`];
  if (change.seats_added.length > 0) parts.push(`adds ${change.seats_added.join(", ")}`);
  if (change.seats_removed.length > 0) parts.push(`removes ${change.seats_removed.join(", ")}`);
  if (change.unassigned_before !== null && change.unassigned_after !== null && change.unassigned_before !== change.unassigned_after) {
    parts.push(`unassigned ${formatNumber(change.unassigned_before)} → ${formatNumber(change.unassigned_after)}`);
  }
  return parts.join("; ");
}

export interface ScheduledChangesProps {
  ctx: EditorContext;
  changes: ScheduledChange[];
  canWrite: boolean;
  onReview: (update: UpdateSubscription, preview: ReturnType<typeof previewFor>, title: string) => void;
}

/** S4: every future change, each with "Cancel this change" (a compensating edit) and its own preview. */
export function ScheduledChanges({ ctx, changes, canWrite, onReview }: ScheduledChangesProps) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="scheduled-title" className="space-y-2">
      <h2 id="scheduled-title" className="text-base font-semibold">
        Scheduled changes
      </h2>
      {changes.length === 0 ? (
        <EmptyState title="No scheduled changes">Changes you schedule for later appear here, where you can cancel them.</EmptyState>
      ) : (
        <ul className="space-y-2">
          {changes.map((change) => {
            const preview = open === change.id ? previewFor(ctx, change.cancel) : null;
            const label = `${formatDateTime(change.starting_at, { timeZone: "UTC" })}: ${describe(change)}`;
            return (
              <li key={change.id} className="rounded-md border border-[var(--color-border)] p-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="min-w-0 text-sm break-words">
                    <span className="font-medium">{formatDateTime(change.starting_at, { timeZone: "UTC" })}</span>: {describe(change)}
                  </p>
                  {canWrite ? (
                    <Button
                      size="sm"
                      variant={open === change.id ? "ghost" : "secondary"}
                      aria-expanded={open === change.id}
                      aria-label={open === change.id ? `Hide the cancellation of ${label}` : `Cancel the change of ${label}`}
                      onClick={() => setOpen(open === change.id ? null : change.id)}
                    >
                      {open === change.id ? "Keep this change" : "Cancel this change"}
                    </Button>
                  ) : null}
                </div>
                {preview ? (
                  <div className="mt-3 space-y-3 border-t border-[var(--color-border)] pt-3">
                    <p className="text-sm">
                      {change.delta !== null
                        ? `Cancelling sends a change for the same hour of ${change.delta > 0 ? "−" : "+"}${formatSeats(Math.abs(change.delta))}, so only this change is undone; the other changes then and later still apply.`
                        : `Cancelling sends a change for the same hour that puts the seats back to ${formatSeats(change.total_before)}. Later changes still apply.`}
                    </p>
                    {preview.ok ? (
                      <ImpactPreview preview={preview} creditTypes={ctx.creditTypes} headingLevel={3} />
                    ) : (
                      <Notice tone="danger" live="none" title="This change can't be cancelled this way">
                        {preview.issues.filter((i) => i.severity === "error").map((i) => i.message).join(". ")}
                      </Notice>
                    )}
                    <Button
                      variant="danger"
                      disabled={!preview.ok}
                      onClick={() => onReview(change.cancel, preview, `Cancel the change of ${formatDateTime(change.starting_at, { timeZone: "UTC" })}`)}
                    >
                      Review the cancellation
                    </Button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
