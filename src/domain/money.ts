/**
 * Amounts are numbers in a credit type's stored unit (USD: cents). Fractional amounts are legal
 * and kept as they are; rounding happens only where a contract configures it.
 */

/** Metronome's USD (cents) fiat credit type. */
export const USD_CENTS_CREDIT_TYPE_ID = "2714e483-4ff1-48e4-9e25-ac732e8f24f2";

export type RoundingMethod = "HALF_UP" | "FLOOR" | "CEILING";

export interface RoundingConfig {
  rounding_method: RoundingMethod;
  /** −5..5; negative rounds to powers of ten of the stored unit (−2 on cents = whole dollars). */
  decimal_places: number;
}

/** Strips binary noise (0.29 × 100 = 28.999999999999996, 1499.5 × 3 …) by keeping 12 significant digits. */
export function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** Rounds `value` as configured; returns it unchanged when no rounding is configured. */
export function roundAmount(value: number, rounding: RoundingConfig | null | undefined): number {
  if (!rounding) return value;
  const places = Math.trunc(rounding.decimal_places);
  const scale = 10 ** Math.abs(places);
  const scaled = tidy(places >= 0 ? value * scale : value / scale);
  let rounded: number;
  switch (String(rounding.rounding_method).toUpperCase()) {
    case "FLOOR":
      rounded = Math.floor(scaled);
      break;
    case "CEILING":
      rounded = Math.ceil(scaled);
      break;
    default:
      // HALF_UP: halves round away from zero.
      rounded = Math.sign(scaled) * Math.floor(Math.abs(scaled) + 0.5);
  }
  const result = places >= 0 ? rounded / scale : rounded * scale;
  return result === 0 ? 0 : result;
}
