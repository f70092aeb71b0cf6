/**
 * Payment-gated commits (see docs/metronome.md, "Top-ups and payment gates"): a PREPAID commit whose
 * balance is released only once its invoice is paid. STRIPE gates are paid through the simulated
 * payment provider, whose outcome the control API chooses (paid, failed, or requires action);
 * EXTERNAL gates wait for the caller to report the outcome. Every step sends the `payment_gate.*`
 * webhook Metronome documents.
 */
import type { Ctx } from "./context";
import { ApiError, badRequest } from "./errors";
import { uuidFromKey } from "./ids";
import { asBody, optEnum, optNumber, optObject, optString, reqEnum, stringMap, type Body } from "./input";
import { tidy } from "./rounding";
import type {
  CommitRecord, ContractRecord, PaymentGateConfigRecord, PaymentGateRecord, PaymentOutcome, PaymentProviderState, SimState,
} from "./state";
import { iso } from "./time";
import { queueWebhook } from "./webhooks";

const PAYMENT_OUTCOMES = ["paid", "failed", "requires_action"] as const satisfies readonly PaymentOutcome[];

/** The provider's answers: every payment succeeds until a test chooses otherwise. */
export function paymentProvider(state: SimState): PaymentProviderState {
  state.payments ??= { default_outcome: "paid", by_customer: {} };
  return state.payments;
}

/** What the provider answers for one customer's next payment. */
const outcomeFor = (state: SimState, customerId: string): PaymentOutcome => {
  const provider = paymentProvider(state);
  return provider.by_customer[customerId] ?? provider.default_outcome;
};

/** A commit's balance exists once it is not gated or its payment succeeded. */
export const isReleased = (record: CommitRecord): boolean => record.payment_gate === undefined || record.payment_gate.status === "paid";

/**
 * Reads a `payment_gate_config`. "Stripe tax is only supported for Stripe payment gateway";
 * `stripe_config` is "Only applicable if using STRIPE" and `precalculated_tax_config` "Only
 * applicable if using PRECALCULATED as your tax type" (SDK `PaymentGateConfig`).
 */
export function parsePaymentGateConfig(raw: Body, path: string): PaymentGateConfigRecord {
  const type = reqEnum(raw, "payment_gate_type", ["NONE", "STRIPE", "EXTERNAL"] as const, `${path}.payment_gate_type`);
  const taxType = optEnum(raw, "tax_type", ["NONE", "STRIPE", "ANROK", "PRECALCULATED"] as const, `${path}.tax_type`);
  if (taxType === "STRIPE" && type !== "STRIPE") throw badRequest(`${path}.tax_type STRIPE is only supported for the STRIPE payment gateway`);
  const stripe = optObject(raw, "stripe_config", `${path}.stripe_config`);
  if (stripe && type !== "STRIPE") throw badRequest(`${path}.stripe_config is only applicable with payment_gate_type STRIPE`);
  const taxConfig = optObject(raw, "precalculated_tax_config", `${path}.precalculated_tax_config`);
  if (taxConfig && taxType !== "PRECALCULATED") throw badRequest(`${path}.precalculated_tax_config is only applicable with tax_type PRECALCULATED`);
  if (taxType === "PRECALCULATED" && !taxConfig) throw badRequest(`${path}.precalculated_tax_config is required when tax_type is PRECALCULATED`);
  let precalculated: PaymentGateConfigRecord["precalculated_tax_config"];
  if (taxConfig) {
    const amount = optNumber(taxConfig, "tax_amount", `${path}.precalculated_tax_config.tax_amount`);
    if (amount === undefined) throw badRequest(`${path}.precalculated_tax_config.tax_amount is required`);
    if (amount < 0) throw badRequest(`${path}.precalculated_tax_config.tax_amount must not be negative`);
    precalculated = { tax_amount: amount, tax_name: optString(taxConfig, "tax_name", `${path}.precalculated_tax_config.tax_name`) };
  }
  return {
    payment_gate_type: type,
    tax_type: taxType,
    stripe_config: stripe
      ? {
          // "If left blank, will default to INVOICE."
          payment_type: optEnum(stripe, "payment_type", ["INVOICE", "PAYMENT_INTENT"] as const, `${path}.stripe_config.payment_type`) ?? "INVOICE",
          invoice_metadata: stringMap(stripe, "invoice_metadata", `${path}.stripe_config.invoice_metadata`),
        }
      : undefined,
    precalculated_tax_config: precalculated,
  };
}

/** A config in the SDK's `PaymentGateConfig` shape, as given. */
export function renderPaymentGateConfig(config: PaymentGateConfigRecord) {
  return {
    payment_gate_type: config.payment_gate_type,
    ...(config.tax_type !== undefined ? { tax_type: config.tax_type } : {}),
    ...(config.stripe_config
      ? { stripe_config: { payment_type: config.stripe_config.payment_type, ...(config.stripe_config.invoice_metadata ? { invoice_metadata: { ...config.stripe_config.invoice_metadata } } : {}) } }
      : {}),
    ...(config.precalculated_tax_config
      ? { precalculated_tax_config: { tax_amount: config.precalculated_tax_config.tax_amount, ...(config.precalculated_tax_config.tax_name !== undefined ? { tax_name: config.precalculated_tax_config.tax_name } : {}) } }
      : {}),
  };
}

