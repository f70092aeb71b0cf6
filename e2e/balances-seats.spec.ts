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

async function acmeContract(request: APIRequestContext, customerId: string) {
  const contracts = await request.post("/api/simulator/v2/contracts/list", { data: { customer_id: customerId }, headers: bearer });
  const contract = ((await contracts.json()) as { data: Array<{ id: string; subscriptions: Array<{ subscription_rate: { product: { id: string } } }> }> }).data[0]!;
  return { contractId: contract.id, productId: contract.subscriptions[0]!.subscription_rate.product.id };
}

test("idle seats open the seat editor with their removal at the next period filled in and previewed", async ({ page }) => {
  const customerId = await signInByApi(page, "acmeAdmin");
  const { contractId, productId } = await acmeContract(page.request, customerId);
  // A subscription of its own: two seats held since September with no usage (one ID has a comma),
  // then, just now, six seats given out (not idle: not held for the whole window) and one unassigned.
  const added = await page.request.post("/api/simulator/v2/contracts/edit", {
    headers: bearer,
    data: {
      customer_id: customerId,
      contract_id: contractId,
      add_subscriptions: [
        {
          name: "Idle seats check",
          starting_at: "2026-09-01T00:00:00.000Z",
          collection_schedule: "ADVANCE",
          proration: { is_prorated: true },
          subscription_rate: { billing_frequency: "MONTHLY", product_id: productId },
          quantity_management_mode: "SEAT_BASED",
          seat_config: { seat_group_key: "user_id", initial_seat_ids: ["doe, jane", "ida.idle@acme.example"] },
        },
      ],
    },
  });
  expect(added.status()).toBe(200);
  const contract = await page.request.post("/api/simulator/v2/contracts/get", { headers: bearer, data: { customer_id: customerId, contract_id: contractId } });
  const subs = ((await contract.json()) as { data: { subscriptions: Array<{ id: string; name?: string }> } }).data.subscriptions;
  const sub = subs.find((s) => s.name === "Idle seats check")!;
  const fresh = Array.from({ length: 6 }, (_, i) => `new${i}@acme.example`);
  // Two edits: new seat IDs would fill an unassigned seat added with them.
  for (const seat_updates of [
    { add_seat_ids: [{ seat_ids: fresh, starting_at: "2026-11-24T12:00:00.000Z" }] },
    { add_unassigned_seats: [{ quantity: 1, starting_at: "2026-11-24T12:00:00.000Z" }] },
  ]) {
    const edit = await page.request.post("/api/simulator/v2/contracts/edit", {
      headers: bearer,
      data: { customer_id: customerId, contract_id: contractId, update_subscriptions: [{ subscription_id: sub.id, seat_updates }] },
    });
    expect(edit.status()).toBe(200);
  }

  await page.goto(`/c/${customerId}/k/${contractId}/s/${sub.id}/balances`);
  const idle = page.getByRole("region", { name: "Idle seats" });
  await idle.getByLabel("No usage for (days)").fill("0");
  await idle.getByRole("button", { name: "Find idle seats" }).click();
  await expect(idle.getByText("Enter a whole number of days from 1 to 365.")).toBeVisible();
  await idle.getByLabel("No usage for (days)").fill("20");
  await idle.getByRole("button", { name: "Find idle seats" }).click();
  await expect(page).toHaveURL(/idle=20/);
  await expect(idle.getByText(/^2 seats held since at least/)).toBeVisible();
  await idle.getByRole("link", { name: "Remove 3 seats at the next period start" }).click();

  await expect(page).toHaveURL(/\/seats\?remove=doe%2C\+jane&remove=ida\.idle%40acme\.example&remove_unassigned=1&at=next-period$/);
  await expect(page.getByRole("radio", { name: "Remove seats" })).toBeChecked();
  await expect(page.getByLabel("Seat IDs to remove")).toHaveValue('"doe, jane"\nida.idle@acme.example');
  await expect(page.getByLabel("Unassigned seats to remove (optional)")).toHaveValue("1");
  await expect(page.getByRole("radio", { name: /^At the next billing period/ })).toBeChecked();
  const impact = page.getByRole("region", { name: "Impact preview" });
  await expect(impact.getByRole("status")).toContainText("9 → 6 seats");
  await expect(impact.getByRole("status")).toContainText("no charge");
  await expect(impact).toContainText(/nothing is refunded|no refund/);
  await expect(page.getByText("Part of the prefilled removal was left out")).toHaveCount(0);

  // Both removals go in one edit, from the same start.
  await page.getByRole("button", { name: "Review change" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm removing seats" });
  await expect(dialog).toContainText("No charge");
  await dialog.getByRole("button", { name: "Confirm change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();
  await expect(page.getByLabel("Seat IDs to add")).toHaveValue("");

  // A link with seats nobody holds and a bad number: said so, left out, nothing breaks.
  await page.goto(`/c/${customerId}/k/${contractId}/s/${sub.id}/seats?remove=nobody%40acme.example&remove=new0%40acme.example&remove_unassigned=two&at=next-period`);
  await expect(page.getByText("Part of the prefilled removal was left out")).toBeVisible();
  await expect(page.getByText("This seat ID holds no seat now, so it was left out: nobody@acme.example.")).toBeVisible();
  await expect(page.getByText(/The number of unassigned seats to remove \(“two”\) is not usable/)).toBeVisible();
  await expect(page.getByLabel("Seat IDs to remove")).toHaveValue("new0@acme.example");
  await expect(page.getByLabel("Unassigned seats to remove (optional)")).toHaveValue("");
  await expect(impact.getByRole("status")).toContainText("→");
});

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
