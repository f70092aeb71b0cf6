import { useMemo, useState, type FormEvent } from "react";
import { Button } from "../../../components/button";
import { Input, Select } from "../../../components/field";
import { Notice } from "../../../components/notice";
import { formatSeats } from "../../../lib/format";
import { allowedSeatRange } from "../../../domain/seat-policy";
import { nextPeriodStart } from "../utils/effective-time";
import { seatCountHint } from "../utils/preview-text";
import {
  buildQuantityUpdate,
  hasAnyError,
  quantityFields,
  withIssues,
  type QuantityFormState,
  type QuantityMode,
  type QuantityRow,
} from "../utils/edit-form";
import { changesNothing, previewFor, reviewWhenValid, type EditorContext, type ReviewHandler } from "./editor-context";
import { MessagesField } from "./field-messages";
import { ImpactPreview, previewHeadline } from "./impact-preview";
import { WhenField } from "./when-field";
import { useT } from "../../../lib/i18n";
import { seatsMessages } from "../../../locales/en/seats";

let rowCounter = 0;
function newRow(): QuantityRow {
  rowCounter += 1;
  return { key: `row-${rowCounter}`, mode: "total", value: "", when: { choice: "now", at: "" } };
}

export interface QuantityEditorProps {
  ctx: EditorContext;
  current: number | null;
  onReview: ReviewHandler;
  /** A server refusal to show above the form (the form keeps what was typed). */
  serverError: string | null;
}

/** S1: quantity subscriptions: one or more changes, each a new total or a +/− change, now or later. */
export function QuantityEditor({ ctx, current, onReview, serverError }: QuantityEditorProps) {
  const [form, setForm] = useState<QuantityFormState>(() => ({ rows: [newRow()] }));
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const t = useT(seatsMessages);
  const modeOptions: Array<{ value: QuantityMode; label: string }> = [
    { value: "total", label: t("seats.q.setTotal") },
    { value: "change", label: t("seats.q.addRemove") },
  ];
  const [submitted, setSubmitted] = useState(false);
  const nextPeriod = nextPeriodStart(ctx);
  const built = useMemo(() => buildQuantityUpdate(ctx.subscriptionId, form, ctx), [ctx, form]);
  const preview = useMemo(() => (built.update ? previewFor(ctx, built.update) : null), [ctx, built]);
  const messages = preview ? withIssues(built.messages, preview.issues, null) : built.messages;
  const show = (field: string) => submitted || touched.has(field);
  const errorsFor = (field: string) => (show(field) || preview ? messages.errors[field] : undefined);

  function update(i: number, patch: Partial<QuantityRow>, field: string) {
    setForm((f) => ({ rows: f.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
    setTouched((prev) => new Set(prev).add(field));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    reviewWhenValid(built, preview, hasAnyError(messages), t("seats.confirmTitle"), onReview);
  }

  const nothingChanges = changesNothing(preview);
  return (
    <form onSubmit={submit} noValidate data-seat-form className="space-y-4">
      {serverError ? (
        <Notice tone="danger" title={t("seats.refused")}>
          {serverError}
        </Notice>
      ) : null}
      <p className="text-sm text-[var(--color-muted)]">
        {current === null ? "" : t("seats.q.now", { seats: formatSeats(current) })}
        {t("seats.q.order")}
      </p>
      <ol className="space-y-3">
        {form.rows.map((row, i) => {
          const valueField = quantityFields.value(i);
          const whenField = quantityFields.when(i);
          return (
            <li key={row.key}>
              <fieldset className="space-y-3 rounded-md border border-[var(--color-border)] p-3">
                <legend className="px-1 text-sm font-semibold">{t("seats.q.changeN", { n: i + 1 })}</legend>
                <div className="grid gap-3 sm:grid-cols-2">
                  <div className="flex flex-col gap-1">
                    <label htmlFor={`${row.key}-mode`} className="text-sm font-medium">
                      {t("seats.q.kind")}
                    </label>
                    <Select
                      id={`${row.key}-mode`}
                      options={modeOptions}
                      value={row.mode}
                      onValueChange={(mode) => update(i, { mode }, valueField)}
                    />
                  </div>
                  <MessagesField
                    label={t(row.mode === "total" ? "seats.q.newTotal" : "seats.q.delta")}
                    hint={seatCountHint(row.mode, allowedSeatRange(ctx.policy, false))}
                    errors={errorsFor(valueField)}
                    warnings={messages.warnings[valueField]}
                  >
                    {(a11y) => (
                      <Input
                        {...a11y}
                        inputMode="numeric"
                        autoComplete="off"
                        value={row.value}
                        onChange={(e) => update(i, { value: e.target.value }, valueField)}
                      />
                    )}
                  </MessagesField>
                </div>
                <WhenField
                  legend={t("seats.starts")}
                  value={row.when}
                  onChange={(when) => update(i, { when }, whenField)}
                  now={ctx.now}
                  nextPeriod={nextPeriod}
                  canBackdate={ctx.canBackdate}
                  errors={errorsFor(whenField)}
                  warnings={messages.warnings[whenField]}
                />
                {form.rows.length > 1 ? (
                  <Button size="sm" variant="ghost" onClick={() => setForm((f) => ({ rows: f.rows.filter((_, j) => j !== i) }))}>
                    {t("seats.q.removeN", { n: i + 1 })}
                  </Button>
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <Button size="sm" onClick={() => setForm((f) => ({ rows: [...f.rows, newRow()] }))}>
        {t("seats.q.addAnother")}
      </Button>
      {messages.errors.form ? (
        <p className="text-sm text-[var(--color-danger)]">{messages.errors.form.join(" ")}</p>
      ) : null}

      <PreviewPanel ctx={ctx} preview={preview} nothingChanges={nothingChanges} />

      <Button type="submit" variant="primary">
        {t("seats.review")}
      </Button>
    </form>
  );
}

/** The live preview under an editor; the headline is announced politely as it changes. */
export function PreviewPanel({
  ctx,
  preview,
  nothingChanges,
}: {
  ctx: EditorContext;
  preview: ReturnType<typeof previewFor> | null;
  nothingChanges: boolean;
}) {
  const t = useT(seatsMessages);
  return (
    <section aria-labelledby="seat-impact-title" className="rounded-md border border-[var(--color-border)] bg-[var(--color-surface-2)] p-3">
      <h3 id="seat-impact-title" className="text-base font-semibold">
        {t("seats.impact.heading")}
      </h3>
      <p role="status" className="mt-1 text-sm">
        {preview === null
          ? t("seats.impact.fillIn")
          : nothingChanges
            ? t("seats.impact.nothing")
            : previewHeadline(preview, ctx.creditTypes)}
      </p>
      {preview !== null && !nothingChanges ? (
        <div className="mt-3">
          <ImpactPreview preview={preview} creditTypes={ctx.creditTypes} headingLevel={4} />
        </div>
      ) : null}
    </section>
  );
}
