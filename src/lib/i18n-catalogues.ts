import type { Messages } from "@lingui/core";

/**
 * The catalogues of the languages other than English (src/locales/<language>/<area>.ts), fetched
 * on first use of the language: every area at once, as one chunk per file. English catalogues
 * are imported by the code that shows them, so each ships with its page. All are compiled at
 * build time (scripts/compiled-messages.ts).
 */
const lazy = import.meta.glob<Record<string, Messages>>(["../locales/*/*.ts", "!../locales/en/*.ts"]);

/** Every message of `language` other than English, by id. */
export async function loadCatalogue(language: string): Promise<Messages> {
  const loaders = Object.entries(lazy).filter(([file]) => file.startsWith(`../locales/${language}/`));
  if (loaders.length === 0) throw new Error(`No catalogue for ${language}`);
  const modules = await Promise.all(loaders.map(([, load]) => load()));
  return Object.assign({}, ...modules.flatMap((module) => Object.values(module))) as Messages;
}
