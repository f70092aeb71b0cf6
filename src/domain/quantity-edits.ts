/**
 * The quantity changes of a quantity-only subscription as Metronome recorded them, one per edit
 * (from /v2/contracts/getEditHistory). The contract's quantity_schedule only shows the resulting
 * counts, so two edits that change the count at the same instant (+25 scheduled earlier, −20 sent
 * now) look like one step there; the edit history keeps them apart, each its own Metronome event.
 */
import type { ContractEditRecord } from "./quantity-timeline";
import { parseTime } from "./time";

export interface SentQuantityUpdate {
  /** When the change takes effect (epoch ms). */
  t: number;
  /** The Metronome edit that sent it. */
  edit_id: string;
  /** When that edit was made (ISO), null when not recorded. */
  edited_at: string | null;
  /** "set": the edit sent a total; "delta": it sent quantity_delta (summed when one edit sent several at t). */
  op: "set" | "delta";
  value: number;
}

/** Every quantity update of `subscriptionId` by edit, edits in time order; one entry per edit and instant. */
export function sentQuantityUpdates(history: readonly ContractEditRecord[] | null | undefined, subscriptionId: string): SentQuantityUpdate[] {
  const edits = [...(history ?? [])].sort((a, b) => (parseTime(a.timestamp ?? "") ?? 0) - (parseTime(b.timestamp ?? "") ?? 0));
  const out: SentQuantityUpdate[] = [];
  for (const edit of edits) {
    const mine = new Map<number, SentQuantityUpdate>();
    for (const item of edit.update_subscriptions ?? []) {
      if (item.id !== subscriptionId) continue;
      for (const u of item.quantity_updates ?? []) {
        const t = parseTime(u.starting_at);
        if (t === null) continue;
        const prev = mine.get(t);
        const editedAt = edit.timestamp ?? null;
        if (u.quantity !== undefined && u.quantity !== null) {
          mine.set(t, { t, edit_id: edit.id, edited_at: editedAt, op: "set", value: Number(u.quantity) });
        } else if (u.quantity_delta !== undefined && u.quantity_delta !== null) {
          const delta = Number(u.quantity_delta);
          mine.set(
            t,
            prev
              ? { ...prev, value: prev.value + delta }
              : { t, edit_id: edit.id, edited_at: editedAt, op: "delta", value: delta },
          );
        }
      }
    }
    out.push(...mine.values());
  }
  return out;
}

/**
 * The separate changes scheduled at instant t, when they can be told apart and cancelled one by
 * one: two or more edits, each a delta (a total sent at t overrides what came before it, so the
 * instant is then one change). Empty otherwise.
 */
export function separateDeltasAt(updates: readonly SentQuantityUpdate[], t: number): SentQuantityUpdate[] {
  const at = updates.filter((u) => u.t === t && !(u.op === "delta" && u.value === 0));
  if (at.length < 2 || !at.every((u) => u.op === "delta")) return [];
  // A later delta that is the opposite of an earlier one cancels it (how a scheduled change is
  // cancelled): neither is scheduled any more.
  const left = [...at];
  for (let i = left.length - 1; i > 0; i -= 1) {
    const j = left.findIndex((u, k) => k < i && u.value === -left[i]!.value);
    if (j >= 0) {
      left.splice(i, 1);
      left.splice(j, 1);
      i -= 1;
    }
  }
  return left.length >= 2 ? left : [];
}
