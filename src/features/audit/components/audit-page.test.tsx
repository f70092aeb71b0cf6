// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import type { AuditEntry, Role } from "../../../contract/bff";
import { AuditPage, type AuditContractOption, type AuditFilter } from "./audit-page";

const ROLES: Record<Role, string> = { customer_admin: "Admin", customer_member: "Member", account_manager: "Account manager" };
const CONTRACTS: AuditContractOption[] = [
  { id: "k1", title: "Team plan", subscriptions: [{ id: "s1", title: "Seats" }, { id: "s2", title: "Viewers" }] },
];

function row(id: string, subscriptionIds: string[]): AuditEntry {
  return {
    id,
    at: "2026-11-24T12:00:00.000Z",
    actor: { id: "u1", name: `Ada ${id}`, email: "ada@acme.com" },
    role: "customer_admin",
    customer_id: "c1",
    contract_id: "k1",
    subscription_ids: subscriptionIds,
    edit_id: null,
    outcome: "rejected",
    error: { status: 422, message: "Too many" },
    request: {},
    seats_before: {},
    seats_after: {},
    preview: null,
    claimed_preview: null,
  };
}

/** The server's audit log: two rows on s1, one on s2, filtered by subscription_id the way GET /api/audit does. */
const ROWS = [row("r1", ["s1"]), row("r2", ["s2"]), row("r3", ["s1"])];

function stubServer() {
  const auditUrls: URL[] = [];
  vi.stubGlobal("fetch", async (input: string) => {
    const url = new URL(input, "http://localhost");
    let body: unknown = { data: [], next_page: null };
    if (url.pathname === "/api/audit") {
      auditUrls.push(url);
      const sub = url.searchParams.get("subscription_id");
      body = { data: ROWS.filter((r) => sub === null || r.subscription_ids.includes(sub)), next_page: null };
    }
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  });
  return auditUrls;
}

function Harness({ initial }: { initial: AuditFilter }) {
  const [filter, setFilter] = useState(initial);
  return <AuditPage customerId="c1" customerName="Acme" contracts={CONTRACTS} filter={filter} onFilter={setFilter} roleLabels={ROLES} />;
}

function renderPage(initial: AuditFilter) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <Harness initial={initial} />
    </QueryClientProvider>,
  );
}

const changes = () => screen.getByRole("table", { name: "Seat changes" });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("AuditPage", () => {
  it("asks the server for the rows of the chosen subscription", async () => {
    const auditUrls = stubServer();
    renderPage({ contractId: null, subscriptionId: null });
    expect(await screen.findByText("Showing 3 changes.")).toBeInTheDocument();
    expect(within(changes()).getByText("Ada r1")).toBeInTheDocument();
    expect(auditUrls.at(-1)?.searchParams.has("subscription_id")).toBe(false);

    await userEvent.selectOptions(screen.getByLabelText("Subscription"), "s2");
    expect(await screen.findByText("Showing 1 change to this subscription.")).toBeInTheDocument();
    expect(within(changes()).getByText("Ada r2")).toBeInTheDocument();
    expect(within(changes()).queryByText("Ada r1")).not.toBeInTheDocument();
    expect(auditUrls.at(-1)?.searchParams.get("subscription_id")).toBe("s2");
    expect(auditUrls.at(-1)?.searchParams.get("customer_id")).toBe("c1");
  });

  it("says when a subscription has no changes", async () => {
    const auditUrls = stubServer();
    renderPage({ contractId: "k1", subscriptionId: "s-none" });
    expect(await screen.findByText("No changes to this subscription yet.")).toBeInTheDocument();
    expect(auditUrls.at(-1)?.searchParams.get("contract_id")).toBe("k1");
    expect(auditUrls.at(-1)?.searchParams.get("subscription_id")).toBe("s-none");
  });
});
