import { expect, test } from "@playwright/test";
import { signInByApi } from "./fixtures";

// The account manager's home: every assigned customer on one page, sorted and searched through the URL.

test("the account manager sorts and searches the portfolio, opens a customer and comes back to the same view", async ({ page }) => {
  test.setTimeout(90_000);
  await signInByApi(page, "accountManager");
  const session = (await (await page.request.get("/api/session")).json()) as { customer_ids: string[] };
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Your customers" })).toBeVisible();
  const table = page.getByRole("table", { name: /^Customers, sorted by Customer \(ascending\)/ });
  // One header row and one row per customer.
  await expect(table.getByRole("row")).toHaveCount(session.customer_ids.length + 1);
  await expect(page.getByText(`${session.customer_ids.length} customers of ${session.customer_ids.length} shown.`)).toBeVisible();
  await expect(table.getByText("Loading…")).toHaveCount(0, { timeout: 60_000 });

  await page.getByRole("button", { name: "Sort by Credits left" }).click();
  await expect(page).toHaveURL(/[?&]sort=credits&dir=asc/);
  const sorted = page.getByRole("table", { name: /sorted by Credits left \(ascending\)/ });
  await expect(sorted.getByRole("columnheader", { name: /Credits left/ })).toHaveAttribute("aria-sort", "ascending");
  await page.getByRole("button", { name: "Sort by Credits left" }).click();
  await expect(page).toHaveURL(/[?&]sort=credits&dir=desc/);
  await expect(page.getByRole("columnheader", { name: /Credits left/ })).toHaveAttribute("aria-sort", "descending");

  await page.getByRole("searchbox", { name: "Search customers" }).fill("glob");
  await expect(page).toHaveURL(/[?&]q=glob/);
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(2);
  await page.getByRole("link", { name: "Globex Corporation" }).click();
  await expect(page).toHaveURL(/\/c\/[^/]+\/k\/[^/]+$/);
  await expect(page.getByRole("navigation", { name: "Contract pages" })).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/[?&]sort=credits&dir=desc/);
  await expect(page.getByRole("searchbox", { name: "Search customers" })).toHaveValue("glob");
  await expect(page.getByRole("link", { name: "Globex Corporation" })).toBeVisible();
});

test("a customer admin's home is still their customer's contract", async ({ page }) => {
  await signInByApi(page, "acmeAdmin");
  await page.goto("/");
  await expect(page).toHaveURL(/\/c\/[^/]+\/k\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your customers" })).toHaveCount(0);
});
