import { expect, test, type Locator, type Page } from "@playwright/test";
import { signInButtonName } from "./fixtures";
import { expectSeatsNow, freezeBrowserClock, seatsNow } from "./seats-helpers";

// A seat edit from the sign-in page to the confirmation with the keyboard alone: Tab, Enter, Space
// and typing; no mouse.

/** Presses Tab until `target` has focus (fails after `max` presses). */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

test("an Umbrella admin signs in, changes the seat total and confirms it with the keyboard only", async ({ page }) => {
  test.setTimeout(90_000);
  await freezeBrowserClock(page);
  const signIn = page.getByRole("button", { name: await signInButtonName(page, "umbrellaAdmin") });
  await page.goto("/sign-in");
  await expect(signIn).toBeVisible();
  await tabTo(page, signIn);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/c\/[^/]+\/k\/[^/]+$/);

  const seatsTab = page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: "Seats", exact: true });
  await expect(seatsTab).toBeVisible();
  await tabTo(page, seatsTab);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/s\/[^/]+\/seats$/);
  const total = await seatsNow(page, "Total");

  const change = page.getByRole("group", { name: "Change 1" });
  const kind = change.getByLabel("Kind of change");
  await tabTo(page, kind);
  await expect(kind).toHaveValue("total");
  const value = change.getByLabel("New total seats");
  await tabTo(page, value);
  await page.keyboard.type(String(total + 1));
  await expect(page.getByRole("region", { name: "Impact preview" }).getByRole("status")).toContainText(`${total} → ${total + 1} seats`);

  const review = page.getByRole("button", { name: "Review change" });
  await tabTo(page, review);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Confirm the seat change" });
  await expect(dialog).toBeVisible();
  // Focus moved into the dialog and stays there.
  await expect.poll(() => dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  const confirm = dialog.getByRole("button", { name: "Confirm change" });
  await expect(confirm).toBeEnabled();
  await tabTo(page, confirm, 20);
  await expect.poll(() => dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Space");
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expectSeatsNow(page, "Total", total + 1);
});
