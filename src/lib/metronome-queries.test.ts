import { afterEach, describe, expect, it, vi } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { seatsPerPage } from "../contract/metronome-reads";
import { currentSeatsQuery } from "./metronome-queries";

afterEach(() => vi.unstubAllGlobals());

describe("currentSeatsQuery", () => {
  it("asks once for the segment covering the given now, keeps the last one returned, and holds now in its key", async () => {
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
    const now = Date.parse("2026-11-24T12:00:00.000Z");
    const segment = await client.fetchQuery(currentSeatsQuery("cus", "con", "sub", now));
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ customer_id: "cus", contract_id: "con", subscription_id: "sub", covering_date: "2026-11-24T12:00:00.000Z" });
    expect(currentSeatsQuery("cus", "con", "sub", now).queryKey).not.toEqual(currentSeatsQuery("cus", "con", "sub", now + 60_000).queryKey);
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
