/**
 * The impact of one proposed seat change, before it is confirmed (S3): the seat schedule before
 * and after, the subscription charges the change adds (by the subscription's proration settings),
 * the credits it releases through linked recurring credits, plain-English notes, and every
 * validation and seat-policy problem. A pure function of the contract, the histories, the
 * proposed `update_subscriptions[]` item and now; the BFF calls it too to enforce seat policy.
 *
 * Charges and credits are the difference between what the schedule before and after the change
 * produce, over the billing (credit) periods from the first to the last instant the change
 * alters; the lasting effect on every later period is summarised in `recurring`.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { EditPreviewHeader } from "../contract/bff";
import { periodContaining } from "./billing-periods";
import { chargesForPeriod, computeCharges, type ChargeInputs, type ChargeLine } from "./charges";
import { computeCreditGrants, linkedCredits, type Allocation, type CreditGrant } from "./credit-release";
import { validateSubscriptionUpdate, type UpdateSubscription } from "./edit-validation";
import { error, formatCount, hasErrors, seats, warning, type EditIssue } from "./issues";
import { USD_CENTS_CREDIT_TYPE_ID, tidy } from "./money";
import {
  applyQuantityUpdates,
  existingQuantityEvents,
  replayQuantity,
  sentQuantityChanges,
  type ContractEditRecord,
  type ExistingChanges,
  type QuantityEvent,
} from "./quantity-timeline";
import { separateDeltasAt, sentQuantityUpdates, type SentQuantityUpdate } from "./quantity-edits";
import { checkSeatPolicy, type SeatLimits } from "./seat-policy";
import { applySeatUpdates, existingSeatEvents, replaySeats, seatUpdateEvents, type SeatFill } from "./seat-timeline";
import {
  billingSchedule,
  chargeSettings,
  fiatCreditTypeId,
  pricePoints,
  quantityMode,
  subscriptionRange,
  type ChargeSettings,
  type QuantityHistory,
  type QuantityHistoryEntry,
  type QuantityMode,
  type SeatSegment,
} from "./subscription";
import {
  diffTimelines,
  sameSeats,
  stepAt,
  toChangedInterval,
  toSchedule,
  totalAt,
  type ChangedInterval,
  type ScheduleEntry,
  type Timeline,
} from "./timeline";
import { HOUR_MS, floorToHour, formatInstant, parseTime, toIso } from "./time";

export interface SeatChangePreviewInput {
  /** From POST /v2/contracts/get. */
  contract: ContractV2;
  /** The proposed `update_subscriptions[]` item of a /v2/contracts/edit request. */
  update: UpdateSubscription;
  /** ISO instant. */
  now: string;
  /** getSubscriptionQuantityHistory's `data` (or just its `history`): past change points and the price per seat. */
  quantityHistory?: QuantityHistory | readonly QuantityHistoryEntry[] | null;
  /** Seat-based subscriptions: every segment of getSubscriptionSeatsHistory (past and future). */
  seatsHistory?: readonly SeatSegment[] | null;
  /** The customer's seat policy (S5). */
  policy?: SeatLimits | null;
  /** Seat cap of seat-based subscriptions (default 1000). */
  maxSeats?: number;
  /** How already scheduled quantity changes replay after an earlier new one (default "absolute"). */
  existingChanges?: ExistingChanges;
  /**
   * /v2/contracts/getEditHistory's `data`: tells, for each change point of a quantity-only
   * subscription, whether it was sent as a `quantity` (total) or a `quantity_delta`, so an earlier
   * new change shifts a scheduled delta and leaves a scheduled total as it is. Points it does not
   * name fall back to `existingChanges`.
   */
  editHistory?: readonly ContractEditRecord[] | null;
}

export interface CreditRelease {
  recurring_credit_id: string;
  credit_type_id: string;
  /** Released balance (negative: a scheduled release the change cancels). */
  amount: number;
  /** INDIVIDUAL: the seat that receives it. */
  seat_id?: string;
  /** When it becomes available. */
  at: string;
  allocation: Allocation;
  kind: CreditGrant["kind"];
  /** Seats it is for (POOLED: the change in seats; INDIVIDUAL: 1 or −1). */
  quantity: number;
  is_prorated: boolean;
  credit_period: CreditGrant["credit_period"];
}

