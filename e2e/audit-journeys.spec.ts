import { expect, test, type Page } from "@playwright/test";
import { expectNoHorizontalScroll, openFirstContract, personName, signInByApi } from "./fixtures";
import { freezeBrowserClock, SIMULATOR_NOW } from "./seats-helpers";

const USD_CENTS = "2714e483-4ff1-48e4-9e25-ac732e8f24f2";
/** The e2e server's portal secret (scripts/e2e-server.mjs). */
const PORTAL_SECRET = "e2e-portal-secret";

interface Ids {
  customerId: string;
  contractId: string;
  subscriptionId: string;
}

/** The seat total of a seat-based subscription now, read through the BFF. */
async function seatTotal(page: Page, ids: Ids): Promise<number> {
  const origin = new URL((await page.request.get("/api/health")).url()).origin;
  const response = await page.request.post("/api/metronome/v1/contracts/getSubscriptionSeatsHistory", {
    data: { customer_id: ids.customerId, contract_id: ids.contractId, subscription_id: ids.subscriptionId, covering_date: SIMULATOR_NOW },
    headers: { origin },
  });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { data: Array<{ total_quantity: number | string }> };
  return Number(body.data.at(-1)?.total_quantity);
}

/** Sends a seat edit as the dashboard does: from the page, with its session cookie and the X-Seat-Preview header. */
async function editFromPage(page: Page, ids: Ids, seatIds: string[], preview: { charge: number; summary: string } | null) {
  return page.evaluate(
    async ({ ids, seatIds, preview, now, usd }) => {
      const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
      if (preview) {
        headers["X-Seat-Preview"] = encodeURIComponent(
          JSON.stringify({ previewed_charge: preview.charge, fiat_credit_type_id: usd, previewed_credits: {}, summary: preview.summary }),
        );
      }
      const response = await fetch("/api/metronome/v2/contracts/edit", {
        method: "POST",
        credentials: "same-origin",
        headers,
        body: JSON.stringify({
          customer_id: ids.customerId,
          contract_id: ids.contractId,
          uniqueness_key: `audit-e2e-${crypto.randomUUID()}`,
          update_subscriptions: [{ subscription_id: ids.subscriptionId, seat_updates: { add_seat_ids: [{ seat_ids: seatIds, starting_at: now }] } }],
        }),
      });
      return { status: response.status, body: (await response.json()) as { data?: { id: string }; message?: string } };
    },
    { ids, seatIds, preview, now: SIMULATOR_NOW, usd: USD_CENTS },
  );
}

function auditNav(page: Page) {
  return page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: "Audit log" });
}

