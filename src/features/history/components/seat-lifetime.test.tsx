// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { SeatSegment } from "../../../domain/subscription";
import { seatsHistoryQuery } from "../../../lib/metronome-queries";
import { SeatLifetime } from "./seat-lifetime";

const NOW = Date.parse("2026-11-24T12:00:00.000Z");
const SEGMENTS: SeatSegment[] = [
  { starting_at: "2026-01-01T00:00:00.000Z", ending_before: null, total_quantity: 2, assigned_seat_ids: ["ana@acme.example", "bo@acme.example"] },
];

function failingFetch() {
  const fetch = vi.fn(async () => new Response(JSON.stringify({ message: "Upstream down" }), { status: 500, headers: { "content-type": "application/json" } }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function renderLifetime(client: QueryClient) {
  render(
    <QueryClientProvider client={client}>
      <SeatLifetime customerId="c1" contractId="k1" subscriptionId="s1" seatId="ana@acme.example" now={NOW} />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("SeatLifetime when Metronome fails", () => {
  it("keeps the rows it has when a refresh fails", async () => {
    const fetch = failingFetch();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    client.setQueryData(seatsHistoryQuery("c1", "k1", "s1").queryKey, SEGMENTS);
    renderLifetime(client);
    expect(screen.getByText("Assigned since Jan 1, 2026")).toBeTruthy();

    await client.refetchQueries();
    await waitFor(() => expect(client.getQueryState(seatsHistoryQuery("c1", "k1", "s1").queryKey)?.status).toBe("error"));
    expect(fetch).toHaveBeenCalled();
    expect(screen.getByText("Assigned since Jan 1, 2026")).toBeTruthy();
    expect(screen.queryByText("Could not load the seat's history")).toBeNull();
  });

  it("shows the error when the first load fails", async () => {
    failingFetch();
    renderLifetime(new QueryClient({ defaultOptions: { queries: { retry: false } } }));
    expect(await screen.findByText("Could not load the seat's history")).toBeTruthy();
  });
});