export interface RecurringImpact {
  /** Start of the first billing period after the change settles. */
  from: string;
  quantity_before: number;
  quantity_after: number;
  /** The period's own charge before and after the change. */
  amount_before: number;
  amount_after: number;
}

export interface SeatChangePreview {
  subscription_id: string;
  mode: QuantityMode | null;
  /** No error-severity issue: Metronome and the seat policy would accept it. */
  ok: boolean;
  /** Schedules from the step covering min(now, first changed instant). */
  before: ScheduleEntry[];
  after: ScheduleEntry[];
  changes: ChangedInterval[];
  /** First instant the change alters, null when it alters nothing. */
  effective_at: string | null;
  /** Whether the change reaches back before the current hour. */
  backdated: boolean;
  /** Charges the change adds. */
  charges: ChargeLine[];
  /**
   * Sum of `charges`, in the fiat credit type (USD cents), unrounded unless rounding is configured:
   * only what the change adds against the unchanged schedule; the lasting change to later periods
   * is `recurring`.
   */
  total_charge: number;
  /** The part of `total_charge` on invoices issued within the hour (by now + 1 hour). */
  charge_due_now: number;
  /** The rest of `total_charge`, on invoices issued later (each charge's `issued_at` says when). */
  charge_later: number;
  /** When the invoices carrying `charge_later` are issued (ISO instants, ascending, distinct). */
  charge_later_dates: string[];
  /** Upcoming (not yet invoiced) charges the change lowers or cancels; amounts are negative. */
  reductions: ChargeLine[];
  /** The lasting change to each later period's charge; null when it does not change. */
  recurring: RecurringImpact | null;
  fiat_credit_type_id: string;
  credits: CreditRelease[];
  /** Net released credit per credit type id. */
  credit_totals: Record<string, number>;
  /** Plain sentences: decreases, unassigned seats filled, things that do nothing. */
  notes: string[];
  /** Validation and seat-policy problems. */
  issues: EditIssue[];
  /** Every change of the submission in words, in time order (one per instant it changes). */
  change_lines: string[];
  /** One line for audit logs naming every change, e.g. "4 → 5 seats from June 16, 2025; then …". */
  summary: string;
}

interface NewEvent {
  t: number;
  path: string;
}

function emptyPreview(subscriptionId: string, fiat: string, issues: EditIssue[]): SeatChangePreview {
  return {
    subscription_id: subscriptionId,
    mode: null,
    ok: !hasErrors(issues),
    before: [],
    after: [],
    changes: [],
    effective_at: null,
    backdated: false,
    charges: [],
    total_charge: 0,
    charge_due_now: 0,
    charge_later: 0,
    charge_later_dates: [],
    reductions: [],
    recurring: null,
    fiat_credit_type_id: fiat,
    credits: [],
    credit_totals: {},
    notes: [],
    issues,
    change_lines: [],
    summary: "No change",
  };
}

function historyEntries(h: SeatChangePreviewInput["quantityHistory"]): readonly QuantityHistoryEntry[] | null {
  if (!h) return null;
  return Array.isArray(h) ? h : ((h as QuantityHistory).history ?? null);
}

interface Diffed<T> {
  line: T;
  amount: number;
  quantity: number;
}

/** after − before per key; only keys whose amount or quantity differs. */
function diffLines<T extends { amount: number; quantity: number }>(
  before: readonly T[],
  after: readonly T[],
  key: (line: T) => string,
): Diffed<T>[] {
  const prior = new Map<string, T>();
  for (const b of before) prior.set(key(b), b);
  const out: Diffed<T>[] = [];
  for (const a of after) {
    const k = key(a);
    const b = prior.get(k);
    prior.delete(k);
    const amount = a.amount - (b?.amount ?? 0);
    const quantity = a.quantity - (b?.quantity ?? 0);
    if (amount !== 0 || quantity !== 0) out.push({ line: a, amount, quantity });
  }
  for (const b of prior.values()) out.push({ line: b, amount: -b.amount, quantity: -b.quantity });
  return out;
}

