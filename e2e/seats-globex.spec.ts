import { expect, test } from "@playwright/test";
import { openFirstContract, signInByApi } from "./fixtures";
import { expectSeatsNow, freezeBrowserClock, seatsNow, watchEdits } from "./seats-helpers";

// Globex: a quantity subscription (no named seats), pooled AI credits, seat policy 10–400.
test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await freezeBrowserClock(page);
  await signInByApi(page, "globexAdmin");
  await openFirstContract(page);
});

test("a Globex admin sets a new total and sees it everywhere", async ({ page }) => {
  const total = await seatsNow(page, "Total");
  const change = page.getByRole("group", { name: "Change 1" });
  await change.getByLabel("New total seats").fill(String(total + 10));
  const impact = page.getByRole("region", { name: "Impact preview" });
  await expect(impact.getByRole("status")).toContainText(`${total} → ${total + 10} seats`);
  await expect(impact).toContainText(/billed on the next invoice/);
  await expect(impact).toContainText(/to the shared pool/);
  await page.getByRole("button", { name: "Review change" }).click();
  await page.getByRole("dialog", { name: "Confirm the seat change" }).getByRole("button", { name: "Confirm change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();
  await expectSeatsNow(page, "Total", total + 10);
  // The strip above every page shows the new count too.
  await expect(page.getByRole("region", { name: /Seats and credits over time/ })).toContainText(String(total + 10));
});

test("several changes in one submission, with bad numbers explained first", async ({ page }) => {
  const sent = watchEdits(page);
  const first = page.getByRole("group", { name: "Change 1" });
  const value = first.getByLabel("New total seats");
  for (const [typed, message] of [
    ["-5", /can't be negative/],
    ["2.5", /whole numbers/],
    ["abc", /not a number of seats/],
    ["99999999", /more than 1,000,000 seats/],
    ["5", /least allowed for this customer is 10/],
  ] as const) {
    await value.fill(typed);
    await expect(value).toHaveAccessibleDescription(message);
  }
  await value.fill("");
  await page.getByRole("button", { name: "Review change" }).click();
  await expect(value).toHaveAccessibleDescription(/Enter a number of seats/);
  await expect(value).toBeFocused();

  await first.getByLabel("Kind of change").selectOption({ label: "Add or remove seats (+/−)" });
  const delta = first.getByLabel("Seats to add (+) or remove (−)");
  await delta.fill("0");
  await expect(delta).toHaveAccessibleDescription(/A change of 0 seats does nothing/);
  await delta.fill("+3");

  await page.getByRole("button", { name: "Add another change" }).click();
  const second = page.getByRole("group", { name: "Change 2" });
  await second.getByLabel("Kind of change").selectOption({ label: "Add or remove seats (+/−)" });
  await second.getByLabel("Seats to add (+) or remove (−)").fill("-2");
  await second.getByRole("radio", { name: /At a later date and hour I choose/ }).check();
  const at = second.getByLabel("Starts at (UTC, on the hour)");
  await at.fill("2024-01-01T00:00");
  await expect(at).toHaveAccessibleDescription(/back-date/);
  await at.fill("2026-11-27T15:00");
  const impact = page.getByRole("region", { name: "Impact preview" });
  await expect(impact).toContainText(/takes effect at the start of the next billing period/);
  expect(sent).toEqual([]);

  // A refusal from the server keeps the form exactly as typed, with the server's words.
  await page.route("**/api/metronome/v2/contracts/edit", (route) =>
    route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ message: "Contract is locked for invoicing" }) }),
  );
  await page.getByRole("button", { name: "Review change" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm the seat change" });
  await dialog.getByRole("button", { name: "Confirm change" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Contract is locked for invoicing");
  await dialog.getByRole("button", { name: "Go back" }).click();
  await expect(page.getByText("Contract is locked for invoicing")).toBeVisible();
  await expect(delta).toHaveValue("+3");
  await expect(second.getByLabel("Seats to add (+) or remove (−)")).toHaveValue("-2");
  await expect(at).toHaveValue("2026-11-27T15:00");
  await page.unroute("**/api/metronome/v2/contracts/edit");
});

test("a retried submission is applied once", async ({ page }) => {
  const total = await seatsNow(page, "Total");
  const keys: string[] = [];
  let attempts = 0;
  await page.route("**/api/metronome/v2/contracts/edit", async (route) => {
    attempts += 1;
    keys.push((JSON.parse(route.request().postData() ?? "{}") as { uniqueness_key: string }).uniqueness_key);
    if (attempts === 1) {
      // The edit reaches Metronome, but the answer is lost on the way back.
      await route.fetch();
      await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ message: "Service unavailable" }) });
      return;
    }
    await route.continue();
  });
  const change = page.getByRole("group", { name: "Change 1" });
  await change.getByLabel("Kind of change").selectOption({ label: "Add or remove seats (+/−)" });
  await change.getByLabel("Seats to add (+) or remove (−)").fill("+1");
  await page.getByRole("button", { name: "Review change" }).click();
  await page.getByRole("dialog", { name: "Confirm the seat change" }).getByRole("button", { name: "Confirm change" }).dblclick();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toContainText("not applied twice");
  await expectSeatsNow(page, "Total", total + 1);
  expect(attempts).toBe(2);
  expect(new Set(keys).size).toBe(1);
});

