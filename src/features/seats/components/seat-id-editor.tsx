import { useId, useMemo, useState, type FormEvent } from "react";
import { Button } from "../../../components/button";
import { Input, Textarea } from "../../../components/field";
import { Notice } from "../../../components/notice";
import { formatNumber } from "../../../lib/format";
import { nextPeriodStart } from "../utils/effective-time";
import { buildSeatUpdate, emptySeatForm, hasAnyError, seatFields, withIssues, type SeatAction, type SeatFormState } from "../utils/edit-form";
import { removalForm, type RemovalRequest } from "../utils/removal-prefill";
import { formatSeatIdList } from "../utils/seat-input";
import type { SeatTotals } from "../../../domain/quantity-over-time";
import { changesNothing, previewFor, reviewWhenValid, type EditorContext, type ReviewHandler } from "./editor-context";
import { CsvImportField } from "./csv-import";
import { MessagesField } from "./field-messages";
import { PreviewPanel } from "./quantity-editor";
import { WhenField } from "./when-field";
import { useT } from "../../../lib/i18n";
import { seatsMessages } from "../../../locales/en/seats";

const actions: SeatAction[] = ["add", "remove", "reassign"];

function appendIds(text: string, ids: readonly string[]): string {
  const trimmed = text.replace(/\s+$/, "");
  return (trimmed === "" ? "" : `${trimmed}\n`) + formatSeatIdList(ids);
}

export interface SeatIdEditorProps {
  ctx: EditorContext;
  current: SeatTotals | null;
  onReview: ReviewHandler;
  serverError: string | null;
  /** A removal to fill the form with when it opens (from the URL), null for an empty form. */
  prefill?: RemovalRequest | null;
}