function joinIds(ids: readonly string[]): string {
  if (ids.length <= 3) return ids.join(", ").replace(/, ([^,]*)$/, " and $1");
  return `${ids.slice(0, 2).join(", ")} and ${ids.length - 2} others`;
}

function fillNote(fill: SeatFill): string {
  const n = fill.ids.length;
  return `${joinIds(fill.ids)} ${n === 1 ? "fills an unassigned seat" : "fill unassigned seats"} on ${formatInstant(fill.t)}: no extra charge.`;
}

function idsBetween(from: readonly string[] | null | undefined, to: readonly string[] | null | undefined): string[] {
  const had = new Set(from ?? []);
  return (to ?? []).filter((id) => !had.has(id));
}

/** Whether the schedule has a step at t: the count or the assigned seats change there. */
function stepsAt(timeline: Timeline, t: number): boolean {
  const a = stepAt(timeline, t - 1);
  const b = stepAt(timeline, t);
  return (a?.total ?? 0) !== (b?.total ?? 0) || !sameSeats(a?.assigned ?? null, b?.assigned ?? null);
}

/**
 * One instant of the change in words. A change that removes a step the schedule had at t (the
 * schedule then stays as it was just before) is the cancellation of that scheduled change, and
 * says so: "cancels the change scheduled for Jan 1, 2027 (300 → 305 seats; adds linus@…)".
 */
function instantSummary(
  before: Timeline,
  after: Timeline,
  t: number,
  changes: readonly ChangedInterval[],
  sent: readonly SentQuantityUpdate[],
  nowMs: number,
): string | null {
  const date = formatInstant(t);
  if (t > nowMs && stepsAt(before, t) && !stepsAt(after, t)) {
    const a = stepAt(before, t - 1);
    const b = stepAt(before, t);
    const parts = [`${a?.total ?? 0} → ${seats(b?.total ?? 0)}`];
    const added = idsBetween(a?.assigned, b?.assigned);
    const removed = idsBetween(b?.assigned, a?.assigned);
    if (added.length) parts.push(`adds ${joinIds(added)}`);
    if (removed.length) parts.push(`removes ${joinIds(removed)}`);
    return `Cancels the change scheduled for ${date} (${parts.join("; ")}); ${seats(totalAt(after, t))} stay`;
  }
  const interval = changes.find((c) => parseTime(c.starting_at) === t);
  const { delta, was, now, scheduled } = changeStepAt(before, after, t);
  if (!interval && delta === 0) return null;
  // One of several edits' deltas at t undone by its opposite (seat-schedule's cancel of it).
  const undone = delta !== 0 ? separateDeltasAt(sent, t).find((u) => u.value === -delta) : undefined;
  if (undone) {
    const own = `${undone.value > 0 ? "+" : "−"}${seats(Math.abs(undone.value))}`;
    return `Cancels the change of ${own} scheduled for ${date}; ${was} → ${seats(now)} then`;
  }
  // A step already in force at t (a change made earlier this hour) is part of the count now: the
  // change goes from that count. A step still to come is named beside this change's own part.
  if (t <= nowMs) {
    const parts = [`${totalAt(before, t)} → ${seats(now)} from ${date}`];
    if (interval?.seats_added?.length) parts.push(`adds ${joinIds(interval.seats_added)}`);
    if (interval?.seats_removed?.length) parts.push(`removes ${joinIds(interval.seats_removed)}`);
    return parts.join("; ");
  }
  const own = scheduled && delta !== 0 ? ` (${delta > 0 ? "+" : "−"}${formatCount(Math.abs(delta))} by this change, with the change already scheduled then)` : "";
  const parts = [`${was} → ${seats(now)} from ${date}${own}`];
  if (interval?.seats_added?.length) parts.push(`adds ${joinIds(interval.seats_added)}`);
  if (interval?.seats_removed?.length) parts.push(`removes ${joinIds(interval.seats_removed)}`);
  return parts.join("; ");
}

