import { compileMessageOrThrow } from "@lingui/message-utils/compileMessage";
import { transformWithOxc, type Plugin } from "vite";

/** A catalogue module: `src/locales/<language>/<area>.ts`. */
export const CATALOGUE_FILE = /[\\/]src[\\/]locales[\\/][a-z]{2}(?:-[A-Z]{2})?[\\/][\w-]+\.ts$/;

/**
 * Compiles every ICU message of a catalogue module at build time, so the browser gets Lingui's
 * compiled form and no message parser ships (see src/lib/i18n.tsx). A catalogue holds only
 * `import type` lines and exported object literals of strings; a message that does not parse
 * fails the build (and the unit tests) naming its id.
 */
export function compiledMessages(): Plugin {
  return {
    name: "compiled-messages",
    enforce: "pre",
    async transform(code, id) {
      if (!CATALOGUE_FILE.test(id)) return null;
      const js = (await transformWithOxc(code, id, { lang: "ts" })).code;
      const exported = (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as Record<string, unknown>;
      const lines = Object.entries(exported).map(([name, messages]) => `export const ${name} = ${JSON.stringify(compileCatalogue(id, messages))};`);
      return { code: lines.join("\n"), map: null };
    },
  };
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
