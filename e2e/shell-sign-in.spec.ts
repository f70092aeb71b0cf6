import { expect, test } from "@playwright/test";
import { people, signInAs, signInButtonName, type DemoPersonKey } from "./fixtures";

const roles: DemoPersonKey[] = ["acmeAdmin", "acmeMember", "globexAdmin", "umbrellaMember", "accountManager"];

for (const key of roles) {
  test(`signs in as ${people[key].role} (${people[key].id}) and lands on their contract`, async ({ page }) => {
    await signInAs(page, key);
    const person = people[key];
    await expect(page.getByRole("button", { name: /^Account menu/ })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Contract pages" })).toBeVisible();
    await expect(page.getByText(person.customer).first()).toBeVisible();
    await page.getByRole("button", { name: /^Account menu/ }).click();
    await expect(page.getByText(person.role, { exact: false }).last()).toBeVisible();
  });
}

test("a member sees no edit controls", async ({ page }) => {
  await signInAs(page, "acmeMember");
  await expect(page.getByRole("link", { name: "Seats", exact: true }).last()).toBeVisible();
  await expect(page.getByRole("link", { name: "Change seats" })).toHaveCount(0);
  await page.getByRole("button", { name: /^Account menu/ }).click();
  await expect(page.getByText(/read-only/)).toBeVisible();
  // An admin of the same customer does get them.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signInAs(page, "acmeAdmin");
  await expect(page.getByRole("link", { name: "Change seats" }).first()).toBeVisible();
});

test("signing out ends the session: the app asks to sign in again", async ({ page }) => {
  await signInAs(page, "globexAdmin");
  await page.getByRole("button", { name: /^Account menu/ }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an expired session sends to sign-in and back to the same address", async ({ page, context }) => {
  await signInAs(page, "acmeAdmin");
  await page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: "History" }).click();
  await expect(page).toHaveURL(/\/history$/);
  const deepLink = new URL(page.url()).pathname + "?from=2026-09-01&to=2026-11-30";
  await page.goto(deepLink);
  // Let the page's own reads finish first: one answered 401 after the cookies go would send the
  // app to sign-in while the reload is under way.
  await page.waitForLoadState("networkidle");
  await context.clearCookies();
  await page.reload();
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByRole("button", { name: await signInButtonName(page, "acmeAdmin") }).click();
  await expect(page).toHaveURL(deepLink);
});
