import { expect, test, type Page } from "@playwright/test";
import { axe, waitForMain } from "./a11y-helpers";
import { signInByApi } from "./fixtures";
import { freezeBrowserClock, seatsNow } from "./seats-helpers";

// Phones: each page's own content starts on the first screen, the pickers and the seat and
// credit strip fold behind disclosures, touch targets are 44 px. Keyboards: a chart is one tab
// stop; after a confirmation focus lands on its result, never on the page body.

const contractPages = (page: Page) => page.getByRole("navigation", { name: "Contract pages" });

test.describe("on a phone (390 × 844)", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test("every contract page starts within the first screen; the pickers and the strip open on demand", async ({ page }) => {
    test.setTimeout(90_000);
    await signInByApi(page, "acmeAdmin");
    await page.goto("/");
    await expect(page).toHaveURL(/\/c\/[^/]+\/k\/[^/]+$/);
    await expect(contractPages(page).getByRole("link", { name: "Overview" })).toBeVisible();
    const tabs = await contractPages(page).getByRole("link").evaluateAll((links) => links.map((a) => ({ name: a.textContent?.trim() ?? "", href: a.getAttribute("href") ?? "" })));
    expect(tabs.length).toBeGreaterThanOrEqual(7);
    for (const { name, href } of tabs) {
      await page.goto(href);
      // The page's own heading (h2) below the layout's h1.
      const heading = page.getByRole("main").getByRole("heading", { level: 2 }).first();
      await expect(heading, name).toBeVisible();
      const box = await heading.boundingBox();
      expect(box && box.y + box.height, `${name}: its heading ends at ${String(box?.y)}`).toBeLessThan(844);
    }

    await page.goto(tabs[0]?.href ?? "/");
    await waitForMain(page);
    expect(await axe(page, "phone, folded")).toEqual([]);
    const scope = page.getByRole("button", { name: "Contract and subscription" });
    await expect(scope).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByLabel("Contract", { exact: true })).toBeHidden();
    await scope.click();
    await expect(scope).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByLabel("Contract", { exact: true })).toBeVisible();

    const strip = page.getByRole("button", { name: "Seats and credits" });
    await expect(page.getByRole("img", { name: /Seat quantity over time/ })).toBeHidden();
    await strip.click();
    await expect(page.getByRole("img", { name: /Seat quantity over time/ })).toBeVisible();
    expect(await axe(page, "phone, unfolded")).toEqual([]);
    for (const target of [scope, strip, contractPages(page).getByRole("link", { name: "Overview" })]) {
      expect((await target.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
  });

  test("radios and checkboxes are 44 px touch targets with their labels", async ({ page }) => {
    await signInByApi(page, "acmeAdmin");
    await page.goto("/");
    await contractPages(page).getByRole("link", { name: "Alerts", exact: true }).click();
    const form = page.getByRole("form", { name: "New alert" });
    const radio = form.getByRole("radio").first();
    await expect(radio).toBeVisible();
    expect((await radio.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(20);
    const label = page.getByText("Show archived");
    expect((await label.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
  });
});

test("a chart is one named image and one tab stop: Tab goes from one chart's table toggle to the next", async ({ page }) => {
  await signInByApi(page, "acmeAdmin");
  await page.goto("/");
  const quantity = page.getByRole("img", { name: /^Seat quantity over time / });
  await expect(quantity).toBeVisible();
  const first = page.getByRole("button", { name: "Show table: Seat quantity over time" });
  const second = page.getByRole("button", { name: /^Show table: Seats' credits in all over time/ });
  await expect(second).toBeVisible();
  // Wait for both drawings before walking: their layers appear once Recharts has loaded.
  await expect(page.getByRole("img", { name: /^Seats' credits in all over time / }).locator("svg").first()).toBeVisible();
  await first.focus();
  await page.keyboard.press("Tab");
  await expect(second).toBeFocused();
});

test("after an alert is created and archived, focus is on the result", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  await signInByApi(page, "acmeAdmin");
  await page.goto("/");
  await contractPages(page).getByRole("link", { name: "Alerts", exact: true }).click();
  const form = page.getByRole("form", { name: "New alert" });
  const threshold = 876_543 + testInfo.retry;
  await form.getByLabel(/^Threshold/).fill(String(threshold));
  await form.getByRole("button", { name: "Create alert" }).click();
  await expect(form.getByText("Alert created")).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? "")).toContain("Alert created");

  const name = `${threshold.toLocaleString("en-US")} AI credits remaining`;
  await page.getByRole("button", { name: `Archive ${name}` }).click();
  await page.getByRole("dialog", { name: "Archive this alert?" }).getByRole("button", { name: "Archive alert" }).click();
  await expect(page.getByRole("status").filter({ hasText: `“${name}” was archived.` })).toBeFocused();
});

test("after a seat change is confirmed, focus is on the success notice", async ({ page }) => {
  test.setTimeout(60_000);
  await freezeBrowserClock(page);
  await signInByApi(page, "accountManager");
  // A small customer no other journey changes, whose subscription counts seats by quantity.
  const found = (await (await page.request.get("/api/customers?q=small-042")).json()) as { data: Array<{ id: string }> };
  await page.goto(`/c/${found.data[0]?.id ?? ""}`);
  await contractPages(page).getByRole("link", { name: "Seats", exact: true }).click();
  const total = await seatsNow(page, "Total");
  const change = page.getByRole("group", { name: "Change 1" });
  await change.getByLabel("New total seats").fill(String(total + 1));
  await page.getByRole("button", { name: "Review change" }).click();
  await page.getByRole("dialog", { name: "Confirm the seat change" }).getByRole("button", { name: "Confirm change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeFocused();
});
