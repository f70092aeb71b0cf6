import { expect, test } from "@playwright/test";
import { openFirstContract, signInAs } from "./fixtures";

/** "Nov 20, 2026 (pending)" → its date; the balance cell "2,345.6 AI credits" → 2345.6. */
const amount = (text: string) => Number(text.replace(/[^0-9.-]/g, ""));

test("the pooled credits chart of Acme burns day by day within the current month, pending since it started", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "acmeAdmin");
  const ids = await openFirstContract(page);
  await page.goto(`/c/${ids.customerId}/k/${ids.contractId}/credits`);
  const pool = page.getByRole("region", { name: "Pooled credits over time" });
  await pool.getByRole("button", { name: /Show table: Pooled credits over time/ }).click();
  const table = pool.getByRole("table", { name: /Pooled credits over time/ });
  await expect(table).toBeVisible();
  await expect(pool.getByRole("list", { name: "Legend" }).getByText("Pooled credits (pending)")).toBeVisible();
  // The frozen clock is Nov 24, 2026: the rows of Nov 2 … Nov 24 are the current invoice's usage, pending.
  const rows = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^Nov \d+, 2026 \(pending\)$/ }) });
  await expect(rows.first()).toBeVisible();
  const balances: number[] = [];
  for (const row of await rows.all()) balances.push(amount(await row.getByRole("cell").first().innerText()));
  expect(balances.length).toBeGreaterThan(15);
  for (let i = 1; i < balances.length; i++) expect(balances[i]).toBeLessThanOrEqual(balances[i - 1]!);
  expect(balances.at(-1)!).toBeLessThan(balances[0]!);
  // October's days are settled: no note, and the balance falls there too.
  const october = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^Oct \d+, 2026$/ }) });
  expect(await october.count()).toBeGreaterThan(15);
});