test("the scheduled change is listed and can be cancelled", async ({ page }) => {
  const scheduled = page.getByRole("region", { name: "Scheduled changes" });
  const cancel = scheduled.getByRole("button", { name: /^Cancel the change of Dec 1, 2026/ });
  await expect(cancel).toBeVisible();
  await cancel.click();
  await expect(scheduled.getByRole("heading", { name: "Credits released" })).toBeVisible();
  await scheduled.getByRole("button", { name: "Review the cancellation" }).click();
  await page.getByRole("dialog", { name: /^Cancel the change of Dec 1, 2026/ }).getByRole("button", { name: "Confirm change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();
  await expect(scheduled.getByText("No scheduled changes")).toBeVisible();
});

test("one submission of two changes keeps both, and each scheduled change is cancelled on its own", async ({ page }) => {
  const total = await seatsNow(page, "Total");
  // An hour of their own (Dec 15), apart from the next period start earlier tests change.
  const later = async (group: ReturnType<typeof page.getByRole>) => {
    await group.getByRole("radio", { name: /At a later date and hour I choose/ }).check();
    await group.getByLabel("Starts at (UTC, on the hour)").fill("2026-12-15T00:00");
  };
  // A change scheduled on its own first: +25 at that hour.
  const first = page.getByRole("group", { name: "Change 1" });
  await first.getByLabel("Kind of change").selectOption({ label: "Add or remove seats (+/−)" });
  await first.getByLabel("Seats to add (+) or remove (−)").fill("+25");
  await later(first);
  await page.getByRole("button", { name: "Review change" }).click();
  await page.getByRole("dialog", { name: "Confirm the seat change" }).getByRole("button", { name: "Confirm change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();

  // Then one submission: a new total now, then −20 at the same later hour.
  await page.getByRole("group", { name: "Change 1" }).getByLabel("New total seats").fill(String(total + 50));
  await page.getByRole("button", { name: "Add another change" }).click();
  const second = page.getByRole("group", { name: "Change 2" });
  await second.getByLabel("Kind of change").selectOption({ label: "Add or remove seats (+/−)" });
  await second.getByLabel("Seats to add (+) or remove (−)").fill("-20");
  await later(second);
  await page.getByRole("button", { name: "Review change" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm the seat change" });
  await expect(dialog.getByText("This submission makes 2 changes:")).toBeVisible();
  await expect(dialog.getByRole("listitem").filter({ hasText: `${total} → ${total + 50} seats from` })).toHaveCount(1);
  await expect(dialog.getByRole("listitem").filter({ hasText: "−20 by this change" })).toHaveCount(1);
  await dialog.getByRole("button", { name: "Confirm change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();

  // Two scheduled changes at the same hour, each with its own cancellation.
  const scheduled = page.getByRole("region", { name: "Scheduled changes" });
  await expect(scheduled.getByRole("button", { name: /^Cancel the change of Dec 15, 2026.*: \+25 seats/ })).toHaveCount(1);
  const cancelMinus = scheduled.getByRole("button", { name: /^Cancel the change of Dec 15, 2026.*: −20 seats/ });
  await expect(cancelMinus).toHaveCount(1);
  await cancelMinus.click();
  await expect(scheduled).toContainText("Cancelling sends a change for the same hour of +20 seats");
  await scheduled.getByRole("button", { name: "Review the cancellation" }).click();
  const cancelDialog = page.getByRole("dialog", { name: /^Cancel the change of Dec 15, 2026/ });
  await expect(cancelDialog).toContainText("Cancels the change of −20 seats scheduled for December 15, 2026");
  await cancelDialog.getByRole("button", { name: "Confirm change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();
  // The +25 stays, as the one change of that hour.
  await expect(scheduled.getByRole("button", { name: /^Cancel the change of Dec 15, 2026/ })).toHaveCount(1);
  // (Dec 1's total, set when an earlier test cancelled its change, still applies before it.)
  const row = scheduled.getByRole("listitem").filter({ hasText: "Dec 15, 2026" });
  await expect(row).toHaveText(/: \d+ → \d+ seats/);
  const [, from, to] = /: (\d+) → (\d+) seats/.exec((await row.textContent()) ?? "") ?? [];
  expect(Number(to) - Number(from)).toBe(25);
});
