import { previewedCost, type SeatChangePreview } from "../../../domain/preview";
import type { ScheduleEntry } from "../../../domain/timeline";
import { DataTable } from "../../../components/data-table";
import { formatAmount, formatDateTimeWithUtc, formatNumber, formatSeats, type CreditTypeNames } from "../../../lib/format";
import { billedLabels, chargeText, chargeWhenText, creditWhoText, reductionText, servicePeriodText } from "../utils/preview-text";
import { useT } from "../../../lib/i18n";
import { seatsMessages } from "../../../locales/en/seats";
import { translate } from "../../../lib/i18n-core";

interface ScheduleRow {
  key: string;
  from: string;
  until: string | null;
  before: ScheduleEntry | null;
  after: ScheduleEntry | null;
}

function seatText(entry: ScheduleEntry | null): string {
  if (!entry) return "—";
  if (entry.assigned === undefined) return formatSeats(entry.total);
  return translate(seatsMessages, "seats.ip.seatText", { seats: formatSeats(entry.total), assigned: formatNumber(entry.assigned), unassigned: formatNumber(entry.unassigned ?? 0) });
}

/** The new schedule next to the old one, over the intervals the change alters. */
function scheduleRows(preview: SeatChangePreview): ScheduleRow[] {
  const at = (list: ScheduleEntry[], iso: string) => {
    const t = Date.parse(iso);
    return list.find((e) => Date.parse(e.starting_at) <= t && (e.ending_before === null || t < Date.parse(e.ending_before))) ?? null;
  };
  return preview.changes.map((c) => ({
    key: c.starting_at,
    from: c.starting_at,
    until: c.ending_before,
    before: at(preview.before, c.starting_at),
    after: at(preview.after, c.starting_at),
  }));
}

export interface ImpactPreviewProps {
  preview: SeatChangePreview;
  creditTypes?: CreditTypeNames;
  /** Heading level of the section titles. */
  headingLevel?: 3 | 4;
}

