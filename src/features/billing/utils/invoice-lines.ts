/**
 * B1: a contract's invoices as the Billing page shows them — upcoming (draft) and past, newest
 * first, each line item classified (seat charges, top-ups, usage, credits applied).
 */
import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";

export type LineKind = "seats" | "top_up" | "usage" | "applied" | "other";

/** What a line item is, from Metronome's line item type (see the SDK's Invoice.LineItem.type). */
export function lineKind(line: Pick<Invoice.LineItem, "type">): LineKind {
  switch (line.type) {
    case "subscription":
      return "seats";
    case "commit_purchase":
      return "top_up";
    case "usage":
      return "usage";
    case "credit":
    case "applied_commit_or_credit":
      return "applied";
    default:
      return "other";
  }
}

export type InvoiceState = "draft" | "finalized" | "void" | "other";

export function invoiceState(invoice: Pick<Invoice, "status">): InvoiceState {
  switch (invoice.status.toUpperCase()) {
    case "DRAFT":
      return "draft";
    case "FINALIZED":
      return "finalized";
    case "VOID":
      return "void";
    default:
      return "other";
  }
}

const issued = (invoice: Pick<Invoice, "issued_at" | "end_timestamp">) => Date.parse(invoice.issued_at ?? invoice.end_timestamp ?? "") || 0;

export interface ContractInvoices {
  /** Drafts: what the next invoices will hold so far, soonest first. */
  upcoming: Invoice[];
  /** Finalized and voided invoices, newest first. */
  past: Invoice[];
}

/** The contract's invoices, split into upcoming and past. */
export function contractInvoices(invoices: readonly Invoice[], contractId: string): ContractInvoices {
  const mine = invoices.filter((invoice) => invoice.contract_id === contractId);
  const upcoming = mine.filter((invoice) => invoiceState(invoice) === "draft").sort((a, b) => issued(a) - issued(b));
  const past = mine.filter((invoice) => invoiceState(invoice) !== "draft").sort((a, b) => issued(b) - issued(a));
  return { upcoming, past };
}

/** Does the invoice bill a seat charge or a top-up (the lines the Billing page is about)? */
export function invoiceHolds(invoice: Pick<Invoice, "line_items">, kind: LineKind): boolean {
  return invoice.line_items.some((line) => lineKind(line) === kind);
}

/** The DOM id of an invoice's section on the Billing page (links from the audit log and a top-up's outcome point at it). */
export function invoiceAnchor(invoiceId: string): string {
  return `invoice-${invoiceId}`;
}
