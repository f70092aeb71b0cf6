import { describe, expect, it } from "vitest";
import { loadCatalogue } from "./i18n-catalogues";

// The English catalogues as the build compiles them, by file.
const english = import.meta.glob<Record<string, Record<string, unknown>>>("../locales/en/*.ts", { eager: true });

/** The argument names a compiled message uses (placeholders, plurals, selects), sorted. */
function argumentsOf(compiled: unknown, into = new Set<string>()): string[] {
  if (Array.isArray(compiled)) {
    for (const token of compiled) {
      if (Array.isArray(token) && typeof token[0] === "string") {
        into.add(token[0]);
        const choices = token[2];
        if (choices && typeof choices === "object") for (const choice of Object.values(choices)) argumentsOf(choice, into);
      } else argumentsOf(token, into);
    }
  }
  return [...into].sort();
}

describe("catalogues", () => {
  it("German has every English message, with the same arguments, and no other", async () => {
    const german = await loadCatalogue("de");
    const ids = new Set<string>();
    for (const [file, module] of Object.entries(english)) {
      const area = /\/en\/([\w-]+)\.ts$/.exec(file)![1]!;
      for (const messages of Object.values(module)) {
        for (const [id, compiled] of Object.entries(messages)) {
          // ids start with their area ("seats.heading" in seats.ts), so no two catalogues collide
          expect(id.startsWith(`${area.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}.`), id).toBe(true);
          expect(ids.has(id), `${id} twice`).toBe(false);
          ids.add(id);
          expect(german[id], `${id} in German`).toBeDefined();
          expect(argumentsOf(german[id]), id).toEqual(argumentsOf(compiled));
        }
      }
    }
    expect(Object.keys(german).filter((id) => !ids.has(id))).toEqual([]);
    expect(ids.size).toBeGreaterThan(300);
  });
});
