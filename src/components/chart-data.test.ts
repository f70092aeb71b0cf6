import { describe, expect, it } from "vitest";
import { legendEntries, splitSeriesAt, tableRows, timeDomain, timeTicks, type ChartPoint } from "./chart-data";

const p = (t: number, q: number | null): ChartPoint => ({ t, q });

describe("splitSeriesAt", () => {
  it("splits at a time between points and carries the step value to the cut", () => {
    const out = splitSeriesAt([p(0, 4), p(10, 5), p(30, 8)], "q", 20);
    expect(out.map((x) => x.t)).toEqual([0, 10, 20, 30]);
    expect(out.map((x) => x.q__past)).toEqual([4, 5, 5, null]);
    expect(out.map((x) => x.q__future)).toEqual([null, null, 5, 8]);
  });

  it("uses an existing point at the cut for both halves", () => {
    const out = splitSeriesAt([p(0, 1), p(20, 2), p(40, 3)], "q", 20);
    expect(out).toHaveLength(3);
    expect(out[1]).toMatchObject({ q__past: 2, q__future: 2 });
  });

  it("has no past value at the cut when the series starts later", () => {
    const out = splitSeriesAt([p(50, 7)], "q", 20);
    expect(out[0]).toMatchObject({ t: 20, q__past: null, q__future: null });
    expect(out[1]).toMatchObject({ t: 50, q__past: null, q__future: 7 });
  });

  it("sorts unsorted input", () => {
    expect(splitSeriesAt([p(30, 3), p(10, 1)], "q", 40).map((x) => x.t)).toEqual([10, 30, 40]);
  });
});

describe("timeDomain", () => {
  it("covers the data and the extra times", () => {
    expect(timeDomain([p(10, 1), p(20, 1)], [5, null])).toEqual([5, 20]);
  });
  it("widens a single instant to a day", () => {
    expect(timeDomain([p(0, 1)])).toEqual([-12 * 3600_000, 12 * 3600_000]);
  });
  it("is null without data", () => {
    expect(timeDomain([])).toBeNull();
  });
});

describe("timeTicks", () => {
  const T = (iso: string) => new Date(iso).getTime();
  it("puts ticks on the first of each month inside the domain", () => {
    expect(timeTicks([T("2026-08-26T00:00:00Z"), T("2027-01-08T00:00:00Z")]).map((t) => new Date(t).toISOString().slice(0, 10))).toEqual([
      "2026-09-01",
      "2026-10-01",
      "2026-11-01",
      "2026-12-01",
      "2027-01-01",
    ]);
  });
  it("thins long ranges to at most max ticks", () => {
    expect(timeTicks([T("2024-01-01T00:00:00Z"), T("2026-01-01T00:00:00Z")], 6).length).toBeLessThanOrEqual(6);
  });
  it("uses days for short ranges", () => {
    const ticks = timeTicks([T("2026-11-01T00:00:00Z"), T("2026-11-13T00:00:00Z")], 6);
    expect(ticks[0]).toBe(T("2026-11-01T00:00:00Z"));
    expect(ticks.length).toBeLessThanOrEqual(7);
  });
});

describe("tableRows", () => {
  const series = [{ id: "q", label: "Seats", dashedAfter: 20 }];
  it("keeps changes only and notes scheduled rows", () => {
    const rows = tableRows([p(0, 4), p(10, 5), p(30, 8), p(40, 8)], series, 20);
    expect(rows.map((r) => [r.point.t, r.note])).toEqual([
      [0, null],
      [10, null],
      [30, "scheduled"],
    ]);
  });
  it("says nothing is scheduled when only the window's edge lies ahead", () => {
    const rows = tableRows([p(0, 4), p(20, 5), p(45, 5)], series, 20);
    expect(rows.map((r) => r.note)).toEqual([null, null]);
  });
  it("names forecasts as forecasts", () => {
    const rows = tableRows([{ t: 0, b: 10, f: null }, { t: 30, b: null, f: 5 }], [{ id: "b", label: "Balance" }, { id: "f", label: "Forecast", futureLabel: "forecast" }], 20);
    expect(rows.map((r) => r.note)).toEqual([null, "forecast"]);
  });
  it("notes a series' dashed part from its own cut: pending usage before now", () => {
    const balance = [{ id: "q", label: "Credits", dashedAfter: 10, futureLabel: "pending" }];
    const rows = tableRows([p(0, 100), p(10, 90), p(15, 80), p(20, 70)], balance, 20);
    expect(rows.map((r) => [r.point.t, r.note])).toEqual([
      [0, null],
      [10, null],
      [15, "pending"],
      [20, "pending"],
    ]);
  });
});

describe("legendEntries", () => {
  it("labels the dashed part of a series with what it is", () => {
    const entries = legendEntries([p(0, 4), p(30, 8)], [{ id: "q", label: "Seats", dashedAfter: 20 }]);
    expect(entries.map((e) => [e.label, e.dashed])).toEqual([
      ["Seats", false],
      ["Seats (scheduled)", true],
    ]);
  });
  it("gives a series drawn only ahead one dashed entry under its own name", () => {
    const entries = legendEntries([{ t: 20, f: 9 }, { t: 30, f: 5 }], [{ id: "f", label: "Forecast at the current rate", dashedAfter: 20, futureLabel: "forecast" }]);
    expect(entries).toEqual([{ key: "f-future", label: "Forecast at the current rate", seriesId: "f", dashed: true }]);
  });
});
