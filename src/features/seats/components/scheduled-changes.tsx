import { useState } from "react";
import { Button } from "../../../components/button";
import { EmptyState } from "../../../components/empty-state";
import { Notice } from "../../../components/notice";
import type { UpdateSubscription } from "../../../domain/edit-validation";
import { formatDateTimeWithUtc, formatNumber, formatSeats } from "../../../lib/format";
import type { ScheduledChange } from "../utils/seat-schedule";
import { previewFor, type EditorContext } from "./editor-context";
import { ImpactPreview } from "./impact-preview";
import { useT } from "../../../lib/i18n";
import { seatsMessages } from "../../../locales/en/seats";
import { translate } from "../../../lib/i18n-core";

function describe(change: ScheduledChange): string {
  if (change.delta !== null) {
    return translate(seatsMessages, "seats.sched.own", {
      delta: `${change.delta > 0 ? "+" : "−"}${formatSeats(Math.abs(change.delta))}`,
      scheduled: change.edited_at ? translate(seatsMessages, "seats.sched.scheduledAt", { time: formatDateTimeWithUtc(change.edited_at) }) : "",
      before: formatNumber(change.total_before),
      after: formatSeats(change.total_after),
    });
  }
  const parts = [`${formatNumber(change.total_before)} → ${formatSeats(change.total_after)}`];
  if (change.seats_added.length > 0) parts.push(translate(seatsMessages, "seats.sched.adds", { ids: change.seats_added.join(", ") }));
  if (change.seats_removed.length > 0) parts.push(translate(seatsMessages, "seats.sched.removes", { ids: change.seats_removed.join(", ") }));
  if (change.unassigned_before !== null && change.unassigned_after !== null && change.unassigned_before !== change.unassigned_after) {
    parts.push(translate(seatsMessages, "seats.sched.unassigned", { before: formatNumber(change.unassigned_before), after: formatNumber(change.unassigned_after) }));
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
  const t = useT(seatsMessages);
  return (
    <section aria-labelledby="scheduled-title" className="space-y-2">
      <h2 id="scheduled-title" className="text-base font-semibold">
        {t("seats.sched.heading")}
      </h2>
      {changes.length === 0 ? (
        <EmptyState title={t("seats.sched.none")}>{t("seats.sched.noneBody")}</EmptyState>
      ) : (
        <ul className="space-y-2">
          {changes.map((change) => {
            const preview = open === change.id ? previewFor(ctx, change.cancel) : null;
            const at = formatDateTimeWithUtc(change.starting_at);
            const label = `${at}: ${describe(change)}`;
            return (
              <li key={change.id} className="rounded-md border border-[var(--color-border)] p-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="min-w-0 text-sm break-words">
                    <span className="font-medium">{at}</span>: {describe(change)}
                  </p>
                  {canWrite ? (
                    <Button
                      size="sm"
                      variant={open === change.id ? "ghost" : "secondary"}
                      aria-expanded={open === change.id}
                      aria-label={t(open === change.id ? "seats.sched.hideCancel" : "seats.sched.cancelOf", { label })}
                      onClick={() => setOpen(open === change.id ? null : change.id)}
                    >
                      {t(open === change.id ? "seats.sched.keep" : "seats.sched.cancel")}
                    </Button>
                  ) : null}
                </div>
                {preview ? (
                  <div className="mt-3 space-y-3 border-t border-[var(--color-border)] pt-3">
                    <p className="text-sm">
                      {change.delta !== null
                        ? t("seats.sched.cancelDelta", { delta: `${change.delta > 0 ? "−" : "+"}${formatSeats(Math.abs(change.delta))}` })
                        : t("seats.sched.cancelTotal", { seats: formatSeats(change.total_before) })}
                    </p>
                    {preview.ok ? (
                      <ImpactPreview preview={preview} creditTypes={ctx.creditTypes} headingLevel={3} />
                    ) : (
                      <Notice tone="danger" live="none" title={t("seats.sched.cantCancel")}>
                        {preview.issues.filter((i) => i.severity === "error").map((i) => i.message).join(". ")}
                      </Notice>
                    )}
                    <Button
                      variant="danger"
                      disabled={!preview.ok}
                      onClick={() => onReview(change.cancel, preview, t("seats.sched.cancelOf", { label: at }))}
                    >
                      {t("seats.sched.review")}
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