/** S2: seat-based subscriptions: add and remove seat IDs and unassigned seats, reassign a seat. */
export function SeatIdEditor({ ctx, current, onReview, serverError, prefill = null }: SeatIdEditorProps) {
  const id = useId();
  const [initial] = useState(() =>
    prefill
      ? removalForm(prefill, { assigned: new Set(current?.seatIds ?? []), unassigned: current?.unassigned ?? 0, nextPeriod: nextPeriodStart(ctx) })
      : { form: emptySeatForm(), notices: [] },
  );
  const [form, setForm] = useState<SeatFormState>(initial.form);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [filter, setFilter] = useState("");
  const assigned = useMemo(() => new Set(current?.seatIds ?? []), [current]);
  const nextPeriod = nextPeriodStart(ctx);
  const built = useMemo(() => buildSeatUpdate(ctx.subscriptionId, form, ctx, assigned), [ctx, form, assigned]);
  const preview = useMemo(() => (built.update ? previewFor(ctx, built.update) : null), [ctx, built]);
  const messages = preview ? withIssues(built.messages, preview.issues, form.action) : built.messages;
  const errorsFor = (field: string) => (submitted || touched.has(field) || preview ? messages.errors[field] : undefined);

  const t = useT(seatsMessages);

  function set(patch: Partial<SeatFormState>, field: string) {
    setForm((f) => ({ ...f, ...patch }));
    setTouched((prev) => new Set(prev).add(field));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    reviewWhenValid(built, preview, hasAnyError(messages), t(`seats.id.title.${form.action}`), onReview);
  }

  const shownSeats = (current?.seatIds ?? []).filter((s) => s.toLowerCase().includes(filter.trim().toLowerCase())).slice(0, 200);
  const nothingChanges = changesNothing(preview);
  return (
    <form onSubmit={submit} noValidate data-seat-form className="space-y-4">
      {serverError ? (
        <Notice tone="danger" title={t("seats.refused")}>
          {serverError}
        </Notice>
      ) : null}
      {initial.notices.length > 0 ? (
        <Notice tone="warning" title={t("seats.id.prefillPart")} live="none">
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {initial.notices.map((notice) => (
              <li key={notice}>{notice}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">{t("seats.id.what")}</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {actions.map((action) => (
            <label key={action} className="flex min-h-8 items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-action`}
                value={action}
                checked={form.action === action}
                onChange={() => {
                  setForm((f) => ({ ...f, action }));
                  setSubmitted(false);
                  setTouched(new Set());
                }}
              />
              {t(`seats.id.action.${action}`)}
            </label>
          ))}
        </div>
      </fieldset>

      {form.action === "reassign" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <MessagesField
            label={t("seats.id.from")}
            hint={t("seats.id.fromHint")}
            errors={errorsFor(seatFields.from)}
            warnings={messages.warnings[seatFields.from]}
          >
            {(a11y) => (
              <Input {...a11y} list={`${id}-assigned`} autoComplete="off" value={form.from} onChange={(e) => set({ from: e.target.value }, seatFields.from)} />
            )}
          </MessagesField>
          <MessagesField
            label={t("seats.id.to")}
            hint={t("seats.id.toHint")}
            errors={errorsFor(seatFields.to)}
            warnings={messages.warnings[seatFields.to]}
          >
            {(a11y) => <Input {...a11y} autoComplete="off" value={form.to} onChange={(e) => set({ to: e.target.value }, seatFields.to)} />}
          </MessagesField>
          <datalist id={`${id}-assigned`}>
            {(current?.seatIds ?? []).slice(0, 1000).map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
      ) : (
        <>
          <MessagesField
            label={t(form.action === "add" ? "seats.id.idsAdd" : "seats.id.idsRemove")}
            hint={
              form.action === "add"
                ? t("seats.id.idsAddHint")
                : t("seats.id.idsRemoveHint")
            }
            errors={errorsFor(seatFields.ids)}
            warnings={messages.warnings[seatFields.ids]}
          >
            {(a11y) => (
              <Textarea {...a11y} rows={4} spellCheck={false} value={form.ids} onChange={(e) => set({ ids: e.target.value }, seatFields.ids)} />
            )}
          </MessagesField>
          <CsvImportField
            purpose={form.action}
            assigned={assigned}
            onUse={(ids) => set({ ids: appendIds(form.ids, ids) }, seatFields.ids)}
          />
          <MessagesField
            label={t(form.action === "add" ? "seats.id.unassignedAdd" : "seats.id.unassignedRemove")}
            hint={
              form.action === "add"
                ? t("seats.id.unassignedAddHint")
                : t("seats.id.unassignedNow", { count: current?.unassigned ?? 0 })
            }
            errors={errorsFor(seatFields.unassigned)}
            warnings={messages.warnings[seatFields.unassigned]}
          >
            {(a11y) => (
              <Input
                {...a11y}
                inputMode="numeric"
                autoComplete="off"
                className="max-w-40"
                value={form.unassigned}
                onChange={(e) => set({ unassigned: e.target.value }, seatFields.unassigned)}
              />
            )}
          </MessagesField>
          {form.action === "remove" && (current?.seatIds.length ?? 0) > 0 ? (
            <details className="rounded-md border border-[var(--color-border)] p-3">
              <summary className="cursor-pointer text-sm font-medium">{t("seats.id.pick", { count: formatNumber(current?.seatIds.length ?? 0) })}</summary>
              <div className="mt-2 space-y-2">
                <div className="flex flex-col gap-1">
                  <label htmlFor={`${id}-filter`} className="text-sm">
                    {t("seats.id.filter")}
                  </label>
                  <Input id={`${id}-filter`} className="max-w-xs" value={filter} onChange={(e) => setFilter(e.target.value)} />
                </div>
                <ul className="max-h-60 space-y-1 overflow-y-auto">
                  {shownSeats.map((seat) => (
                    <li key={seat} className="flex items-center justify-between gap-2 text-sm">
                      <span className="min-w-0 break-all">{seat}</span>
                      <Button size="sm" variant="ghost" aria-label={t("seats.id.addToRemoval", { seat })} onClick={() => set({ ids: appendIds(form.ids, [seat]) }, seatFields.ids)}>
                        {t("seats.id.remove")}
                      </Button>
                    </li>
                  ))}
                </ul>
              </div>
            </details>
          ) : null}
        </>
      )}

      <WhenField
        legend={t("seats.starts")}
        value={form.when}
        onChange={(when) => set({ when }, seatFields.when)}
        now={ctx.now}
        nextPeriod={nextPeriod}
        canBackdate={ctx.canBackdate}
        errors={errorsFor(seatFields.when)}
        warnings={messages.warnings[seatFields.when]}
      />
      {messages.errors.form ? <p className="text-sm text-[var(--color-danger)]">{messages.errors.form.join(" ")}</p> : null}

      <PreviewPanel ctx={ctx} preview={preview} nothingChanges={nothingChanges} />

      <Button type="submit" variant="primary">
        {t("seats.review")}
      </Button>
    </form>
  );
}

