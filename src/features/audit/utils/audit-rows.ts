/**
 * The audit log in words: what a seat edit asked for (from the request the BFF recorded, or from
 * what Metronome's edit history echoes), seat totals before and after, the previewed cost, and the
 * match between audit rows and Metronome's edits (by Metronome's edit id).
 */
import type { ContractGetEditHistoryResponse } from "@metronome/sdk/resources/v2/contracts";
import type { AuditEntry } from "../../../contract/bff";
import type { CreditTypeNames } from "../../../lib/format";
import { csvAmount, formatAmount, formatCreditTypeName, formatDate, formatNumber } from "../../../lib/format";
import { translate, type MessageValues } from "../../../lib/i18n-core";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import { auditMessages } from "../../../locales/en/audit";

export type MetronomeEdit = ContractGetEditHistoryResponse.Data;

/** A Metronome edit with the contract it belongs to (edit history is read per contract). */
export interface ContractEdit {
  contractId: string;
  edit: MetronomeEdit;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

const MINUS = "\u2212";
const SHOWN_IDS = 3;

function m(id: keyof typeof auditMessages, values?: MessageValues): string {
  return translate(auditMessages, id, values);
}

/** "dave@acme.com, erin@acme.com" (at most three, then "and 2 more"). */
export function seatIdList(ids: readonly string[]): string {
  const shown = ids.slice(0, SHOWN_IDS).join(", ");
  const rest = ids.length - SHOWN_IDS;
  return rest > 0 ? m("audit.rows.andMore", { shown, rest: formatNumber(rest) }) : shown;
}

function signed(n: number): string {
  return n < 0 ? `${MINUS}${formatNumber(-n)}` : `+${formatNumber(n)}`;
}

function from(startingAt: unknown): string {
  return typeof startingAt === "string" && startingAt ? m("audit.rows.from", { date: formatDate(startingAt) }) : "";
}

function numberOf(value: unknown): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : null;
}

/**
 * The changes one update_subscriptions item makes, in words: "+2 seats: dave@acme.com, erin@acme.com
 * from Nov 24, 2026". Works on the edit request (`subscription_id`) and on Metronome's echo (`id`).
 */
export function describeSubscriptionUpdate(update: Json): string[] {
  const parts: string[] = [];
  for (const q of objects(update.quantity_updates)) {
    const quantity = numberOf(q.quantity);
    const delta = numberOf(q.quantity_delta);
    if (quantity !== null) parts.push(m("audit.rows.quantitySet", { quantity: formatNumber(quantity), from: from(q.starting_at) }));
    else if (delta !== null) parts.push(m("audit.rows.seats", { delta: signed(delta), count: Math.abs(delta), from: from(q.starting_at) }));
  }
  const seatUpdates = isObject(update.seat_updates) ? update.seat_updates : {};
  const idChanges: Array<[string, 1 | -1]> = [
    ["add_seat_ids", 1],
    ["remove_seat_ids", -1],
  ];
  for (const [key, sign] of idChanges) {
    for (const change of objects(seatUpdates[key])) {
      const ids = Array.isArray(change.seat_ids) ? change.seat_ids.filter((id): id is string => typeof id === "string") : [];
      if (ids.length === 0) continue;
      parts.push(
        m("audit.rows.seatIds", { delta: signed(sign * ids.length), count: ids.length, ids: seatIdList(ids), from: from(change.starting_at) }),
      );
    }
  }
  const unassignedChanges: Array<[string, 1 | -1]> = [
    ["add_unassigned_seats", 1],
    ["remove_unassigned_seats", -1],
  ];
  for (const [key, sign] of unassignedChanges) {
    for (const change of objects(seatUpdates[key])) {
      const quantity = numberOf(change.quantity);
      if (quantity === null) continue;
      parts.push(m("audit.rows.unassigned", { delta: signed(sign * quantity), count: Math.abs(quantity), from: from(change.starting_at) }));
    }
  }
  if (update.ending_before === null) parts.push(m("audit.rows.endRemoved"));
  else if (typeof update.ending_before === "string") parts.push(m("audit.rows.ends", { date: formatDate(update.ending_before) }));
  if (isObject(update.quantity_management_mode_update)) parts.push(m("audit.rows.namedSeats"));
  if (isObject(update.proration_rounding)) parts.push(m("audit.rows.rounding"));
  return parts;
}