/**
 * One line for the confirm step and the audit log naming every change of the submission, in time
 * order: "250 → 300 seats from Nov 24, 2026; then 300 → 305 seats from Jan 1, 2027 (−20 by this
 * change, with the change already scheduled then)".
 */
function changeLines(
  before: Timeline,
  after: Timeline,
  changes: ChangedInterval[],
  newEvents: readonly NewEvent[],
  sent: readonly SentQuantityUpdate[],
  nowMs: number,
): string[] {
  const first = changes[0];
  if (!first) return [];
  const instants = [...new Set(newEvents.map((e) => e.t))].sort((a, b) => a - b);
  const lines = instants.map((t) => instantSummary(before, after, t, changes, sent, nowMs)).filter((line): line is string => line !== null);
  if (lines.length > 0) return lines;
  // Changes with no instant of their own (an end date moved): the first altered interval.
  const t = parseTime(first.starting_at)!;
  return [`${totalAt(before, t)} → ${seats(totalAt(after, t))} from ${formatInstant(t)}`];
}

function summarise(lines: readonly string[]): string {
  return lines.length > 0 ? lines.join("; then ") : "No change";
}

/** Previews one proposed change to one subscription. Never throws on bad input; problems become issues. */
export function previewSubscriptionChange(input: SeatChangePreviewInput): SeatChangePreview {
  const { contract, update } = input;
  const subscriptionId = update.subscription_id;
  const sub = (contract.subscriptions ?? []).find((s) => s.id === subscriptionId);
  const entries = historyEntries(input.quantityHistory);
  const historyData = entries && !Array.isArray(input.quantityHistory) ? (input.quantityHistory as QuantityHistory) : null;
  const now = parseTime(input.now);
  if (!sub) {
    return emptyPreview(subscriptionId, historyData?.fiat_credit_type_id ?? USD_CENTS_CREDIT_TYPE_ID, [
      error("subscription_id", "not_this_subscription", "This contract has no such subscription"),
    ]);
  }
  const fiat = fiatCreditTypeId(sub, historyData);
  if (now === null) {
    return emptyPreview(subscriptionId, fiat, [error("", "invalid_time", "The current time is not a valid date and time")]);
  }

  const mode = quantityMode(sub);
  const range = subscriptionRange(contract, sub);
  const schedule = billingSchedule(contract, sub);
  const settingsBefore = chargeSettings(sub);
  const settingsAfter: ChargeSettings =
    update.proration_rounding !== undefined ? { ...settingsBefore, rounding: update.proration_rounding } : settingsBefore;
  const prices = pricePoints(entries);
  const afterEnd =
    update.ending_before === undefined
      ? range.end
      : update.ending_before === null
        ? (contract.ending_before ? parseTime(contract.ending_before) : null)
        : (parseTime(update.ending_before) ?? range.end);

  const issues: EditIssue[] = validateSubscriptionUpdate(update, { subscriptionId: sub.id, mode, range });
  const notes: string[] = [];
  if (prices.length === 0) {
    issues.push(warning("", "missing_data", "The price per seat is not known (no quantity history), so charges show as 0"));
  }
  if (update.quantity_management_mode_update !== undefined) {
    notes.push("Switching the subscription to named seats turns its current and future quantity into unassigned seats.");
  }

  // Schedules before and after.
  let before: Timeline;
  let after: Timeline;
  let newEvents: NewEvent[] = [];
  let fills: SeatFill[] = [];
  let shortfalls: ReturnType<typeof applySeatUpdates>["shortfalls"] = [];
  const seatHistory = mode === "SEAT_BASED" ? existingSeatEvents(input.seatsHistory ?? []) : null;
  if (seatHistory) {
    before = replaySeats(seatHistory.initial, seatHistory.events, seatHistory.start, range.end ?? seatHistory.end).timeline;
    const replay = applySeatUpdates(seatHistory, update.seat_updates, afterEnd ?? seatHistory.end);
    after = replay.timeline;
    issues.push(...replay.issues);
    fills = replay.fills;
    shortfalls = replay.shortfalls;
    newEvents = seatUpdateEvents(update.seat_updates).map((e) => ({ t: e.t, path: e.path! }));
  } else {
    if (mode === "SEAT_BASED") {
      issues.push(error("", "missing_data", "The seat history of this subscription is needed to preview the change"));
    } else if (!entries || entries.length === 0) {
      issues.push(warning("", "missing_data", "Without the quantity history, seat counts before the current one are unknown"));
    }
    const sent = input.editHistory && sub.id ? sentQuantityChanges(input.editHistory, sub.id) : null;
    const existing = existingQuantityEvents(entries, sub.quantity_schedule, input.existingChanges ?? "absolute", sent);
    before = replayQuantity(existing, range.start, range.end).timeline;
    const updates = mode === "QUANTITY_ONLY" ? update.quantity_updates : [];
    const replay = applyQuantityUpdates(existing, updates, range.start, afterEnd);
    after = replay.timeline;
    for (const n of replay.negatives) {
      issues.push(
        error(
          n.path ?? "quantity_updates",
          "below_zero",
          `This would take the seat count below zero on ${formatInstant(n.t)} (to ${formatCount(n.quantity)})`,
        ),
      );
    }
    newEvents = replay.events.filter((e): e is QuantityEvent & { path: string } => e.path !== null).map((e) => ({ t: e.t, path: e.path }));
    noteScheduledAfter(existing, newEvents, now, notes);
  }
  newEvents.sort((a, b) => a.t - b.t);

  // What changes.
  const spans = diffTimelines(before, after);
  const changes = spans.map(toChangedInterval);
  const firstChange = spans[0]?.start ?? null;
  const points = steadySpans(changes).flatMap((s) => (s.end === null ? [s.start] : [s.start, s.end]));
  // Charges and credits are compared up to the last instant where the difference the change makes
  // changes, or up to now when the change reaches back (a back-dated change also alters charges
  // already issued since). A difference that then lasts is the `recurring` impact, not a charge:
  // a scheduled change that applies to both schedules alike (e.g. two seats joining next month)
  // does not pull the next period's charge into `charges`.
  const lastChange = points.length > 0 ? Math.max(now, ...points) : null;
  const scheduleFrom = Math.min(now, firstChange ?? now);
  const earliestNew = newEvents[0]?.t ?? null;
  const backdated = firstChange !== null && earliestNew !== null && earliestNew < floorToHour(now);

  // Seat policy.
  const blame = (t: number): string => {
    let path = newEvents[0]?.path ?? "";
    for (const e of newEvents) if (e.t <= t) path = e.path;
    return path;
  };
  const policyIssues = checkSeatPolicy(after, {
    policy: input.policy ?? null,
    seatBased: mode === "SEAT_BASED",
    maxSeats: input.maxSeats,
    before,
    shortfalls,
    blame,
  });
  const shortPaths = new Set(policyIssues.filter((i) => i.code === "below_assigned_seats").map((i) => i.path));
  const allIssues = [...issues.filter((i) => !(i.code === "too_few_unassigned" && shortPaths.has(i.path))), ...policyIssues];

  // Charges.
  const charges: ChargeLine[] = [];
  const reductions: ChargeLine[] = [];
  let recurring: RecurringImpact | null = null;
  const inputsBefore: ChargeInputs = { timeline: before, settings: settingsBefore, schedule, clip: range, prices };
  const inputsAfter: ChargeInputs = { timeline: after, settings: settingsAfter, schedule, clip: { start: range.start, end: afterEnd }, prices };
  if (firstChange !== null && lastChange !== null) {
    const chargeKey = (l: ChargeLine) => `${l.kind}|${l.service_period.starting_at}`;
    const diffs = diffLines(
      computeCharges(inputsBefore, firstChange, lastChange + 1),
      computeCharges(inputsAfter, firstChange, lastChange + 1),
      chargeKey,
    );
    let refundless = false;
    for (const d of diffs) {
      const line: ChargeLine = { ...d.line, amount: tidy(d.amount), quantity: d.quantity };
      const issuedAt = parseTime(d.line.issued_at)!;
      if (d.amount > 0 || (d.amount === 0 && d.quantity > 0)) {
        // Finalized invoices never change and no invoice is issued in the past. A charge whose
        // natural issue date (the change for BILL_IMMEDIATELY, the period's start for its advance
        // charge, the period's end otherwise) has passed when the edit is sent goes on a new
        // invoice issued then, with its service period unchanged. The simulator bills the same way
        // (src/simulator/billing.ts, subscriptionCharges).
        if (issuedAt < now) {
          line.issued_at = toIso(now);
          line.billed = "immediately";
        }
        charges.push(line);
      } else if (issuedAt > now) reductions.push(line);
      else refundless = true;
    }
    if (refundless) notes.push("Charges already invoiced stay as they are: nothing is refunded.");
    charges.sort((a, b) => a.issued_at.localeCompare(b.issued_at) || a.service_period.starting_at.localeCompare(b.service_period.starting_at));
    recurring = recurringImpact(inputsBefore, inputsAfter, lastChange, spans[spans.length - 1]?.end === null);
  }
  const totalCharge = tidy(charges.reduce((sum, c) => sum + c.amount, 0));
  const dueBy = now + HOUR_MS;
  const chargeDueNow = tidy(charges.reduce((sum, c) => (parseTime(c.issued_at)! <= dueBy ? sum + c.amount : sum), 0));

  // Credits.
  const credits: CreditRelease[] = [];
  if (firstChange !== null && lastChange !== null) {
    const linked = linkedCredits(contract, sub, range);
    const linkedAfter = linkedCredits(contract, sub, { start: range.start, end: afterEnd });
    linked.forEach((credit, i) => {
      if (credit.allocation === "INDIVIDUAL" && mode !== "SEAT_BASED") {
        notes.push("A per-seat recurring credit is linked to this subscription, but it has no named seats, so it releases nothing.");
        return;
      }
      const creditAfter = linkedAfter[i] ?? credit;
      // `at` fixes the credit period (an opening grant is at the period's start; a seat increase inside it).
      const key = (g: CreditGrant) => (g.seat_id === undefined ? g.at + g.kind : g.seat_id + "\u0000" + g.at + g.kind);
      const diffs = diffLines(
        computeCreditGrants(credit, before, firstChange, lastChange + 1),
        computeCreditGrants(creditAfter, after, firstChange, lastChange + 1),
        key,
      );
      for (const d of diffs) {
        // Nothing is clawed back: a release that already happened stays.
        if (d.amount < 0 && parseTime(d.line.at)! <= now) continue;
        const g = d.line;
        const release: CreditRelease = {
          recurring_credit_id: g.recurring_credit_id,
          credit_type_id: g.credit_type_id,
          amount: tidy(d.amount),
          at: g.at,
          allocation: g.allocation,
          kind: g.kind,
          quantity: d.quantity,
          is_prorated: g.is_prorated,
          credit_period: g.credit_period,
        };
        if (g.seat_id !== undefined) release.seat_id = g.seat_id;
        credits.push(release);
      }
    });
    credits.sort((a, b) => a.at.localeCompare(b.at));
  }
  const creditTotals: Record<string, number> = {};
  for (const c of credits) creditTotals[c.credit_type_id] = tidy((creditTotals[c.credit_type_id] ?? 0) + c.amount);

  // Notes.
  noteDecreases(before, after, newEvents, inputsAfter, range.end, notes);
  noteUnchargedIncreases(before, after, newEvents, charges, inputsAfter, notes);
  for (const fill of fills) notes.push(fillNote(fill));
  for (const i of allIssues) if (i.severity === "warning" && i.code !== "missing_data") notes.push(`${i.message}.`);
  if (backdated && earliestNew !== null) {
    notes.push(`This change is back-dated to ${formatInstant(earliestNew)}; charges for it go on a new invoice.`);
  }
  if (spans.length === 0 && !hasErrors(allIssues)) notes.push("This change leaves the seat schedule as it is.");
  const sent = mode !== "SEAT_BASED" && input.editHistory && sub.id ? sentQuantityUpdates(input.editHistory, sub.id) : [];
  const lines = changeLines(before, after, changes, newEvents, sent, now);

  return {
    subscription_id: subscriptionId,
    mode,
    ok: !hasErrors(allIssues),
    before: toSchedule(before, scheduleFrom),
    after: toSchedule(after, scheduleFrom),
    changes,
    effective_at: firstChange === null ? null : toIso(firstChange),
    backdated,
    charges,
    total_charge: totalCharge,
    charge_due_now: chargeDueNow,
    charge_later: tidy(totalCharge - chargeDueNow),
    charge_later_dates: [...new Set(charges.filter((c) => parseTime(c.issued_at)! > dueBy).map((c) => c.issued_at))].sort(),
    reductions,
    recurring,
    fiat_credit_type_id: fiat,
    credits,
    credit_totals: creditTotals,
    notes,
    issues: allIssues,
    change_lines: lines,
    summary: summarise(lines),
  };
}

