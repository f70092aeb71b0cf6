/**
 * Plain words for the parts of a seat change preview: when a charge is billed, what a proration
 * means, how the subscription bills. Labels come from exhaustive maps over the domain's unions.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { Billed, ChargeLine } from "../../../domain/charges";
import type { CreditRelease, SeatChangePreview } from "../../../domain/preview";
import { chargeSettings } from "../../../domain/subscription";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from "../../../lib/format";

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

/** "2 seats × $15.00 (prorated: 50% of $30.00)" */
export function chargeText(line: ChargeLine): string {
  const seats = `${formatNumber(line.quantity)} ${Math.abs(line.quantity) === 1 ? "seat" : "seats"}`;
  const unit = formatMoney(line.prorated_unit_price);
  const prorated =
    line.is_prorated && line.unit_price > 0 && line.prorated_unit_price !== line.unit_price
      ? ` (prorated: ${formatPercent(line.prorated_unit_price / line.unit_price, 1)} of ${formatMoney(line.unit_price)})`
      : "";
  const what = line.kind === "period_start" ? "period charge" : "added";
  return `${seats} ${what} × ${unit}${prorated}`;
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
