import { expect, test, type Page } from "@playwright/test";
import { idsFromUrl, openFirstContract, signInByApi } from "./fixtures";
import { landedOrder, removeSeatIds, reportCounts, watchEditAttempts } from "./resilience-helpers";
import { freezeBrowserClock, SIMULATOR_NOW } from "./seats-helpers";

// A customer admin and an account manager change Acme's seats at the same time, each in their own
// browser: both edits land in order, each sees the other's, and a preview made before the other's
// edit landed is recomputed when the confirm step opens (and says the numbers changed). It changes
// Acme's seat totals, so it runs only in `npm run test:resilience` (@resilience), one test at a time.
const suffix = Math.random().toString(36).slice(2, 8);
const adminSeat = `conc-admin-${suffix}@acme.example`;
const managerSeat = `conc-manager-${suffix}@acme.example`;

/** The seat IDs listed in the editor's "Pick from the assigned seats" list. */
async function assignedInEditor(page: Page, seat: string) {
  await page.getByRole("radio", { name: "Remove seats" }).check();
  const picker = page.getByText(/Pick from the \d+ assigned seats/);
  if ((await picker.locator("xpath=..").getAttribute("open")) === null) await picker.click();
  await page.getByLabel("Filter seats").fill(seat);
  return page.getByRole("button", { name: `Add ${seat} to the removal list` });
}

test("@resilience an admin and an account manager edit Acme at once: both land in order and the stale preview is recomputed", async ({ browser }) => {
  test.setTimeout(90_000);
  const adminContext = await browser.newContext();
  const managerContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const manager = await managerContext.newPage();
  await freezeBrowserClock(admin);
  // The account manager's clock runs, so their data can go stale and refetch when they come back.
  await manager.clock.install({ time: new Date(SIMULATOR_NOW) });
  await signInByApi(admin, "acmeAdmin");
  await signInByApi(manager, "accountManager");
  const ids = await openFirstContract(admin);
  const seatsUrl = new URL(admin.url()).pathname;
  await manager.goto(seatsUrl);
  expect(idsFromUrl(manager.url())).toEqual(ids);
  const adminEdits = watchEditAttempts(admin);
  const managerEdits = watchEditAttempts(manager);

  try {
    // The admin fills in a change and sees its preview…
    await admin.getByLabel("Seat IDs to add").fill(adminSeat);
    const adminImpact = admin.getByRole("region", { name: "Impact preview" }).getByRole("status");
    await expect(adminImpact).toContainText(/(\d+) → (\d+) seats/);
    const before = /(\d+) → (\d+) seats/.exec((await adminImpact.textContent()) ?? "");
    const [from, to] = [Number(before?.[1]), Number(before?.[2])];
    expect(to).toBe(from + 1);

    // …meanwhile the account manager adds a seat and confirms first.
    await manager.getByLabel("Seat IDs to add").fill(managerSeat);
    await manager.getByRole("button", { name: "Review change" }).click();
    await manager.getByRole("dialog", { name: "Confirm adding seats" }).getByRole("button", { name: "Confirm change" }).click();
    await expect(manager.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();

    // The admin's confirm step rechecks the seats: the numbers changed, and it says so.
    await admin.getByRole("button", { name: "Review change" }).click();
    const dialog = admin.getByRole("dialog", { name: "Confirm adding seats" });
    await expect(dialog.getByRole("status").filter({ hasText: "The seats changed since you filled in the form" })).toContainText(
      `Before: ${from} → ${to} seats`,
    );
    const shown = dialog.getByText(/^\d+ → \d+ seats from .*; adds /);
    await expect(shown).toHaveCount(1);
    await expect(shown).not.toHaveText(new RegExp(`^${from} → ${to} seats`));
    await dialog.getByRole("button", { name: "Confirm change" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();

    // Both landed, each once, in the order they were confirmed; the audit log has both as applied,
    // the admin's with the recomputed preview.
    const order = await landedOrder(admin.request, ids.customerId, ids.contractId);
    expect(adminEdits.keys).toHaveLength(1);
    expect(managerEdits.keys).toHaveLength(1);
    const [adminKey, managerKey] = [adminEdits.keys[0] ?? "", managerEdits.keys[0] ?? ""];
    const once = [adminKey, managerKey].filter((key) => order.filter((k) => k === key).length === 1).length;
    reportCounts("e2e concurrency", { edits: 2, applied_once: once, lost: 2 - once });
    expect(order.filter((k) => k === adminKey || k === managerKey)).toEqual([managerKey, adminKey]);
    const audit = (await (await admin.request.get(`/api/audit?customer_id=${ids.customerId}&limit=50`)).json()) as {
      data: Array<{ outcome: string; role: string; preview: { summary: string } | null }>;
    };
    const byRole = (role: string) => audit.data.filter((row) => row.role === role && row.preview?.summary.includes(suffix));
    expect(byRole("account_manager").map((row) => row.outcome)).toEqual(["applied"]);
    expect(byRole("customer_admin").map((row) => row.outcome)).toEqual(["applied"]);
    expect(byRole("customer_admin")[0]?.preview?.summary).toContain(adminSeat);
    expect(byRole("customer_admin")[0]?.preview?.summary).not.toContain(`${from} → ${to} seats`);

    // The admin's page refetched after the edit: it shows the manager's seat.
    await expect(await assignedInEditor(admin, managerSeat)).toBeVisible();
    // The manager comes back to the tab a minute later: the page refetches and shows the admin's seat.
    await manager.clock.fastForward("01:00");
    await manager.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
    await expect(await assignedInEditor(manager, adminSeat)).toBeVisible();
  } finally {
    await removeSeatIds(admin.request, ids, [adminSeat, managerSeat], SIMULATOR_NOW).catch(() => undefined);
    await adminContext.close();
    await managerContext.close();
  }
});
