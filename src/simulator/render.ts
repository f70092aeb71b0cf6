/** Renders derived records in Metronome's response shapes (SDK types). */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { ContractView } from "./engine";
import { contractBalances } from "./balances";
import { billingPeriods, subscriptionEnd } from "./billing";
import { applicabilityFields, renderContractCommit, renderContractCredit, renderRecurringCommit } from "./render-grants";
import type { ContractRecord, CreditTypeRecord, RecurringCreditRecord, SimState, SubscriptionRecord } from "./state";
import { renderThresholdConfig } from "./threshold-config";
import { iso } from "./time";
import { replay, type Segment } from "./timeline";

export function creditTypeData(state: SimState, id: string): { id: string; name: string } {
  const t: CreditTypeRecord | undefined = state.credit_types.find((x) => x.id === id);
  return { id, name: t?.name ?? id };
}

/** The link from a recurring credit or commit to its subscription, in the shape every SDK credit and commit type shares. */
export function subscriptionConfig(link: NonNullable<RecurringCreditRecord["subscription"]>) {
  return { subscription_id: link.subscription_id, allocation: link.allocation, apply_seat_increase_config: { is_prorated: link.is_prorated } };
}

export function renderRecurringCredit(rc: RecurringCreditRecord, contractId: string): NonNullable<ContractV2["recurring_credits"]>[number] {
  return {
    id: rc.id,
    access_amount: { credit_type_id: rc.credit_type_id, unit_price: rc.unit_price, ...(rc.quantity !== undefined ? { quantity: rc.quantity } : {}) },
    commit_duration: { value: rc.commit_duration, unit: "PERIODS" },
    priority: rc.priority,
    product: { id: rc.product_id, name: rc.product_name },
    rate_type: rc.rate_type,
    starting_at: iso(rc.starting_at),
    contract: { id: contractId },
    ...(rc.name !== undefined ? { name: rc.name } : {}),
    ...(rc.ending_before !== null ? { ending_before: iso(rc.ending_before) } : {}),
    ...(rc.recurrence_frequency ? { recurrence_frequency: rc.recurrence_frequency } : {}),
    proration: rc.proration,
    ...(rc.proration_rounding ? { proration_rounding: { access: rc.proration_rounding } } : {}),
    ...(rc.subscription ? { subscription_config: subscriptionConfig(rc.subscription) } : {}),
    ...applicabilityFields(rc),
  };
}

/** The current segment and every later one, collapsed where equal (quantity_schedule). */
export function quantitySchedule(segments: readonly Segment[], now: number, end: number): Array<{ quantity: number; starting_at: string; ending_before?: string }> {
  const out: Array<{ quantity: number; start: number; end: number | null }> = [];
  for (const seg of segments) {
    const segEnd = seg.end ?? null;
    if (segEnd !== null && segEnd <= now) continue;
    if (seg.start >= end) break;
    const last = out[out.length - 1];
    if (last && last.quantity === seg.total) last.end = segEnd;
    else out.push({ quantity: seg.total, start: seg.start, end: segEnd });
  }
  if (out.length === 0 && segments.length > 0) {
    const last = segments[segments.length - 1] as Segment;
    out.push({ quantity: last.total, start: last.start, end: last.end });
  }
  return out.map((x) => {
    const stop = x.end === null ? (Number.isFinite(end) ? end : null) : Math.min(x.end, end);
    return { quantity: x.quantity, starting_at: iso(x.start), ...(stop !== null ? { ending_before: iso(stop) } : {}) };
  });
}

export function renderSubscription(sub: SubscriptionRecord, contract: ContractRecord, segments: readonly Segment[], now: number): NonNullable<ContractV2["subscriptions"]>[number] {
  const end = subscriptionEnd(sub, contract);
  const periods = billingPeriods(sub, contract, Math.max(now, sub.starting_at) + 400 * 24 * 3_600_000);
  const currentIdx = periods.findIndex((p) => p.start <= now && now < p.end);
  const billing: NonNullable<ContractV2["subscriptions"]>[number]["billing_periods"] = {};
  const asPeriod = (i: number) => {
    const p = periods[i];
    return p ? { starting_at: iso(p.start), ending_before: iso(p.end) } : undefined;
  };
  if (currentIdx >= 0) {
    const prev = asPeriod(currentIdx - 1), cur = asPeriod(currentIdx), next = asPeriod(currentIdx + 1);
    if (prev) billing.previous = prev;
    if (cur) billing.current = cur;
    if (next) billing.next = next;
  } else if (now < sub.starting_at) {
    const next = asPeriod(0);
    if (next) billing.next = next;
  } else {
    const prev = asPeriod(periods.length - 1);
    if (prev) billing.previous = prev;
  }
  return {
    id: sub.id,
    ...(sub.name !== undefined ? { name: sub.name } : {}),
    ...(sub.description !== undefined ? { description: sub.description } : {}),
    ...(sub.custom_fields ? { custom_fields: sub.custom_fields } : {}),
    subscription_rate: { billing_frequency: sub.billing_frequency, product: { id: sub.product_id, name: sub.product_name } },
    collection_schedule: sub.collection_schedule,
    proration: {
      is_prorated: sub.proration.is_prorated,
      invoice_behavior: sub.proration.invoice_behavior,
      ...(sub.proration.rounding ? { rounding: sub.proration.rounding } : {}),
    },
    quantity_management_mode: sub.quantity_management_mode,
    ...(sub.quantity_management_mode === "SEAT_BASED" && sub.seat_group_key !== undefined
      ? { seat_config: { seat_group_key: sub.seat_group_key } }
      : {}),
    quantity_schedule: quantitySchedule(segments, now, end),
    billing_periods: billing,
    starting_at: iso(sub.starting_at),
    ...(sub.ending_before !== null ? { ending_before: iso(sub.ending_before) } : {}),
    fiat_credit_type_id: sub.fiat_credit_type_id,
    billing_cycle_config: {
      anchor_date: iso(sub.billing_cycle_config.anchor_date),
      invoice_placement: sub.billing_cycle_config.invoice_placement,
    },
  };
}

