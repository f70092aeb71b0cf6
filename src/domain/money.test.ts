import { describe, expect, it } from "vitest";
import { roundAmount } from "./money";

describe("roundAmount (spec §8 rounding example: 2999 × 360/720 = 1499.5)", () => {
  it("keeps fractional cents without rounding configured", () => {
    expect(roundAmount(1499.5, null)).toBe(1499.5);
    expect(roundAmount(0.8, undefined)).toBe(0.8);
  });

  it("rounds to the configured power of ten of the stored unit", () => {
    expect(roundAmount(1499.5, { rounding_method: "HALF_UP", decimal_places: -2 })).toBe(1500);
    expect(roundAmount(1499.5, { rounding_method: "FLOOR", decimal_places: -2 })).toBe(1400);
    expect(roundAmount(1499.5, { rounding_method: "CEILING", decimal_places: -2 })).toBe(1500);
    expect(roundAmount(1499.5, { rounding_method: "HALF_UP", decimal_places: 0 })).toBe(1500);
    expect(roundAmount(1449.99, { rounding_method: "HALF_UP", decimal_places: -2 })).toBe(1400);
  });

  it("rounds to decimal places without floating-point surprises", () => {
    expect(roundAmount(0.29, { rounding_method: "FLOOR", decimal_places: 2 })).toBe(0.29);
    expect(roundAmount(1.005, { rounding_method: "CEILING", decimal_places: 1 })).toBe(1.1);
    expect(roundAmount(2.345, { rounding_method: "FLOOR", decimal_places: 1 })).toBe(2.3);
    expect(roundAmount(1500, { rounding_method: "FLOOR", decimal_places: -2 })).toBe(1500);
  });
});
