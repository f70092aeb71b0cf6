import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

// Set by scripts/e2e-server.mjs: the simulator's control API, portal links and the access check answer to it.
export const PORTAL_SECRET = "e2e-portal-secret";
const bearer = { authorization: `Bearer ${PORTAL_SECRET}` };
const AI_CREDITS_ID = "d3cb2827-dcb5-44af-9354-947a7197b9a6";
/** The frozen simulator clock's month (scripts/e2e-server.mjs): a contract from its first day. */
const MONTH_START = "2026-11-01T00:00:00.000Z";

/** A call to the embedded simulator (Metronome's paths and its control API) through the server. */
export async function simulator<T>(request: APIRequestContext, path: string, body?: unknown): Promise<T> {
  const response = body === undefined ? await request.get(`/api/simulator${path}`, { headers: bearer }) : await request.post(`/api/simulator${path}`, { headers: bearer, data: body });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

export interface FreshCustomer {
  customerId: string;
  contractId: string;
  /** The shared AI credits the contract starts with. */
  pool: number;
}

/**
 * A customer of its own (so no other journey moves its balances): a contract from the start of the
 * month with 5 seats of the demo's seat product, billed at once when seats are added, and 200
 * pooled AI credits a seat each month, on the demo's rate card and products.
 */
export async function freshCustomer(request: APIRequestContext, name: string): Promise<FreshCustomer> {
  const customers = await simulator<{ data: Array<{ id: string; name: string }> }>(request, "/v1/customers?limit=100");
  const globex = customers.data.find((c) => c.name === "Globex Corporation");
  if (!globex) throw new Error("no Globex in the demo scenario");
  const template = (await simulator<{ data: Array<{ rate_card_id: string; subscriptions: Array<{ subscription_rate: { product: { id: string } } }>; recurring_credits: Array<{ product: { id: string } }> }> }>(request, "/v2/contracts/list", { customer_id: globex.id })).data[0]!;
  const customerId = (await simulator<{ data: { id: string } }>(request, "/v1/customers", { name: `${name} ${Date.now().toString(36)}` })).data.id;
  const contractId = (
    await simulator<{ data: { id: string } }>(request, "/v1/contracts/create", {
      customer_id: customerId,
      name: `${name} plan`,
      starting_at: MONTH_START,
      rate_card_id: template.rate_card_id,
      subscriptions: [
        {
          temporary_id: "seats",
          name: "Team Seat",
          collection_schedule: "ADVANCE",
          proration: { is_prorated: true, invoice_behavior: "BILL_IMMEDIATELY" },
          subscription_rate: { billing_frequency: "MONTHLY", product_id: template.subscriptions[0]!.subscription_rate.product.id },
          quantity_management_mode: "QUANTITY_ONLY",
          initial_quantity: 5,
        },
      ],
      recurring_credits: [
        {
          product_id: template.recurring_credits[0]!.product.id,
          name: "Pooled AI credits",
          priority: 1,
          starting_at: MONTH_START,
          access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 200 },
          commit_duration: { value: 1, unit: "PERIODS" },
          subscription_config: { subscription_id: "seats", allocation: "POOLED", apply_seat_increase_config: { is_prorated: true } },
        },
      ],
    })
  ).data.id;
  return { customerId, contractId, pool: 1000 };
}

/** Signs the page in as an admin of the customer through a one-time portal link (the host product's way in). */
export async function signInAsAdminOf(page: Page, customerId: string, contractId: string): Promise<void> {
  const created = await page.request.post("/api/portal-sessions", {
    headers: bearer,
    data: { role: "customer_admin", customer_id: customerId, user: { id: `admin-${customerId}`, name: "Pat Admin", email: "pat@fresh.example" }, return_url: `/c/${customerId}/k/${contractId}` },
  });
  expect(created.status()).toBe(201);
  await page.goto(((await created.json()) as { url: string }).url);
  await expect(page).toHaveURL(new RegExp(`/c/${customerId}/k/${contractId}$`));
}

/** The host product's access check for the customer (server to server, with the portal secret). */
export async function accessCheck(request: APIRequestContext, customerId: string): Promise<{ allowed: boolean; reason: string }> {
  const response = await request.post("/api/access/check", { headers: bearer, data: { customer_id: customerId } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as { allowed: boolean; reason: string };
}

/** Opens one of the contract's tabs ("Credits", "Alerts", "Billing", …). */
export async function openTab(page: Page, tab: string): Promise<void> {
  const link = page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: tab, exact: true });
  await link.click();
  await expect(link).toHaveAttribute("aria-current", "page", { timeout: 15_000 });
}

/** The definition of a term in a description list inside `scope` (e.g. "Pooled credits" under "Credits now"). */
export async function definitionOf(scope: Locator, term: string): Promise<Locator> {
  const terms = scope.getByRole("term");
  await expect(terms.filter({ hasText: term }).first()).toBeVisible();
  const index = (await terms.allTextContents()).findIndex((text) => text.trim() === term);
  expect(index, `the term "${term}"`).toBeGreaterThanOrEqual(0);
  return scope.getByRole("definition").nth(index);
}
