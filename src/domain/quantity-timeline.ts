/**
 * Quantity-only subscriptions: the seat count as a replay of events (see docs/metronome.md,
 * "Contract edits"). Each event sets the
 * count or adds a delta at its `starting_at`; events replay in (starting_at, submission order),
 * so a newly sent change is applied after anything already scheduled for the same hour, and an
 * already scheduled later change is applied on top of it.
 */
import type { ContractEditParams, ContractGetEditHistoryResponse } from "@metronome/sdk/resources/v2/contracts";
import type { QuantityHistoryEntry, Subscription } from "./subscription";
import { historyQuantity } from "./subscription";
import { collapseSteps, type Timeline, type TimelineStep } from "./timeline";
import { parseTime } from "./time";

export type QuantityUpdate = ContractEditParams.UpdateSubscription.QuantityUpdate;

export interface QuantityEvent {
  t: number;
  op: "set" | "delta";
  value: number;
  /** Submission order; events already on the contract come before any new one. */
  seq: number;
  /** Field path of a newly proposed event (e.g. "quantity_updates[0]"); null for existing ones. */
  path: string | null;
}

/**
 * How the existing schedule's change points are replayed when a new event is inserted before
 * them. The API exposes only the resulting quantities, not whether each was sent as a total or
 * a delta: "absolute" (default) treats each as a total, "relative" as a delta.
 */
export type ExistingChanges = "absolute" | "relative";

interface Point {
  t: number;
  quantity: number;
}

/** One edit of /v2/contracts/getEditHistory's `data`. */
export type ContractEditRecord = ContractGetEditHistoryResponse.Data;

/**
 * How the quantity changes at each instant were sent, from the contract's edit history: "set" when
 * any of them gave a `quantity` (the result is then a total whatever came before), otherwise
 * "delta" with the sum of their `quantity_delta`s. Instants no edit names are absent.
 */
export type SentChanges = Map<number, { op: "set" } | { op: "delta"; value: number }>;

export function sentQuantityChanges(history: readonly ContractEditRecord[] | null | undefined, subscriptionId: string): SentChanges {
  const out: SentChanges = new Map();
  const edits = [...(history ?? [])].sort((a, b) => (parseTime(a.timestamp ?? "") ?? 0) - (parseTime(b.timestamp ?? "") ?? 0));
  for (const edit of edits) {
    for (const item of edit.update_subscriptions ?? []) {
      if (item.id !== subscriptionId) continue;
      for (const u of item.quantity_updates ?? []) {
        const t = parseTime(u.starting_at);
        if (t === null) continue;
        if (u.quantity !== undefined && u.quantity !== null) out.set(t, { op: "set" });
        else if (u.quantity_delta !== undefined && u.quantity_delta !== null) {
          const prev = out.get(t);
          if (prev?.op !== "set") out.set(t, { op: "delta", value: (prev?.value ?? 0) + Number(u.quantity_delta) });
        }
      }
    }
  }
  return out;
}

/**
 * The existing events of a subscription, from its past (quantity history: change points up to
 * now) and its present and future (the contract's quantity_schedule: the segment covering now
 * and every scheduled change). Each change point replays as it was sent when `sent` (from the
 * edit history) names its instant, otherwise as `existing` says.
 */
