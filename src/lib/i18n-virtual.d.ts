/** Made by scripts/compiled-messages.ts: each language's compiled catalogue (a JSON file), by language. */
declare module "virtual:catalogues" {
  export const catalogueUrls: Readonly<Record<string, string>>;
}
