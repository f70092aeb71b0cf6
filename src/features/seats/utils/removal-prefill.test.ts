import { describe, expect, it } from "vitest";
import { parseSeatIdList } from "./seat-input";
import { parseRemovalSearch, removalForm, type RemovalRequest } from "./removal-prefill";

const NEXT = Date.parse("2026-12-01T00:00:00.000Z");
const seats = { assigned: new Set(["ana@acme.example", "doe, jane", "bo@acme.example"]), unassigned: 3, nextPeriod: NEXT };

describe("parseRemovalSearch", () => {
  it("asks for nothing without removal parameters", () => {
    expect(parseRemovalSearch(new URLSearchParams("from=2026-01-01"))).toBeNull();
  });

  it("reads repeated seat IDs (commas included), the unassigned count and the start", () => {
    const search = new URLSearchParams();
    search.append("remove", "ana@acme.example");
    search.append("remove", "doe, jane");
    search.append("remove", "ana@acme.example");
    search.set("remove_unassigned", "2");
    search.set("at", "next-period");
    expect(parseRemovalSearch(search)).toEqual({ seatIds: ["ana@acme.example", "doe, jane"], unassigned: 2, atNextPeriod: true, problems: [] });
  });

  it("leaves out blank IDs, bad numbers and unknown starts, saying why", () => {
    const request = parseRemovalSearch(new URLSearchParams("remove=%20%20&remove=bo%40acme.example&remove_unassigned=-4&at=yesterday"))!;
    expect(request.seatIds).toEqual(["bo@acme.example"]);
    expect(request.unassigned).toBeNull();
    expect(request.atNextPeriod).toBe(false);
    expect(request.problems).toEqual([
      "A seat ID in the link is blank (only spaces), so it was left out.",
      "The number of unassigned seats to remove (“-4”) is not usable: enter 1 or more seats.",
      "The start in the link (“yesterday”) is not one this editor knows, so it starts now unless you choose otherwise.",
    ]);
    expect(parseRemovalSearch(new URLSearchParams("remove_unassigned=abc"))!.problems[0]).toMatch(/“abc”.*not a number of seats/);
  });
});

describe("removalForm", () => {
  const request: RemovalRequest = { seatIds: ["ana@acme.example", "doe, jane"], unassigned: 2, atNextPeriod: true, problems: [] };

  it("fills in a removal of the seats and unassigned seats at the next period", () => {
    const { form, notices } = removalForm(request, seats);
    expect(notices).toEqual([]);
    expect(form).toMatchObject({ action: "remove", unassigned: "2", when: { choice: "next_period" } });
    expect(parseSeatIdList(form.ids)).toEqual({ ids: ["ana@acme.example", "doe, jane"], problems: [] });
  });

  it("leaves out seats nobody holds and more unassigned seats than there are", () => {
    const { form, notices } = removalForm({ ...request, seatIds: ["ana@acme.example", "gone@acme.example"], unassigned: 9 }, seats);
    expect(form.ids).toBe("ana@acme.example");
    expect(form.unassigned).toBe("");
    expect(notices).toEqual([
      "This seat ID holds no seat now, so it was left out: gone@acme.example.",
      "The link asks to remove 9 seats nobody holds, but there are 3 now, so that number was left out.",
    ]);
  });

  it("starts now when there is no next period, and keeps the URL's own problems", () => {
    const { form, notices } = removalForm({ ...request, problems: ["A seat ID in the link is blank (only spaces), so it was left out."] }, { ...seats, nextPeriod: null });
    expect(form.when.choice).toBe("now");
    expect(notices).toHaveLength(2);
    expect(notices[1]).toMatch(/no next period/);
  });
});
