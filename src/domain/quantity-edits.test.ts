import { describe, expect, it } from "vitest";
import { separateDeltasAt, sentQuantityUpdates } from "./quantity-edits";

const JAN = "2027-01-01T00:00:00.000Z";
const t = Date.parse(JAN);
const edit = (id: string, timestamp: string, updates: Array<{ quantity?: number; quantity_delta?: number }>, sub = "s") => ({
  id,
  timestamp,
  update_subscriptions: [{ id: sub, quantity_updates: updates.map((u) => ({ starting_at: JAN, ...u })) }],
});

describe("sentQuantityUpdates and separateDeltasAt", () => {
  it("keeps each edit's change at an instant, edits in time order, one edit's deltas summed", () => {
    const history = [
      edit("b", "2026-11-24T12:00:00.000Z", [{ quantity_delta: -20 }]),
      edit("a", "2026-11-20T09:00:00.000Z", [{ quantity_delta: 20 }, { quantity_delta: 5 }]),
      edit("x", "2026-11-21T09:00:00.000Z", [{ quantity_delta: 7 }], "other"),
    ];
    const sent = sentQuantityUpdates(history, "s");
    expect(sent.map((u) => [u.edit_id, u.op, u.value, u.t === t])).toEqual([
      ["a", "delta", 25, true],
      ["b", "delta", -20, true],
    ]);
    expect(separateDeltasAt(sent, t).map((u) => u.edit_id)).toEqual(["a", "b"]);
  });

  it("drops a delta and the later opposite delta that cancelled it", () => {
    const history = [
      edit("a", "2026-11-20T09:00:00.000Z", [{ quantity_delta: 25 }]),
      edit("b", "2026-11-24T12:00:00.000Z", [{ quantity_delta: -20 }]),
      edit("c", "2026-11-24T13:00:00.000Z", [{ quantity_delta: 7 }]),
      edit("d", "2026-11-24T14:00:00.000Z", [{ quantity_delta: 20 }]),
    ];
    expect(separateDeltasAt(sentQuantityUpdates(history, "s"), t).map((u) => u.edit_id)).toEqual(["a", "c"]);
    // Only one left: the instant is one change again.
    expect(separateDeltasAt(sentQuantityUpdates([history[0]!, history[1]!, history[3]!], "s"), t)).toEqual([]);
  });

  it("is one change when a single edit or a total is involved", () => {
    expect(separateDeltasAt(sentQuantityUpdates([edit("a", "2026-11-20T09:00:00.000Z", [{ quantity_delta: 25 }])], "s"), t)).toEqual([]);
    const withTotal = [edit("a", "2026-11-20T09:00:00.000Z", [{ quantity: 325 }]), edit("b", "2026-11-24T12:00:00.000Z", [{ quantity_delta: -20 }])];
    expect(separateDeltasAt(sentQuantityUpdates(withTotal, "s"), t)).toEqual([]);
    expect(sentQuantityUpdates(null, "s")).toEqual([]);
  });
});
