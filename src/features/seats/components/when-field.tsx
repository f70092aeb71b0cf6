import { useId } from "react";
import { Input } from "../../../components/field";
import { floorToHour } from "../../../domain/time";
import { formatDateTime } from "../../../lib/format";
import type { When, WhenChoice } from "../utils/effective-time";
import { FieldMessageList, describedBy } from "./field-messages";

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

/** When a change starts: now (this hour), at the next billing period, or at a chosen hour (UTC). */
export function WhenField({ legend, value, onChange, now, nextPeriod, canBackdate, errors, warnings }: WhenFieldProps) {
  const id = useId();
  const labels: Record<WhenChoice, string> = {
    now: `Now (from ${formatDateTime(floorToHour(now), { timeZone: "UTC" })})`,
    next_period: nextPeriod === null ? "At the next billing period (none: the subscription ends first)" : `At the next billing period (${formatDateTime(nextPeriod, { timeZone: "UTC" })})`,
    at: canBackdate ? "At a date and hour I choose (past hours allowed)" : "At a later date and hour I choose",
  };
  const messageId = `${id}-msg`;
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
            Starts at (UTC, on the hour)
          </label>
          <Input
            id={`${id}-at`}
            type="datetime-local"
            step={3600}
            className="max-w-xs"
            value={value.at}
            onChange={(e) => onChange({ ...value, at: e.target.value })}
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={describedBy(hasMessages, messageId)}
          />
        </div>
      ) : null}
      <FieldMessageList id={messageId} errors={errors} warnings={warnings} />
    </fieldset>
  );
}
