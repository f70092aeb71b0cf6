import { useId } from "react";
import { Input } from "../../../components/field";
import { floorToHour } from "../../../domain/time";
import { formatDateTime, formatDateTimeWithUtc, getTimeZone, showsUtc } from "../../../lib/format";
import { fromWallClock, wholeUtcHourStepMinutes, zoneOffsetMinutes } from "../../../lib/time-zone";
import type { When, WhenChoice } from "../utils/effective-time";
import { FieldMessageList, describedBy } from "./field-messages";
import { useT, type Translate } from "../../../lib/i18n";
import { seatsMessages } from "../../../locales/en/seats";

export interface WhenFieldProps {
  legend: string;
  value: When;
  onChange: (next: When) => void;
  now: number;
  /** Start of the next billing period, null when there is none. */
  nextPeriod: number | null;
  canBackdate: boolean;
  errors?: string[] | undefined;
  warnings?: string[] | undefined;
}

const choiceOrder: WhenChoice[] = ["now", "next_period", "at"];

/**
 * When a change starts: now (this hour), at the next billing period, or at a chosen hour. The hour
 * is picked on the person's own clock (their time zone) and the field says which UTC time it is:
 * Metronome starts changes on whole UTC hours, which in a zone such as Asia/Kolkata (UTC+5:30)
 * fall at half past, so the picker steps by the zone's offset and says so.
 */
export function WhenField({ legend, value, onChange, now, nextPeriod, canBackdate, errors, warnings }: WhenFieldProps) {
  const id = useId();
  const t = useT(seatsMessages);
  const labels: Record<WhenChoice, string> = {
    now: t("seats.when.now", { time: formatDateTimeWithUtc(floorToHour(now)) }),
    next_period: nextPeriod === null ? t("seats.when.nextPeriodNone") : t("seats.when.nextPeriod", { time: formatDateTimeWithUtc(nextPeriod) }),
    at: canBackdate ? t("seats.when.atBackdate") : t("seats.when.atLater"),
  };
  const zone = getTimeZone();
  const utc = showsUtc();
  const stepMinutes = wholeUtcHourStepMinutes(zone, now);
  const messageId = `${id}-msg`;
  const noteId = `${id}-utc`;
  const note = utc ? null : utcNote(t, value.at, zone, now, stepMinutes);
  const hasMessages = Boolean(errors?.length || warnings?.length);
  return (
    <fieldset className="min-w-0 space-y-2" aria-describedby={hasMessages && value.choice !== "at" ? messageId : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="flex flex-col gap-1">
        {choiceOrder.map((choice) => (
          <label key={choice} className="flex min-h-8 items-center gap-2 text-sm">
            <input
              type="radio"
              name={`${id}-when`}
              value={choice}
              checked={value.choice === choice}
              disabled={choice === "next_period" && nextPeriod === null}
              onChange={() => onChange({ ...value, choice })}
            />
            {labels[choice]}
          </label>
        ))}
      </div>
      {value.choice === "at" ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-at`} className="text-sm font-medium">
            {utc ? t("seats.when.atLabelUtc") : t("seats.when.atLabelZone", { zone })}
          </label>
          <Input
            id={`${id}-at`}
            type="datetime-local"
            step={stepMinutes * 60}
            className="max-w-xs"
            value={value.at}
            onChange={(e) => onChange({ ...value, at: e.target.value })}
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={[note ? noteId : null, describedBy(hasMessages, messageId)].filter(Boolean).join(" ") || undefined}
          />
          {note ? (
            <p id={noteId} className="text-sm text-[var(--color-muted)]" aria-live="polite">
              {note}
            </p>
          ) : null}
        </div>
      ) : null}
      <FieldMessageList id={messageId} errors={errors} warnings={warnings} />
    </fieldset>
  );
}

/** Which UTC time the picked wall-clock time is, and how whole UTC hours fall in a half-hour zone. */
function utcNote(t: Translate<typeof seatsMessages>, at: string, zone: string, now: number, stepMinutes: number): string | null {
  const parts: string[] = [];
  if (stepMinutes !== 60) {
    const offset = zoneOffsetMinutes(zone, now);
    const sign = offset < 0 ? "−" : "+";
    const abs = Math.abs(offset);
    const minutes = String(abs % 60).padStart(2, "0");
    parts.push(
      t("seats.when.halfHourZone", {
        zone,
        offset: `${sign}${Math.floor(abs / 60)}:${minutes}`,
        minutes: `:${offset < 0 ? String((60 - (abs % 60)) % 60).padStart(2, "0") : minutes}`,
        example: formatDateTime(floorToHour(now) + 3_600_000, { timeZone: zone }),
      }),
    );
  }
  const picked = at ? fromWallClock(at, zone) : null;
  if (picked?.ok) parts.push(t(picked.ambiguous ? "seats.when.utcNoteAmbiguous" : "seats.when.utcNote", { utc: formatDateTime(picked.instant, { timeZone: "UTC" }) }));
  return parts.length > 0 ? parts.join(" ") : null;
}
