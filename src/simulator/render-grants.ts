/** Commits, credits and recurring commits in Metronome's response shapes (SDK types). */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { ContractEditResponse } from "@metronome/sdk/resources/v2/contracts";
import { creditTypeData, renderRecurringCredit } from "./render";
import type { ApplicabilityRecord, CommitRecord, RecurringCommitRecord, RecurringCreditRecord, SimState } from "./state";
import { iso } from "./time";

type Edit = NonNullable<ContractEditResponse["data"]["edit"]>;

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

/** The terms of a one-off commit or credit, without balance or ledger. */
export function renderGrantTerms(state: SimState, record: CommitRecord): Omit<ContractV2.Commit, "type" | "created_at"> {
  return {
    id: record.id,
    product: { id: record.product_id, name: record.product_name },
    access_schedule: accessSchedule(state, record),
    ...applicabilityFields(record),
    ...(record.name !== undefined ? { name: record.name } : {}),
    ...(record.description !== undefined ? { description: record.description } : {}),
    priority: record.priority,
    rate_type: record.rate_type,
    ...(record.rollover_fraction !== undefined ? { rollover_fraction: record.rollover_fraction } : {}),
    ...(record.custom_fields ? { custom_fields: { ...record.custom_fields } } : {}),
  };
}

export function renderRecurringCommit(rc: RecurringCommitRecord, contractId: string): NonNullable<ContractV2["recurring_commits"]>[number] {
  const { proration_rounding: access, ...terms } = renderRecurringCredit(rc, contractId);
  const rounding = { ...access, ...(rc.invoice_rounding ? { invoice: rc.invoice_rounding } : {}) };
  return {
    ...terms,
    ...applicabilityFields(rc),
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
            type: c.type === "POSTPAID" ? "POSTPAID" : "PREPAID",
            ...(c.invoice_schedule ? { invoice_schedule: invoiceSchedule(state, c, scheduled) } : {}),
          })),
        }
      : {}),
    // Edit.AddCredit declares no custom_fields (AddCommit does).
    ...(added.credits.length ? { add_credits: added.credits.map((c) => ({ ...withoutCustomFields(renderGrantTerms(state, c)), type: "CREDIT" as const })) } : {}),
    ...(added.recurring_commits.length ? { add_recurring_commits: added.recurring_commits.map((r) => renderRecurringCommit(r, contractId)) } : {}),
  };
}
