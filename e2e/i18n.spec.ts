import { expect, test } from "@playwright/test";
import { personName } from "./fixtures";

// A German browser in Berlin: the session sets no locale or time zone, so the browser's apply.
test.use({ locale: "de-DE", timezoneId: "Europe/Berlin" });

test("a German browser in Berlin reads the dashboard in German, with Berlin times and UTC beside them", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", "de-DE");
  await expect(page.getByRole("heading", { name: "Anmelden", level: 1 })).toBeVisible();
  const name = await personName(page, "acmeAdmin");
  await page.getByRole("button", { name: `Als ${name} anmelden, Kunden-Admin` }).click();
  await expect(page).toHaveURL(/\/c\/[^/]+\/k\/[^/]+$/);

  // The overview and the shell in German; numbers with German grouping.
  await expect(page.getByRole("heading", { name: "Übersicht", level: 2 })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Vertragsseiten" });
  await expect(nav.getByRole("link", { name: "Platzguthaben" })).toBeVisible();
  await expect(page.getByText("Plätze jetzt").first()).toBeVisible();
  await expect(page.getByText(/Vertragslaufzeit: /)).toBeVisible();
  await expect(page.getByRole("group", { name: "Plätze", exact: true })).toContainText(/\d/);
  // Money in German: decimal comma, the currency sign after the amount ("30,00 $").
  await expect(page.getByText(/\d,\d\d\s\$/).first()).toBeVisible();

  // The seat editor: "now" is 12:00 UTC on the simulator's frozen clock, 13:00 in Berlin (winter time).
  await nav.getByRole("link", { name: "Plätze", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Plätze", exact: true, level: 2 })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Jetzt (ab 24. Nov. 2026, 13:00 MEZ (24. Nov. 2026, 12:00 UTC))" })).toBeVisible();

  // The picker works in Berlin time and says which UTC hour it becomes.
  await page.getByRole("radio", { name: /Zu einem späteren Datum/ }).check();
  const at = page.getByLabel("Beginnt um (Zeit in Europe/Berlin)");
  await at.fill("2026-12-03T10:00");
  await expect(at).toHaveAccessibleDescription(/Das ist 3\. Dez\. 2026, 09:00 UTC/);
  // Summer time: 10:00 in Berlin is 08:00 UTC.
  await at.fill("2027-07-01T10:00");
  await expect(at).toHaveAccessibleDescription(/Das ist 1\. Juli 2027, 08:00 UTC/);
});
