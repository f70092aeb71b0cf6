// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { teamSubscription } from "../../../domain/test-fixtures";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import { AlertForm } from "./alert-form";

const AI = "d3cb2827-dcb5-44af-9354-947a7197b9a6";
const CUSTOMER = "3f1d2c4b-8a9e-4b7c-9d1e-2a3b4c5d6e7f";
const creditTypes = new Map([
  [USD_CENTS_CREDIT_TYPE_ID, { id: USD_CENTS_CREDIT_TYPE_ID, name: "USD (cents)", isCurrency: true }],
  [AI, { id: AI, name: "AI credits", isCurrency: false }],
]);

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

function renderForm(fetchImpl: (url: string, init: RequestInit) => Response) {
  const calls: Array<{ url: string; body: unknown }> = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    calls.push({ url, body: init.body ? JSON.parse(String(init.body)) : undefined });
    return fetchImpl(url, init);
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <AlertForm customerId={CUSTOMER} contractId="k" subscriptions={[teamSubscription()]} creditTypes={creditTypes} />
    </QueryClientProvider>,
  );
  return calls;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("AlertForm", () => {
  it("creates a contract alert in the chosen unit with a derived uniqueness key", async () => {
    const calls = renderForm((url) => (url.includes("/alerts/create") ? respond(200, { data: { id: "a1" } }) : respond(200, { data: [] })));
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Threshold \(AI credits\)/), "10");
    await user.click(screen.getByRole("button", { name: "Create alert" }));
    expect(await screen.findByText("Alert created")).toBeInTheDocument();
    const create = calls.find((c) => c.url === "/api/metronome/v1/alerts/create");
    expect(create?.body).toMatchObject({
      customer_id: CUSTOMER,
      alert_type: "low_remaining_contract_credit_balance_reached",
      credit_type_id: AI,
      threshold: 10,
      name: "10 AI credits remaining",
      uniqueness_key: expect.stringMatching(/^alert-[0-9a-f]{28}$/),
    });
    expect(screen.getByLabelText(/^Threshold/)).toHaveValue("");
  });

  it("shows a 409 as an alert that already exists, not as a failure", async () => {
    renderForm((url) =>
      url.includes("/alerts/create")
        ? respond(409, { message: "This uniqueness key has already been used.", conflicting_id: "a1" })
        : respond(200, { data: [] }),
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Threshold/), "10");
    await user.click(screen.getByRole("button", { name: "Create alert" }));
    expect(await screen.findByText("This alert already exists")).toBeInTheDocument();
    expect(screen.queryByText("The alert was not created")).not.toBeInTheDocument();
  });

  it("keeps what was typed when the server refuses the alert", async () => {
    renderForm((url) => (url.includes("/alerts/create") ? respond(400, { message: "threshold must be a number" }) : respond(200, { data: [] })));
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText("Credit type"), USD_CENTS_CREDIT_TYPE_ID);
    await user.type(screen.getByLabelText(/^Threshold \(USD\)/), "25.50");
    await user.type(screen.getByLabelText("Name (optional)"), "Top up soon");
    await user.click(screen.getByRole("button", { name: "Create alert" }));
    expect(await screen.findByText("The alert was not created")).toBeInTheDocument();
    expect(screen.getByText(/Metronome refused the alert: threshold must be a number/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Threshold/)).toHaveValue("25.50");
    expect(screen.getByLabelText("Name (optional)")).toHaveValue("Top up soon");
  });

  it("sends nothing for bad input and marks the field", async () => {
    const calls = renderForm(() => respond(200, { data: [] }));
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Threshold/), "abc");
    await user.click(screen.getByRole("button", { name: "Create alert" }));
    expect(screen.getByText('"abc" is not a number. Use digits, e.g. 10.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Threshold/)).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(screen.getByLabelText(/^Threshold/)).toHaveFocus());
    expect(calls.filter((c) => c.url.includes("/alerts/create"))).toHaveLength(0);
  });
});
