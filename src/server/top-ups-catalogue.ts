/**
 * The operator's top-up catalogue (TOPUP_PACKS, else DATA_DIR/topup-packs.json) and auto-recharge
 * bounds (AUTO_RECHARGE_BOUNDS, else DATA_DIR/auto-recharge-bounds.json), validated whole at start:
 * a bad entry stops the server with the path of the problem. With the embedded simulator and no
 * configuration, a demo catalogue in the demo scenario's AI credits, priced in USD cents.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { AutoRechargeBounds, TopUpPack } from "../contract/bff";
import { isObject } from "./json";
import { upstreamJson, type MetronomeUpstream } from "./upstream";

/** The demo scenario's credit types (src/simulator/state.ts): read by id, never imported from the simulator. */
const USD_CENTS = "2714e483-4ff1-48e4-9e25-ac732e8f24f2";
const AI_CREDITS = "d3cb2827-dcb5-44af-9354-947a7197b9a6";
/** Stands for the demo scenario's AI-credit product until it is read from the simulator at start. */
const DEMO_PRODUCT = "demo:ai-credits";
/** The product the demo contracts' AI credits are named by (src/simulator/scenarios.ts). */
const DEMO_PRODUCT_NAME = "Included AI credits";

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const metronomeId = (what: string) => z.string().regex(UUID, `must be a Metronome ${what} id (a UUID)`);
const positive = z.number().finite().positive("must be above 0").max(1e12, "is too large");

/** Money in a currency's own unit (USD: cents), whole units only, as invoices carry it. */
const money = z.strictObject({
  amount: z.number().int("must be a whole number of the currency's smallest unit (e.g. cents)").positive("must be above 0").max(1e12, "is too large"),
  credit_type_id: metronomeId("credit type"),
});

const SEAT_SCOPE_REFUSED =
  'scope "seat" is not offered: a one-time commit added with /v2/contracts/edit applies to the whole contract; Metronome scopes credits to one seat only through a subscription\'s recurring credits (allocation INDIVIDUAL), which grant every seat alike every period. Offer the pack with scope "contract" instead';

const packSchema = z.strictObject({
  id: z.string().regex(ID, "must be letters, digits, - and _ (at most 64 characters)"),
  name: z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters"),
  credits: positive,
  credit_type_id: metronomeId("credit type"),
  price: money,
  product_id: metronomeId("product"),
  duration_months: z.number().int("must be a whole number of months").min(1, "must be at least 1").max(120, "must be at most 120"),
  scope: z.enum(["contract", "seat"], { error: 'must be "contract" or "seat"' }).refine((scope) => scope === "contract", SEAT_SCOPE_REFUSED),
});

const packsSchema = z
  .array(packSchema)
  .max(50, "may list at most 50 packs")
  .superRefine((packs, ctx) => {
    const seen = new Set<string>();
    packs.forEach((pack, i) => {
      if (seen.has(pack.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `repeats pack id "${pack.id}"` });
      seen.add(pack.id);
    });
  });

/** Metronome's own floor in fiat cents: "the recharge_threshold has a minimum value of $5, and the recharge_to amount must always be at least $10 higher". */
const DEFAULT_BOUNDS = { min_threshold: 500, max_threshold: 100_000, min_recharge_step: 1_000, max_recharge_to: 1_000_000 };

const boundsSchema = z
  .strictObject({
    credit_type_id: metronomeId("credit type"),
    product_id: metronomeId("product"),
    min_threshold: z.number().finite().min(0, "must be 0 or more").default(DEFAULT_BOUNDS.min_threshold),
    max_threshold: positive.default(DEFAULT_BOUNDS.max_threshold),
    min_recharge_step: z.number().finite().min(0, "must be 0 or more").max(1e12, "is too large").default(DEFAULT_BOUNDS.min_recharge_step),
    max_recharge_to: positive.default(DEFAULT_BOUNDS.max_recharge_to),
    unit_price: z.strictObject({ amount: z.number().finite().positive("must be above 0").max(1e9, "is too large"), credit_type_id: metronomeId("credit type") }),
  })
  .refine((b) => b.min_threshold <= b.max_threshold, { path: ["max_threshold"], message: "must not be below min_threshold" })
  .refine((b) => b.max_recharge_to > b.min_threshold && b.max_recharge_to >= b.min_threshold + b.min_recharge_step, {
    path: ["max_recharge_to"],
    message: "must be at least min_recharge_step above min_threshold",
  });

/** What the configuration says, before the demo's product is looked up: "demo" means the embedded demo entries. */
export interface TopUpConfig {
  packs: TopUpPack[] | "demo";
  autoRecharge: AutoRechargeBounds | null | "demo";
}

/** The catalogue and bounds the server offers. */
export interface TopUpOffer {
  packs: TopUpPack[];
  autoRecharge: AutoRechargeBounds | null;
}

const DEMO_PACKS: TopUpPack[] = [
  { id: "ai-credits-5k", name: "5,000 AI credits", credits: 5_000, credit_type_id: AI_CREDITS, price: { amount: 5_000, credit_type_id: USD_CENTS }, product_id: DEMO_PRODUCT, duration_months: 12, scope: "contract" },
  { id: "ai-credits-20k", name: "20,000 AI credits", credits: 20_000, credit_type_id: AI_CREDITS, price: { amount: 18_000, credit_type_id: USD_CENTS }, product_id: DEMO_PRODUCT, duration_months: 12, scope: "contract" },
  { id: "ai-credits-100k", name: "100,000 AI credits", credits: 100_000, credit_type_id: AI_CREDITS, price: { amount: 80_000, credit_type_id: USD_CENTS }, product_id: DEMO_PRODUCT, duration_months: 12, scope: "contract" },
];

