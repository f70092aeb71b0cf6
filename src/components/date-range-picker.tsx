import { useState, type FormEvent } from "react";
import { checkDateRange, type RangeLimits, type RangePreset } from "../lib/date-range-check";
import type { DateRange } from "../lib/date-range";
import { Button } from "./button";
import { Field, Input } from "./field";
import { useT } from "../lib/i18n";
import { componentsMessages } from "../locales/en/components";

export interface DateRangePickerProps {
  /** Accessible name of the group, e.g. "Period shown". */
  label: string;
  /** The dates currently in the URL (may be invalid: they are shown as typed). */
  from: string;
  to: string;
  limits: RangeLimits;
  presets: RangePreset[];
  onChange: (range: DateRange) => void;
  className?: string;
}

/**
 * A date range: preset buttons (3 months, 1 year, all) and from/to date inputs applied together.
 * A wrong range is refused with a message and leaves the URL (and the chart) unchanged.
 * A group named `label` (a fieldset and its legend) inside a form, so Enter in a date applies it.
 */
export function DateRangePicker({ label, from, to, limits, presets, onChange, className }: DateRangePickerProps) {
  const [draft, setDraft] = useState({ from, to, key: `${from}|${to}` });
  const [error, setError] = useState<string | null>(null);
  const t = useT(componentsMessages);
  // A new range from outside (a preset, the back button) replaces the draft.
  const current = draft.key === `${from}|${to}` ? draft : { from, to, key: `${from}|${to}` };
  const active = presets.find((p) => p.range.from === from && p.range.to === to)?.id;

  function submit(event: FormEvent) {
    event.preventDefault();
    const check = checkDateRange(current.from, current.to, limits);
    if (!check.ok) {
      setError(check.message);
      return;
    }
    setError(null);
    onChange(check.range);
  }

  return (
    <form onSubmit={submit} className={className}>
      <fieldset className="m-0 min-w-0 border-0 p-0">
        <legend className="sr-only">{label}</legend>
        <div className="flex flex-wrap items-end gap-2">
          <div role="group" aria-label={t("components.range.presets")} className="flex gap-1">
            {presets.map((p) => (
              <Button
                key={p.id}
                size="sm"
                variant={active === p.id ? "primary" : "secondary"}
                aria-pressed={active === p.id}
                onClick={() => {
                  setError(null);
                  setDraft({ ...p.range, key: `${p.range.from}|${p.range.to}` });
                  onChange(p.range);
                }}
              >
                {p.label}
              </Button>
            ))}
          </div>
          <Field label={t("components.range.from")} className="w-40">
            <Input
              type="date"
              value={current.from}
              min={limits.min ?? undefined}
              max={limits.max ?? undefined}
              onChange={(e) => setDraft({ ...current, from: e.target.value })}
              aria-invalid={error ? true : undefined}
            />
          </Field>
          <Field label={t("components.range.to")} className="w-40">
            <Input
              type="date"
              value={current.to}
              min={limits.min ?? undefined}
              max={limits.max ?? undefined}
              onChange={(e) => setDraft({ ...current, to: e.target.value })}
              aria-invalid={error ? true : undefined}
            />
          </Field>
          <Button type="submit">{t("components.range.apply")}</Button>
          {error ? (
            <p role="alert" className="w-full text-sm text-[var(--color-danger)]">
              {error}
            </p>
          ) : null}
        </div>
      </fieldset>
    </form>
  );
}
