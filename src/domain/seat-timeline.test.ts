import { describe, expect, it } from "vitest";
import { applySeatUpdates, existingSeatEvents, opsBetween, replaySeats, type SeatState } from "./seat-timeline";
import { initialSegments } from "./test-fixtures";
import { toSchedule } from "./timeline";

const t = (iso: string) => Date.parse(iso);
const D16 = "2025-06-16T00:00:00.000Z";
const D20 = "2025-06-20T00:00:00.000Z";
const rows = (schedule: ReturnType<typeof toSchedule>) =>
  schedule.map((s) => [s.starting_at.slice(0, 10), s.seat_ids?.join(" "), s.unassigned, s.total]);

describe("seat replay (worked example §8)", () => {
  const existing = existingSeatEvents(initialSegments())!;

  it("fills the unassigned seat first, then raises the total", () => {
    const replay = applySeatUpdates(existing, { add_seat_ids: [{ seat_ids: ["dave@acme.com", "erin@acme.com"], starting_at: D16 }] }, null);
    expect(rows(toSchedule(replay.timeline))).toEqual([
      ["2025-06-01", "alice@acme.com bob@acme.com carol@acme.com", 1, 4],
      ["2025-06-16", "alice@acme.com bob@acme.com carol@acme.com dave@acme.com erin@acme.com", 0, 5],
    ]);
    expect(replay.fills).toEqual([{ t: t(D16), ids: ["dave@acme.com"], path: "seat_updates.add_seat_ids[0]" }]);
    expect(replay.issues).toEqual([]);
  });

  it("removing an assigned seat lowers the total; it does not become unassigned", () => {
    const replay = applySeatUpdates(
      existing,
      {
        add_seat_ids: [{ seat_ids: ["dave@acme.com", "erin@acme.com"], starting_at: D16 }],
        remove_seat_ids: [{ seat_ids: ["bob@acme.com"], starting_at: D20 }],
      },
      null,
    );
    expect(rows(toSchedule(replay.timeline)).at(-1)).toEqual([
      "2025-06-20",
      "alice@acme.com carol@acme.com dave@acme.com erin@acme.com",
      0,
      4,
    ]);
  });

  it("reassigns a seat at one instant whatever the field order (remove → unassigned → add)", () => {
    const replay = applySeatUpdates(
      existing,
      {
        add_seat_ids: [{ seat_ids: ["dave@acme.com"], starting_at: D16 }],
        remove_seat_ids: [{ seat_ids: ["bob@acme.com"], starting_at: D16 }],
        add_unassigned_seats: [{ quantity: 1, starting_at: D16 }],
      },
      null,
    );
    // bob leaves (4 → 3 with 1 unassigned), one unassigned seat is added (4, 2 unassigned), dave fills one (4, 1 unassigned).
    expect(rows(toSchedule(replay.timeline)).at(-1)).toEqual(["2025-06-16", "alice@acme.com carol@acme.com dave@acme.com", 1, 4]);
  });

  it("lets a seat removed at an instant be added back at the same instant (it then fills the unassigned seat)", () => {
    const replay = applySeatUpdates(
      existing,
      {
        add_seat_ids: [{ seat_ids: ["bob@acme.com"], starting_at: D16 }],
        remove_seat_ids: [{ seat_ids: ["bob@acme.com"], starting_at: D16 }],
      },
      null,
    );
    expect(replay.issues).toEqual([]);
    expect(rows(toSchedule(replay.timeline)).at(-1)).toEqual(["2025-06-16", "alice@acme.com carol@acme.com bob@acme.com", 0, 3]);
  });

  it("reports removing an absent seat as a no-op and adding an assigned one as an error", () => {
    const replay = applySeatUpdates(
      existing,
      {
        remove_seat_ids: [{ seat_ids: ["zoe@acme.com"], starting_at: D16 }],
        add_seat_ids: [{ seat_ids: ["dave@acme.com", "bob@acme.com"], starting_at: D16 }],
      },
      null,
    );
    expect(replay.issues.map((i) => [i.path, i.severity, i.message])).toEqual([
      ["seat_updates.remove_seat_ids[0].seat_ids[0]", "warning", "Removing zoe@acme.com does nothing: that seat is not assigned then"],
      ["seat_updates.add_seat_ids[0].seat_ids[1]", "error", "Seat ID bob@acme.com is already assigned"],
    ]);
    expect(toSchedule(replay.timeline).at(-1)?.total).toBe(4); // dave filled the unassigned seat
  });

  it("removes at most the unassigned seats there are (A11) and records the shortfall", () => {
    const replay = applySeatUpdates(existing, { remove_unassigned_seats: [{ quantity: 3, starting_at: D16 }] }, null);
    expect(rows(toSchedule(replay.timeline)).at(-1)).toEqual(["2025-06-16", "alice@acme.com bob@acme.com carol@acme.com", 0, 3]);
    expect(replay.shortfalls).toEqual([
      { t: t(D16), requested: 3, available: 1, assigned: 3, path: "seat_updates.remove_unassigned_seats[0]" },
    ]);
    expect(replay.issues[0]?.message).toBe("Only 1 seat unassigned on June 16, 2025, so 1 (not 3) will be removed");
  });

  it("flags a new seat that an already scheduled change adds again later", () => {
    const segments = [
      { ...initialSegments()[0]!, ending_before: D20 },
      {
        starting_at: D20,
        ending_before: null,
        total_quantity: "4", // the live API sometimes sends a string
        assigned_seat_ids: ["alice@acme.com", "bob@acme.com", "carol@acme.com", "dave@acme.com"],
      },
    ];
    const withFuture = existingSeatEvents(segments)!;
    const replay = applySeatUpdates(withFuture, { add_seat_ids: [{ seat_ids: ["dave@acme.com"], starting_at: D16 }] }, null);
    expect(replay.issues.map((i) => [i.path, i.code, i.message])).toEqual([
      ["seat_updates.add_seat_ids[0]", "seat_already_assigned", "Seat ID dave@acme.com is already scheduled to be added on June 20, 2025"],
    ]);
  });
});

