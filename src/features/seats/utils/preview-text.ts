/**
 * Plain words for the parts of a seat change preview: when a charge is billed, what a proration
 * means, how the subscription bills. Labels come from exhaustive maps over the domain's unions.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { Billed, ChargeLine } from "../../../domain/charges";
import type { CreditRelease, SeatChangePreview } from "../../../domain/preview";
import { chargeSettings } from "../../../domain/subscription";
import { formatDate, formatDateTime, formatMoney, formatNumber } from "../../../lib/format";

export const billedLabels: Record<Billed, (issuedAt: string) => string> = {
  immediately: (at) => `billed now, on an invoice dated ${formatDate(at)}`,
  next_collection_date: (at) => `billed on the next invoice, ${formatDate(at)}`,
  in_arrears: (at) => `billed in arrears at the end of the period, ${formatDate(at)}`,
  in_advance: (at) => `billed in advance, ${formatDate(at)}`,
};

const roundingLabels: Record<string, string> = {
  HALF_UP: "rounded half up",
  FLOOR: "rounded down",
  CEILING: "rounded up",
};

function roundingText(rounding: { rounding_method: string; decimal_places: number } | null): string | null {
  if (!rounding) return null;
  const method = roundingLabels[String(rounding.rounding_method).toUpperCase()] ?? "rounded";
  const places = rounding.decimal_places;
  const unit =
    places === -2 ? "to whole dollars" : places === 0 ? "to whole cents" : places < 0 ? `to ${formatMoney(10 ** -places)}` : `to ${places} decimal places of a cent`;
  return `${method} ${unit}`;
}

/** "Billed in advance each month; mid-period increases prorated by the hour and billed immediately." */
export function billingSettingsText(subscription: ContractV2.Subscription): string {
  const s = chargeSettings(subscription);
  const frequency = String(subscription.subscription_rate.billing_frequency).toLowerCase();
  const period = frequency === "annual" ? "year" : frequency === "quarterly" ? "quarter" : frequency === "weekly" ? "week" : "month";
  const parts = [`Billed ${s.collection === "ADVANCE" ? "in advance" : "in arrears"} each ${period}`];
  if (s.isProrated) {
    const rounding = roundingText(s.rounding);
    parts.push(`seats added mid-period are prorated by the hour${rounding ? ` (${rounding})` : ""}`);
  } else {
    parts.push("seats added mid-period are charged the full period");
  }
  if (s.collection === "ADVANCE") {
    parts.push(s.invoiceBehavior === "BILL_IMMEDIATELY" ? "and billed immediately" : "and billed on the next invoice");
  } else {
    parts.push("and billed at the end of the period");
  }
  return `${parts.join("; ").replace("; and", " and")}.`;
}

function seatCount(n: number): string {
  return `${formatNumber(Math.abs(n), { maximumFractionDigits: 0 })} ${Math.abs(n) === 1 ? "seat" : "seats"}`;
}

/** "29 of 30 days" (whole days when both are), else "695 of 720 hours". */
export function prorationText(chargedHours: number, periodHours: number): string {
  if (chargedHours % 24 === 0 && periodHours % 24 === 0) {
    return `${formatNumber(chargedHours / 24)} of ${formatNumber(periodHours / 24)} ${periodHours === 24 ? "day" : "days"}`;
  }
  const days = periodHours % 24 === 0 ? ` (${formatNumber(chargedHours / 24, { maximumFractionDigits: 1 })} of ${formatNumber(periodHours / 24)} days)` : "";
  return `${formatNumber(chargedHours)} of ${formatNumber(periodHours)} hours${days}`;
}

/** "× $30.00, prorated for 29 of 30 days" (the full price per seat, then how much of the period is charged). */
function priceText(line: ChargeLine): string {
  const prorated = line.is_prorated && line.charged_hours < line.period_hours;
  const rounded = prorated && line.unit_price > 0 && Math.abs(line.prorated_unit_price - (line.unit_price * line.charged_hours) / line.period_hours) > 1e-6;
  const proration = prorated
    ? `, prorated for ${prorationText(line.charged_hours, line.period_hours)}${rounded ? ` (${formatMoney(line.prorated_unit_price)} a seat after rounding)` : ""}`
    : "";
  return `× ${formatMoney(line.unit_price)}${proration}`;
}

/**
 * Why a charge line costs what it does: "2 seats added × $30.00, prorated for 29 of 30 days";
 * "30 seats more on the period charge × $45.00" (the period's own charge, for the seats this change adds to it).
 */
export function chargeText(line: ChargeLine): string {
  const what = line.kind === "period_start" ? `${seatCount(line.quantity)} more on the period charge` : `${seatCount(line.quantity)} added`;
  return `${what} ${priceText(line)}`;
}

/**
 * Why an upcoming (not yet invoiced) charge is lowered: "1 seat fewer × $30.00, prorated for 16 of
 * 30 days, for Nov 15 – Dec 1, 2026: not invoiced yet (due Dec 1, 2026), so this change lowers it".
 */
export function reductionText(line: ChargeLine): string {
  const what = line.kind === "period_start" ? "The period charge is for" : "The charge for seats added is for";
  return `${what} ${seatCount(line.quantity)} fewer ${priceText(line)}, for ${servicePeriodText(line)}: it is not invoiced yet (due ${formatDate(line.issued_at)}), so this change lowers it.`;
}

/** "Nov 24 – Dec 1, 2026" for a charge's service period. */
export function servicePeriodText(line: ChargeLine): string {
  return `${formatDate(line.service_period.starting_at)} – ${formatDate(line.service_period.ending_before)}`;
}

/** Whom a credit release is for and when it is available. */
export function creditWhoText(release: CreditRelease): string {
  const who = release.seat_id !== undefined ? `for ${release.seat_id}` : "to the shared pool";
  const prorated = release.is_prorated ? ", prorated" : "";
  const when = formatDateTime(release.at, { timeZone: "UTC" });
  return release.amount < 0 ? `${who}: a scheduled release cancelled (${when})` : `${who}${prorated}, available ${when}`;
}

/**
 * "You will be charged $13.00 now and $60.00 on Dec 1, 2026." — the change's charges by when they
 * are invoiced; null when it charges nothing. `money` formats an amount in the preview's currency.
 */
export function chargeWhenText(preview: SeatChangePreview, money: (amount: number) => string): string | null {
  if (preview.total_charge <= 0) return null;
  const dates = preview.charge_later_dates.map((d) => formatDate(d));
  const later = dates.length === 1 ? `on ${dates[0]}` : `later (${dates.join(", ")})`;
  if (preview.charge_later <= 0) return `You will be charged ${money(preview.charge_due_now)} now.`;
  if (preview.charge_due_now <= 0) return `You will be charged ${money(preview.charge_later)} ${later}.`;
  return `You will be charged ${money(preview.charge_due_now)} now and ${money(preview.charge_later)} ${later}.`;
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
        : `${formatNumber(range.min)} or more`
      : `from ${formatNumber(range.min)} to ${formatNumber(range.max)}`;
  const source = range.fromPolicy ? " (your seat policy)" : "";
  if (kind === "total") return bounds ? `A whole number ${bounds}${source}.` : "A whole number, 0 or more.";
  return bounds ? `E.g. +5 or -3; the total must stay ${bounds}${source}.` : "E.g. +5 or -3.";
}