/**
 * The changed intervals with neighbours merged where the change makes the same difference (seats
 * added, seats removed, change in total), so a scheduled change that applies alike before and
 * after the new one does not end the difference.
 */
function steadySpans(changes: readonly ChangedInterval[]): Array<{ start: number; end: number | null }> {
  const out: Array<{ start: number; end: number | null; key: string }> = [];
  for (const c of changes) {
    const key = [c.total_after - c.total_before, [...(c.seats_added ?? [])].sort().join(","), [...(c.seats_removed ?? [])].sort().join(",")].join("|");
    const start = parseTime(c.starting_at)!;
    const end = c.ending_before === null ? null : parseTime(c.ending_before)!;
    const last = out[out.length - 1];
    if (last && last.end === start && last.key === key) last.end = end;
    else out.push({ start, end, key });
  }
  return out;
}

/** The charge of the first billing period after the last altered instant, before and after. */
function recurringImpact(
  before: ChargeInputs,
  after: ChargeInputs,
  lastChange: number,
  lasting: boolean,
): RecurringImpact | null {
  if (!lasting) return null;
  const current = periodContaining(after.schedule, lastChange, after.clip);
  const next = current ? periodContaining(after.schedule, current.end, after.clip) : null;
  if (!next) return null;
  const nextBefore = periodContaining(before.schedule, next.start, before.clip);
  const base = (inputs: ChargeInputs, p: typeof next | null) =>
    p ? (chargesForPeriod(inputs, p).find((l) => l.kind === "period_start") ?? null) : null;
  const b = base(before, nextBefore);
  const a = base(after, next);
  const impact: RecurringImpact = {
    from: toIso(next.start),
    quantity_before: b?.quantity ?? 0,
    quantity_after: a?.quantity ?? 0,
    amount_before: b?.amount ?? 0,
    amount_after: a?.amount ?? 0,
  };
  return impact.amount_before === impact.amount_after && impact.quantity_before === impact.quantity_after ? null : impact;
}

