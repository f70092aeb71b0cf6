/**
 * The seat schedule as the editor shows it (the seats in force now come from the domain's seatsAt):
 * every scheduled (future) change, each with the compensating edit that cancels it.
 * Metronome has no "cancel a scheduled change" call: a change is cancelled by an edit at the same
 * instant that puts the schedule back to what it was just before.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { UpdateSubscription } from "../../../domain/edit-validation";
import { opsBetween, type SeatEvent, type SeatState } from "../../../domain/seat-timeline";
import { separateDeltasAt, sentQuantityUpdates } from "../../../domain/quantity-edits";
import type { ContractEditRecord } from "../../../domain/quantity-timeline";
import type { SeatSegment } from "../../../domain/subscription";
import { parseTime } from "../../../domain/time";

export interface ScheduledChange {
  /** Stable key: the instant (and the Metronome edit, when several edits change that instant). */
  id: string;
  starting_at: string;
  total_before: number;
  total_after: number;
  /** Seat-based only. */
  seats_added: string[];
  seats_removed: string[];
  unassigned_before: number | null;
  unassigned_after: number | null;
  /**
   * When several Metronome edits change the count at this instant, each is its own scheduled
   * change: `delta` is this one's seats (+25), total_before → total_after the instant's whole step,
   * `edited_at` when it was scheduled. Null when the instant is one change.
   */
  delta: number | null;
  edited_at: string | null;
  /** The edit that cancels it (same instant, back to the state just before; or minus its own delta). */
  cancel: UpdateSubscription;
}

function seatUpdatesFrom(events: readonly SeatEvent[], at: string): NonNullable<UpdateSubscription["seat_updates"]> {
  const out: NonNullable<UpdateSubscription["seat_updates"]> = {};
  for (const e of events) {
    if (e.op === "remove_seat_ids") (out.remove_seat_ids ??= []).push({ seat_ids: [...e.ids], starting_at: at });
    if (e.op === "add_seat_ids") (out.add_seat_ids ??= []).push({ seat_ids: [...e.ids], starting_at: at });
    if (e.op === "remove_unassigned_seats") (out.remove_unassigned_seats ??= []).push({ quantity: e.count, starting_at: at });
    if (e.op === "add_unassigned_seats") (out.add_unassigned_seats ??= []).push({ quantity: e.count, starting_at: at });
  }
  return out;
}

function state(segment: SeatSegment): SeatState {
  const assigned = [...new Set(segment.assigned_seat_ids ?? [])];
  return { assigned, unassigned: Math.max(0, Number(segment.total_quantity) - assigned.length) };
}

/** Future changes of a seat-based subscription, from its seats history segments. */
export function scheduledSeatChanges(subscriptionId: string, segments: readonly SeatSegment[], now: number): ScheduledChange[] {
  const sorted = [...segments].sort((a, b) => (parseTime(a.starting_at) ?? 0) - (parseTime(b.starting_at) ?? 0));
  const changes: ScheduledChange[] = [];
  for (let i = 1; i < sorted.length; i += 1) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    const t = parseTime(next.starting_at);
    if (t === null || t <= now) continue;
    const before = state(prev);
    const after = state(next);
    const beforeSet = new Set(before.assigned);
    const afterSet = new Set(after.assigned);
    const undo = opsBetween(after, before, t);
    if (undo.length === 0) continue;
    changes.push({
      id: next.starting_at,
      starting_at: next.starting_at,
      total_before: Number(prev.total_quantity),
      total_after: Number(next.total_quantity),
      seats_added: after.assigned.filter((id) => !beforeSet.has(id)),
      seats_removed: before.assigned.filter((id) => !afterSet.has(id)),
      unassigned_before: before.unassigned,
      unassigned_after: after.unassigned,
      delta: null,
      edited_at: null,
      cancel: { subscription_id: subscriptionId, seat_updates: seatUpdatesFrom(undo, next.starting_at) },
    });
  }
  return changes;
}

/**
 * Future changes of a quantity subscription, from the contract's quantity_schedule; an instant
 * that several edits change by a delta each (per the contract's edit history) is one scheduled
 * change per edit, each cancelled by the opposite delta.
 */
export function scheduledQuantityChanges(
  subscription: ContractV2.Subscription,
  now: number,
  editHistory: readonly ContractEditRecord[] | null = null,
): ScheduledChange[] {
  const sent = editHistory && subscription.id ? sentQuantityUpdates(editHistory, subscription.id) : [];
  const items = [...(subscription.quantity_schedule ?? [])].sort(
    (a, b) => (parseTime(a.starting_at) ?? 0) - (parseTime(b.starting_at) ?? 0),
  );
  const changes: ScheduledChange[] = [];
  const subscriptionId = subscription.id ?? "";
  for (let i = 1; i < items.length; i += 1) {
    const prev = items[i - 1]!;
    const next = items[i]!;
    const t = parseTime(next.starting_at);
    if (t === null || t <= now) continue;
    const step = (id: string, delta: number | null, editedAt: string | null, update: { quantity: number } | { quantity_delta: number }): ScheduledChange => ({
      id,
      starting_at: next.starting_at,
      total_before: Number(prev.quantity),
      total_after: Number(next.quantity),
      seats_added: [],
      seats_removed: [],
      unassigned_before: null,
      unassigned_after: null,
      delta,
      edited_at: editedAt,
      cancel: { subscription_id: subscriptionId, quantity_updates: [{ starting_at: next.starting_at, ...update }] },
    });
    const separate = separateDeltasAt(sent, t);
    for (const u of separate) changes.push(step(`${next.starting_at}#${u.edit_id}`, u.value, u.edited_at, { quantity_delta: -u.value }));
    if (separate.length > 0 || Number(prev.quantity) === Number(next.quantity)) continue;
    changes.push(step(next.starting_at, null, null, { quantity: Number(prev.quantity) }));
  }
  return changes;
}
