import { expect, test } from "@playwright/test";
import { openFirstContract, people, signInAs } from "./fixtures";

test("the account manager finds a customer by typing and switches to it with the keyboard", async ({ page }) => {
  await signInAs(page, "accountManager");
  const search = page.getByRole("combobox", { name: "Switch customer" });
  await search.fill("Glob");
  const option = page.getByRole("option", { name: /Globex Corporation/ });
  await expect(option).toBeVisible();
  await search.press("ArrowDown");
  await search.press("Home");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/c\/[^/]+\/k\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: /Globex Business plan/ })).toBeVisible();
  // And back, picking with the mouse from a longer list.
  await search.fill("acme");
  await page.getByRole("option", { name: /Acme Robotics/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Acme/ })).toBeVisible();
});

test("a customer admin has no customer switcher", async ({ page }) => {
  await signInAs(page, "globexAdmin");
  await expect(page.getByRole("combobox", { name: "Switch customer" })).toHaveCount(0);
  await expect(page.getByRole("banner").getByText(people.globexAdmin.customer)).toBeVisible();
});

test("a deep link reloads to the same view, with its date range", async ({ page }) => {
  await signInAs(page, "acmeAdmin");
  const { customerId, contractId, subscriptionId } = await openFirstContract(page);
  const deepLink = `/c/${customerId}/k/${contractId}/s/${subscriptionId}/balances?from=2026-10-01&to=2026-11-30`;
  await page.goto(deepLink);
  await expect(page.getByRole("link", { name: "Seat balances", exact: true })).toHaveAttribute("aria-current", "page");
  await page.reload();
  await expect(page).toHaveURL(deepLink);
  await expect(page.getByRole("link", { name: "Seat balances", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.getByLabel("Subscription")).toHaveValue(subscriptionId);
});

test("unknown ids in the address show not-found views", async ({ page }) => {
  await signInAs(page, "acmeAdmin");
  const { customerId, contractId, subscriptionId } = await openFirstContract(page);
  await page.goto(`/c/${customerId}/k/00000000-0000-4000-8000-000000000000`);
  await expect(page.getByRole("heading", { name: "Contract not found" })).toBeVisible();
  await page.goto(`/c/${customerId}/k/${contractId}/s/00000000-0000-4000-8000-000000000000/seats`);
  await expect(page.getByRole("heading", { name: "Subscription not found" })).toBeVisible();
  await page.goto(`/c/${customerId}/k/${contractId}/s/${subscriptionId}/balances/nobody%40nowhere.example`);
  await expect(page.getByRole("heading", { name: "Seat not found" })).toBeVisible();
  await page.goto(`/c/00000000-0000-4000-8000-000000000000`);
  await expect(page.getByRole("heading", { name: "Customer not found" })).toBeVisible();
  await page.goto(`/no/such/page`);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("the contract and subscription pickers change the address", async ({ page }) => {
  await signInAs(page, "acmeAdmin");
  const { subscriptionId } = await openFirstContract(page);
  await page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: "History" }).click();
  await page.getByLabel("Subscription").selectOption({ label: "All (contract overview)" });
  await expect(page).toHaveURL(/\/k\/[^/]+$/);
  await page.getByLabel("Subscription").selectOption(subscriptionId);
  await expect(page).toHaveURL(new RegExp(`/s/${subscriptionId}/seats$`));
});