/**
 * A subscription as the edit that added it records it (`add_subscriptions`): the same shape as on the
 * contract, its billing periods and quantity schedule ("the current quantity and future quantity
 * changes") as of the edit.
 */
export function renderAddedSubscription(sub: SubscriptionRecord, contract: ContractRecord, now: number, maxSeats: number): ReturnType<typeof renderSubscription> {
  return renderSubscription(sub, contract, replay(sub, { maxSeats }), now);
}

export interface ContractRenderOptions {
  include_balance: boolean;
  include_ledgers: boolean;
  /** Configuration as of this instant (edits submitted later are left out). */
  as_of: number | null;
}

export function renderContract(state: SimState, view: ContractView, opts: ContractRenderOptions): ContractV2 {
  const { contract } = view;
  const asOf = opts.as_of;
  const now = asOf ?? view.now;
  const subs = contract.subscriptions.filter((s) => asOf === null || s.created_at <= asOf);
  const known = (r: { created_at: number }) => asOf === null || r.created_at <= asOf;
  const rcs = contract.recurring_credits.filter(known);
  const balances = contractBalances(contract, view.credits.filter((c) => asOf === null || c.start <= asOf)).filter((b) => known(b.terms));
  const flags = { balance: opts.include_balance, ledger: opts.include_ledgers };
  return {
    id: contract.id,
    customer_id: contract.customer_id,
    ...(contract.name !== undefined ? { name: contract.name } : {}),
    starting_at: iso(contract.starting_at),
    ...(contract.ending_before !== null ? { ending_before: iso(contract.ending_before) } : {}),
    created_at: iso(contract.created_at),
    created_by: "api",
    ...(contract.rate_card_id !== undefined ? { rate_card_id: contract.rate_card_id } : {}),
    usage_statement_schedule: {
      frequency: contract.usage_statement_schedule.frequency,
      billing_anchor_date: iso(contract.usage_statement_schedule.billing_anchor_date),
    },
    ...(contract.custom_fields ? { custom_fields: contract.custom_fields } : {}),
    ...(contract.uniqueness_key !== undefined ? { uniqueness_key: contract.uniqueness_key } : {}),
    ...(contract.archived_at !== null ? { archived_at: iso(contract.archived_at) } : {}),
    commits: balances.filter((b) => b.kind !== "CREDIT").map((b) => renderContractCommit(state, b, flags)),
    overrides: [],
    scheduled_charges: [],
    transitions: [],
    usage_filter: [],
    subscriptions: subs.map((s) => renderSubscription(s, contract, asOf === null ? view.timelines.get(s.id) ?? [] : segmentsAsOf(s, view, asOf), now)),
    recurring_credits: rcs.map((r) => renderRecurringCredit(r, contract.id)),
    recurring_commits: contract.recurring_commits.filter(known).map((r) => renderRecurringCommit(r, contract.id)),
    credits: balances.filter((b) => b.kind === "CREDIT").map((b) => renderContractCredit(state, b, flags)),
    ...(contract.prepaid_balance_threshold ? { prepaid_balance_threshold_configuration: renderThresholdConfig(contract.prepaid_balance_threshold) } : {}),
  };
}

function segmentsAsOf(sub: SubscriptionRecord, view: ContractView, asOf: number): Segment[] {
  const known = { ...sub, events: sub.events.filter((e) => e.submitted_at <= asOf) };
  try {
    return replay(known, { maxSeats: Number.MAX_SAFE_INTEGER });
  } catch {
    return view.timelines.get(sub.id) ?? [];
  }
}
