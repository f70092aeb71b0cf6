// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";
import { teamContract } from "../../../domain/test-fixtures";
import { alertKeys } from "../api/alert-queries";
import type { CustomerAlert } from "../utils/alert-model";
import { LowBalanceBanner } from "./low-balance-banner";

const CUSTOMER = "3f1d2c4b-8a9e-4b7c-9d1e-2a3b4c5d6e7f";
const AI = { id: "d3cb2827-dcb5-44af-9354-947a7197b9a6", name: "AI credits" };

function alert(id: string, type: CustomerAlert["alert"]["type"], customer_status: CustomerAlert["customer_status"]): CustomerAlert {
  return { customer_status, alert: { id, name: `${id} alert`, type, status: "enabled", threshold: 100, credit_type: AI, updated_at: "2025-06-10T00:00:00.000Z" } };
}

function renderBanner(alerts: CustomerAlert[]) {
  vi.stubGlobal("fetch", async (url: string) => {
    const body = url.startsWith("/api/alert-events") ? { data: [] } : { data: alerts, next_page: null };
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <LowBalanceBanner customerId={CUSTOMER} contract={teamContract()} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...view, client };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2025-06-16T12:00:00.000Z"));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("LowBalanceBanner", () => {
  it("tells the customer access is gated until a top-up or the next period, with its date", async () => {
    renderBanner([alert("pool", "low_remaining_contract_credit_balance_reached", "in_alarm"), alert("seat", "low_remaining_seat_balance_reached", "in_alarm")]);
    expect(await screen.findByText("Credit balance is low")).toBeInTheDocument();
    expect(screen.getByText(/“pool alert” is in alarm: the balance is at or below 100 AI credits/)).toBeInTheDocument();
    expect(screen.getByText(/Access is gated now. It returns as soon as credits are bought, or by itself when the next billing period starts on July 1, 2025/)).toBeInTheDocument();
    expect(screen.queryByText(/seat alert/)).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "See alerts" })).toHaveAttribute("href", `/c/${CUSTOMER}/k/${teamContract().id}/alerts`);
  });

  it("stays away while no contract-level alert is in alarm", async () => {
    const { container, client } = renderBanner([alert("pool", "low_remaining_contract_credit_balance_reached", "ok"), alert("seat", "low_remaining_seat_balance_reached", "in_alarm")]);
    await vi.waitFor(() => expect(client.getQueryData(alertKeys.list(CUSTOMER, false))).toHaveLength(2));
    expect(container).toBeEmptyDOMElement();
  });
});