export function existingQuantityEvents(
  history: readonly QuantityHistoryEntry[] | null | undefined,
  schedule: Subscription["quantity_schedule"] | null | undefined,
  existing: ExistingChanges = "absolute",
  sent: SentChanges | null = null,
): QuantityEvent[] {
  const scheduled: Point[] = [];
  for (const item of schedule ?? []) {
    const t = parseTime(item.starting_at);
    if (t !== null) scheduled.push({ t, quantity: Number(item.quantity) });
  }
  scheduled.sort((a, b) => a.t - b.t);
  const cut = scheduled[0]?.t ?? Number.POSITIVE_INFINITY;
  const points: Point[] = [];
  for (const entry of history ?? []) {
    const t = parseTime(entry.starting_at);
    if (t !== null && t < cut) points.push({ t, quantity: historyQuantity(entry) });
  }
  points.sort((a, b) => a.t - b.t);
  points.push(...scheduled);

  // A total sent at an instant where the count did not change still overrides an earlier new event.
  const first = points[0];
  for (const [t, how] of sent ?? []) {
    if (!first || t <= first.t || how.op !== "set" || points.some((p) => p.t === t)) continue;
    let quantity = first.quantity;
    for (const p of points) if (p.t <= t) quantity = p.quantity;
    points.push({ t, quantity });
  }
  points.sort((a, b) => a.t - b.t);

  const events: QuantityEvent[] = [];
  let previous: number | null = null;
  for (const p of points) {
    const how = previous === null ? null : sent?.get(p.t);
    if (previous === p.quantity && how?.op !== "set") continue;
    const set = previous === null || (how ? how.op === "set" : existing === "absolute");
    events.push({
      t: p.t,
      op: set ? "set" : "delta",
      value: set ? p.quantity : how?.op === "delta" ? how.value : p.quantity - (previous ?? 0),
      seq: events.length,
      path: null,
    });
    previous = p.quantity;
  }
  return events;
}

/**
 * The well-formed items of a quantity_updates array as events, numbered after `firstSeq`.
 * Malformed items (bad time, neither or both fields) are left out; validation reports them.
 */
export function quantityUpdateEvents(
  updates: readonly QuantityUpdate[] | null | undefined,
  firstSeq: number,
): QuantityEvent[] {
  const events: QuantityEvent[] = [];
  (updates ?? []).forEach((u, i) => {
    const t = parseTime(u.starting_at);
    const hasSet = u.quantity !== undefined && u.quantity !== null;
    const hasDelta = u.quantity_delta !== undefined && u.quantity_delta !== null;
    if (t === null || hasSet === hasDelta) return;
    const value = Number(hasSet ? u.quantity : u.quantity_delta);
    if (!Number.isFinite(value)) return;
    events.push({ t, op: hasSet ? "set" : "delta", value, seq: firstSeq + i, path: `quantity_updates[${i}]` });
  });
  return events;
}

/** An instant at which the replayed count is below zero, with the new event to blame. */
export interface NegativeQuantity {
  t: number;
  quantity: number;
  path: string | null;
}

export interface QuantityReplay {
  timeline: Timeline;
  negatives: NegativeQuantity[];
}

/**
 * Replays events into a step function over [start, end). Events outside that range are ignored
 * (validation reports them). The count before the first event is 0.
 */
export function replayQuantity(events: readonly QuantityEvent[], start: number, end: number | null): QuantityReplay {
  const inRange = events
    .filter((e) => e.t >= start && (end === null || e.t < end))
    .sort((a, b) => a.t - b.t || a.seq - b.seq);
  const steps: TimelineStep[] = [{ start, total: 0, assigned: null }];
  const negatives: NegativeQuantity[] = [];
  let value = 0;
  let blame: string | null = null;
  for (let i = 0; i < inRange.length; ) {
    const t = inRange[i]!.t;
    for (; i < inRange.length && inRange[i]!.t === t; i += 1) {
      const e = inRange[i]!;
      value = e.op === "set" ? e.value : value + e.value;
      if (e.path !== null) blame = e.path;
    }
    steps.push({ start: t, total: value, assigned: null });
    if (value < 0) negatives.push({ t, quantity: value, path: blame });
  }
  return { timeline: { steps: collapseSteps(steps), end }, negatives };
}

/** The step function with the proposed quantity_updates appended after every existing event. */
export function applyQuantityUpdates(
  existing: readonly QuantityEvent[],
  updates: readonly QuantityUpdate[] | null | undefined,
  start: number,
  end: number | null,
): QuantityReplay & { events: QuantityEvent[] } {
  const firstSeq = existing.reduce((max, e) => Math.max(max, e.seq + 1), 0);
  const events = [...existing, ...quantityUpdateEvents(updates, firstSeq)];
  return { ...replayQuantity(events, start, end), events };
}
