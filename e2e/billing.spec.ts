import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";
import { freshCustomer, openTab, signInAsAdminOf } from "./top-ups-helpers";

test("the Billing page shows the upcoming invoice and past ones with their lines and totals", async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, "acmeAdmin");
  await openTab(page, "Billing");
  await expect(page.getByRole("heading", { name: "Billing", level: 2 })).toBeVisible();

  // The upcoming invoice is the draft of the period: its seat charge and its total.
  const upcoming = page.getByRole("region", { name: "Upcoming invoice" });
  const draft = upcoming.getByRole("region", { name: /^Invoice for Nov 1 – Dec 1, 2026/ });
  await expect(draft).toContainText("Draft");
  // Other journeys change Acme's seats meanwhile, each adding a seat charge line: the period's own is among them.
  await expect(draft.getByRole("row").filter({ hasText: "Seat charge" }).filter({ hasText: "Dec 1, 2026 – Jan 1, 2027" }).first()).toBeVisible();
  await expect(draft.getByRole("row").filter({ hasText: "Credits applied" }).first()).toBeVisible();
  await expect(draft.getByText("Total", { exact: true }).last()).toBeVisible();

  // Past invoices are folded; opening one shows its lines.
  const past = page.getByRole("region", { name: "Past invoices" });
  const october = past.getByRole("group", { name: "Invoice for Oct 1 – Nov 1, 2026" });
  await expect(october.getByRole("table")).toBeHidden();
  await october.getByText("Invoice for Oct 1 – Nov 1, 2026", { exact: true }).click();
  await expect(october.getByRole("row").filter({ hasText: "Seat charge" }).filter({ hasText: "Nov 1 – Dec 1, 2026" }).first()).toBeVisible();
  await expect(october).toContainText("Finalized");
});

test("a seat change links from the audit log to the invoice it landed on", async ({ page }) => {
  test.setTimeout(90_000);
  const fresh = await freshCustomer(page.request, "Initrode");
  await signInAsAdminOf(page, fresh.customerId, fresh.contractId);
  await page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: "Seats", exact: true }).click();
  await page.getByRole("group", { name: "Change 1" }).getByLabel("New total seats").fill("6");
  await page.getByRole("button", { name: "Review change" }).click();
  await page.getByRole("dialog", { name: "Confirm the seat change" }).getByRole("button", { name: "Confirm change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible({ timeout: 20_000 });

  // The audit row names the invoice the change was billed on; its charge is what the preview said.
  await page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: "Audit log", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "Applied" });
  await expect(row).toHaveCount(1);
  const charged = (await row.getByRole("cell").filter({ hasText: "$" }).first().textContent())?.match(/\$[\d,.]+/)?.[0];
  expect(charged).toBeTruthy();
  await row.getByRole("link", { name: "Seat charge invoice of Nov 24, 2026" }).click();

  await expect(page).toHaveURL(/\/billing\?invoice=/);
  const invoice = page.getByRole("group", { name: "Seat charge invoice of Nov 24, 2026" });
  await expect(invoice).toBeFocused();
  await expect(invoice).toContainText("You followed a link to this invoice.");
  const line = invoice.getByRole("row").filter({ hasText: "Seat charge" });
  await expect(line).toContainText("Nov 24 – Dec 1, 2026");
  await expect(line).toContainText(charged!);
});
