import { useId } from "react";
import type { SeatPolicy } from "../../../contract/bff";
import { formatDateTime, formatNumber } from "../../../lib/format";
import type { SeatTotals } from "../../../domain/quantity-over-time";

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
  if (policy?.min_seats != null && policy.max_seats != null) parts.push(`between ${formatNumber(policy.min_seats)} and ${formatNumber(policy.max_seats)} seats`);
  else if (policy?.min_seats != null) parts.push(`at least ${formatNumber(policy.min_seats)} seats`);
  else if (policy?.max_seats != null) parts.push(`at most ${formatNumber(policy.max_seats)} seats`);
  if (cap !== null) parts.push(`never more than ${formatNumber(cap)} seats on a seat-based subscription`);
  return parts.length > 0 ? `Seat policy: ${parts.join("; ")}.` : null;
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
  const rule = policyText(policy, seatBased ? cap : null);
  return (
    <section aria-labelledby="seat-summary-title" className="space-y-2">
      <h2 id="seat-summary-title" className="text-base font-semibold">
        Seats now
      </h2>
      {seatBased ? (
        <div className="grid grid-cols-3 gap-2 sm:max-w-lg">
          <Stat label="Assigned" value={formatNumber(totals?.assigned ?? null)} />
          <Stat label="Unassigned" value={formatNumber(totals?.unassigned ?? null)} />
          <Stat label="Total" value={formatNumber(totals?.total ?? null)} />
        </div>
      ) : (
        <div className="grid grid-cols-1 gap-2 sm:max-w-[12rem]">
          <Stat label="Total" value={formatNumber(quantity)} />
        </div>
      )}
      {seatBased && totals?.since ? (
        <p className="text-xs text-[var(--color-muted)]">
          Since {formatDateTime(totals.since, { timeZone: "UTC" })}
          {totals.until ? `, until the next change on ${formatDateTime(totals.until, { timeZone: "UTC" })}` : ""}.
        </p>
      ) : null}
      {rule ? <p className="text-sm text-[var(--color-muted)]">{rule}</p> : null}
    </section>
  );
}
