/**
 * A contract's `prepaid_balance_threshold_configuration` (auto recharge): read from
 * `/v1/contracts/create`, `/v2/contracts/edit` (`add_…` and `update_…`) and rendered as the SDK's
 * `PrepaidBalanceThresholdConfigurationV2` (see docs/metronome.md, "Auto recharge").
 */
import type { PrepaidBalanceThresholdConfigurationV2 } from "@metronome/sdk/resources/shared";
import type { Ctx } from "./context";
import { badRequest } from "./errors";
import { parseApplicability } from "./grant-input";
import { asBody, optArray, optBool, optNumber, optObject, optString, optUuid, reqArray, reqEnum, reqNumber, reqObject, reqString, reqUuid, type Body } from "./input";
import { parsePaymentGateConfig, renderPaymentGateConfig } from "./payment-gates";
import { applicabilityFields } from "./render-grants";
import { HOUR_MS, floorHour } from "./time";
import { USD_CENTS_ID, type ContractRecord, type ThresholdConfigRecord, type ThresholdExcludeRecord } from "./state";

/** "The recharge_threshold has a minimum value of $5, and the recharge_to amount must always be at least $10 higher than your threshold." */
const MIN_THRESHOLD = 500;
const MIN_RECHARGE_ABOVE_THRESHOLD = 1000;

/** The contract's fiat credit type: its rate card's, USD (cents) without one. */
export function fiatOf(ctx: Ctx, contract: ContractRecord): string {
  return ctx.state.rate_cards.find((r) => r.id === contract.rate_card_id)?.fiat_credit_type_id ?? USD_CENTS_ID;
}

/** Fiat per unit of a credit type on the contract's rate card (1 for the fiat itself); undefined without a conversion. */
export function fiatPerUnit(ctx: Ctx, contract: ContractRecord, creditTypeId: string): number | undefined {
  if (creditTypeId === fiatOf(ctx, contract)) return 1;
  const card = ctx.state.rate_cards.find((r) => r.id === contract.rate_card_id);
  return card?.credit_type_conversions?.find((c) => c.custom_credit_type_id === creditTypeId)?.fiat_per_custom_credit;
}

function parseCommit(ctx: Ctx, raw: Body, path: string, partial: boolean, previous?: ThresholdConfigRecord["commit"]): ThresholdConfigRecord["commit"] {
  const productId = partial ? optUuid(raw, "product_id", `${path}.product_id`) ?? previous?.product_id : reqUuid(raw, "product_id", `${path}.product_id`);
  if (productId === undefined || !ctx.state.products.some((p) => p.id === productId)) throw badRequest(`${path}.product_id: product ${productId ?? ""} not found`);
  const given = parseApplicability(ctx, raw, path);
  const touched = ["applicable_product_ids", "applicable_product_tags", "specifiers"].some((k) => raw[k] !== undefined);
  return {
    ...(touched || !previous ? given : applicabilityFields(previous)),
    product_id: productId,
    name: raw.name === undefined && previous ? previous.name : optString(raw, "name", `${path}.name`),
    description: raw.description === undefined && previous ? previous.description : optString(raw, "description", `${path}.description`),
    priority: raw.priority === undefined && previous ? previous.priority : optNumber(raw, "priority", `${path}.priority`),
  };
}

function parseSpecifiers(raw: Body, path: string): ThresholdConfigRecord["threshold_balance_specifiers"] {
  const list = optArray(raw, "threshold_balance_specifiers", `${path}.threshold_balance_specifiers`);
  if (!list) return undefined;
  return list.map((item, i) => {
    const sp = `${path}.threshold_balance_specifiers[${i}]`;
    const exclude = reqArray(asBody(item, sp), "exclude", `${sp}.exclude`).map((ex, j): ThresholdExcludeRecord => {
      const ep = `${sp}.exclude[${j}]`;
      const filters = reqArray(asBody(ex, ep), "custom_field_filters", `${ep}.custom_field_filters`).map((f, k) => {
        const fp = `${ep}.custom_field_filters[${k}]`;
        const fb = asBody(f, fp);
        return {
          entity: reqEnum(fb, "entity", ["Commit", "ContractCredit", "ContractCreditOrCommit"] as const, `${fp}.entity`),
          key: reqString(fb, "key", `${fp}.key`),
          value: reqString(fb, "value", `${fp}.value`),
        };
      });
      const keys = filters.map((f) => f.key);
      if (new Set(keys).size !== keys.length) throw badRequest(`${ep}.custom_field_filters must not repeat a custom field key`);
      return { custom_field_filters: filters };
    });
    return { exclude };
  });
}

/** "If provided, the discount stops applying once the spend tracker…": spend trackers are not simulated. */
function parseDiscount(raw: Body, path: string): number | undefined {
  const discount = optObject(raw, "discount_configuration", `${path}.discount_configuration`);
  if (!discount) return undefined;
  if (discount.cap !== undefined && discount.cap !== null) throw badRequest(`${path}.discount_configuration.cap is not supported by simulator (spend trackers)`);
  const fraction = optNumber(discount, "payment_fraction", `${path}.discount_configuration.payment_fraction`);
  if (fraction === undefined) return undefined;
  if (fraction <= 0 || fraction > 1) throw badRequest(`${path}.discount_configuration.payment_fraction must be greater than 0 and at most 1`);
  return fraction;
}

