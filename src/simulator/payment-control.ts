/**
 * Who decides a payment's outcome: the control API's simulated payment provider
 * (`/_simulator/payments`, sticky outcomes and completing a payment waiting for customer action),
 * and Metronome's own endpoint with which an EXTERNAL gateway reports one
 * (`/v1/contracts/commits/threshold-billing/release`). See docs/metronome.md, "Top-ups and payment gates".
 */
import type { Ctx, Handler } from "./context";
import { ApiError, badRequest, notFound } from "./errors";
import { optUuid, reqEnum, type Body } from "./input";
import { findGatedCommit, paymentProvider, readOutcome, settlePayment } from "./payment-gates";
import type { SimState } from "./state";

/** The provider's outcomes and every payment still pending, as GET /_simulator/payments answers. */
function providerBody(state: SimState) {
  const provider = paymentProvider(state);
  const pending = state.contracts.flatMap((contract) =>
    contract.commits.flatMap((record) => {
      const gate = record.payment_gate;
      if (!gate || gate.status !== "pending") return [];
      return [{
        customer_id: contract.customer_id, contract_id: contract.id, commit_id: record.id, invoice_id: gate.invoice_id, workflow_id: gate.workflow_id,
        workflow_type: gate.workflow_type, payment_gate_type: gate.config.payment_gate_type, reason: gate.pending_reason ?? null,
      }];
    }),
  );
  return { default_outcome: provider.default_outcome, by_customer: { ...provider.by_customer }, pending };
}

/** Settles a pending payment the control API names by invoice_id or workflow_id: `{"outcome": "paid" | "failed"}`. */
function complete(ctx: Ctx, body: Body): string {
  const invoiceId = optUuid(body, "invoice_id");
  const workflowId = optUuid(body, "workflow_id");
  if ((invoiceId === undefined) === (workflowId === undefined)) throw badRequest("Give exactly one of invoice_id or workflow_id");
  const outcome = reqEnum(body, "outcome", ["paid", "failed"] as const);
  const hit = findGatedCommit(ctx.state, { ...(invoiceId !== undefined ? { invoice_id: invoiceId } : {}), ...(workflowId !== undefined ? { workflow_id: workflowId } : {}) });
  if (!hit) throw notFound(`No payment-gated commit has ${invoiceId !== undefined ? `invoice ${invoiceId}` : `workflow ${workflowId ?? ""}`}`);
  settlePayment(ctx, hit.contract, hit.record, outcome, ctx.now());
  return hit.contract.customer_id;
}

/**
 * The control API's payment routes. `changed` is the customer whose balances may have moved (null:
 * any), undefined when nothing changed.
 */
export function paymentControl(ctx: Ctx, method: string, path: string, body: Body): { body: unknown; changed?: string | null } {
  if (path === "/_simulator/payments/complete") {
    if (method !== "POST") throw new ApiError(405, `Method ${method} not allowed on ${path}`);
    const customerId = complete(ctx, body);
    return { body: providerBody(ctx.state), changed: customerId };
  }
  const provider = paymentProvider(ctx.state);
  if (method === "GET") return { body: providerBody(ctx.state) };
  if (method === "DELETE") {
    ctx.state.payments = { default_outcome: "paid", by_customer: {} };
    return { body: providerBody(ctx.state), changed: null };
  }
  if (method !== "POST") throw new ApiError(405, `Method ${method} not allowed on ${path}`);
  const { outcome, customer_id: customerId } = readOutcome(body);
  if (customerId === undefined) provider.default_outcome = outcome;
  else if (!ctx.state.customers.some((c) => c.id === customerId)) throw notFound(`Customer ${customerId} not found`);
  else provider.by_customer[customerId] = outcome;
  return { body: providerBody(ctx.state), changed: null };
}

/**
 * `POST /v1/contracts/commits/threshold-billing/release` `{workflow_id, outcome: paid | failed}`:
 * "used to either release or cancel the commit pending on the outcome of the external payment
 * attempt", with "the workflow_id provided in the payment_gate.external_initiate webhook" (OAS).
 */
export const releaseThresholdCommit: Handler = (ctx, req) => {
  const workflowId = optUuid(req.body, "workflow_id");
  if (workflowId === undefined) throw badRequest("workflow_id is required");
  const outcome = reqEnum(req.body, "outcome", ["paid", "failed"] as const);
  const hit = findGatedCommit(ctx.state, { workflow_id: workflowId });
  if (!hit) throw notFound(`Workflow ${workflowId} not found`);
  const gate = hit.record.payment_gate;
  if (gate?.status !== "pending" || gate.pending_reason !== "external") {
    throw badRequest(`Workflow ${workflowId} is not an external payment waiting for its outcome`);
  }
  settlePayment(ctx, hit.contract, hit.record, outcome, ctx.now());
  return {};
};