/**
 * In USD cents: Metronome evaluates a threshold in a custom credit type only through the rate card's
 * credit_type_conversions, and the demo rate card has none, so the demo recharges the contract's fiat
 * balance (docs/metronome.md, "Auto recharge"). Metronome's floors: $5 threshold, $10 above it.
 */
const DEMO_BOUNDS: AutoRechargeBounds = {
  credit_type_id: USD_CENTS,
  product_id: DEMO_PRODUCT,
  min_threshold: 500,
  max_threshold: 50_000,
  min_recharge_step: 1_000,
  max_recharge_to: 200_000,
  unit_price: { amount: 1, credit_type_id: USD_CENTS },
};

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("") : "(top level)"} ${issue.message}`)
    .join("; ");
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
}

export function parseTopUpPacks(text: string, source: string): TopUpPack[] {
  const result = packsSchema.safeParse(parseJson(text, source));
  if (!result.success) throw new Error(`${source} is not a valid top-up catalogue: ${issuesText(result.error)}`);
  return result.data as TopUpPack[];
}

export function parseAutoRechargeBounds(text: string, source: string): AutoRechargeBounds {
  const result = boundsSchema.safeParse(parseJson(text, source));
  if (!result.success) throw new Error(`${source} is not valid auto-recharge bounds: ${issuesText(result.error)}`);
  return result.data;
}

/** The env variable's text, else the file's in DATA_DIR, else null. */
async function source(env: Record<string, string | undefined>, name: string, dataDir: string | null, file: string): Promise<{ text: string; from: string } | null> {
  const value = env[name]?.trim();
  if (value) return { text: value, from: name };
  if (dataDir === null) return null;
  const full = path.join(dataDir, file);
  try {
    return { text: await readFile(full, "utf8"), from: full };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`Cannot read ${full}: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads the catalogue and bounds; nothing configured means the demo entries when embedded, else none. */
export async function loadTopUpConfig(env: Record<string, string | undefined>, dataDir: string | null, embedded: boolean): Promise<TopUpConfig> {
  const packs = await source(env, "TOPUP_PACKS", dataDir, "topup-packs.json");
  const bounds = await source(env, "AUTO_RECHARGE_BOUNDS", dataDir, "auto-recharge-bounds.json");
  return {
    packs: packs ? parseTopUpPacks(packs.text, packs.from) : embedded ? "demo" : [],
    autoRecharge: bounds ? parseAutoRechargeBounds(bounds.text, bounds.from) : embedded ? "demo" : null,
  };
}

/** The product id the demo contracts' AI credits are named by, read from the embedded simulator (null: none there). */
async function demoProductId(upstream: MetronomeUpstream): Promise<string | null> {
  const customers = await upstreamJson(upstream, "GET", "/v1/customers?ingest_alias=acme&limit=1");
  const customer = isObject(customers.body) && Array.isArray(customers.body.data) ? customers.body.data.find(isObject) : undefined;
  if (!customer || typeof customer.id !== "string") return null;
  const contracts = await upstreamJson(upstream, "POST", "/v2/contracts/list", { customer_id: customer.id });
  const list = isObject(contracts.body) && Array.isArray(contracts.body.data) ? contracts.body.data.filter(isObject) : [];
  for (const contract of list) {
    const grants = [...(Array.isArray(contract.recurring_credits) ? contract.recurring_credits : []), ...(Array.isArray(contract.recurring_commits) ? contract.recurring_commits : [])];
    for (const grant of grants) {
      const product = isObject(grant) && isObject(grant.product) ? grant.product : null;
      if (product && product.name === DEMO_PRODUCT_NAME && typeof product.id === "string") return product.id;
    }
  }
  return null;
}

/**
 * The offer: the configured entries, or the demo's with the simulator's own product id (none when the
 * scenario has none). No configuration at all (a config built in code) is the demo's when embedded.
 */
async function resolveTopUpOffer(configured: TopUpConfig | undefined, upstream: MetronomeUpstream): Promise<TopUpOffer> {
  const config: TopUpConfig = configured ?? (upstream.kind === "simulator" ? { packs: "demo", autoRecharge: "demo" } : { packs: [], autoRecharge: null });
  const wantsDemo = config.packs === "demo" || config.autoRecharge === "demo";
  const product = wantsDemo ? await demoProductId(upstream) : null;
  const withProduct = <T extends { product_id: string }>(entry: T): T => ({ ...entry, product_id: product ?? entry.product_id });
  return {
    packs: config.packs === "demo" ? (product ? DEMO_PACKS.map(withProduct) : []) : config.packs,
    autoRecharge: config.autoRecharge === "demo" ? (product ? withProduct(DEMO_BOUNDS) : null) : config.autoRecharge,
  };
}

/** The offer, resolved on first use (the demo's product is read from the simulator once; a failed read is tried again). */
export function lazyTopUpOffer(configured: TopUpConfig | undefined, upstream: MetronomeUpstream): () => Promise<TopUpOffer> {
  let offer: Promise<TopUpOffer> | null = null;
  return () => {
    offer ??= resolveTopUpOffer(configured, upstream).catch((error: unknown) => {
      offer = null;
      throw error;
    });
    return offer;
  };
}
