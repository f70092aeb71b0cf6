import type { Rounding } from "./state";

/** Rounds a stored monetary value to `decimal_places` (−2 on cents = whole dollars). */
export function roundAmount(value: number, rounding: Rounding | undefined): number {
  if (!rounding) return value;
  const scale = 10 ** Math.abs(rounding.decimal_places);
  const scaled = rounding.decimal_places >= 0 ? value * scale : value / scale;
  // strip binary noise such as 14.994999999 before choosing a side
  const clean = Number(scaled.toPrecision(12));
  let r: number;
  switch (rounding.rounding_method) {
    case "HALF_UP":
      r = Math.sign(clean) * Math.floor(Math.abs(clean) + 0.5);
      break;
    case "FLOOR":
      r = Math.floor(clean);
      break;
    case "CEILING":
      r = Math.ceil(clean);
      break;
  }
  return rounding.decimal_places >= 0 ? r / scale : r * scale;
}

/** Sums without accumulating binary noise in the printed value. */
export const tidy = (value: number): number => Number(value.toPrecision(12));
