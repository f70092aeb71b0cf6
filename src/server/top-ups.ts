/**
 * Top-up packs: the catalogue a session may buy from, one purchase (parse → authorise → lock →
 * contract check → row → `/v2/contracts/edit` add_commits → settle) and the purchases listed with
 * their payment status. The commit is built here from the catalogue entry and the shared preview
 * (src/domain/top-up-preview.ts): a request names a pack, never a price or an amount.
 */
import type { ContractEditParams } from "@metronome/sdk/resources/v2/contracts";
import type { TopUpCatalogue, TopUpPack, TopUpPurchase } from "../contract/bff";
import { previewTopUp } from "../domain/top-up-preview";
import { HttpError } from "./errors";
import { isObject } from "./json";
import { parseTopUp, type TopUpOperation } from "./operations";
import { assertCustomerInScope } from "./scope";
import type { ActiveSession } from "./sessions";
import type { TopUpOffer } from "./top-ups-catalogue";
import { settingsApplied } from "./auto-recharge";
import type { TopUpUpdate } from "./top-ups-store";
import { assertContractOfCustomer, createTopUpSender, PAYMENT_GATE, type AppliedEdit, type TopUpSendDeps } from "./top-ups-send";
import { upstreamJson, upstreamNow } from "./upstream";

interface TopUpDeps extends TopUpSendDeps {
  offer: () => Promise<TopUpOffer>;
  now: () => Date;
  /** Payment events that reached the webhook before the purchase knew its commit (top-ups-payments.ts). */
  settleEarlyEvents: (row: TopUpPurchase) => Promise<TopUpPurchase>;
}

const AWAITING_PAYMENT = "Metronome is collecting the payment; the credits are released once it succeeds";

/** The commit a pack buys, built from the catalogue entry alone (`nowMs` is the upstream's clock). */
function topUpEdit(op: Pick<TopUpOperation, "customer_id" | "contract_id">, pack: TopUpPack, nowMs: number): Omit<ContractEditParams, "uniqueness_key"> {
  const preview = previewTopUp(pack, nowMs, null);
  return {
    customer_id: op.customer_id,
    contract_id: op.contract_id,
    add_commits: [
      {
        type: "PREPAID",
        product_id: pack.product_id,
        name: pack.name,
        description: `Top-up pack ${pack.id}, bought in the seats dashboard`,
        access_schedule: {
          credit_type_id: pack.credit_type_id,
          schedule_items: [{ amount: preview.credits, starting_at: preview.starts_at, ending_before: preview.expires_at }],
        },
        invoice_schedule: {
          credit_type_id: preview.invoice_line.credit_type_id,
          schedule_items: [{ timestamp: preview.invoice_line.issued_at, amount: preview.invoice_line.amount }],
        },
        payment_gate_config: { ...PAYMENT_GATE, stripe_config: { ...PAYMENT_GATE.stripe_config } },
      },
    ],
  };
}

/** A purchase's row once Metronome applied its edit: the payment is being collected. */
function packApplied(edit: AppliedEdit): TopUpUpdate {
  return { status: "awaiting_payment", status_message: AWAITING_PAYMENT, commit_id: edit.commit_id, invoice_id: edit.invoice_id };
}

/**
 * The purchase's row with its payment invoice when the edit's answer did not name it: the newest
 * invoice with a line for the commit (a failed payment's invoice is voided, and listed still).
 */
async function withInvoice(deps: Pick<TopUpDeps, "upstream" | "store">, row: TopUpPurchase): Promise<TopUpPurchase> {
  if (row.invoice_id !== null || row.commit_id === null) return row;
  const listed = await upstreamJson(deps.upstream, "GET", `/v1/customers/${encodeURIComponent(row.customer_id)}/invoices?sort=date_desc&limit=25`).catch(() => null);
  const invoices = listed?.ok && isObject(listed.body) && Array.isArray(listed.body.data) ? listed.body.data.filter(isObject) : [];
  const invoice = invoices.find((i) => Array.isArray(i.line_items) && i.line_items.some((line) => isObject(line) && line.commit_id === row.commit_id));
  return invoice && typeof invoice.id === "string" ? ((await deps.store.update(row.id, { invoice_id: invoice.id })) ?? row) : row;
}

function packOf(pack: TopUpPack): NonNullable<TopUpPurchase["pack"]> {
  return { id: pack.id, name: pack.name, credits: pack.credits, credit_type_id: pack.credit_type_id, price: { ...pack.price }, duration_months: pack.duration_months };
}

export function createTopUps(deps: TopUpDeps) {
  const { submit, settleAbandoned } = createTopUpSender(deps);

  async function catalogue(session: ActiveSession, customerId: string): Promise<TopUpCatalogue> {
    assertCustomerInScope(session, customerId);
    const offer = await deps.offer();
    return { data: offer.packs, auto_recharge: offer.autoRecharge };
  }

  /** One purchase; the caller has checked the role may write before reading the body. */
  async function buy(session: ActiveSession, bodyText: string): Promise<TopUpPurchase> {
    const op = parseTopUp(bodyText);
    assertCustomerInScope(session, op.customer_id);
    if (op.seat_id !== undefined) {
      throw new HttpError(400, "seat_id is not allowed: packs are for the whole contract (Metronome cannot scope a one-time commit to one seat); leave seat_id out to buy the contract pack", "seat_scope_unavailable");
    }
    const { packs } = await deps.offer();
    const pack = packs.find((p) => p.id === op.pack_id);
    if (!pack) {
      const offered = packs.map((p) => p.id).join(", ");
      throw new HttpError(404, `Pack "${op.pack_id}" is not in the catalogue${offered ? ` (offered: ${offered})` : " (no packs are offered)"}`, "pack_not_found");
    }
    const row = await submit({
      customer_id: op.customer_id,
      contract_id: op.contract_id,
      uniqueness_key: op.uniqueness_key,
      namespace: "top-up",
      row: { kind: "pack", actor: session.user, role: session.role, customer_id: op.customer_id, contract_id: op.contract_id, pack: packOf(pack), settings: null, request: null, status: "sending" },
      build: async () => {
        await assertContractOfCustomer(deps.upstream, op.customer_id, op.contract_id);
        return topUpEdit(op, pack, await upstreamNow(deps.upstream, deps.now));
      },
      sameAs: (earlier) => earlier.kind === "pack" && earlier.pack?.id === pack.id,
      applied: packApplied,
    });
    return row.status === "awaiting_payment" ? deps.settleEarlyEvents(await withInvoice(deps, row)) : row;
  }

  /** Settles the customer's rows nobody is sending any more (a lost answer, a stopped server) from Metronome's edit history. */
  async function reconcile(customerId: string): Promise<void> {
    const stale = await deps.store.sending(customerId);
    if (stale.length === 0) return;
    await settleAbandoned(stale, (row, edit) => (row.kind === "auto_recharge_settings" && row.settings ? settingsApplied(row.settings) : packApplied(edit)));
    for (const { id } of stale) {
      const row = await deps.store.get(id);
      if (row?.status === "awaiting_payment") await deps.settleEarlyEvents(await withInvoice(deps, row));
    }
  }

  return { catalogue, buy, reconcile };
}