/** What a seat change does, before it is confirmed (S3): schedule, charges, credits and plain words. */
export function ImpactPreview({ preview, creditTypes, headingLevel = 3 }: ImpactPreviewProps) {
  const H = `h${headingLevel}` as const;
  const t = useT(seatsMessages);
  const rows = scheduleRows(preview);
  const creditTotals = Object.entries(preview.credit_totals).filter(([, amount]) => amount !== 0);
  const currency = (amount: number) => formatAmount(amount, preview.fiat_credit_type_id, creditTypes);
  return (
    <div className="space-y-4 text-sm">
      <section>
        <H className="font-semibold">{t("seats.ip.seats")}</H>
        {rows.length === 0 ? (
          <p className="mt-1 text-[var(--color-muted)]">{t("seats.ip.stays")}</p>
        ) : (
          <DataTable
            className="mt-1"
            caption={t("seats.ip.caption")}
            captionHidden
            rows={rows}
            rowKey={(r) => r.key}
            columns={[
              {
                id: "when",
                header: t("seats.ip.from"),
                cell: (r) => (
                  <span>
                    {formatDateTimeWithUtc(r.from)}
                    {r.until ? <span className="text-[var(--color-muted)]">{t("seats.ip.until", { time: formatDateTimeWithUtc(r.until) })}</span> : null}
                  </span>
                ),
              },
              { id: "before", header: t("seats.ip.nowScheduled"), cell: (r) => seatText(r.before) },
              { id: "after", header: t("seats.ip.after"), cell: (r) => <strong>{seatText(r.after)}</strong> },
            ]}
          />
        )}
      </section>

      <section>
        <H className="font-semibold">{t("seats.ip.charges")}</H>
        {preview.charges.length === 0 ? (
          <p className="mt-1">{t("seats.ip.noCharge")}</p>
        ) : (
          <ul className="mt-1 space-y-1">
            {preview.charges.map((line, i) => (
              <li key={`${line.issued_at}-${line.service_period.starting_at}-${i}`} className="flex flex-wrap justify-between gap-x-3">
                <span>
                  {t("seats.ip.chargeLine", { charge: chargeText(line), period: servicePeriodText(line), billed: billedLabels[line.billed](line.issued_at) })}
                </span>
                <span className="font-medium tabular-nums">{currency(line.amount)}</span>
              </li>
            ))}
            <li className="flex justify-between gap-3 border-t border-[var(--color-border)] pt-1 font-semibold">
              <span>{t("seats.ip.totalCharge")}</span>
              <span className="tabular-nums">{currency(preview.total_charge)}</span>
            </li>
          </ul>
        )}
        {preview.charges.length > 0 ? <p className="mt-1">{chargeWhenText(preview, currency)}</p> : null}
        {preview.reductions.length > 0 ? (
          <ul className="mt-2 space-y-1">
            {preview.reductions.map((line, i) => (
              <li key={`r-${line.issued_at}-${i}`} className="flex flex-wrap justify-between gap-x-3">
                <span>{t("seats.ip.lowered", { text: reductionText(line) })}</span>
                <span className="tabular-nums">{currency(line.amount)}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {preview.recurring ? (
          <p className="mt-2">
            {t("seats.ip.recurring", {
              time: formatDateTimeWithUtc(preview.recurring.from),
              after: formatSeats(preview.recurring.quantity_after),
              amountAfter: currency(preview.recurring.amount_after),
              before: formatSeats(preview.recurring.quantity_before),
              amountBefore: currency(preview.recurring.amount_before),
            })}
          </p>
        ) : null}
      </section>

      <section>
        <H className="font-semibold">{t("seats.ip.released")}</H>
        {preview.credits.length === 0 ? (
          <p className="mt-1">{t("seats.ip.noCredits")}</p>
        ) : (
          <ul className="mt-1 space-y-1">
            {preview.credits.slice(0, 50).map((c, i) => (
              <li key={`${c.recurring_credit_id}-${c.seat_id ?? ""}-${c.at}-${i}`} className="flex flex-wrap justify-between gap-x-3">
                <span className="min-w-0 break-words">{creditWhoText(c)}</span>
                <span className="font-medium tabular-nums">{formatAmount(c.amount, c.credit_type_id, creditTypes)}</span>
              </li>
            ))}
            {preview.credits.length > 50 ? <li>{t("seats.ip.more", { count: formatNumber(preview.credits.length - 50) })}</li> : null}
            {creditTotals.map(([type, amount]) => (
              <li key={type} className="flex justify-between gap-3 border-t border-[var(--color-border)] pt-1 font-semibold">
                <span>{t("seats.ip.totalReleased")}</span>
                <span className="tabular-nums">{formatAmount(amount, type, creditTypes)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {preview.notes.length > 0 ? (
        <section>
          <H className="font-semibold">{t("seats.ip.goodToKnow")}</H>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {preview.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** One line for the live region and the confirm step: "42 → 44 seats · $30.00 · 1,000 AI credits". */
export function previewHeadline(preview: SeatChangePreview, creditTypes?: CreditTypeNames): string {
  const parts = [preview.summary];
  const money = (amount: number) => formatAmount(amount, preview.fiat_credit_type_id, creditTypes);
  const charge =
    preview.charge_later > 0 && preview.charge_due_now > 0
      ? translate(seatsMessages, "seats.ip.chargeNowLater", { now: money(preview.charge_due_now), later: money(preview.charge_later) })
      : preview.charge_later > 0
        ? translate(seatsMessages, "seats.ip.chargeLater", { later: money(preview.charge_later) })
        : translate(seatsMessages, "seats.ip.charge", { amount: money(preview.total_charge) });
  parts.push(preview.total_charge > 0 ? charge : translate(seatsMessages, "seats.ip.noChargeShort"));
  const lowered = previewedCost({ total_charge: 0, reductions: preview.reductions });
  if (lowered < 0) parts.push(translate(seatsMessages, "seats.ip.loweredShort", { amount: money(lowered) }));
  const credits = Object.entries(preview.credit_totals).filter(([, a]) => a !== 0);
  parts.push(
    credits.length > 0
      ? translate(seatsMessages, "seats.ip.creditsShort", { credits: credits.map(([type, a]) => formatAmount(a, type, creditTypes)).join(", ") })
      : translate(seatsMessages, "seats.ip.noCreditsShort"),
  );
  return parts.join(" · ");
}
