/** Commits, credits and recurring commits in Metronome's response shapes (SDK types). */
import type { Commit, ContractV2, Credit } from "@metronome/sdk/resources/shared";
import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";
import type { ContractEditResponse } from "@metronome/sdk/resources/v2/contracts";
import type { ContractBalance } from "./balances";
import type { CommitCharge } from "./commit-charges";
import { scheduledInvoiceId, type LedgerEntry, type MaterialCredit } from "./credits";
import { ledgerTypeName, type BalanceKind } from "./grants";
import { creditTypeData, renderRecurringCredit, subscriptionConfig } from "./render";
import type { ApplicabilityRecord, CommitRecord, RecurringCommitRecord, RecurringCreditRecord, SimState } from "./state";
import { iso } from "./time";

type Edit = NonNullable<ContractEditResponse["data"]["edit"]>;
export type LedgerOut = NonNullable<Credit["ledger"]>[number] | NonNullable<Commit["ledger"]>[number];

/**
 * One ledger entry in its kind's SDK shape: deductions name their invoice and contract, manual
 * entries their reason; a postpaid commit's initial balance and expiration carry no segment, its
 * true-up names the true-up invoice.
 */
export function renderLedgerEntry(e: LedgerEntry, kind: BalanceKind, segmentId: string, contractId: string): LedgerOut {
  const base = { type: ledgerTypeName(kind, e.type), amount: e.amount, timestamp: iso(e.timestamp) } as LedgerOut;
  switch (e.type) {
    case "AUTOMATED_INVOICE_DEDUCTION":
      return { ...base, segment_id: segmentId, invoice_id: e.invoice_id ?? "", contract_id: contractId } as LedgerOut;
    case "TRUEUP":
      return { ...base, invoice_id: e.invoice_id ?? "", contract_id: contractId } as LedgerOut;
    case "MANUAL":
      return { ...base, reason: e.reason ?? "" } as LedgerOut;
    default:
      return kind === "POSTPAID" ? base : ({ ...base, segment_id: segmentId } as LedgerOut);
  }
}

export interface BalanceRenderOptions {
  balance: boolean;
  ledger: boolean;
}

/** A ledger over every started segment, in time order. */
function ledgerOf(b: ContractBalance): LedgerOut[] {
  const entries = b.segments.flatMap((seg) => seg.ledger.map((e) => ({ e, seg })));
  entries.sort((x, y) => x.e.timestamp - y.e.timestamp);
  return entries.map(({ e, seg }) => renderLedgerEntry(e, b.kind, seg.segment_id, b.contract.id));
}

/** What every commit and credit shows: product, name, priority, schedule, contract, origin, balance and ledger. */
function renderCommon(state: SimState, b: ContractBalance, opts: BalanceRenderOptions) {
  const terms = b.record
    ? renderGrantTerms(state, b.record)
    : {
        id: b.id,
        product: { id: b.terms.product_id, name: b.terms.product_name },
        ...applicabilityFields(b.terms),
        name: b.terms.name ?? b.terms.product_name,
        priority: b.terms.priority,
        access_schedule: {
          credit_type: creditTypeData(state, b.terms.credit_type_id),
          schedule_items: b.schedule.map((i) => ({ id: i.id, amount: i.amount, starting_at: iso(i.start), ending_before: iso(i.end) })),
        },
      };
  return {
    ...terms,
    contract: { id: b.contract.id },
    ...(opts.balance ? { balance: b.balance } : {}),
    ...(opts.ledger ? { ledger: ledgerOf(b) } : {}),
  };
}

/** A credit as balance lists show it (the SDK's shared `Credit`: no `created_at`). */
export function renderCredit(state: SimState, b: ContractBalance, opts: BalanceRenderOptions): Credit {
  const link = b.terms.subscription;
  return {
    ...renderCommon(state, b, opts),
    type: "CREDIT",
    ...(b.terms.source === "recurring_credit" ? { recurring_credit_id: b.terms.id } : {}),
    ...(link ? { subscription_config: subscriptionConfig(link) } : {}),
  } as Credit;
}

/**
 * When a commit or credit was created: for a recurring period, "latter of credit service period
 * date and parent credit start date"; a one-off one when it was added.
 */
function createdAt(b: ContractBalance): string {
  const first = b.segments[0] as MaterialCredit | undefined;
  if (b.record || !first?.recurring) return iso(b.record?.created_at ?? b.terms.created_at);
  return iso(Math.max(first.start, first.recurring.starting_at));
}

