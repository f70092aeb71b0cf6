import { useSyncExternalStore } from "react";

export type ThemePreference = "light" | "dark" | "system";
export type ResolvedTheme = "light" | "dark";

export const THEME_STORAGE_KEY = "seats.theme";
const listeners = new Set<() => void>();

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
  root.dataset.theme = resolveTheme(preference);
  root.dataset.themePreference = preference;
}

/** Persists the preference, applies it and notifies useTheme(). */
export function setThemePreference(preference: ThemePreference): void {
  try {
    if (preference === "system") globalThis.localStorage?.removeItem(THEME_STORAGE_KEY);
    else globalThis.localStorage?.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // storage unavailable (private mode): the choice lasts for this page only
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