/** The payment workflow of a new gated commit, not yet attempted; undefined when the gate is NONE. */
export function newPaymentGate(commitId: string, config: PaymentGateConfigRecord | undefined, workflowType: PaymentGateRecord["workflow_type"], at: number): PaymentGateRecord | undefined {
  if (!config || config.payment_gate_type === "NONE") return undefined;
  return {
    config, workflow_type: workflowType, workflow_id: uuidFromKey(`${commitId}:payment-gate:workflow`),
    invoice_id: uuidFromKey(`${commitId}:payment-gate:invoice`), status: "pending", pending_reason: undefined,
    attempted_at: at, resolved_at: null, error_message: undefined,
  };
}

/** What a gated commit is invoiced: its invoice schedule's total. */
const invoiceTotal = (record: CommitRecord): number => tidy((record.invoice_schedule?.items ?? []).reduce((s, i) => s + i.amount, 0));

/** The Stripe payment intent the simulated provider made for a workflow. */
const paymentIntentId = (gate: PaymentGateRecord): string => `pi_sim_${gate.workflow_id.replace(/-/g, "").slice(0, 24)}`;

const DECLINE = { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." };

function base(contract: ContractRecord, gate: PaymentGateRecord): Record<string, unknown> {
  return { workflow_type: gate.workflow_type, customer_id: contract.customer_id, contract_id: contract.id };
}

/** `payment_gate.payment_status` (paid or failed), with the gateway's metadata for a STRIPE gate. */
function paymentStatusWebhook(ctx: Ctx, contract: ContractRecord, gate: PaymentGateRecord, at: number): void {
  const failed = gate.status === "failed";
  const stripe = gate.config.payment_gate_type === "STRIPE"
    ? { billing_provider: { type: "stripe", stripe: { payment_intent_id: paymentIntentId(gate), ...(failed ? { error: DECLINE } : {}) } } }
    : {};
  queueWebhook(ctx, "payment_gate.payment_status", {
    ...base(contract, gate), invoice_id: gate.invoice_id, payment_status: gate.status, timestamp: iso(at),
    ...(failed && gate.error_message ? { error_message: gate.error_message } : {}), ...stripe,
  });
}

/**
 * Ends a payment workflow: paid releases the commit's balance; failed voids its invoice ("If
 * payment fails, the associated invoice in Metronome and Stripe is voided and no commit is
 * created") and, for an auto recharge, disables the contract's threshold configuration.
 */
export function settlePayment(ctx: Ctx, contract: ContractRecord, record: CommitRecord, outcome: "paid" | "failed", at: number): void {
  const gate = record.payment_gate;
  if (!gate || gate.status !== "pending") throw new ApiError(409, `The payment of commit ${record.id} is not pending`);
  const external = gate.pending_reason === "external";
  gate.status = outcome;
  gate.pending_reason = undefined;
  gate.resolved_at = at;
  if (outcome === "failed") {
    gate.error_message = external ? "The external payment failed." : DECLINE.message;
    if (gate.workflow_type === "spend" && contract.prepaid_balance_threshold) contract.prepaid_balance_threshold.is_enabled = false;
  }
  // The caller of an EXTERNAL gate reported the outcome itself: nothing to tell it back.
  if (!external) paymentStatusWebhook(ctx, contract, gate, at);
  ctx.touch(contract);
}

/**
 * Attempts a new gated commit's payment at `at`: "Metronome immediately triggers a payment attempt
 * based on the invoice amount of the commit". STRIPE asks the simulated provider; EXTERNAL hands
 * the payment to the caller (`payment_gate.external_initiate` with the workflow id).
 */
export function attemptPayment(ctx: Ctx, contract: ContractRecord, record: CommitRecord, at: number): void {
  const gate = record.payment_gate;
  if (!gate || gate.status !== "pending") return;
  if (gate.config.payment_gate_type === "EXTERNAL") {
    gate.pending_reason = "external";
    const currency = ctx.state.credit_types.find((t) => t.id === record.invoice_schedule?.credit_type_id);
    queueWebhook(ctx, "payment_gate.external_initiate", {
      ...base(contract, gate), workflow_id: gate.workflow_id, invoice_id: gate.invoice_id, invoice_total: invoiceTotal(record),
      invoice_currency: currency?.name === "USD (cents)" ? "USD" : currency?.name ?? "USD",
    });
    return;
  }
  const outcome = outcomeFor(ctx.state, contract.customer_id);
  if (outcome === "requires_action") {
    gate.pending_reason = "requires_action";
    queueWebhook(ctx, "payment_gate.payment_pending_action_required", {
      ...base(contract, gate), invoice_id: gate.invoice_id, error_message: "three_d_secure_redirect",
      billing_provider: { type: "stripe", stripe: { payment_intent_id: paymentIntentId(gate) } },
    });
    return;
  }
  settlePayment(ctx, contract, record, outcome, at);
}

/** The gated commit a workflow id or invoice id names, with its contract. */
export function findGatedCommit(state: SimState, by: { workflow_id?: string; invoice_id?: string }): { contract: ContractRecord; record: CommitRecord } | undefined {
  for (const contract of state.contracts) {
    for (const record of contract.commits) {
      const gate = record.payment_gate;
      if (!gate) continue;
      if ((by.workflow_id !== undefined && gate.workflow_id === by.workflow_id) || (by.invoice_id !== undefined && gate.invoice_id === by.invoice_id)) return { contract, record };
    }
  }
  return undefined;
}

/** Reads the control API's payment outcome body: `{"outcome": …, "customer_id"?: …}`. */
export function readOutcome(raw: unknown): { outcome: PaymentOutcome; customer_id: string | undefined } {
  const body = asBody(raw);
  const outcome = reqEnum(body, "outcome", PAYMENT_OUTCOMES);
  return { outcome, customer_id: optString(body, "customer_id") };
}
