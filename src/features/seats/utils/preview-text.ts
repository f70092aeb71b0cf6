/**
 * Plain words for the parts of a seat change preview: when a charge is billed, what a proration
 * means, how the subscription bills. Labels come from exhaustive maps over the domain's unions.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { Billed, ChargeLine } from "../../../domain/charges";
import type { CreditRelease, SeatChangePreview } from "../../../domain/preview";
import { chargeSettings } from "../../../domain/subscription";
import { formatDate, formatDateTimeWithUtc, formatMoney, formatNumber } from "../../../lib/format";
import { translate, type MessageValues } from "../../../lib/i18n-core";
import { seatsMessages } from "../../../locales/en/seats";

const tr = (id: keyof typeof seatsMessages, values?: MessageValues) => translate(seatsMessages, id, values);

export const billedLabels: Record<Billed, (issuedAt: string) => string> = {
  immediately: (at) => tr("seats.pt.billed.immediately", { date: formatDate(at) }),
  next_collection_date: (at) => tr("seats.pt.billed.next_collection_date", { date: formatDate(at) }),
  in_arrears: (at) => tr("seats.pt.billed.in_arrears", { date: formatDate(at) }),
  in_advance: (at) => tr("seats.pt.billed.in_advance", { date: formatDate(at) }),
};

const ROUNDING_METHODS = new Set(["HALF_UP", "FLOOR", "CEILING"]);

function roundingText(rounding: { rounding_method: string; decimal_places: number } | null): string | null {
  if (!rounding) return null;
  const key = String(rounding.rounding_method).toUpperCase();
  const method = tr(ROUNDING_METHODS.has(key) ? (`seats.pt.round.${key}` as keyof typeof seatsMessages) : "seats.pt.round.other");
  const places = rounding.decimal_places;
  const unit =
    places === -2
      ? tr("seats.pt.round.dollars")
      : places === 0
        ? tr("seats.pt.round.cents")
        : places < 0
          ? tr("seats.pt.round.to", { amount: formatMoney(10 ** -places) })
          : tr("seats.pt.round.places", { places: formatNumber(places) });
  return tr("seats.pt.round.both", { method, unit });
}

/** "Billed in advance each month; mid-period increases prorated by the hour and billed immediately." */
export function billingSettingsText(subscription: ContractV2.Subscription): string {
  const s = chargeSettings(subscription);
  const frequency = String(subscription.subscription_rate.billing_frequency).toLowerCase();
  const period = frequency === "annual" ? "year" : frequency === "quarterly" ? "quarter" : frequency === "weekly" ? "week" : "month";
  const rounding = s.isProrated ? roundingText(s.rounding) : null;
  const proration = !s.isProrated ? tr("seats.pt.fullPeriod") : rounding ? tr("seats.pt.proratedRounded", { rounding }) : tr("seats.pt.prorated");
  const billing =
    s.collection !== "ADVANCE" ? tr("seats.pt.billEnd") : s.invoiceBehavior === "BILL_IMMEDIATELY" ? tr("seats.pt.billImmediately") : tr("seats.pt.billNext");
  return tr("seats.pt.settings", { collection: s.collection === "ADVANCE" ? "advance" : "arrears", period, proration, billing });
}

function seatCount(n: number): string {
  return tr("seats.pt.seatCount", { count: Math.abs(n), n: formatNumber(Math.abs(n), { maximumFractionDigits: 0 }) });
}

/** "29 of 30 days" (whole days when both are), else "695 of 720 hours". */
export function prorationText(chargedHours: number, periodHours: number): string {
  if (chargedHours % 24 === 0 && periodHours % 24 === 0) {
    return tr("seats.pt.days", { charged: formatNumber(chargedHours / 24), period: formatNumber(periodHours / 24), days: periodHours / 24 });
  }
  const hours = { charged: formatNumber(chargedHours), period: formatNumber(periodHours) };
  if (periodHours % 24 !== 0) return tr("seats.pt.hours", hours);
  return tr("seats.pt.hoursDays", { ...hours, chargedDays: formatNumber(chargedHours / 24, { maximumFractionDigits: 1 }), periodDays: formatNumber(periodHours / 24) });
}

