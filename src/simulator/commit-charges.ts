/**
 * What commits put on invoices: a prepaid commit's invoice schedule items ("With prepaid commits,
 * define a one-time invoice or break the payment into multiple invoices on any schedule"), a
 * recurring commit's invoice_amount per period, and a postpaid commit's true-up ("Customer pays when
 * the commitment expires"), each on the scheduled invoice of its date, not on a usage invoice
 * ("If this field is omitted, charges will appear on a separate invoice from usage charges").
 */
import type { MaterialCredit } from "./credits";
import { tidy } from "./rounding";
import type { CommitRecord, ContractRecord, InvoiceItemRecord, PaymentGateRecord } from "./state";

export interface CommitCharge {
  commit_id: string;
  kind: "PREPAID" | "POSTPAID";
  name: string;
  product_id: string;
  /** The invoice schedule's credit type (the invoice's currency). */
  credit_type_id: string;
  item_id: string;
  quantity: number;
  unit_price: number;
  amount: number;
  issue_at: number;
  /** A payment-gated commit's payment: its charge is on an invoice of its own, issued when the payment is attempted. */
  gate?: PaymentGateRecord;
}

function charge(record: CommitRecord, item: InvoiceItemRecord, amount: number, creditTypeId: string): CommitCharge {
  return {
    commit_id: record.id, kind: record.type === "POSTPAID" ? "POSTPAID" : "PREPAID", name: record.name ?? record.product_name,
    product_id: record.product_id, credit_type_id: creditTypeId, item_id: item.id,
    quantity: amount === item.amount ? item.quantity : 1, unit_price: amount === item.amount ? item.unit_price : amount, amount, issue_at: item.timestamp,
  };
}

/**
 * The true-up: what the postpaid commit's usage left unspent of the committed amount. Before its
 * end the draft shows what is unspent so far; not started yet, the whole amount.
 */
function shortfall(record: CommitRecord, segments: readonly MaterialCredit[]): number {
  const segment = segments.find((s) => s.id === record.id);
  if (!segment) return record.access_schedule[0]?.amount ?? 0;
  const trueUp = segment.ledger.find((e) => e.type === "TRUEUP");
  if (trueUp) return -trueUp.amount;
  return Math.max(0, tidy(segment.ledger.reduce((s, e) => s + e.amount, 0)));
}

/** Every commit charge issued by `horizon` (drafts included). */
export function commitCharges(contract: ContractRecord, credits: readonly MaterialCredit[], horizon: number): CommitCharge[] {
  const out: CommitCharge[] = [];
  for (const record of contract.commits) {
    const schedule = record.invoice_schedule;
    if (!schedule || schedule.do_not_invoice) continue;
    const gate = record.payment_gate;
    for (const item of schedule.items) {
      if (gate) {
        out.push({ ...charge(record, item, item.amount, schedule.credit_type_id), issue_at: gate.attempted_at, gate });
        continue;
      }
      if (item.timestamp > horizon) continue;
      const amount = record.type === "POSTPAID" ? shortfall(record, credits) : item.amount;
      if (amount > 0) out.push(charge(record, item, amount, schedule.credit_type_id));
    }
  }
  for (const credit of credits) {
    const p = credit.purchase;
    if (!p || p.timestamp > horizon) continue;
    out.push({
      commit_id: credit.id, kind: "PREPAID", name: credit.terms.name ?? credit.terms.product_name, product_id: credit.terms.product_id,
      credit_type_id: p.credit_type_id, item_id: p.id, quantity: p.quantity, unit_price: p.unit_price, amount: p.amount, issue_at: p.timestamp,
    });
  }
  return out;
}