/** The difference this change alone makes to the seat count at instant t: its step minus the step already there. */
function changeStepAt(before: Timeline, after: Timeline, t: number): { delta: number; was: number; now: number; scheduled: boolean } {
  const was = totalAt(after, t - 1);
  const now = totalAt(after, t);
  const existing = totalAt(before, t) - totalAt(before, t - 1);
  return { delta: now - was - existing, was, now, scheduled: existing !== 0 };
}

/**
 * Plain words for every decrease this change makes (computed from the difference between the
 * schedules before and after, so a decrease already scheduled is not described as this one's):
 * billed from the next period, no refund.
 */
function noteDecreases(
  before: Timeline,
  after: Timeline,
  newEvents: readonly NewEvent[],
  inputs: ChargeInputs,
  subscriptionEnd: number | null,
  notes: string[],
): void {
  const instants = [...new Set(newEvents.map((e) => e.t))].sort((a, b) => a - b);
  const first = after.steps[0]?.start ?? 0;
  for (const t of instants) {
    if (t <= first) continue;
    const step = changeStepAt(before, after, t);
    if (step.delta >= 0) continue;
    const lead = step.scheduled
      ? `This change's decrease of ${seats(-step.delta)} on ${formatInstant(t)} (to ${seats(step.now)}, with the change already scheduled then)`
      : `The decrease from ${step.was} to ${seats(step.now)} on ${formatInstant(t)}`;
    const period = periodContaining(inputs.schedule, t, inputs.clip);
    if (period && period.start === t) {
      notes.push(`${lead} starts with that billing period, so that period is billed for ${seats(step.now)}; nothing is refunded.`);
    } else if (period && (subscriptionEnd === null || period.end < subscriptionEnd)) {
      notes.push(
        `${lead} takes effect at the start of the next billing period (${formatInstant(period.end)}); no refund for the current period.`,
      );
    } else {
      notes.push(`${lead} is not refunded: the current billing period is billed in full and the subscription then ends.`);
    }
  }
}