/** Checks a configuration's credit type and amounts against the documented minimums (in the contract's fiat). */
function checkAmounts(ctx: Ctx, contract: ContractRecord, config: ThresholdConfigRecord, path: string): void {
  const creditTypeId = config.custom_credit_type_id ?? fiatOf(ctx, contract);
  if (!ctx.state.credit_types.some((t) => t.id === creditTypeId)) throw badRequest(`${path}.custom_credit_type_id: credit type ${creditTypeId} not found`);
  const rate = fiatPerUnit(ctx, contract, creditTypeId);
  if (rate === undefined) throw badRequest(`${path}.custom_credit_type_id: the contract's rate card has no credit_type_conversions entry for ${creditTypeId}`);
  if (config.threshold_amount * rate < MIN_THRESHOLD) throw badRequest(`${path}.threshold_amount must be at least ${MIN_THRESHOLD} in the contract's fiat currency ($5)`);
  if ((config.recharge_to_amount - config.threshold_amount) * rate < MIN_RECHARGE_ABOVE_THRESHOLD) {
    throw badRequest(`${path}.recharge_to_amount must be at least ${MIN_RECHARGE_ABOVE_THRESHOLD} ($10) in the contract's fiat currency above threshold_amount`);
  }
}

/** A whole configuration (create's `prepaid_balance_threshold_configuration`, edit's `add_…`). Evaluated from the hour before `now`, so at once. */
export function parseThresholdConfig(ctx: Ctx, raw: Body, path: string, contract: ContractRecord, now: number): ThresholdConfigRecord {
  const isEnabled = optBool(raw, "is_enabled", `${path}.is_enabled`);
  if (isEnabled === undefined) throw badRequest(`${path}.is_enabled is required`);
  const config: ThresholdConfigRecord = {
    commit: parseCommit(ctx, reqObject(raw, "commit", `${path}.commit`), `${path}.commit`, false),
    is_enabled: isEnabled,
    payment_gate_config: parsePaymentGateConfig(reqObject(raw, "payment_gate_config", `${path}.payment_gate_config`), `${path}.payment_gate_config`),
    threshold_amount: reqNumber(raw, "threshold_amount", `${path}.threshold_amount`),
    recharge_to_amount: reqNumber(raw, "recharge_to_amount", `${path}.recharge_to_amount`),
    custom_credit_type_id: optUuid(raw, "custom_credit_type_id", `${path}.custom_credit_type_id`),
    discount_payment_fraction: parseDiscount(raw, path),
    threshold_balance_specifiers: parseSpecifiers(raw, path),
    evaluated_through: floorHour(now) - HOUR_MS,
  };
  checkAmounts(ctx, contract, config, path);
  return config;
}

/**
 * Edit's `update_prepaid_balance_threshold_configuration`: the fields given replace the old ones
 * (`null` clears a nullable one). "These changes take effect immediately and Metronome forces an
 * evaluation of the customer's current balance on each config change."
 */
export function updateThresholdConfig(ctx: Ctx, raw: Body, path: string, contract: ContractRecord, now: number): ThresholdConfigRecord {
  const old = contract.prepaid_balance_threshold;
  if (!old) throw badRequest(`${path}: the contract has no prepaid_balance_threshold_configuration to update; use add_prepaid_balance_threshold_configuration`);
  const commit = optObject(raw, "commit", `${path}.commit`);
  const gateBody = optObject(raw, "payment_gate_config", `${path}.payment_gate_config`);
  const gate = gateBody ? parsePaymentGateConfig(gateBody, `${path}.payment_gate_config`) : undefined;
  const config: ThresholdConfigRecord = {
    commit: commit ? parseCommit(ctx, commit, `${path}.commit`, true, old.commit) : old.commit,
    is_enabled: optBool(raw, "is_enabled", `${path}.is_enabled`) ?? old.is_enabled,
    payment_gate_config: gate ?? old.payment_gate_config,
    threshold_amount: optNumber(raw, "threshold_amount", `${path}.threshold_amount`) ?? old.threshold_amount,
    recharge_to_amount: optNumber(raw, "recharge_to_amount", `${path}.recharge_to_amount`) ?? old.recharge_to_amount,
    custom_credit_type_id: raw.custom_credit_type_id === undefined ? old.custom_credit_type_id : optUuid(raw, "custom_credit_type_id", `${path}.custom_credit_type_id`),
    discount_payment_fraction: raw.discount_configuration === undefined ? old.discount_payment_fraction : parseDiscount(raw, path),
    threshold_balance_specifiers: raw.threshold_balance_specifiers === undefined ? old.threshold_balance_specifiers : parseSpecifiers(raw, path),
    evaluated_through: floorHour(now) - HOUR_MS,
  };
  checkAmounts(ctx, contract, config, path);
  return config;
}

/** The configuration as `/v2/contracts/get` and list show it. */
export function renderThresholdConfig(config: ThresholdConfigRecord): PrepaidBalanceThresholdConfigurationV2 {
  const { commit } = config;
  return {
    commit: {
      product_id: commit.product_id,
      ...(commit.name !== undefined ? { name: commit.name } : {}),
      ...(commit.description !== undefined ? { description: commit.description } : {}),
      ...(commit.priority !== undefined ? { priority: commit.priority } : {}),
      ...applicabilityFields(commit),
    },
    is_enabled: config.is_enabled,
    payment_gate_config: renderPaymentGateConfig(config.payment_gate_config),
    threshold_amount: config.threshold_amount,
    recharge_to_amount: config.recharge_to_amount,
    ...(config.custom_credit_type_id !== undefined ? { custom_credit_type_id: config.custom_credit_type_id } : {}),
    ...(config.discount_payment_fraction !== undefined ? { discount_configuration: { payment_fraction: config.discount_payment_fraction } } : {}),
    ...(config.threshold_balance_specifiers ? { threshold_balance_specifiers: config.threshold_balance_specifiers.map((s) => ({ exclude: s.exclude.map((e) => ({ custom_field_filters: e.custom_field_filters.map((f) => ({ ...f })) })) })) } : {}),
  };
}