function updatesOf(body: unknown): Json[] {
  return isObject(body) ? objects(body.update_subscriptions) : [];
}

function updateSubscriptionId(update: Json): string | null {
  const id = update.subscription_id ?? update.id;
  return typeof id === "string" ? id : null;
}

/** Everything an edit request (or Metronome's echo of one) changes, in words; "; "-joined. */
export function describeEdit(body: unknown, subscriptionId: string | null = null): string {
  const parts: string[] = [];
  for (const update of updatesOf(body)) {
    if (subscriptionId !== null && updateSubscriptionId(update) !== subscriptionId) continue;
    parts.push(...describeSubscriptionUpdate(update));
  }
  if (isObject(body) && subscriptionId === null) {
    const added = objects(body.add_subscriptions).length;
    if (added > 0) parts.push(m("audit.rows.subscriptionsAdded", { count: added }));
    if (typeof body.update_contract_end_date === "string") parts.push(m("audit.rows.contractEnds", { date: formatDate(body.update_contract_end_date) }));
    if (typeof body.update_contract_name === "string") parts.push(m("audit.rows.renamed", { name: body.update_contract_name }));
    if (objects(body.add_recurring_credits).length > 0 || objects(body.update_recurring_credits).length > 0) {
      parts.push(m("audit.rows.recurringCredits"));
    }
  }
  return parts.length > 0 ? parts.join("; ") : m("audit.rows.noSeatChange");
}

