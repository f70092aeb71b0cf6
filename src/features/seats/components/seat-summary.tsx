import { useId } from "react";
import type { SeatPolicy } from "../../../contract/bff";
import { formatDateTimeWithUtc, formatNumber } from "../../../lib/format";
import type { SeatTotals } from "../../../domain/quantity-over-time";
import { useT } from "../../../lib/i18n";
import { seatsMessages } from "../../../locales/en/seats";
import { translate } from "../../../lib/i18n-core";

function Stat({ label, value }: { label: string; value: string }) {
  const id = useId();
  return (
    <div role="group" aria-labelledby={id} className="min-w-0 rounded-md border border-[var(--color-border)] px-3 py-2">
      <p id={id} className="text-xs text-[var(--color-muted)]">
        {label}
      </p>
      <p className="text-2xl font-semibold tabular-nums">{value}</p>
    </div>
  );
}

function policyText(policy: SeatPolicy | null | undefined, cap: number | null): string | null {
  const parts: string[] = [];
  const min = formatNumber(policy?.min_seats ?? null);
  const max = formatNumber(policy?.max_seats ?? null);
  if (policy?.min_seats != null && policy.max_seats != null) parts.push(translate(seatsMessages, "seats.policy.between", { min, max }));
  else if (policy?.min_seats != null) parts.push(translate(seatsMessages, "seats.policy.atLeast", { min }));
  else if (policy?.max_seats != null) parts.push(translate(seatsMessages, "seats.policy.atMost", { max }));
  if (cap !== null) parts.push(translate(seatsMessages, "seats.policy.cap", { cap: formatNumber(cap) }));
  return parts.length > 0 ? translate(seatsMessages, "seats.policy.text", { rules: parts.join("; ") }) : null;
}

/** Assigned, unassigned and total seats now (seat-based), or the quantity (quantity-only), and the seat policy. */
export function SeatSummary({
  seatBased,
  totals,
  quantity,
  policy,
  cap,
}: {
  seatBased: boolean;
  totals: SeatTotals | null;
  quantity: number | null;
  policy: SeatPolicy | null | undefined;
  cap: number | null;
}) {
  const t = useT(seatsMessages);
  const rule = policyText(policy, seatBased ? cap : null);
  return (
    <section aria-labelledby="seat-summary-title" className="space-y-2">
      <h2 id="seat-summary-title" className="text-base font-semibold">
        {t("seats.summary.heading")}
      </h2>
      {seatBased ? (
        <div className="grid grid-cols-3 gap-2 sm:max-w-lg">
          <Stat label={t("seats.summary.assigned")} value={formatNumber(totals?.assigned ?? null)} />
          <Stat label={t("seats.summary.unassigned")} value={formatNumber(totals?.unassigned ?? null)} />
          <Stat label={t("seats.summary.total")} value={formatNumber(totals?.total ?? null)} />
        </div>
      ) : (
        <div className="grid grid-cols-1 gap-2 sm:max-w-[12rem]">
          <Stat label={t("seats.summary.total")} value={formatNumber(quantity)} />
        </div>
      )}
      {seatBased && totals?.since ? (
        <p className="text-xs text-[var(--color-muted)]">
          {totals.until
            ? t("seats.summary.sinceUntil", { since: formatDateTimeWithUtc(totals.since), until: formatDateTimeWithUtc(totals.until) })
            : t("seats.summary.since", { since: formatDateTimeWithUtc(totals.since) })}
        </p>
      ) : null}
      {rule ? <p className="text-sm text-[var(--color-muted)]">{rule}</p> : null}
    </section>
  );
}
