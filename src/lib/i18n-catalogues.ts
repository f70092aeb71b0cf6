// The virtual module's types, also for the Node test configuration, which includes this file only through its imports.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./i18n-virtual.d.ts" />
import type { Messages } from "@lingui/core";
import { catalogueUrls } from "virtual:catalogues";

/**
 * The messages of a language other than English: every area of src/locales/<language>/ compiled
 * at build time into one JSON file (scripts/compiled-messages.ts), fetched on the language's first
 * use. English catalogues are imported by the code that shows them, so each ships with its page.
 */
export async function loadCatalogue(language: string): Promise<Messages> {
  const url = catalogueUrls[language];
  if (!url) throw new Error(`No catalogue for ${language}`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The ${language} catalogue could not be fetched (HTTP ${response.status})`);
  return (await response.json()) as Messages;
}
