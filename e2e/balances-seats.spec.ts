import { expect, test, type APIRequestContext } from "@playwright/test";
import { openContractTab, signInByApi } from "./fixtures";

// The portal secret scripts/e2e-server.mjs sets (drives the simulator's Metronome paths).
const bearer = { authorization: "Bearer e2e-portal-secret" };

test("find a seat among 1,000, read its ledger, come back to the same table", async ({ page }) => {
  const customerId = await signInByApi(page, "initechAdmin");
  await openContractTab(page, customerId, "Seat balances");
  const table = page.getByRole("table", { name: /Seat balances/ });
  await expect(table.getByRole("link", { name: "ada.allen@initech.example" })).toBeVisible();
  // Virtualized: a thousand seats, a few dozen rows in the page.
  await expect(page.getByText(/of 1,0\d\d seats shown/)).toBeVisible({ timeout: 15_000 });
  expect(await table.getByRole("row").count()).toBeLessThan(80);

  await page.getByLabel("Search seats").fill("grace.hopper");
  await expect(table.getByRole("link", { name: /^grace\.hopper/ }).first()).toBeVisible();
  await expect(page).toHaveURL(/q=grace\.hopper/);

  await table.getByRole("link", { name: /^grace\.hopper/ }).first().click();
  await expect(page.getByRole("heading", { level: 2, name: /^grace\.hopper/ })).toBeVisible();
  const ledger = page.getByRole("table", { name: /Ledger entries/ });
  await expect(ledger.getByText("Credits granted").first()).toBeVisible();
  await expect(page.getByText(/At the current rate|Nothing has been used recently|It is used up/)).toBeVisible();

  await page.getByRole("link", { name: /Back to seat balances/ }).click();
  await expect(page.getByLabel("Search seats")).toHaveValue("grace.hopper");
});

test("the seat table scrolls through all 1,000 seats and sorts by balance", async ({ page }) => {
  const customerId = await signInByApi(page, "initechAdmin");
  await openContractTab(page, customerId, "Seat balances");
  const table = page.getByRole("table", { name: /Seat balances/ });
  await expect(page.getByText(/of 1,0\d\d seats shown/)).toBeVisible({ timeout: 15_000 });
  await table.evaluate((el) => {
    const box = el.parentElement as HTMLElement;
    box.scrollTop = box.scrollHeight;
  });
  await expect(table.getByRole("link", { name: "yukihiro@initech.example" })).toBeVisible();
  await expect(table.getByRole("link", { name: "ada.allen@initech.example" })).toHaveCount(0);

  await table.getByRole("button", { name: /^Balance/ }).click();
  await expect(page).toHaveURL(/sort=balance/);
  await expect(table.getByRole("columnheader", { name: /^Balance/ })).toHaveAttribute("aria-sort", "descending");
});

test("idle seats open the seat editor with the removal prefilled", async ({ page }) => {
  const customerId = await signInByApi(page, "initechAdmin");
  await openContractTab(page, customerId, "Seat balances");
  const idle = page.getByRole("region", { name: "Idle seats" });
  await idle.getByLabel("No usage for (days)").fill("0");
  await idle.getByRole("button", { name: "Find idle seats" }).click();
  await expect(idle.getByText("Enter a whole number of days from 1 to 365.")).toBeVisible();
  await idle.getByLabel("No usage for (days)").fill("20");
  await idle.getByRole("button", { name: "Find idle seats" }).click();
  await expect(page).toHaveURL(/idle=20/);
  const remove = idle.getByRole("link", { name: /^Remove \d+ seats? at the next period start/ });
  if ((await remove.count()) > 0) {
    await remove.click();
    await expect(page).toHaveURL(/\/seats\?(.*&)?at=next-period/);
  } else {
    await expect(idle.getByText(/0 seats held since at least/)).toBeVisible();
  }
});

async function acmeContract(request: APIRequestContext, customerId: string) {
  const contracts = await request.post("/api/simulator/v2/contracts/list", { data: { customer_id: customerId }, headers: bearer });
  const contract = ((await contracts.json()) as { data: Array<{ id: string; subscriptions: Array<{ subscription_rate: { product: { id: string } } }> }> }).data[0]!;
  return { contractId: contract.id, productId: contract.subscriptions[0]!.subscription_rate.product.id };
}

test("a seat-based subscription with no seats shows a clear empty state", async ({ page }) => {
  const customerId = await signInByApi(page, "acmeAdmin");
  const { contractId, productId } = await acmeContract(page.request, customerId);
  const edit = await page.request.post("/api/simulator/v2/contracts/edit", {
    headers: bearer,
    data: {
      customer_id: customerId,
      contract_id: contractId,
      add_subscriptions: [
        {
          name: "Empty seats",
          collection_schedule: "ADVANCE",
          proration: { is_prorated: true },
          subscription_rate: { billing_frequency: "MONTHLY", product_id: productId },
          quantity_management_mode: "SEAT_BASED",
          seat_config: { seat_group_key: "user_id", initial_seat_ids: [] },
        },
      ],
    },
  });
  expect(edit.status()).toBe(200);
  const contract = await page.request.post("/api/simulator/v2/contracts/get", { headers: bearer, data: { customer_id: customerId, contract_id: contractId } });
  const subs = ((await contract.json()) as { data: { subscriptions: Array<{ id: string; name?: string }> } }).data.subscriptions;
  const empty = subs.find((s) => s.name === "Empty seats")!;
  await page.goto(`/c/${customerId}/k/${contractId}/s/${empty.id}/balances`);
  await expect(page.getByText("No seats on this subscription")).toBeVisible();
  await page.goto(`/c/${customerId}/k/${contractId}/s/${empty.id}/history`);
  await expect(page.getByText("No seats yet")).toBeVisible();
});

test("seat data asked of a quantity subscription, and an unknown seat, get clear messages", async ({ page }) => {
  const globex = await signInByApi(page, "globexAdmin");
  await openContractTab(page, globex, "Seat balances");
  await expect(page.getByText("This subscription has no per-seat balances")).toBeVisible();

  const acme = await signInByApi(page, "acmeAdmin");
  await openContractTab(page, acme, "Seat balances");
  await expect(page.getByRole("table", { name: /Seat balances/ }).getByRole("row").nth(1)).toBeVisible();
  await page.goto(`${new URL(page.url()).pathname}/nobody%40nowhere.example`);
  await expect(page.getByRole("heading", { name: "Seat not found" })).toBeVisible();
});