/** The subscriptions a Metronome edit touches. */
export function editSubscriptionIds(edit: MetronomeEdit): string[] {
  const ids = updatesOf(edit).map(updateSubscriptionId);
  for (const added of objects((edit as unknown as Json).add_subscriptions)) ids.push(typeof added.id === "string" ? added.id : null);
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** The audit row's change summary: what the preview said when there was one, else the request in words. */
export function changeSummary(entry: Pick<AuditEntry, "preview" | "request">): string {
  const previewed = entry.preview?.summary.trim();
  if (previewed && previewed !== "No change") return previewed;
  return describeEdit(entry.request);
}

export interface SeatTotalsChange {
  subscriptionId: string;
  before: number | null;
  after: number | null;
}

/** Seat totals before and after, per subscription (after is null when it could not be read). */
export function seatTotalsChanges(entry: Pick<AuditEntry, "subscription_ids" | "seats_before" | "seats_after" | "outcome">): SeatTotalsChange[] {
  const ids = [...new Set([...entry.subscription_ids, ...Object.keys(entry.seats_before), ...Object.keys(entry.seats_after)])];
  return ids.map((subscriptionId) => {
    const before = entry.seats_before[subscriptionId] ?? null;
    const after = entry.outcome === "rejected" ? before : (entry.seats_after[subscriptionId] ?? null);
    return { subscriptionId, before, after };
  });
}

/** "40 → 42", "40 (unchanged)", "40 → —" (not known), "— → 42". */
export function seatTotalsText(change: SeatTotalsChange): string {
  const before = change.before === null ? "—" : formatNumber(change.before);
  if (change.before !== null && change.after === change.before) return m("audit.rows.unchanged", { before });
  const after = change.after === null ? "—" : formatNumber(change.after);
  return `${before} → ${after}`;
}

/** The previewed charge as money (or in its credit type), or null without a preview. */
export function previewedChargeText(entry: Pick<AuditEntry, "preview">, names?: CreditTypeNames): string | null {
  if (!entry.preview) return null;
  return formatAmount(entry.preview.previewed_charge, entry.preview.fiat_credit_type_id ?? USD_CENTS_CREDIT_TYPE_ID, names);
}

/** The previewed charge as a CSV number in its currency's digits (USD dollars), and the currency's name. */
export function previewedChargeCsv(preview: AuditEntry["preview"], names?: CreditTypeNames): { amount: string | null; currency: string } {
  if (!preview) return { amount: null, currency: "" };
  const creditTypeId = preview.fiat_credit_type_id ?? USD_CENTS_CREDIT_TYPE_ID;
  return { amount: csvAmount(preview.previewed_charge, creditTypeId), currency: formatCreditTypeName(creditTypeId, names) };
}

/**
 * What the person's page said the change would cost, when it differs from the server's own
 * preview (the server recomputes it inside the edit; the page's figure is only a claim).
 */
export function claimedChargeText(entry: Pick<AuditEntry, "preview" | "claimed_preview">, names?: CreditTypeNames): string | null {
  const claimed = entry.claimed_preview;
  if (!claimed) return null;
  const text = formatAmount(claimed.previewed_charge, claimed.fiat_credit_type_id ?? USD_CENTS_CREDIT_TYPE_ID, names);
  return text === previewedChargeText(entry, names) ? null : text;
}

/** The credits the preview said the change releases: ["120 AI credits"]; empty when none. */
export function previewedCreditsText(entry: Pick<AuditEntry, "preview">, names?: CreditTypeNames): string[] {
  if (!entry.preview) return [];
  return Object.entries(entry.preview.previewed_credits)
    .filter(([, amount]) => amount !== 0)
    .map(([creditTypeId, amount]) => formatAmount(amount, creditTypeId, names));
}

/** The credits in words: "releases 500 AI credits"; a negative total "cancels scheduled releases of 1,000 AI credits". */
export function previewedCreditsPhrases(entry: Pick<AuditEntry, "preview">, names?: CreditTypeNames): string[] {
  if (!entry.preview) return [];
  return Object.entries(entry.preview.previewed_credits)
    .filter(([, amount]) => amount !== 0)
    .map(([creditTypeId, amount]) =>
      amount > 0
        ? m("audit.rows.releases", { amount: formatAmount(amount, creditTypeId, names) })
        : m("audit.rows.cancels", { amount: formatAmount(-amount, creditTypeId, names) }),
    );
}

/** Metronome's edits by edit id. */
export function editsById(edits: readonly ContractEdit[]): Map<string, ContractEdit> {
  return new Map(edits.map((e) => [e.edit.id, e]));
}

/**
 * What Metronome recorded for an audit row: "recorded" (its edit id is in the edit history),
 * "missing" (applied, but the history has no such edit), "not_applied" (refused: nothing to find),
 * "unknown" (the history is not loaded or the row has no edit id to look up).
 */
export type MetronomeMatch =
  | { kind: "recorded"; edit: MetronomeEdit }
  | { kind: "missing" }
  | { kind: "not_applied" }
  | { kind: "unknown" };

export function matchEdit(entry: Pick<AuditEntry, "outcome" | "edit_id" | "contract_id">, edits: Map<string, ContractEdit>, loadedContracts: ReadonlySet<string>): MetronomeMatch {
  if (entry.outcome === "rejected") return { kind: "not_applied" };
  if (entry.edit_id === null || !loadedContracts.has(entry.contract_id)) return { kind: "unknown" };
  const found = edits.get(entry.edit_id);
  return found ? { kind: "recorded", edit: found.edit } : { kind: "missing" };
}

/** An audit row for each loaded edit id (the actor of a Metronome edit). */
export function auditByEditId(entries: readonly AuditEntry[]): Map<string, AuditEntry> {
  const map = new Map<string, AuditEntry>();
  for (const entry of entries) if (entry.edit_id !== null && entry.outcome === "applied") map.set(entry.edit_id, entry);
  return map;
}

/** Metronome's edits newest first, optionally only those touching a subscription. */
export function sortedEdits(edits: readonly ContractEdit[], subscriptionId: string | null): ContractEdit[] {
  const time = (e: ContractEdit) => (e.edit.timestamp ? Date.parse(e.edit.timestamp) : 0);
  return edits
    .filter((e) => subscriptionId === null || editSubscriptionIds(e.edit).includes(subscriptionId))
    .sort((a, b) => time(b) - time(a));
}
