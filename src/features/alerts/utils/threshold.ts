/**
 * The threshold field: what a person types, in the unit they think in (dollars for USD, the custom
 * unit as is for others), and the number Metronome stores (USD cents; custom units unchanged).
 */

import { formatNumber } from "../../../lib/format";
import { translate, type MessageValues } from "../../../lib/i18n-core";
import { alertsMessages } from "../../../locales/en/alerts";

/** The largest threshold accepted, in the unit typed (a trillion dollars or credits). */
export const MAX_THRESHOLD = 1e12;

/** How the threshold of one credit type is typed. */
export interface ThresholdUnit {
  /** USD (cents upstream): typed in dollars with at most two decimals, sent in cents. */
  dollars: boolean;
  /** The unit's name in messages ("AI credits"; for dollars, ignored: messages say dollars). */
  name: string;
}

export type ThresholdResult = { ok: true; value: number } | { ok: false; message: string };

const PLAIN = /^\d+(?:\.\d+)?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const CUSTOM_DECIMALS = 6;

/** The unit as messages name it: "dollars" in the person's language, a custom unit as is. */
const unitName = (unit: ThresholdUnit): string => (unit.dollars ? translate(alertsMessages, "alerts.threshold.dollars") : unit.name);
const refuse = (id: keyof typeof alertsMessages, values?: MessageValues): ThresholdResult => ({
  ok: false,
  message: translate(alertsMessages, id, values),
});

/**
 * Reads a typed threshold. Accepts "10", "10.5", "1,000" (grouped thousands) and, for dollars, a
 * leading "$". Refuses empty, negative, non-numeric and absurd values with a specific message.
 */
export function parseThreshold(text: string, unit: ThresholdUnit): ThresholdResult {
  let typed = text.trim();
  if (typed === "") return refuse("alerts.threshold.empty", { unit: unitName(unit) });
  if (unit.dollars && typed.startsWith("$")) typed = typed.slice(1).trim();
  if (/^[-−]/.test(typed)) return refuse("alerts.threshold.negative");
  if (typed.startsWith("+")) typed = typed.slice(1);
  if (!PLAIN.test(typed) && !GROUPED.test(typed)) {
    return refuse("alerts.threshold.notNumberExample", { text: text.trim(), example: unit.dollars ? "25.50" : "10" });
  }
  const amount = Number(typed.replace(/,/g, ""));
  if (!Number.isFinite(amount)) return refuse("alerts.threshold.notNumber", { text: text.trim() });
  if (amount > MAX_THRESHOLD) {
    return refuse("alerts.threshold.tooLarge", { max: formatNumber(MAX_THRESHOLD), unit: unitName(unit) });
  }
  const decimals = typed.includes(".") ? (typed.split(".")[1] ?? "").length : 0;
  if (unit.dollars) {
    if (decimals > 2) return refuse("alerts.threshold.cents");
    return { ok: true, value: Math.round(amount * 100) };
  }
  if (decimals > CUSTOM_DECIMALS) return refuse("alerts.threshold.decimals", { count: CUSTOM_DECIMALS });
  return { ok: true, value: amount };
}