describe("segments as events", () => {
  const cases: Array<[string, SeatState, SeatState]> = [
    ["fill", { assigned: ["a"], unassigned: 2 }, { assigned: ["a", "b"], unassigned: 1 }],
    ["grow", { assigned: ["a"], unassigned: 0 }, { assigned: ["a", "b", "c"], unassigned: 0 }],
    ["fill and grow", { assigned: ["a"], unassigned: 1 }, { assigned: ["a", "b", "c"], unassigned: 0 }],
    ["swap", { assigned: ["a", "b"], unassigned: 0 }, { assigned: ["a", "c"], unassigned: 1 }],
    ["drop unassigned", { assigned: ["a"], unassigned: 5 }, { assigned: ["a"], unassigned: 2 }],
    ["add ids and unassigned", { assigned: [], unassigned: 0 }, { assigned: ["x", "y"], unassigned: 3 }],
    ["many unassigned, few ids", { assigned: ["a"], unassigned: 4 }, { assigned: [], unassigned: 0 }],
  ];
  it.each(cases)("replaying opsBetween reproduces the next segment (%s)", (_name, prev, next) => {
    const at = t(D16);
    const { timeline } = replaySeats(prev, opsBetween(prev, next, at), t("2025-06-01T00:00:00Z"), null);
    const last = timeline.steps.at(-1)!;
    expect([...(last.assigned ?? [])].sort()).toEqual([...next.assigned].sort());
    expect(last.total - (last.assigned?.length ?? 0)).toBe(next.unassigned);
  });

  it("rebuilds every stored segment from the seats history", () => {
    const segments = [
      { starting_at: "2025-06-01T00:00:00.000Z", ending_before: D16, total_quantity: 4, assigned_seat_ids: ["a", "b", "c"] },
      { starting_at: D16, ending_before: D20, total_quantity: 5, assigned_seat_ids: ["a", "b", "c", "d", "e"] },
      { starting_at: D20, ending_before: null, total_quantity: 4, assigned_seat_ids: ["a", "c", "d", "e"] },
    ];
    const existing = existingSeatEvents(segments)!;
    const { timeline } = replaySeats(existing.initial, existing.events, existing.start, null);
    expect(rows(toSchedule(timeline))).toEqual([
      ["2025-06-01", "a b c", 1, 4],
      ["2025-06-16", "a b c d e", 0, 5],
      ["2025-06-20", "a c d e", 0, 4],
    ]);
  });
});
