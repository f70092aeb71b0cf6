/**
 * Colours derived from a host product's brand so that text stays readable (WCAG 2.1 contrast): the
 * brand as it may be used for links and buttons on this mode's surfaces, the text to put on it, and
 * an accent for focus rings and chart lines.
 */

type Rgb = readonly [number, number, number];

function parseHex(hex: string): Rgb | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)] : null;
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, "0")).join("")}`;
}

/** Relative luminance (WCAG 2.1). */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two #rrggbb colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const x = parseHex(a);
  const y = parseHex(b);
  if (!x || !y) return 1;
  const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function mix(rgb: Rgb, toward: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) => rgb[i]! + (toward[i]! - rgb[i]!) * amount) as unknown as Rgb;
}

/**
 * The colour, darkened (on light surfaces) or lightened (on dark ones) in small steps until it
 * reaches `ratio` against every surface; unchanged when it already does.
 */
export function readableOn(color: string, surfaces: readonly string[], ratio: number, dark: boolean): string {
  const rgb = parseHex(color);
  if (!rgb) return color;
  const target: Rgb = dark ? [255, 255, 255] : [0, 0, 0];
  for (let step = 0; step <= 20; step += 1) {
    const candidate = toHex(mix(rgb, target, step / 20));
    if (surfaces.every((surface) => contrastRatio(candidate, surface) >= ratio)) return candidate;
  }
  return toHex(target);
}

/** White text when it reads at 4.5:1 on this background, else slate, else black (some colour always does). */
export function textOn(background: string): string {
  const choice = ["#ffffff", "#0f172a"].find((text) => contrastRatio(text, background) >= AA_TEXT);
  return choice ?? (contrastRatio("#ffffff", background) >= contrastRatio("#000000", background) ? "#ffffff" : "#000000");
}

/** WCAG AA for normal text. */
export const AA_TEXT = 4.5;
/** WCAG AA for focus indicators and graphics (1.4.11). */
export const AA_GRAPHICS = 3;
