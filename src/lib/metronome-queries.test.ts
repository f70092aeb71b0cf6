import { afterEach, describe, expect, it, vi } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { currentSeatsQuery, seatsPerPage } from "./metronome-queries";
import { queryKeys } from "./query-keys";

afterEach(() => vi.unstubAllGlobals());

describe("currentSeatsQuery", () => {
  it("asks once for the segment covering the server's now and keeps the last one returned", async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_path: string, init: RequestInit) => {
        bodies.push(JSON.parse(String(init.body)));
        const data = [
          { starting_at: "2026-10-01T00:00:00.000Z", ending_before: "2026-11-01T00:00:00.000Z", total_quantity: "2", assigned_seat_ids: ["a"] },
          { starting_at: "2026-11-01T00:00:00.000Z", ending_before: null, total_quantity: "3", assigned_seat_ids: ["a", "b"] },
        ];
        return new Response(JSON.stringify({ data, next_page: null }), { status: 200, headers: { "content-type": "application/json" } });
      }),
    );
    const client = new QueryClient();
    client.setQueryData(queryKeys.session(), { now: "2026-11-24T12:00:00.000Z" });
    const segment = await client.fetchQuery(currentSeatsQuery("cus", "con", "sub"));
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ customer_id: "cus", contract_id: "con", subscription_id: "sub" });
    const covering = Date.parse((bodies[0] as { covering_date: string }).covering_date);
    expect(covering - Date.parse("2026-11-24T12:00:00.000Z")).toBeGreaterThanOrEqual(0);
    expect(covering - Date.parse("2026-11-24T12:00:00.000Z")).toBeLessThan(5_000);
    expect(bodies[0]).not.toHaveProperty("starting_at");
    expect(segment).toMatchObject({ total_quantity: 3, assigned_seat_ids: ["a", "b"] });
  });
});

describe("seatsPerPage (the seatBalances page rule: seats join while the objects before them are under 100)", () => {
  it("fits a whole chunk in one page", () => {
    expect(seatsPerPage(1)).toBe(100);
    expect(seatsPerPage(2)).toBe(50);
    expect(seatsPerPage(3)).toBe(34);
    expect(seatsPerPage(13)).toBe(8);
    expect(seatsPerPage(150)).toBe(1);
    expect(seatsPerPage(0)).toBe(100);
  });
});