test("an admin's seat edit and a refused attempt show in the audit log beside Metronome's record", async ({ page }) => {
  await freezeBrowserClock(page);
  await signInByApi(page, "acmeAdmin");
  const admin = await personName(page, "acmeAdmin");
  const ids = await openFirstContract(page);
  const tag = Date.now().toString(36);
  const seats = [`audit-${tag}-a@acme.example`, `audit-${tag}-b@acme.example`];
  const before = await seatTotal(page, ids);

  const applied = await editFromPage(page, ids, seats, { charge: 1500, summary: `Adds ${seats.join(", ")}` });
  expect(applied.status).toBe(200);
  const editId = applied.body.data?.id ?? "";
  expect(editId).not.toBe("");
  // The same seats again: Metronome refuses, and the attempt is kept.
  const refused = await editFromPage(page, ids, [seats[0] ?? ""], null);
  expect(refused.status).toBe(400);

  await auditNav(page).click();
  await expect(page).toHaveURL(new RegExp(`/c/${ids.customerId}/audit$`));
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();

  const changes = page.getByRole("table", { name: "Seat changes" });
  // The row shows the server's own preview; what the page claimed ($15.00) is kept beside it.
  const row = changes.getByRole("row").filter({ hasText: new RegExp(`adds ${seats[0]}`, "i") });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(admin);
  await expect(row).toContainText("Customer admin");
  await expect(row).toContainText(`${before} → ${before + 2}`);
  await expect(row).toContainText("$15.00");
  await expect(row).toContainText("Applied");
  await expect(row).toContainText(`Edit ${editId.slice(0, 8)}`);

  const refusedRow = changes.getByRole("row").filter({ hasText: `+1 seat: ${seats[0]}` });
  await expect(refusedRow).toHaveCount(1);
  await expect(refusedRow).toContainText("Refused");
  await expect(refusedRow).toContainText("already assigned");
  await expect(refusedRow).toContainText(`${before + 2} (unchanged)`);
  await expect(refusedRow).toContainText("Nothing recorded (not applied)");

  // Metronome's own record of the edit names who made it.
  const history = page.getByRole("table", { name: "Metronome's edit history" });
  const recorded = history.getByRole("row").filter({ hasText: editId.slice(0, 8) });
  await expect(recorded).toContainText(`+2 seats: ${seats.join(", ")}`);
  await expect(recorded).toContainText(admin);

  // Filters live in the URL: a deep link keeps them.
  await page.getByLabel("Subscription").selectOption(ids.subscriptionId);
  await expect(page).toHaveURL(new RegExp(`subscription=${ids.subscriptionId}`));
  await page.reload();
  await expect(page.getByLabel("Subscription")).toHaveValue(ids.subscriptionId);
  await expect(row).toHaveCount(1);

  // The CSV holds the loaded rows.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV of the seat changes" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-log-.*\.csv$/);

  // On a phone the rows stack and the page does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(row).toBeVisible();
  await expectNoHorizontalScroll(page);
});

test("an account manager sees audit rows of their customers only", async ({ page }) => {
  await freezeBrowserClock(page);
  await signInByApi(page, "accountManager");
  const assigned = ((await (await page.request.get("/api/session")).json()) as { customer_ids: string[] }).customer_ids;
  // A customer of the simulator that is not assigned to them (read with the e2e server's portal secret).
  const all = await page.request.get("/api/simulator/v1/customers?limit=100", { headers: { authorization: `Bearer ${PORTAL_SECRET}` } });
  expect(all.status()).toBe(200);
  const otherId = ((await all.json()) as { data: Array<{ id: string }> }).data.map((c) => c.id).find((id) => !assigned.includes(id)) ?? "";
  expect(otherId).not.toBe("");

  const ids = await openFirstContract(page);
  const seats = [`audit-am-${Date.now().toString(36)}@acme.example`];
  const made = await editFromPage(page, ids, seats, { charge: 750, summary: `Adds ${seats[0]}` });
  expect(made.status).toBe(200);
  const manager = await personName(page, "accountManager");

  await auditNav(page).click();
  const row = page.getByRole("table", { name: "Seat changes" }).getByRole("row").filter({ hasText: `Adds ${seats[0]}` });
  await expect(row).toContainText(manager);
  await expect(row).toContainText("Account manager");

  // A customer not assigned to them: no page, and the server refuses the log.
  await page.goto(`/c/${otherId}/audit`);
  await expect(page.getByRole("heading", { name: "Customer not found" })).toBeVisible();
  const refused = await page.request.get(`/api/audit?customer_id=${encodeURIComponent(otherId)}`);
  expect(refused.status()).toBe(403);
});

test("a member sees the audit log read-only", async ({ page }) => {
  await freezeBrowserClock(page);
  await signInByApi(page, "acmeMember");
  const ids = await openFirstContract(page);
  await page.goto(`/c/${ids.customerId}/audit?subscription=${ids.subscriptionId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Metronome's edit history" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Seat changes" })).toBeVisible();
  // Nothing on the page changes anything: only filters, export, paging, the strip's tables and the way back.
  const buttons = await page.getByRole("main").getByRole("button").allTextContents();
  for (const label of buttons) expect(label).toMatch(/^(Export CSV.*|Load more changes|Try again|Show table)$/);
  await expect(page.getByRole("link", { name: "Back to the contract" })).toBeVisible();
});
