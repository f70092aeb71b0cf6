/**
 * What buying a top-up pack or setting auto-recharge does, as pure functions of the pack or the
 * settings, the operator's bounds, the contract's balance and the upstream's now. The dashboard shows
 * these figures before anyone confirms, and the server builds the Metronome commit from the same
 * function (src/server/top-ups.ts), so what is shown is what is sent.
 */
import type { AutoRechargeBounds, AutoRechargeSettings, MoneyAmount, TopUpPack } from "../contract/bff";
import { addCalendarMonths, floorToHour, toIso } from "./time";

export interface TopUpPreview {
  pack_id: string;
  credits: number;
  credit_type_id: string;
  price: MoneyAmount;
  /** The credits are usable from here (the current hour: Metronome schedules commits on the hour)… */
  starts_at: string;
  /** …until here (exclusive): duration_months calendar months later. */
  expires_at: string;
  /** The balance of the pack's credit type now and once the pack is paid; null when it is not known. */
  balance_before: number | null;
  balance_after: number | null;
  /** The invoice line the purchase creates: the pack's price, dated when the credits start. */
  invoice_line: { name: string; amount: number; credit_type_id: string; issued_at: string };
}

/** A pack bought at `nowMs` by a contract holding `balance` of its credit type (null: unknown). */
export function previewTopUp(pack: TopUpPack, nowMs: number, balance: number | null): TopUpPreview {
  const start = floorToHour(nowMs);
  return {
    pack_id: pack.id,
    credits: pack.credits,
    credit_type_id: pack.credit_type_id,
    price: { ...pack.price },
    starts_at: toIso(start),
    expires_at: toIso(addCalendarMonths(start, pack.duration_months)),
    balance_before: balance,
    balance_after: balance === null ? null : balance + pack.credits,
    invoice_line: { name: pack.name, amount: pack.price.amount, credit_type_id: pack.price.credit_type_id, issued_at: toIso(start) },
  };
}

/** Which operator bound a setting breaks, as {field, message}; null when the settings are within them. */
export function autoRechargeBoundsProblem(settings: AutoRechargeSettings, bounds: AutoRechargeBounds): { field: "threshold" | "recharge_to"; message: string } | null {
  if (settings.threshold < bounds.min_threshold) return { field: "threshold", message: `threshold must be at least ${bounds.min_threshold} (the operator's min_threshold)` };
  if (settings.threshold > bounds.max_threshold) return { field: "threshold", message: `threshold must be at most ${bounds.max_threshold} (the operator's max_threshold)` };
  if (settings.recharge_to <= settings.threshold) return { field: "recharge_to", message: "recharge_to must be above threshold (a recharge brings the balance back up to it)" };
  if (settings.recharge_to < settings.threshold + bounds.min_recharge_step) {
    return { field: "recharge_to", message: `recharge_to must be at least ${bounds.min_recharge_step} above threshold (the operator's min_recharge_step)` };
  }
  if (settings.recharge_to > bounds.max_recharge_to) return { field: "recharge_to", message: `recharge_to must be at most ${bounds.max_recharge_to} (the operator's max_recharge_to)` };
  return null;
}

/** One recharge: the credits it buys and what they cost. */
export interface Recharge {
  credits: number;
  price: MoneyAmount;
  balance_after: number;
}

export interface AutoRechargePreview {
  /** A recharge Metronome would start right away (enabled and the balance at or below the threshold); null otherwise. */
  now: Recharge | null;
  /** Each later recharge, started when the balance falls to the threshold: from threshold back to recharge_to. */
  at_threshold: Recharge;
}

function recharge(from: number, settings: AutoRechargeSettings, bounds: AutoRechargeBounds): Recharge {
  const credits = Math.max(0, settings.recharge_to - from);
  return { credits, price: { amount: credits * bounds.unit_price.amount, credit_type_id: bounds.unit_price.credit_type_id }, balance_after: from + credits };
}

/**
 * What auto-recharge would buy with these settings at the current balance (null: unknown). Metronome
 * evaluates the balance again whenever the settings change, so an enabled setting whose threshold is at
 * or above the balance recharges at once.
 */
export function previewAutoRecharge(settings: AutoRechargeSettings, bounds: AutoRechargeBounds, balance: number | null): AutoRechargePreview {
  const triggersNow = settings.enabled && balance !== null && balance <= settings.threshold;
  return {
    now: triggersNow ? recharge(balance, settings, bounds) : null,
    at_threshold: recharge(settings.threshold, settings, bounds),
  };
}
