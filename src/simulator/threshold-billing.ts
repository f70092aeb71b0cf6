/**
 * Auto recharge (see docs/metronome.md, "Auto recharge"): while a contract's prepaid balance
 * threshold configuration is enabled, the contract's balance is followed as the clock moves; the
 * first hour it is at or below `threshold_amount` a recharge commit up to `recharge_to_amount` is
 * made there, through the configuration's payment gate. A failed payment disables the configuration.
 */
import type { Ctx } from "./context";
import type { MaterialCredit } from "./credits";
import { uuidFromKey } from "./ids";
import { attemptPayment, newPaymentGate } from "./payment-gates";
import { tidy } from "./rounding";
import type { CommitRecord, ContractRecord, ThresholdConfigRecord } from "./state";
import { DAY_MS, HOUR_MS, floorHour, iso } from "./time";
import { fiatOf, fiatPerUnit } from "./threshold-config";
import { queueWebhook } from "./webhooks";

/** A recharge commit's access when the contract has no end (ASSUMED: a year, as prepaid credit packs commonly last). */
const OPEN_ENDED_ACCESS_MS = 365 * DAY_MS;
/** At most this many recharges in one evaluation, so a configuration that cannot lift the balance never loops. */
const MAX_RECHARGES = 500;

/** Whether a threshold balance specifier leaves this balance out ("If any of the exclude specifier is met"). */
function excluded(config: ThresholdConfigRecord, credit: MaterialCredit): boolean {
  const fields = credit.commit?.custom_fields;
  if (!fields || !config.threshold_balance_specifiers) return false;
  return config.threshold_balance_specifiers.some((spec) =>
    spec.exclude.some((ex) =>
      ex.custom_field_filters.every((f) => {
        const entity = f.entity === "ContractCreditOrCommit" || (f.entity === "Commit" ? credit.kind !== "CREDIT" : credit.kind === "CREDIT");
        return entity && fields[f.key] === f.value;
      }),
    ),
  );
}

/**
 * The balance the threshold is judged on at `at`: the contract's prepaid commits and credits of the
 * configuration's credit type active then, "with the exception of seat-scoped commits and credits,
 * which are always excluded", and those a threshold balance specifier excludes.
 */
function thresholdBalance(ctx: Ctx, contract: ContractRecord, config: ThresholdConfigRecord, at: number): number {
  const creditTypeId = config.custom_credit_type_id ?? fiatOf(ctx, contract);
  const view = ctx.engine.view(contract, at);
  let total = 0;
  for (const credit of view.credits) {
    if (credit.allocation === "INDIVIDUAL" || credit.kind === "POSTPAID") continue;
    if (credit.terms.credit_type_id !== creditTypeId || !(credit.start <= view.now && view.now < credit.end)) continue;
    if (excluded(config, credit)) continue;
    total += credit.balance;
  }
  return tidy(total);
}

const pendingRecharge = (contract: ContractRecord): boolean =>
  contract.commits.some((c) => c.payment_gate?.workflow_type === "spend" && c.payment_gate.status === "pending");

/** The recharge commit: "a commit for the amount that recharges the customer back to the recharge_to_amount", invoiced in fiat. */
function rechargeCommit(ctx: Ctx, contract: ContractRecord, config: ThresholdConfigRecord, at: number, balance: number): CommitRecord {
  const creditTypeId = config.custom_credit_type_id ?? fiatOf(ctx, contract);
  const amount = tidy(config.recharge_to_amount - balance);
  const invoiced = tidy(amount * (fiatPerUnit(ctx, contract, creditTypeId) ?? 1) * (config.discount_payment_fraction ?? 1));
  const product = ctx.state.products.find((p) => p.id === config.commit.product_id);
  // Named by its contract and hour, so the same crossing makes the same commit however the clock got there.
  const id = uuidFromKey(`${contract.id}:recharge:${at}`);
  const end = contract.ending_before ?? at + OPEN_ENDED_ACCESS_MS;
  const { product_id: _product, name, description, priority, ...applicability } = config.commit;
  const gate = newPaymentGate(id, config.payment_gate_config, "spend", at);
  return {
    ...applicability,
    id, type: "PREPAID", product_id: config.commit.product_id, product_name: product?.name ?? config.commit.product_id,
    name: name ?? product?.name, description, priority: priority ?? 100, rate_type: "LIST_RATE", credit_type_id: creditTypeId,
    access_schedule: [{ id: uuidFromKey(`${id}:access`), amount, starting_at: at, ending_before: end }],
    invoice_schedule: { credit_type_id: fiatOf(ctx, contract), do_not_invoice: false, items: [{ id: uuidFromKey(`${id}:invoice-item`), timestamp: at, unit_price: invoiced, quantity: 1, amount: invoiced }] },
    custom_fields: undefined, rollover_fraction: undefined, created_at: at,
    ...(gate ? { payment_gate: gate } : {}),
  };
}

/** Starts one recharge at `at`: `payment_gate.threshold_reached`, the commit, then its payment. */
function recharge(ctx: Ctx, contract: ContractRecord, config: ThresholdConfigRecord, at: number, balance: number): void {
  queueWebhook(ctx, "payment_gate.threshold_reached", { workflow_type: "spend", customer_id: contract.customer_id, contract_id: contract.id, timestamp: iso(at) });
  const record = rechargeCommit(ctx, contract, config, at, balance);
  contract.commits.push(record);
  ctx.touch(contract);
  attemptPayment(ctx, contract, record, at);
}

/**
 * The first whole hour in (from, to] at which the balance is at or below the threshold. The
 * balance is read once a day and at `to`; in a day that ends at or below it, hour by hour.
 */
function firstCrossing(ctx: Ctx, contract: ContractRecord, config: ThresholdConfigRecord, from: number, to: number): { at: number; balance: number } | undefined {
  let previous = from;
  while (previous < to) {
    const checkpoint = Math.min(previous + DAY_MS, to);
    if (thresholdBalance(ctx, contract, config, checkpoint) <= config.threshold_amount) {
      for (let t = previous + HOUR_MS; t <= checkpoint; t += HOUR_MS) {
        const balance = thresholdBalance(ctx, contract, config, t);
        if (balance <= config.threshold_amount) return { at: t, balance };
      }
    }
    previous = checkpoint;
  }
  return undefined;
}

/** Follows one contract's balance from where it was last evaluated to `now`, recharging at each crossing. */
function evaluateContract(ctx: Ctx, contract: ContractRecord, config: ThresholdConfigRecord, now: number): void {
  const end = Math.min(now, contract.ending_before === null ? Infinity : contract.ending_before - HOUR_MS);
  let from = Math.max(Math.min(config.evaluated_through, now), contract.starting_at - HOUR_MS);
  for (let n = 0; n < MAX_RECHARGES && config.is_enabled && !pendingRecharge(contract); n++) {
    const crossing = firstCrossing(ctx, contract, config, from, end);
    if (!crossing) break;
    recharge(ctx, contract, config, crossing.at, crossing.balance);
    from = crossing.at;
  }
  config.evaluated_through = now;
}

/** Runs auto recharge for every contract (or one customer's) with a configuration, up to the clock's hour. */
export function runThresholdBilling(ctx: Ctx, customerId?: string): void {
  const now = floorHour(ctx.now());
  for (const contract of ctx.state.contracts) {
    const config = contract.prepaid_balance_threshold;
    if (!config || (customerId !== undefined && contract.customer_id !== customerId)) continue;
    if (config.is_enabled && contract.archived_at === null) evaluateContract(ctx, contract, config, now);
    else config.evaluated_through = now;
  }
}
