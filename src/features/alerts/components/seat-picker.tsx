import { useId, useMemo, useState } from "react";
import { Input } from "../../../components/field";
import { formatAmount, type CreditTypeNames } from "../../../lib/format";
import { cx } from "../../../components/cx";
import { Trans, useT } from "../../../lib/i18n";
import { alertsMessages } from "../../../locales/en/alerts";

export interface SeatChoice {
  seatId: string;
  /** The seat's balance in the alert's credit type, when known. */
  balance: number | null;
}

export interface SeatPickerProps {
  seats: readonly SeatChoice[] | null;
  value: string;
  onChange: (seatId: string) => void;
  creditTypeId: string;
  names: CreditTypeNames;
  error?: string | undefined;
  loading: boolean;
}

/** How many matching seats are listed at once (narrow the search to see others). */
export const SEAT_MATCH_LIMIT = 8;

/** Finds one seat by typing part of its id, then picking it from a short radio list of matches. */
export function SeatPicker({ seats, value, onChange, creditTypeId, names, error, loading }: SeatPickerProps) {
  const id = useId();
  const t = useT(alertsMessages);
  const [search, setSearch] = useState("");
  const matches = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const all = seats ?? [];
    return needle ? all.filter((s) => s.seatId.toLowerCase().includes(needle)) : all;
  }, [seats, search]);
  const shown = matches.slice(0, SEAT_MATCH_LIMIT);
  const selectedHidden = value !== "" && !shown.some((s) => s.seatId === value);
  const errorId = `${id}-error`;
  return (
    <fieldset className="min-w-0 space-y-2" aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium">{t("alerts.seatPicker.seat")}</legend>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-search`} className="text-sm">
          {t("alerts.seatPicker.find")}
        </label>
        <Input
          id={`${id}-search`}
          type="search"
          autoComplete="off"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t("alerts.seatPicker.placeholder")}
          aria-describedby={`${id}-count`}
        />
        <p id={`${id}-count`} className="text-xs text-[var(--color-muted)]" aria-live="polite">
          {loading
            ? t("alerts.seatPicker.loading")
            : matches.length === 0
              ? t("alerts.seatPicker.noMatch")
              : matches.length > SEAT_MATCH_LIMIT
                ? t("alerts.seatPicker.tooMany", { count: matches.length, limit: SEAT_MATCH_LIMIT })
                : t("alerts.seatPicker.matches", { count: matches.length })}
        </p>
      </div>
      {selectedHidden ? (
        <p className="text-sm">
          <Trans t={t} id="alerts.seatPicker.selected" values={{ seat: <span className="font-medium break-all">{value}</span> }} />
        </p>
      ) : null}
      {shown.length > 0 ? (
        <ul className="divide-y divide-[var(--color-border)] rounded-md border border-[var(--color-border)]">
          {shown.map((seat) => (
            <li key={seat.seatId}>
              <label
                className={cx(
                  "flex min-h-10 cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-[var(--color-surface-2)]",
                  seat.seatId === value && "bg-[var(--color-surface-2)]",
                )}
              >
                <input
                  type="radio"
                  name={`${id}-seat`}
                  value={seat.seatId}
                  checked={seat.seatId === value}
                  onChange={() => onChange(seat.seatId)}
                  aria-invalid={error ? true : undefined}
                />
                <span className="min-w-0 flex-1 break-all">{seat.seatId}</span>
                {seat.balance !== null ? (
                  <span className="shrink-0 text-[var(--color-muted)] tabular-nums">{formatAmount(seat.balance, creditTypeId, names)}</span>
                ) : null}
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-[var(--color-danger)]">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
