import { expect, test } from "@playwright/test";
import { chooseTheme, expectNoHorizontalScroll, expectStrip, firstAssignedSeat, openFirstContract, signInAs } from "./fixtures";

const viewports = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
];

for (const viewport of viewports) {
  for (const theme of ["Light", "Dark"] as const) {
    test(`the strip shows seats and balance on every contract page (${viewport.name}, ${theme.toLowerCase()})`, async ({ page }) => {
      test.setTimeout(90_000);
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await signInAs(page, "acmeAdmin");
      await chooseTheme(page, theme);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme.toLowerCase());
      const ids = await openFirstContract(page);
      const seat = await firstAssignedSeat(page, ids);
      const contract = `/c/${ids.customerId}/k/${ids.contractId}`;
      const sub = `${contract}/s/${ids.subscriptionId}`;
      for (const path of [contract, `${sub}/seats`, `${sub}/history`, `${sub}/balances`, `${sub}/balances/${encodeURIComponent(seat)}`, `${contract}/credits`, `${contract}/alerts`, `/c/${ids.customerId}/audit`]) {
        await page.goto(path);
        // On a phone the strip folds behind its button so the page comes first.
        if (viewport.width < 640) await page.getByRole("button", { name: "Seats and credits" }).click();
        await expectStrip(page);
        await expectNoHorizontalScroll(page);
      }
    });
  }
}

test("the strip's table alternative opens with the keyboard and lists the scheduled future", async ({ page }) => {
  await signInAs(page, "globexAdmin");
  const strip = page.getByRole("region", { name: /Seats and credits over time/ });
  const toggle = strip.getByRole("button", { name: /Show table: Seat quantity over time/ });
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(strip.getByRole("button", { name: /Hide table: Seat quantity over time/ })).toHaveAttribute("aria-expanded", "true");
  const table = strip.getByRole("table", { name: "Seat quantity over time" });
  await expect(table).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Seats" })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: /scheduled/ }).first()).toBeVisible();
});

test("the theme follows the system until one is chosen, and the choice persists", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await signInAs(page, "acmeAdmin");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await chooseTheme(page, "Light");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await context.close();
});