/** "× $30.00, prorated for 29 of 30 days" (the full price per seat, then how much of the period is charged). */
function priceText(line: ChargeLine): string {
  const prorated = line.is_prorated && line.charged_hours < line.period_hours;
  const rounded = prorated && line.unit_price > 0 && Math.abs(line.prorated_unit_price - (line.unit_price * line.charged_hours) / line.period_hours) > 1e-6;
  const proration = prorated
    ? tr("seats.pt.proratedFor", { proration: prorationText(line.charged_hours, line.period_hours) }) +
      (rounded ? tr("seats.pt.afterRounding", { amount: formatMoney(line.prorated_unit_price) }) : "")
    : "";
  return tr("seats.pt.price", { price: formatMoney(line.unit_price), proration });
}

/**
 * Why a charge line costs what it does: "2 seats added × $30.00, prorated for 29 of 30 days";
 * "30 seats more on the period charge × $45.00" (the period's own charge, for the seats this change adds to it).
 */
export function chargeText(line: ChargeLine): string {
  return tr(line.kind === "period_start" ? "seats.pt.moreOnPeriod" : "seats.pt.added", { seats: seatCount(line.quantity), price: priceText(line) });
}

/**
 * Why an upcoming (not yet invoiced) charge is lowered: "1 seat fewer × $30.00, prorated for 16 of
 * 30 days, for Nov 15 – Dec 1, 2026: not invoiced yet (due Dec 1, 2026), so this change lowers it".
 */
export function reductionText(line: ChargeLine): string {
  return tr("seats.pt.reduction", {
    kind: line.kind === "period_start" ? "period_start" : "added",
    seats: seatCount(line.quantity),
    price: priceText(line),
    period: servicePeriodText(line),
    due: formatDate(line.issued_at),
  });
}

/** "Nov 24 – Dec 1, 2026" for a charge's service period. */
export function servicePeriodText(line: ChargeLine): string {
  return `${formatDate(line.service_period.starting_at)} – ${formatDate(line.service_period.ending_before)}`;
}

/** Whom a credit release is for and when it is available. */
export function creditWhoText(release: CreditRelease): string {
  const who = release.seat_id !== undefined ? tr("seats.pt.forSeat", { seat: release.seat_id }) : tr("seats.pt.toPool");
  const when = formatDateTimeWithUtc(release.at);
  return release.amount < 0 ? tr("seats.pt.cancelledRelease", { who, when }) : tr("seats.pt.available", { who, prorated: release.is_prorated ? "yes" : "no", when });
}

/**
 * "You will be charged $13.00 now and $60.00 on Dec 1, 2026." — the change's charges by when they
 * are invoiced; null when it charges nothing. `money` formats an amount in the preview's currency.
 */
export function chargeWhenText(preview: SeatChangePreview, money: (amount: number) => string): string | null {
  if (preview.total_charge <= 0) return null;
  const dates = preview.charge_later_dates.map((d) => formatDate(d));
  const values = { now: money(preview.charge_due_now), later: money(preview.charge_later), date: dates[0] ?? "", dates: dates.join(", ") };
  if (preview.charge_later <= 0) return tr("seats.pt.chargedNow", values);
  if (preview.charge_due_now <= 0) return tr(dates.length === 1 ? "seats.pt.chargedLaterOn" : "seats.pt.chargedLaterDates", values);
  return tr(dates.length === 1 ? "seats.pt.chargedBothOn" : "seats.pt.chargedBothDates", values);
}

/**
 * The hint of a seat count field, from the policy that will judge it: "A whole number from 10 to
 * 400 (your seat policy)." for a total, "E.g. +5 or -3; the total must stay from 10 to 400 (your
 * seat policy)." for a change.
 */
export function seatCountHint(kind: "total" | "change", range: { min: number; max: number | null; fromPolicy: boolean }): string {
  const bounds =
    range.max === null
      ? range.min === 0
        ? null
        : tr("seats.pt.orMore", { min: formatNumber(range.min) })
      : tr("seats.pt.fromTo", { min: formatNumber(range.min), max: formatNumber(range.max) });
  const source = range.fromPolicy ? tr("seats.pt.policySource") : "";
  if (kind === "total") return bounds ? tr("seats.pt.hintTotal", { bounds, source }) : tr("seats.pt.hintTotalAny");
  return bounds ? tr("seats.pt.hintChange", { bounds, source }) : tr("seats.pt.hintChangeAny");
}
