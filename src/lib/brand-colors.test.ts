import { describe, expect, it } from "vitest";
import { contrastRatio, readableOn, textOn } from "./brand-colors";
import { hostThemeTokens } from "./theme";

const LIGHT = ["#f8fafc", "#ffffff", "#f1f5f9"];
const DARK = ["#0b1120", "#111827", "#1f2937"];

describe("brand colours", () => {
  it("measures contrast as WCAG 2.1 does", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#ffffff", "#ffffff")).toBe(1);
  });

  it("keeps a brand that already reads, and darkens or lightens one that does not", () => {
    expect(readableOn("#0e7490", LIGHT, 4.5, false)).toBe("#0e7490");
    const yellow = readableOn("#ffd500", LIGHT, 4.5, false);
    expect(yellow).not.toBe("#ffd500");
    for (const surface of LIGHT) expect(contrastRatio(yellow, surface)).toBeGreaterThanOrEqual(4.5);
    const navy = readableOn("#1e3a8a", DARK, 4.5, true);
    for (const surface of DARK) expect(contrastRatio(navy, surface)).toBeGreaterThanOrEqual(4.5);
  });

  it("puts text on any colour at AA (4.5:1)", () => {
    for (let i = 0; i < 4096; i += 7) {
      const hex = `#${[i >> 8, (i >> 4) & 15, i & 15].map((d) => d.toString(16).repeat(2)).join("")}`;
      expect(contrastRatio(textOn(hex), hex), hex).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("derives the host theme's variables in each mode, the brand button at AA", () => {
    const theme = { brand_color: "#ffd500", accent_color: "#22d3ee", radius: "2px", font_family: "Inter, sans-serif" };
    for (const [mode, surfaces] of [["light", LIGHT], ["dark", DARK]] as const) {
      const tokens = hostThemeTokens(theme, mode);
      const brand = tokens["--color-brand"]!;
      expect(contrastRatio(tokens["--color-brand-contrast"]!, brand)).toBeGreaterThanOrEqual(4.5);
      for (const surface of surfaces) {
        expect(contrastRatio(brand, surface)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(tokens["--color-focus"]!, surface)).toBeGreaterThanOrEqual(3);
      }
      expect(tokens).toMatchObject({ "--radius-md": "2px", "--font-sans": "Inter, sans-serif" });
    }
    expect(hostThemeTokens({ mode: "dark" }, "dark")).toEqual({});
  });
});