/** A credit inside a contract (`ContractV2.Credit`), which also says when it was created. */
export function renderContractCredit(state: SimState, b: ContractBalance, opts: BalanceRenderOptions): ContractV2.Credit {
  return { ...renderCredit(state, b, opts), created_at: createdAt(b) } as ContractV2.Credit;
}

/** The invoice a commit's invoice schedule item is billed on: a scheduled invoice at its timestamp, or a gated commit's own invoice. */
const invoiceOf = (record: CommitRecord, contractId: string) => (timestamp: number) => record.payment_gate?.invoice_id ?? scheduledInvoiceId(contractId, timestamp);

/** A commit (PREPAID or POSTPAID) in the shared `Commit` shape, with its invoice schedule. */
export function renderCommit(state: SimState, b: ContractBalance, opts: BalanceRenderOptions): Commit {
  const link = b.terms.subscription;
  const purchase = b.segments[0]?.purchase;
  const recurringInvoice = b.terms.source === "recurring_commit" && purchase
    ? {
        invoice_schedule: {
          credit_type: creditTypeData(state, purchase.credit_type_id),
          schedule_items: [{
            id: purchase.id, timestamp: iso(purchase.timestamp), amount: purchase.amount, quantity: purchase.quantity, unit_price: purchase.unit_price,
            invoice_id: scheduledInvoiceId(b.contract.id, purchase.timestamp),
          }],
        },
      }
    : {};
  return {
    ...renderCommon(state, b, opts),
    ...rateTerms(b.record?.rate_type ?? b.segments[0]?.recurring?.rate_type, b.record?.rollover_fraction),
    type: b.kind === "POSTPAID" ? "POSTPAID" : "PREPAID",
    created_at: createdAt(b),
    cost_basis: b.terms.cost_basis,
    ...(b.record?.invoice_schedule ? { invoice_schedule: invoiceSchedule(state, b.record, invoiceOf(b.record, b.contract.id)), invoice_contract: { id: b.contract.id } } : {}),
    ...recurringInvoice,
    ...(b.terms.source === "recurring_commit" ? { recurring_commit_id: b.terms.id } : {}),
    ...(link ? { subscription_config: subscriptionConfig(link) } : {}),
  } as Commit;
}

/** A commit inside a contract (`ContractV2.Commit`). */
export function renderContractCommit(state: SimState, b: ContractBalance, opts: BalanceRenderOptions): ContractV2.Commit {
  return renderCommit(state, b, opts) as ContractV2.Commit;
}

/** A commit or a credit, whichever it is, in its shared SDK shape. */
export const renderBalance = (state: SimState, b: ContractBalance, opts: BalanceRenderOptions): Commit | Credit =>
  b.kind === "CREDIT" ? renderCredit(state, b, opts) : renderCommit(state, b, opts);

/** What one create or edit added. */
export interface AddedGrants {
  commits: CommitRecord[];
  credits: CommitRecord[];
  recurring_credits: RecurringCreditRecord[];
  recurring_commits: RecurringCommitRecord[];
}

/** The applicability fields a commit or credit was given, as given. */
export function applicabilityFields(record: ApplicabilityRecord): ApplicabilityRecord {
  return {
    ...(record.applicable_product_ids !== undefined ? { applicable_product_ids: [...record.applicable_product_ids] } : {}),
    ...(record.applicable_product_tags !== undefined ? { applicable_product_tags: [...record.applicable_product_tags] } : {}),
    ...(record.specifiers !== undefined ? { specifiers: record.specifiers.map((s) => ({ ...s })) } : {}),
  };
}

/** A commit's or credit's access schedule (`ScheduleDuration`). */
export function accessSchedule(state: SimState, record: CommitRecord): NonNullable<ContractV2.Commit["access_schedule"]> {
  return {
    credit_type: creditTypeData(state, record.credit_type_id),
    schedule_items: record.access_schedule.map((item) => ({
      id: item.id, amount: item.amount, starting_at: iso(item.starting_at), ending_before: iso(item.ending_before),
    })),
  };
}

/** A commit's invoice schedule (`SchedulePointInTime`); `invoiceId` names the invoice an item is billed on. */
export function invoiceSchedule(
  state: SimState, record: CommitRecord, invoiceId: (timestamp: number) => string | null,
): ContractV2.Commit["invoice_schedule"] {
  const schedule = record.invoice_schedule;
  if (!schedule) return undefined;
  return {
    credit_type: creditTypeData(state, schedule.credit_type_id),
    do_not_invoice: schedule.do_not_invoice,
    schedule_items: schedule.items.map((item) => ({
      id: item.id, timestamp: iso(item.timestamp), amount: item.amount, quantity: item.quantity, unit_price: item.unit_price,
      invoice_id: schedule.do_not_invoice ? null : invoiceId(item.timestamp),
    })),
  };
}

