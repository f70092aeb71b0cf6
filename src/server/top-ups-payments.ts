/**
 * Payment outcomes as Metronome reports them (docs/metronome.md, "Top-ups and payment gates"):
 * `payment_gate.payment_status` (payment_status "paid" or "failed") and
 * `payment_gate.payment_pending_action_required`, each naming the contract, the gated commit's
 * invoice and the workflow ("manual_commit" for a commit added by an edit, "spend" for a recharge
 * at the threshold). A purchase's row is found by its invoice; a recharge Metronome started gets a
 * row of its own the first time its invoice is named. An event that reaches the receiver before
 * the purchase knows its invoice is kept (webhook_events) and applied once it does.
 */
import type { TopUpPurchase, TopUpStatus } from "../contract/bff";
import type { Sql } from "./db";
import { isObject } from "./json";
import type { TopUpStore, TopUpUpdate } from "./top-ups-store";

const PAYMENT_EVENT_PREFIX = "payment_gate.";

/** What one payment event says about one invoice. */
interface PaymentNews {
  contract_id: string;
  customer_id: string;
  invoice_id: string;
  recharge: boolean;
  status: Extract<TopUpStatus, "paid" | "failed" | "action_required">;
  detail: string | null;
}

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value.slice(0, 300) : null);

/** Reads a payment_gate.* event's properties; null for events that say nothing about a payment's outcome. */
function paymentNews(type: string, properties: Record<string, unknown>): PaymentNews | null {
  const contractId = text(properties.contract_id);
  const customerId = text(properties.customer_id);
  const invoiceId = text(properties.invoice_id);
  if (!contractId || !customerId || !invoiceId) return null;
  let status: PaymentNews["status"];
  if (type === "payment_gate.payment_status" && properties.payment_status === "paid") status = "paid";
  else if (type === "payment_gate.payment_status" && properties.payment_status === "failed") status = "failed";
  else if (type === "payment_gate.payment_pending_action_required") status = "action_required";
  else return null;
  return { contract_id: contractId.toLowerCase(), customer_id: customerId, invoice_id: invoiceId, recharge: properties.workflow_type === "spend", status, detail: text(properties.error_message) };
}

/** The row's status and plain words for it. */
function updateFor(news: PaymentNews): TopUpUpdate {
  switch (news.status) {
    case "paid":
      return { status: "paid", status_message: news.recharge ? "Paid: the recharge's credits are available" : "Paid: the credits are available" };
    case "failed":
      return {
        status: "failed",
        status_message: news.recharge
          ? `The recharge's payment failed${news.detail ? ` (${news.detail})` : ""}, so Metronome voided its invoice, granted no credits and turned auto-recharge off. Nothing is retried: fix the payment method, then turn auto-recharge on again`
          : `The payment failed${news.detail ? ` (${news.detail})` : ""}, so Metronome voided the invoice and granted no credits. Nothing is retried: fix the payment method, then buy the pack again`,
      };
    case "action_required":
      return {
        status: "action_required",
        status_message: `The payment needs the payer to act: ${news.detail === "three_d_secure_redirect" ? "confirm the card with their bank (3-D Secure)" : `complete it as the payment provider asks${news.detail ? ` (${news.detail})` : ""}`}, in the payment provider's email or page. The credits are released once the payment completes`,
      };
  }
}

/** A later status never goes back: paid and failed are final, action required only follows awaiting payment. */
function moves(row: TopUpPurchase, to: TopUpStatus): boolean {
  if (row.status === "paid" || row.status === "failed" || row.status === "rejected") return false;
  return !(to === "action_required" && row.status !== "awaiting_payment" && row.status !== "sending");
}

export function createTopUpPayments(sql: Sql, store: TopUpStore) {
  async function applyNews(news: PaymentNews): Promise<void> {
    const rows = (await store.byPayment({ invoice_id: news.invoice_id })).filter((row) => row.contract_id === news.contract_id);
    if (rows.length === 0 && news.recharge) {
      const update = updateFor(news);
      await store.insert(
        { kind: "recharge", actor: null, role: null, customer_id: news.customer_id, contract_id: news.contract_id, pack: null, settings: null, request: null, status: update.status ?? "awaiting_payment", status_message: update.status_message ?? null, invoice_id: news.invoice_id },
        null,
      );
      return;
    }
    for (const row of rows) if (moves(row, news.status)) await store.update(row.id, updateFor(news));
  }

  /** Applies one verified webhook; events other than payment outcomes are ignored. */
  async function apply(type: string, body: Record<string, unknown>): Promise<void> {
    if (!type.startsWith(PAYMENT_EVENT_PREFIX)) return;
    const news = paymentNews(type, isObject(body.properties) ? body.properties : {});
    if (news) await applyNews(news);
  }

  /** Applies the payment events already received for a purchase's invoice (they may precede Metronome's answer to the edit). */
  async function settleEarlyEvents(row: TopUpPurchase): Promise<TopUpPurchase> {
    if (!row.invoice_id) return row;
    const events = await sql.query<{ type: string; body: unknown }>(
      `select type, body from webhook_events where customer_id = $1 and type like 'payment\\_gate.%' and body->'properties'->>'invoice_id' = $2 order by seq`,
      [row.customer_id, row.invoice_id],
    );
    for (const event of events) if (isObject(event.body)) await apply(event.type, event.body);
    return (await store.get(row.id)) ?? row;
  }

  return { apply, settleEarlyEvents };
}
