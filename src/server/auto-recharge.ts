/**
 * Auto-recharge: a contract's prepaid balance threshold (Metronome's
 * prepaid_balance_threshold_configuration), set within the operator's bounds (AUTO_RECHARGE_BOUNDS).
 * The settings are parsed strictly, checked against the bounds with the shared domain rule, and the
 * server builds the add_ or update_prepaid_balance_threshold_configuration edit itself, sent like a
 * purchase (top-ups-send.ts). The current settings are read from the contract
 * (/api/metronome/v2/contracts/get).
 */
import type { ContractEditParams } from "@metronome/sdk/resources/v2/contracts";
import type { AutoRechargeBounds, AutoRechargeSettings, TopUpPurchase } from "../contract/bff";
import { autoRechargeBoundsProblem } from "../domain/top-up-preview";
import { HttpError } from "./errors";
import { parseAutoRecharge, type AutoRechargeOperation } from "./operations";
import { assertCustomerInScope } from "./scope";
import type { ActiveSession } from "./sessions";
import type { TopUpOffer } from "./top-ups-catalogue";
import type { TopUpUpdate } from "./top-ups-store";
import { assertContractOfCustomer, createTopUpSender, PAYMENT_GATE, type TopUpSendDeps } from "./top-ups-send";

interface AutoRechargeDeps extends TopUpSendDeps {
  offer: () => Promise<TopUpOffer>;
}

/** The edit that sets these settings: an update when the contract has a configuration already, else an add. */
function autoRechargeEdit(op: AutoRechargeOperation, bounds: AutoRechargeBounds, hasConfiguration: boolean): Omit<ContractEditParams, "uniqueness_key"> {
  // The amounts are in the balance's credit type; Metronome's default is the contract's fiat currency.
  const custom = bounds.credit_type_id !== bounds.unit_price.credit_type_id ? { custom_credit_type_id: bounds.credit_type_id } : {};
  const settings = {
    is_enabled: op.enabled,
    threshold_amount: op.threshold,
    recharge_to_amount: op.recharge_to,
    payment_gate_config: { ...PAYMENT_GATE, stripe_config: { ...PAYMENT_GATE.stripe_config } },
    ...custom,
  };
  const commit = { product_id: bounds.product_id, name: "Auto-recharge" };
  const ids = { customer_id: op.customer_id, contract_id: op.contract_id };
  return hasConfiguration
    ? { ...ids, update_prepaid_balance_threshold_configuration: { ...settings, commit } }
    : { ...ids, add_prepaid_balance_threshold_configuration: { ...settings, commit } };
}

/** The row of settings Metronome applied. */
export function settingsApplied(settings: AutoRechargeSettings): TopUpUpdate {
  return {
    status: "applied",
    status_message: settings.enabled ? `Auto-recharge is on: when the balance falls to ${settings.threshold}, it is brought back to ${settings.recharge_to}` : "Auto-recharge is off",
  };
}

export function createAutoRecharge(deps: AutoRechargeDeps) {
  const { submit } = createTopUpSender(deps);

  /** Sets the settings; the caller has checked the role may write before reading the body. */
  return async function setAutoRecharge(session: ActiveSession, bodyText: string): Promise<TopUpPurchase> {
    const op = parseAutoRecharge(bodyText);
    assertCustomerInScope(session, op.customer_id);
    const bounds = (await deps.offer()).autoRecharge;
    if (!bounds) throw new HttpError(404, "Auto-recharge is not offered here (the operator has set no AUTO_RECHARGE_BOUNDS)", "auto_recharge_unavailable");
    const settings = { enabled: op.enabled, threshold: op.threshold, recharge_to: op.recharge_to };
    const problem = autoRechargeBoundsProblem(settings, bounds);
    if (problem) throw new HttpError(400, problem.message, "out_of_bounds");
    return submit({
      customer_id: op.customer_id,
      contract_id: op.contract_id,
      uniqueness_key: op.uniqueness_key,
      namespace: "auto-recharge",
      row: { kind: "auto_recharge_settings", actor: session.user, role: session.role, customer_id: op.customer_id, contract_id: op.contract_id, pack: null, settings, request: null, status: "sending" },
      build: async () => {
        const contract = await assertContractOfCustomer(deps.upstream, op.customer_id, op.contract_id);
        return autoRechargeEdit(op, bounds, contract.prepaid_balance_threshold_configuration != null);
      },
      sameAs: (earlier) =>
        earlier.kind === "auto_recharge_settings" &&
        earlier.settings?.enabled === settings.enabled &&
        earlier.settings.threshold === settings.threshold &&
        earlier.settings.recharge_to === settings.recharge_to,
      applied: () => settingsApplied(settings),
    });
  };
}
