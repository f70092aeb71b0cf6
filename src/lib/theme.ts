import { useLayoutEffect, useSyncExternalStore } from "react";
import type { PortalTheme } from "../contract/bff";
import { AA_GRAPHICS, AA_TEXT, readableOn, textOn } from "./brand-colors";

export type ThemePreference = "light" | "dark" | "system";
export type ResolvedTheme = "light" | "dark";

export const THEME_STORAGE_KEY = "seats.theme";
/** Set (per tab) once the person picks a theme, so a host product's mode no longer overrides it. */
const CHOSEN_KEY = "seats.theme.chosen";
const listeners = new Set<() => void>();

/** --color-bg, --color-surface and --color-surface-2 of each mode (index.css): what brand text must read on. */
const SURFACES: Record<"light" | "dark", readonly string[]> = {
  light: ["#f8fafc", "#ffffff", "#f1f5f9"],
  dark: ["#0b1120", "#111827", "#1f2937"],
};

/**
 * The CSS variables a host product's theme sets in one mode: its brand (darkened or lightened
 * until links read at 4.5:1 on every surface) with the text colour for buttons on it, its accent
 * for focus rings and the second chart line (3:1), the corner radius and the font stack.
 */
export function hostThemeTokens(theme: PortalTheme, mode: ResolvedTheme): Record<string, string> {
  const dark = mode === "dark";
  const tokens: Record<string, string> = {};
  if (theme.brand_color) {
    const brand = readableOn(theme.brand_color, SURFACES[mode], AA_TEXT, dark);
    Object.assign(tokens, { "--color-brand": brand, "--color-brand-contrast": textOn(brand), "--color-chart-1": brand });
  }
  if (theme.accent_color) {
    const accent = readableOn(theme.accent_color, SURFACES[mode], AA_GRAPHICS, dark);
    Object.assign(tokens, { "--color-focus": accent, "--color-chart-2": accent });
  }
  if (theme.radius) {
    const r = theme.radius;
    Object.assign(tokens, { "--radius-sm": `calc(${r} * 0.5)`, "--radius-md": r, "--radius-lg": `calc(${r} * 1.5)`, "--radius-xl": `calc(${r} * 2)` });
  }
  if (theme.font_family) tokens["--font-sans"] = theme.font_family;
  return tokens;
}

let host: PortalTheme | null = null;
let hostProperties: string[] = [];

/** Sets the host theme's variables on <html> through the CSSOM (no style element, so the CSP needs no 'unsafe-inline' styles). */
function applyHostTokens(root: HTMLElement, mode: ResolvedTheme): void {
  for (const property of hostProperties) root.style.removeProperty(property);
  const tokens = host ? hostThemeTokens(host, mode) : {};
  for (const [property, value] of Object.entries(tokens)) root.style.setProperty(property, value);
  hostProperties = Object.keys(tokens);
}

function personChose(): boolean {
  try {
    return globalThis.sessionStorage?.getItem(CHOSEN_KEY) === "1";
  } catch {
    return false;
  }
}

function isPreference(value: unknown): value is ThemePreference {
  return value === "light" || value === "dark" || value === "system";
}

/** The stored preference ("system" when none or storage is unavailable). */
export function getThemePreference(): ThemePreference {
  try {
    const stored = globalThis.localStorage?.getItem(THEME_STORAGE_KEY);
    return isPreference(stored) ? stored : "system";
  } catch {
    return "system";
  }
}

function systemPrefersDark(): boolean {
  return typeof window !== "undefined" && typeof window.matchMedia === "function"
    ? window.matchMedia("(prefers-color-scheme: dark)").matches
    : false;
}

export function resolveTheme(preference: ThemePreference): ResolvedTheme {
  if (preference === "system") return systemPrefersDark() ? "dark" : "light";
  return preference;
}

/**
 * Sets `<html data-theme>` to the resolved theme (the CSS variables in index.css follow it) and
 * `data-theme-preference` to the choice itself.
 */
export function applyTheme(preference: ThemePreference = getThemePreference()): void {
  if (typeof document === "undefined") return;
  const root = document.documentElement;
  const resolved = resolveTheme(preference);
  root.dataset.theme = resolved;
  root.dataset.themePreference = preference;
  applyHostTokens(root, resolved);
}

/** Persists the preference, applies it and notifies useTheme(). */
export function setThemePreference(preference: ThemePreference): void {
  try {
    if (preference === "system") globalThis.localStorage?.removeItem(THEME_STORAGE_KEY);
    else globalThis.localStorage?.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // storage unavailable (private mode): the choice lasts for this page only
  }
  try {
    globalThis.sessionStorage?.setItem(CHOSEN_KEY, "1");
  } catch {
    // as above
  }
  current = preference;
  applyTheme(preference);
  for (const listener of listeners) listener();
}

let current: ThemePreference = getThemePreference();

/** Applies the stored theme now and follows system changes while the preference is "system". */
export function initTheme(): void {
  current = getThemePreference();
  applyTheme(current);
  if (typeof window !== "undefined" && typeof window.matchMedia === "function") {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
      if (current === "system") {
        applyTheme("system");
        for (const listener of listeners) listener();
      }
    });
  }
  if (typeof window !== "undefined") {
    window.addEventListener("storage", (event) => {
      if (event.key === THEME_STORAGE_KEY) {
        current = getThemePreference();
        applyTheme(current);
        for (const listener of listeners) listener();
      }
    });
  }
}

/**
 * Applies a portal session's theme (null: none): its tokens in both modes, and its mode instead of
 * the stored preference until the person picks one in this tab.
 */
function applyHostTheme(theme: PortalTheme | null): void {
  host = theme;
  if (!personChose()) current = theme?.mode ?? getThemePreference();
  applyTheme(current);
  for (const listener of listeners) listener();
}

/** Keeps the page in the session's host theme (before paint, so the default theme never flashes). */
export function useHostTheme(theme: PortalTheme | null | undefined): void {
  const key = theme ? JSON.stringify(theme) : "";
  useLayoutEffect(() => {
    applyHostTheme(key ? (JSON.parse(key) as PortalTheme) : null);
  }, [key]);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The preference, the resolved theme and a setter, for the theme switch and for anything theme-aware. */
export function useTheme(): { preference: ThemePreference; resolved: ResolvedTheme; setPreference: (p: ThemePreference) => void } {
  const preference = useSyncExternalStore(subscribe, () => current, () => "system" as ThemePreference);
  const resolved = useSyncExternalStore(
    subscribe,
    () => resolveTheme(current),
    () => "light" as ResolvedTheme,
  );
  return { preference, resolved, setPreference: setThemePreference };
}
