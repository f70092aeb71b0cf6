/**
 * The threshold field: what a person types, in the unit they think in (dollars for USD, the custom
 * unit as is for others), and the number Metronome stores (USD cents; custom units unchanged).
 */

/** The largest threshold accepted, in the unit typed (a trillion dollars or credits). */
export const MAX_THRESHOLD = 1e12;

/** How the threshold of one credit type is typed. */
export interface ThresholdUnit {
  /** USD (cents upstream): typed in dollars with at most two decimals, sent in cents. */
  dollars: boolean;
  /** The unit's name in messages ("AI credits"). */
  name: string;
}

export type ThresholdResult = { ok: true; value: number } | { ok: false; message: string };

const PLAIN = /^\d+(?:\.\d+)?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const CUSTOM_DECIMALS = 6;

/**
 * Reads a typed threshold. Accepts "10", "10.5", "1,000" (grouped thousands) and, for dollars, a
 * leading "$". Refuses empty, negative, non-numeric and absurd values with a specific message.
 */
export function parseThreshold(text: string, unit: ThresholdUnit): ThresholdResult {
  let typed = text.trim();
  if (typed === "") return { ok: false, message: `Enter a threshold in ${unit.dollars ? "dollars" : unit.name}.` };
  if (unit.dollars && typed.startsWith("$")) typed = typed.slice(1).trim();
  if (/^[-−]/.test(typed)) return { ok: false, message: "The threshold cannot be negative." };
  if (typed.startsWith("+")) typed = typed.slice(1);
  if (!PLAIN.test(typed) && !GROUPED.test(typed)) {
    return { ok: false, message: `"${text.trim()}" is not a number. Use digits, e.g. ${unit.dollars ? "25.50" : "10"}.` };
  }
  const amount = Number(typed.replace(/,/g, ""));
  if (!Number.isFinite(amount)) return { ok: false, message: `"${text.trim()}" is not a number.` };
  if (amount > MAX_THRESHOLD) {
    return { ok: false, message: `That threshold is too large: the most is 1,000,000,000,000 ${unit.dollars ? "dollars" : unit.name}.` };
  }
  const decimals = typed.includes(".") ? (typed.split(".")[1] ?? "").length : 0;
  if (unit.dollars) {
    if (decimals > 2) return { ok: false, message: "Dollar amounts have at most two decimals (cents)." };
    return { ok: true, value: Math.round(amount * 100) };
  }
  if (decimals > CUSTOM_DECIMALS) return { ok: false, message: `Use at most ${CUSTOM_DECIMALS} decimals.` };
  return { ok: true, value: amount };
}
