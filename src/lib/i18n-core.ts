/**
 * The message runtime (Lingui's core, messages compiled at build time): the active language's
 * messages and `translate`. React code uses `useT` from ./i18n.tsx; usage is described there.
 */
import { setupI18n, type Messages } from "@lingui/core";
import { loadCatalogue } from "./i18n-catalogues";

/** An English catalogue as written: id → ICU message (compiled by the build). */
export type Catalogue = Readonly<Record<string, string>>;

export type MessageValues = Readonly<Record<string, string | number>>;

/** The languages with a complete catalogue; the first is the fallback. */
export const LANGUAGES = ["en", "de"] as const;
export type Language = (typeof LANGUAGES)[number];

export const i18n = setupI18n({ locale: LANGUAGES[0], locales: ["en-US"], messages: { en: {} } });
const loaded = new Set<Language>([LANGUAGES[0]]);
const registered = new WeakSet<Catalogue>();

/** Loads `language`'s catalogue when it is not yet (the first use of a language other than English). */
export async function ensureCatalogue(language: Language): Promise<void> {
  if (loaded.has(language)) return;
  i18n.load(language, await loadCatalogue(language));
  loaded.add(language);
}

/** Adds an English catalogue to the messages once (the fallback of every language). */
export function registerCatalogue(catalogue: Catalogue): void {
  if (registered.has(catalogue)) return;
  registered.add(catalogue);
  i18n.load(LANGUAGES[0], catalogue as unknown as Messages);
}

/** The message `id` of `catalogue` in the active language, with its values. */
export function translate<C extends Catalogue>(catalogue: C, id: keyof C & string, values?: MessageValues): string {
  registerCatalogue(catalogue);
  return i18n._(id, values as Record<string, unknown> | undefined);
}
