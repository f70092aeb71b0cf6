/**
 * What every commit and credit shares, whatever made it (a recurring credit or commit, or a one-off
 * commit or credit): its terms, the ledger entry names of its kind, which usage it applies to, and
 * the order in which usage burns applicable balances down.
 */
import type { ApplicabilityRecord, CommitRecord, RecurringCommitRecord, RecurringCreditRecord } from "./state";

/** A credit, or a commit paid up front (PREPAID) or at the end of its term (POSTPAID). */
export type BalanceKind = "CREDIT" | "PREPAID" | "POSTPAID";

/** Ledger entries without their kind's prefix; `ledgerTypeName` gives the API's name. */
export type LedgerEntryType = "SEGMENT_START" | "SEAT_BASED_ADJUSTMENT" | "AUTOMATED_INVOICE_DEDUCTION" | "EXPIRATION" | "MANUAL" | "TRUEUP";

export interface GrantTerms extends ApplicabilityRecord {
  /** Id of the record: the recurring credit or commit, or the one-off commit or credit itself. */
  id: string;
  kind: BalanceKind;
  source: "recurring_credit" | "recurring_commit" | "commit" | "credit";
  product_id: string;
  product_name: string;
  name: string | undefined;
  credit_type_id: string;
  priority: number;
  /** What was paid per unit of balance: 0 for credits and for commits nothing is invoiced for. */
  cost_basis: number;
  subscription: RecurringCreditRecord["subscription"];
  created_at: number;
}

export function recurringCreditTerms(rc: RecurringCreditRecord): GrantTerms {
  return { ...recurringTerms(rc), kind: "CREDIT", source: "recurring_credit", cost_basis: 0 };
}

export function recurringCommitTerms(rc: RecurringCommitRecord): GrantTerms {
  const paid = rc.invoice_amount ? rc.invoice_amount.unit_price * rc.invoice_amount.quantity : 0;
  const granted = rc.unit_price * (rc.quantity ?? 1);
  return { ...recurringTerms(rc), kind: "PREPAID", source: "recurring_commit", cost_basis: granted > 0 ? paid / granted : 0 };
}

function recurringTerms(rc: RecurringCreditRecord): Omit<GrantTerms, "kind" | "source" | "cost_basis"> {
  return {
    id: rc.id,
    product_id: rc.product_id,
    product_name: rc.product_name,
    name: rc.name,
    credit_type_id: rc.credit_type_id,
    priority: rc.priority,
    subscription: rc.subscription,
    created_at: rc.created_at,
    applicable_product_ids: rc.applicable_product_ids,
    applicable_product_tags: rc.applicable_product_tags,
    specifiers: rc.specifiers,
  };
}

/** "The ratio of the amount paid for the commit to the amount of credit granted." */
export function commitTerms(record: CommitRecord): GrantTerms {
  const granted = record.access_schedule.reduce((s, item) => s + item.amount, 0);
  const invoiced = record.invoice_schedule && !record.invoice_schedule.do_not_invoice ? record.invoice_schedule.items.reduce((s, i) => s + i.amount, 0) : 0;
  return {
    id: record.id,
    kind: record.type,
    source: record.type === "CREDIT" ? "credit" : "commit",
    product_id: record.product_id,
    product_name: record.product_name,
    name: record.name,
    credit_type_id: record.credit_type_id,
    priority: record.priority,
    cost_basis: granted > 0 ? invoiced / granted : 0,
    subscription: undefined,
    created_at: record.created_at,
    applicable_product_ids: record.applicable_product_ids,
    applicable_product_tags: record.applicable_product_tags,
    specifiers: record.specifiers,
  };
}

const PREFIX: Record<BalanceKind, string> = { CREDIT: "CREDIT_", PREPAID: "PREPAID_COMMIT_", POSTPAID: "POSTPAID_COMMIT_" };

/** The SDK's ledger entry type: CREDIT_…, PREPAID_COMMIT_… or POSTPAID_COMMIT_… (a postpaid commit starts with POSTPAID_COMMIT_INITIAL_BALANCE). */
export function ledgerTypeName(kind: BalanceKind, type: LedgerEntryType): string {
  if (kind === "POSTPAID" && type === "SEGMENT_START") return "POSTPAID_COMMIT_INITIAL_BALANCE";
  return `${PREFIX[kind]}${type}`;
}

/**
 * Whether usage of `productId` draws this balance down: "If applicable_product_ids,
 * applicable_product_tags or specifiers are not provided, the commit applies to all products."
 * Usage of no particular product (the seeded pattern) is usage every balance applies to. The
 * simulator's products carry no tags, so a tag alone matches no product.
 */
export function appliesTo(terms: ApplicabilityRecord, productId: string | undefined): boolean {
  if (productId === undefined || !restricted(terms)) return true;
  if (terms.applicable_product_ids?.includes(productId)) return true;
  return (terms.specifiers ?? []).some((s) => s.product_id === productId && (s.product_tags ?? []).length === 0);
}

const restricted = (t: ApplicabilityRecord): boolean =>
  (t.applicable_product_ids?.length ?? 0) + (t.applicable_product_tags?.length ?? 0) + (t.specifiers?.length ?? 0) > 0;

/** How many products or filters a balance applies to; unrestricted ones apply to the most. */
const applicability = (t: ApplicabilityRecord): number =>
  restricted(t) ? (t.applicable_product_ids?.length ?? 0) + (t.applicable_product_tags?.length ?? 0) + (t.specifiers?.length ?? 0) : Infinity;

/** One segment of a balance as the burn order sees it. */
export interface Burnable {
  terms: GrantTerms;
  start: number;
  end: number;
}

const typeRank = (kind: BalanceKind): number => (kind === "POSTPAID" ? 1 : 0);

/**
 * Metronome's documented burn-down order (Understand prioritization rules): prepaid commits and
 * credits "based on priority", then "$0 cost basis burns down first, then paid", then "the fewest
 * applicable products first", then "the earlier ending_before", then "the earlier starting_on".
 * Postpaid commits, paid in arrears, come after prepaid commits and credits (the page orders only
 * rollover commits and prepaid commits and credits; rollovers are not simulated). Remaining ties
 * go by record id, so the order never depends on listing order.
 */
export function burnOrder(a: Burnable, b: Burnable): number {
  return (
    typeRank(a.terms.kind) - typeRank(b.terms.kind) ||
    a.terms.priority - b.terms.priority ||
    Number(a.terms.cost_basis > 0) - Number(b.terms.cost_basis > 0) ||
    compareCounts(applicability(a.terms), applicability(b.terms)) ||
    a.end - b.end ||
    a.start - b.start ||
    (a.terms.id < b.terms.id ? -1 : a.terms.id > b.terms.id ? 1 : 0)
  );
}

const compareCounts = (a: number, b: number): number => (a === b ? 0 : a < b ? -1 : 1);