/**
 * Why seats this change adds inside a billing period are charged for fewer than were added: the
 * period is already billed for its highest count so far (seats removed earlier and added back are
 * not charged twice).
 */
function noteUnchargedIncreases(
  before: Timeline,
  after: Timeline,
  newEvents: readonly NewEvent[],
  charges: readonly ChargeLine[],
  inputs: ChargeInputs,
  notes: string[],
): void {
  for (const t of [...new Set(newEvents.map((e) => e.t))].sort((a, b) => a - b)) {
    const { delta } = changeStepAt(before, after, t);
    if (delta <= 0) continue;
    const period = periodContaining(inputs.schedule, t, inputs.clip);
    if (!period || period.start === t) continue;
    const charged = charges
      .filter((c) => c.kind === "increase" && parseTime(c.service_period.starting_at) === t)
      .reduce((sum, c) => sum + c.quantity, 0);
    if (charged >= delta) continue;
    let highest = totalAt(after, period.start);
    for (const step of after.steps) if (step.start > period.start && step.start < t) highest = Math.max(highest, step.total);
    const what = charged === 0 ? "none is charged" : `${seats(charged)} ${charged === 1 ? "is" : "are"} charged`;
    notes.push(
      `Of the ${seats(delta)} added on ${formatInstant(t)}, ${what}: this billing period is already billed for up to ${seats(highest)}, and seats up to that count are not charged again.`,
    );
  }
}