/** The terms of a one-off commit or credit every credit and commit shape declares, without balance or ledger. */
export function renderGrantTerms(state: SimState, record: CommitRecord): Omit<ContractV2.Credit, "type" | "created_at"> {
  return {
    id: record.id,
    product: { id: record.product_id, name: record.product_name },
    access_schedule: accessSchedule(state, record),
    ...applicabilityFields(record),
    ...(record.name !== undefined ? { name: record.name } : {}),
    ...(record.description !== undefined ? { description: record.description } : {}),
    priority: record.priority,
    ...(record.custom_fields ? { custom_fields: { ...record.custom_fields } } : {}),
  };
}

/** What commits (and edits' added credits) also declare: the rate they draw at and the share that rolls over. */
function rateTerms(rateType: CommitRecord["rate_type"] | undefined, rollover: number | undefined) {
  return { ...(rateType ? { rate_type: rateType } : {}), ...(rollover !== undefined ? { rollover_fraction: rollover } : {}) };
}

export function renderRecurringCommit(rc: RecurringCommitRecord, contractId: string): NonNullable<ContractV2["recurring_commits"]>[number] {
  const { proration_rounding: access, ...terms } = renderRecurringCredit(rc, contractId);
  const rounding = { ...access, ...(rc.invoice_rounding ? { invoice: rc.invoice_rounding } : {}) };
  return {
    ...terms,
    ...(Object.keys(rounding).length > 0 ? { proration_rounding: rounding } : {}),
    ...(rc.invoice_amount ? { invoice_amount: { ...rc.invoice_amount } } : {}),
  };
}

function withoutCustomFields<T extends { custom_fields?: unknown }>(terms: T): Omit<T, "custom_fields"> {
  const { custom_fields: _omitted, ...rest } = terms;
  return rest;
}

/** The add_commits, add_credits and add_recurring_commits of an edit's echo (add_recurring_credits is echoed beside). */
export function addedGrantsEcho(state: SimState, added: AddedGrants, contractId: string): Pick<Edit, "add_commits" | "add_credits" | "add_recurring_commits"> {
  const scheduled = (): null => null;
  return {
    ...(added.commits.length
      ? {
          add_commits: added.commits.map((c) => ({
            ...renderGrantTerms(state, c),
            ...rateTerms(c.rate_type, c.rollover_fraction),
            type: c.type === "POSTPAID" ? "POSTPAID" : "PREPAID",
            ...(c.invoice_schedule ? { invoice_schedule: invoiceSchedule(state, c, scheduled) } : {}),
          })),
        }
      : {}),
    // Edit.AddCredit declares no custom_fields (AddCommit does).
    ...(added.credits.length
      ? { add_credits: added.credits.map((c) => ({ ...withoutCustomFields(renderGrantTerms(state, c)), ...rateTerms(c.rate_type, c.rollover_fraction), type: "CREDIT" as const })) }
      : {}),
    ...(added.recurring_commits.length ? { add_recurring_commits: added.recurring_commits.map((r) => renderRecurringCommit(r, contractId)) } : {}),
  };
}

/**
 * An invoice's commit lines: `commit_purchase` for a prepaid commit ("a payment for a prepaid
 * commit. View the commit_id on the line item") and, for a postpaid commit's true-up, a line
 * naming it in `postpaid_commit` ("Only present for line items paying for a postpaid commit true-up").
 */
export function commitChargeLines(state: SimState, charges: readonly CommitCharge[]): Invoice["line_items"] {
  return charges.map((c) => ({
    credit_type: creditTypeData(state, c.credit_type_id),
    name: c.name,
    type: c.kind === "PREPAID" ? "commit_purchase" : "postpaid_trueup",
    total: c.amount,
    quantity: c.quantity,
    unit_price: c.unit_price,
    product_id: c.product_id,
    commit_id: c.commit_id,
    commit_type: commitType(c.kind),
    ...(c.kind === "POSTPAID" ? { postpaid_commit: { id: c.commit_id } } : {}),
  }));
}

/** An invoice line's commit_type: "`PrepaidCommit` (for commit types `PREPAID` and `CREDIT`) or `PostpaidCommit` (for commit type `POSTPAID`)". */
export const commitType = (kind: BalanceKind): string => (kind === "POSTPAID" ? "PostpaidCommit" : "PrepaidCommit");
