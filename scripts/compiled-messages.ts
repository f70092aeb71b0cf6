import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { compileMessageOrThrow } from "@lingui/message-utils/compileMessage";
import { transformWithOxc, type Plugin } from "vite";

/** A catalogue module: `src/locales/<language>/<area>.ts`. */
export const CATALOGUE_FILE = /[\\/]src[\\/]locales[\\/][a-z]{2}(?:-[A-Z]{2})?[\\/][\w-]+\.ts$/;

const VIRTUAL_ID = "virtual:catalogues";
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
const DEFAULT_LANGUAGE = "en";

/**
 * Compiles every ICU message at build time, so the browser gets Lingui's compiled form and no
 * message parser ships (see src/lib/i18n.tsx). A catalogue holds only `import type` lines and
 * exported object literals of strings; a message that does not parse fails the build (and the unit
 * tests) naming its id.
 *
 * - English catalogues are modules: the code that shows a message imports its area's catalogue, so
 *   each ships with its page.
 * - Every other language is data: all its areas are compiled into one JSON file
 *   (assets/messages-<language>-<hash>.json, fetched only when a person's language is that one).
 *   `import { catalogueUrls } from "virtual:catalogues"` names each file's URL; in development and
 *   tests the URL is a data: URL holding the same JSON.
 */
export function compiledMessages(): Plugin {
  let command: "build" | "serve" = "serve";
  let root = process.cwd();
  return {
    name: "compiled-messages",
    enforce: "pre",
    configResolved(config) {
      command = config.command;
      root = config.root;
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return null;
      const localesDir = path.join(root, "src", "locales");
      const languages = (await readdir(localesDir, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== DEFAULT_LANGUAGE);
      const entries: string[] = [];
      for (const { name: language } of languages) {
        const dir = path.join(localesDir, language);
        const files = (await readdir(dir)).filter((f) => f.endsWith(".ts")).sort();
        const merged: Record<string, unknown> = {};
        for (const file of files) {
          const full = path.join(dir, file);
          this.addWatchFile(full);
          for (const messages of Object.values(await compiledExports(await readFile(full, "utf8"), full))) Object.assign(merged, messages);
        }
        const json = JSON.stringify(merged);
        if (command === "build") {
          const ref = this.emitFile({ type: "asset", name: `messages-${language}.json`, source: json });
          entries.push(`${JSON.stringify(language)}: import.meta.ROLLUP_FILE_URL_${ref}`);
        } else {
          entries.push(`${JSON.stringify(language)}: ${JSON.stringify(`data:application/json;base64,${Buffer.from(json).toString("base64")}`)}`);
        }
      }
      return `export const catalogueUrls = { ${entries.join(", ")} };`;
    },
    async transform(code, id) {
      if (!CATALOGUE_FILE.test(id)) return null;
      const lines = Object.entries(await compiledExports(code, id)).map(([name, messages]) => `export const ${name} = ${JSON.stringify(messages)};`);
      return { code: lines.join("\n"), map: null };
    },
  };
}

/** The catalogue module's exports, each message compiled. */
async function compiledExports(code: string, file: string): Promise<Record<string, Record<string, unknown>>> {
  const js = (await transformWithOxc(code, file, { lang: "ts" })).code;
  const exported = (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(exported).map(([name, messages]) => [name, compileCatalogue(file, messages)]));
}

function compileCatalogue(file: string, messages: unknown): Record<string, unknown> {
  if (typeof messages !== "object" || messages === null) throw new Error(`${file}: a catalogue exports objects of messages`);
  const compiled: Record<string, unknown> = {};
  for (const [id, message] of Object.entries(messages)) {
    if (typeof message !== "string") throw new Error(`${file}: message ${id} is not a string`);
    try {
      compiled[id] = compileMessageOrThrow(message);
    } catch (error) {
      throw new Error(`${file}: message ${id} is not valid ICU MessageFormat: ${(error as Error).message}`, { cause: error });
    }
  }
  return compiled;
}
