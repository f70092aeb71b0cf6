import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { loadTopUpConfig, parseAutoRechargeBounds, parseTopUpPacks } from "./top-ups-catalogue";

const USD = "2714e483-4ff1-48e4-9e25-ac732e8f24f2";
const AI = "d3cb2827-dcb5-44af-9354-947a7197b9a6";
const PRODUCT = "0a2c4a7e-9f4e-4b8e-8f57-5b7a2f0f6c11";
const pack = { id: "p1", name: "1,000 credits", credits: 1_000, credit_type_id: AI, price: { amount: 900, credit_type_id: USD }, product_id: PRODUCT, duration_months: 6, scope: "contract" };
const bounds = { credit_type_id: USD, product_id: PRODUCT, unit_price: { amount: 1, credit_type_id: USD } };
const packs = (...entries: unknown[]) => JSON.stringify(entries);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "seats-topups-"));
  dirs.push(dir);
  return dir;
}

describe("parseTopUpPacks", () => {
  it("reads a valid catalogue", () => {
    expect(parseTopUpPacks(packs(pack), "TOPUP_PACKS")).toEqual([pack]);
  });

  it.each([
    ["a seat-scoped pack, saying why and what to offer instead", { ...pack, scope: "seat" }, /\[0\]\.scope scope "seat" is not offered: a one-time commit added with \/v2\/contracts\/edit applies to the whole contract.*Offer the pack with scope "contract" instead/],
    ["a price in fractions of a cent", { ...pack, price: { amount: 9.5, credit_type_id: USD } }, /\[0\]\.price\.amount must be a whole number of the currency's smallest unit/],
    ["a product that is not a Metronome id", { ...pack, product_id: "credits" }, /\[0\]\.product_id must be a Metronome product id \(a UUID\)/],
    ["no duration", { ...pack, duration_months: undefined }, /\[0\]\.duration_months/],
    ["an unknown field", { ...pack, discount: 10 }, /\[0\] Unrecognized key: "discount"/],
    ["zero credits", { ...pack, credits: 0 }, /\[0\]\.credits must be above 0/],
  ])("refuses %s", (_name, entry, message) => {
    expect(() => parseTopUpPacks(packs(entry), "TOPUP_PACKS")).toThrow(message);
  });

  it("refuses a repeated pack id and text that is not JSON", () => {
    expect(() => parseTopUpPacks(packs(pack, pack), "TOPUP_PACKS")).toThrow(/\[1\]\.id repeats pack id "p1"/);
    expect(() => parseTopUpPacks("[{", "TOPUP_PACKS")).toThrow("TOPUP_PACKS is not valid JSON");
    expect(() => parseTopUpPacks("{}", "TOPUP_PACKS")).toThrow(/TOPUP_PACKS is not a valid top-up catalogue/);
  });
});

describe("parseAutoRechargeBounds", () => {
  it("fills Metronome's floors as defaults", () => {
    expect(parseAutoRechargeBounds(JSON.stringify(bounds), "AUTO_RECHARGE_BOUNDS")).toEqual({ ...bounds, min_threshold: 500, max_threshold: 100_000, min_recharge_step: 1_000, max_recharge_to: 1_000_000 });
  });

  it("refuses bounds that leave no setting possible", () => {
    expect(() => parseAutoRechargeBounds(JSON.stringify({ ...bounds, min_threshold: 900, max_threshold: 800 }), "AUTO_RECHARGE_BOUNDS")).toThrow(/\.max_threshold must not be below min_threshold/);
    expect(() => parseAutoRechargeBounds(JSON.stringify({ ...bounds, min_threshold: 500, max_recharge_to: 1_200 }), "AUTO_RECHARGE_BOUNDS")).toThrow(/\.max_recharge_to must be at least min_recharge_step above min_threshold/);
    expect(() => parseAutoRechargeBounds(JSON.stringify({ min_threshold: 1 }), "AUTO_RECHARGE_BOUNDS")).toThrow(/\.credit_type_id/);
  });
});

describe("loadTopUpConfig", () => {
  it("takes the environment first, then the files in DATA_DIR, else the demo's when embedded and none live", async () => {
    const dir = tempDir();
    expect(await loadTopUpConfig({}, dir, true)).toEqual({ packs: "demo", autoRecharge: "demo" });
    expect(await loadTopUpConfig({}, dir, false)).toEqual({ packs: [], autoRecharge: null });
    writeFileSync(path.join(dir, "topup-packs.json"), packs(pack));
    writeFileSync(path.join(dir, "auto-recharge-bounds.json"), JSON.stringify(bounds));
    expect(await loadTopUpConfig({}, dir, false)).toMatchObject({ packs: [pack], autoRecharge: { ...bounds } });
    expect(await loadTopUpConfig({ TOPUP_PACKS: packs({ ...pack, id: "from-env" }) }, dir, false)).toMatchObject({ packs: [{ id: "from-env" }] });
  });

  it("stops the start on a bad catalogue, naming the file and the problem", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "topup-packs.json"), packs({ ...pack, scope: "seat" }));
    await expect(loadConfig({ DATA_DIR: dir })).rejects.toThrow(new RegExp(`${path.join(dir, "topup-packs.json").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is not a valid top-up catalogue: \\[0\\]\\.scope scope "seat" is not offered`));
    await expect(loadConfig({ DATA_DIR: tempDir(), AUTO_RECHARGE_BOUNDS: "{" })).rejects.toThrow("AUTO_RECHARGE_BOUNDS is not valid JSON");
  });
});
