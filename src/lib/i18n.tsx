/**
 * The dashboard's languages (English, German), on Lingui's core runtime with ICU messages
 * compiled at build time (scripts/compiled-messages.ts), so no message parser ships. Usage:
 *
 *   // 1. One catalogue per area and language. src/locales/en/<area>.ts:
 *   //      export const seatsMessages = {
 *   //        "seats.heading": "Seats",
 *   //        "seats.count": "{count, plural, one {# seat} other {# seats}}",
 *   //        "seats.changed": "{name} changed it on {date}",
 *   //      };
 *   //    src/locales/de/<area>.ts, the same export name and ids:
 *   //      import type { seatsMessages as en } from "../en/seats";
 *   //      export const seatsMessages = { … } satisfies Record<keyof typeof en, string>;
 *   //    so a missing or extra German id fails the type check. Ids start with their area, so
 *   //    catalogues never collide; a catalogue holds only strings (no imports but `import type`).
 *   // 2. In a component (the English catalogue ships with the code that imports it; German is
 *   //    one JSON file of every area, fetched when the person's language is German):
 *   //      import { seatsMessages } from "../../../locales/en/seats";
 *   //      const t = useT(seatsMessages);
 *   //      <h1>{t("seats.heading")}</h1>
 *   //      <p>{t("seats.count", { count: 3 })}</p>            // plural; # follows the locale
 *   //      <p>{t("seats.changed", { name, date: formatDateTime(at) })}</p>
 *   //    Money, numbers and dates are formatted first with src/lib/format.ts and passed as
 *   //    strings; a count that picks a plural form is passed as a number.
 *   //    Elements inside a sentence: <Trans t={t} id="x.y" values={{ link: <Link …>…</Link> }} />.
 *   // 3. Outside React (error messages, formatters): translate(seatsMessages, "x.y", values)
 *   //    from ./i18n-core.ts, called when the text is shown, never at module load.
 *
 * The language is the session's `locale` when the host product set one, else the first of the
 * browser's languages the dashboard speaks, else English; numbers and dates use that tag's region
 * (de-AT, en-GB…). Times use the session's `time_zone`, else the browser's (format.ts).
 * `LocaleGate` (in the app's providers) applies both, sets <html lang> and fetches the German
 * catalogue on first use.
 */
import { Fragment, useLayoutEffect, useSyncExternalStore, type ReactNode } from "react";
import { setLocales, setTimeZone } from "./format";
import { LANGUAGES, ensureCatalogue, i18n, translate, type Catalogue, type Language, type MessageValues } from "./i18n-core";
import { resolveTimeZone } from "./time-zone";

export interface LocaleChoice {
  /** The catalogue's language. */
  language: Language;
  /** The BCP 47 tag numbers and dates are formatted in (its language is `language`). */
  locale: string;
}

const FALLBACK: LocaleChoice = { language: LANGUAGES[0], locale: "en-US" };

function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The first candidate (BCP 47 tags, best first) whose language has a catalogue; English otherwise. */
export function resolveLocale(candidates: readonly (string | null | undefined)[]): LocaleChoice {
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const [tag] = Intl.getCanonicalLocales(candidate);
      const language = tag ? new Intl.Locale(tag).language : "";
      if (isLanguage(language)) return { language, locale: tag! };
    } catch {
      // an invalid tag is skipped
    }
  }
  return FALLBACK;
}

/** The browser's languages, best first. */
function browserLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  if (Array.isArray(navigator.languages) && navigator.languages.length > 0) return navigator.languages;
  return navigator.language ? [navigator.language] : [];
}

/** `t(id, values)`: a message of one catalogue in the active language. */
export type Translate<C extends Catalogue> = (id: keyof C & string, values?: MessageValues) => string;

// -------------------------------------------------------------------------------------------
// The active locale and time zone, as a store components subscribe to

let active: { choice: LocaleChoice; timeZone: string; key: string } | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const activeKey = () => active?.key ?? "";

function keyOf(choice: LocaleChoice, timeZone: string): string {
  return `${choice.locale}|${timeZone}`;
}

function apply(choice: LocaleChoice, timeZone: string): void {
  setLocales(choice.locale);
  setTimeZone(timeZone);
  i18n.activate(choice.language, [choice.locale]);
  if (typeof document !== "undefined") document.documentElement.lang = choice.locale;
  active = { choice, timeZone, key: keyOf(choice, timeZone) };
  for (const listener of listeners) listener();
}

/** Makes `choice` and `timeZone` the active ones, loading the catalogue first when needed. */
async function activateLocale(choice: LocaleChoice, timeZone: string): Promise<void> {
  try {
    await ensureCatalogue(choice.language);
  } catch {
    // the catalogue could not be fetched: English, in the same region's formats when it has one
    apply(resolveLocale([`en-${new Intl.Locale(choice.locale).region ?? "US"}`]), timeZone);
    return;
  }
  apply(choice, timeZone);
}

const translators = new Map<string, WeakMap<Catalogue, Translate<Catalogue>>>();

/** `t(id, values)` for `catalogue` in the active language; the component re-renders when it changes. */
export function useT<C extends Catalogue>(catalogue: C): Translate<C> {
  const language = useSyncExternalStore(subscribe, () => i18n.locale, () => i18n.locale);
  let byCatalogue = translators.get(language);
  if (!byCatalogue) translators.set(language, (byCatalogue = new WeakMap()));
  let t = byCatalogue.get(catalogue);
  if (!t) {
    t = (id, values) => translate(catalogue, id, values);
    byCatalogue.set(catalogue, t);
  }
  return t as Translate<C>;
}

/** A message whose values may be elements: <Trans t={t} id="x.y" values={{ link: <a …>…</a> }} />. */
export function Trans<C extends Catalogue>({ t, id, values }: { t: Translate<C>; id: keyof C & string; values: Readonly<Record<string, ReactNode>> }) {
  const elements: ReactNode[] = [];
  const plain: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === "string" || typeof value === "number") plain[name] = value;
    else plain[name] = `\u0000${elements.push(value) - 1}\u0000`;
  }
  const parts = t(id, plain).split("\u0000");
  return <>{parts.map((part, index) => (index % 2 === 1 ? <Fragment key={index}>{elements[Number(part)]}</Fragment> : part))}</>;
}

/**
 * Renders `children` in the person's language and time zone: the preferred ones (the session's,
 * null when not set) else the browser's. Nothing renders until the first catalogue is ready (an
 * English browser's is at once); a later change (the session arriving) re-mounts `children`, so
 * every formatted figure follows.
 */
export function LocaleGate({ locale, timeZone, children }: { locale: string | null; timeZone: string | null; children: ReactNode }) {
  const choice = resolveLocale([locale, ...browserLanguages()]);
  const zone = resolveTimeZone(timeZone);
  const wanted = keyOf(choice, zone);
  const current = useSyncExternalStore(subscribe, activeKey, activeKey);
  useLayoutEffect(() => {
    if (activeKey() !== wanted) void activateLocale(choice, zone);
    // `wanted` names choice and zone exactly
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted]);
  if (!current) return null;
  return <Fragment key={current}>{children}</Fragment>;
}
