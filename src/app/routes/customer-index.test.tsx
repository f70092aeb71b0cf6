// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter, Route, Routes, useParams } from "react-router-dom";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { Session } from "../../contract/bff";
import { queryKeys } from "../../lib/query-keys";
import { Component as CustomerIndex } from "./customer-index";

const SERVER_NOW = "2026-11-24T12:00:00.000Z";

function session(): Session {
  return {
    user: { id: "u", name: "Pat", email: "pat@example.com" },
    role: "customer_admin",
    customer_ids: ["c1"],
    expires_at: "2026-11-25T00:00:00.000Z",
    upstream: "simulator",
    can_write: true,
    can_backdate: false,
    now: SERVER_NOW,
    locale: null,
    time_zone: null,
    theme: null,
  };
}

const contract = (id: string, starting_at: string, ending_before: string) => ({ id, name: id, starting_at, ending_before }) as unknown as ContractV2;

function ContractPage() {
  return <p>Contract {useParams().contractId}</p>;
}

const CONTRACTS = [
  contract("k-2025", "2025-06-01T00:00:00.000Z", "2026-06-01T00:00:00.000Z"),
  contract("k-2026", "2026-06-01T00:00:00.000Z", "2027-06-01T00:00:00.000Z"),
];

function renderAt(browserNow: string) {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.parse(browserNow) });
  vi.stubGlobal("fetch", async (url: string) => {
    const body = url.endsWith("/v2/contracts/list") ? { data: CONTRACTS } : { data: { id: "c1", name: "Acme" } };
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(queryKeys.session(), session());
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={["/c/c1"]}>
        <Routes>
          <Route path="/c/:customerId" element={<CustomerIndex />} />
          <Route path="/c/:customerId/k/:contractId" element={<ContractPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("customer index", () => {
  it("opens the contract active by the server's clock, whatever the browser's says", async () => {
    // The browser thinks it is 2028 (every contract ended); the upstream says November 2026.
    renderAt("2028-01-01T00:00:00.000Z");
    expect(await screen.findByText("Contract k-2026")).toBeInTheDocument();
  });
});
