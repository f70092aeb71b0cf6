import { expect, test, type Page } from "@playwright/test";
import { accessCheck, definitionOf, freshCustomer, openTab, signInAsAdminOf, simulator } from "./top-ups-helpers";

// Each journey buys on a customer of its own, so no other journey's balances move under it.

/** The contract's pooled credits as the Credits page's "Credits now" shows them. */
function pooledCredits(page: Page) {
  return definitionOf(page.getByRole("region", { name: "Credits now" }), "Pooled credits");
}

/**
 * A contract-level low-balance alert above the pool (1,000 AI credits), created on the Alerts page:
 * it goes into alarm. It watches credits and commits: a pack is a prepaid commit, so only such an
 * alert counts it (a credits-only alert stays in alarm after a top-up).
 */
async function putInAlarm(page: Page): Promise<void> {
  await openTab(page, "Alerts");
  const form = page.getByRole("form", { name: "New alert" });
  await form.getByLabel("Balance to watch").selectOption({ label: "Credits and commits" });
  await form.getByLabel(/^Threshold/).fill("1500");
  await form.getByRole("button", { name: "Create alert" }).click();
  await expect(form.getByText("Alert created")).toBeVisible();
  await expect(page.getByText("Status: In alarm")).toBeVisible({ timeout: 15_000 });
}

const banner = (page: Page) => page.getByRole("status").filter({ hasText: "Credit balance is low" });

test("an admin whose credits are low buys a pack: the banner goes, the balance rises by exactly the pack, its invoice is on the Billing page, the host's access check turns true", async ({ page }) => {
  test.setTimeout(90_000);
  const fresh = await freshCustomer(page.request, "Hooli");
  await signInAsAdminOf(page, fresh.customerId, fresh.contractId);
  await putInAlarm(page);

  // The banner says what happens and when, and offers the way out; the host product's check says no.
  await expect(banner(page)).toContainText("Access is gated now.");
  await expect(banner(page)).toContainText("by itself when the next billing period starts on December 1, 2026");
  await expect.poll(async () => (await accessCheck(page.request, fresh.customerId)).allowed, { timeout: 15_000 }).toBe(false);
  await openTab(page, "Credits");
  await expect(await pooledCredits(page)).toHaveText("1,000 AI credits");

  await banner(page).getByRole("button", { name: "Buy credits" }).click();
  const dialog = page.getByRole("dialog", { name: "Buy credits" });
  await dialog.getByRole("radio", { name: /^20,000 AI credits/ }).check();
  const preview = dialog.getByRole("region", { name: "What you get" });
  await expect(preview).toContainText("Balance after21,000 AI credits");
  await dialog.getByRole("radio", { name: /^5,000 AI credits/ }).check();
  await expect(preview).toContainText("Price$50.00");
  await expect(preview).toContainText("Credits expireNovember 24, 2027");
  await expect(preview).toContainText("Balance now1,000 AI credits");
  await expect(preview).toContainText("Balance after6,000 AI credits");
  await dialog.getByRole("button", { name: "Buy for $50.00" }).click();

  // The outcome as Metronome reports it, with focus on it; the balance is refetched, never guessed.
  const outcome = dialog.getByRole("status").filter({ hasText: "Payment received: the credits are available" });
  await expect(outcome).toBeVisible({ timeout: 20_000 });
  await expect(outcome).toContainText("5,000 AI credits were added. The balance is now 6,000 AI credits.");
  await expect(page.locator(":focus")).toContainText("Payment received");
  await dialog.getByRole("link", { name: "See its invoice" }).click();

  // Its invoice, opened from the outcome: one top-up line of the pack's price.
  await expect(page).toHaveURL(/\/billing\?invoice=/);
  const invoice = page.getByRole("group", { name: "Top-up invoice of Nov 24, 2026" });
  await expect(invoice).toBeVisible();
  await expect(invoice).toContainText("Finalized");
  const line = invoice.getByRole("row").filter({ hasText: "Top-up" });
  await expect(line).toContainText("5,000 AI credits");
  await expect(line).toContainText("$50.00");

  // The alert resolved through the webhook path: the banner goes, and the host's check turns true.
  await expect(banner(page)).toHaveCount(0, { timeout: 25_000 });
  await expect.poll(async () => (await accessCheck(page.request, fresh.customerId)).allowed, { timeout: 25_000 }).toBe(true);
  await openTab(page, "Credits");
  await expect(await pooledCredits(page)).toHaveText("6,000 AI credits");
});

test("a failed payment changes nothing and the dialog says why; a member sees no Buy credits button", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const fresh = await freshCustomer(page.request, "Pied Piper");
  await signInAsAdminOf(page, fresh.customerId, fresh.contractId);
  await putInAlarm(page);
  await simulator(page.request, "/_simulator/payments", { outcome: "failed", customer_id: fresh.customerId });
  await openTab(page, "Credits");

  await page.getByRole("main").getByRole("button", { name: "Buy credits" }).last().click();
  const dialog = page.getByRole("dialog", { name: "Buy credits" });
  await dialog.getByRole("button", { name: "Buy for $50.00" }).click();
  const outcome = dialog.getByRole("alert").filter({ hasText: "The payment failed: nothing was bought" });
  await expect(outcome).toBeVisible({ timeout: 20_000 });
  await expect(outcome).toContainText("insufficient funds");
  await expect(outcome).toContainText("Nothing is retried");
  await dialog.getByRole("button", { name: "Close" }).last().click();
  await expect(dialog).toBeHidden();

  // Nothing changed: the same balance, still gated, the voided invoice kept with its line.
  await expect(await pooledCredits(page)).toHaveText("1,000 AI credits");
  await expect(banner(page)).toBeVisible();
  expect((await accessCheck(page.request, fresh.customerId)).allowed).toBe(false);
  await openTab(page, "Billing");
  const invoice = page.getByRole("group", { name: "Top-up invoice of Nov 24, 2026" });
  await expect(invoice).toContainText("Voided");

  // A member of the same customer sees the banner but no button to buy.
  const member = await browser.newContext();
  const memberPage = await member.newPage();
  const link = await memberPage.request.post("/api/portal-sessions", {
    headers: { authorization: "Bearer e2e-portal-secret" },
    data: { role: "customer_member", customer_id: fresh.customerId, user: { id: "member-1", name: "Mo Member", email: "mo@fresh.example" }, return_url: `/c/${fresh.customerId}/k/${fresh.contractId}/credits` },
  });
  await memberPage.goto(((await link.json()) as { url: string }).url);
  await expect(banner(memberPage)).toBeVisible({ timeout: 20_000 });
  await expect(memberPage.getByRole("heading", { name: "Auto-recharge" })).toBeVisible();
  await expect(memberPage.getByRole("button", { name: "Buy credits" })).toHaveCount(0);
  await member.close();
});