/** Explains that changes already scheduled after a new one still apply on top of it. */
function noteScheduledAfter(existing: readonly QuantityEvent[], newEvents: readonly NewEvent[], now: number, notes: string[]): void {
  const earliest = Math.min(...newEvents.map((e) => e.t));
  if (!Number.isFinite(earliest)) return;
  const later = existing.filter((e) => e.t > earliest && e.t > now);
  for (const e of later) {
    notes.push(
      e.op === "set"
        ? `The change already scheduled for ${formatInstant(e.t)} still sets the count to ${seats(e.value)} after this one.`
        : `The change already scheduled for ${formatInstant(e.t)} still ${e.value > 0 ? "adds" : "removes"} ${seats(Math.abs(e.value))} after this one.`,
    );
  }
}

/**
 * What the change costs as the preview shows it: the charges it adds plus the upcoming charges it
 * lowers (negative), e.g. a removal that lowers the next invoice by $15.89 costs −$15.89.
 */
export function previewedCost(preview: Pick<SeatChangePreview, "total_charge" | "reductions">): number {
  return tidy(preview.reductions.reduce((sum, r) => sum + r.amount, preview.total_charge));
}

/** What an audit row records of a preview: the server's own, and the browser's claim of what it showed. */
export function previewRecord(preview: SeatChangePreview): EditPreviewHeader {
  return {
    previewed_charge: previewedCost(preview),
    fiat_credit_type_id: preview.fiat_credit_type_id,
    previewed_credits: preview.credit_totals,
    summary: preview.summary,
  };
}
