import { expect, test, type Page } from "@playwright/test";
import { axe, chartEquivalents, waitForMain } from "./a11y-helpers";
import { openFirstContract, signInByApi, type DemoPersonKey } from "./fixtures";
import { reportCounts } from "./resilience-helpers";

// axe (WCAG 2.0/2.1 A and AA) on every route and dialog, for every role, each page checked once
// its main content has loaded; and every chart on them has a summary and a data table. Violations
// are counted for `npm run test:resilience` and listed by route, rule and element.

const ROLES: Array<{ key: DemoPersonKey; admin: boolean }> = [
  { key: "acmeAdmin", admin: true },
  { key: "acmeMember", admin: false },
  { key: "globexAdmin", admin: true },
  { key: "accountManager", admin: true },
];

test("the sign-in page has no axe violations", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Sign in as / }).first()).toBeVisible();
  const found = await axe(page, "/sign-in");
  reportCounts("a11y", { axe_violations: found.length });
  expect(found).toEqual([]);
});

/** The seat editor's states with their own markup: the confirm dialog and a CSV file's preview. */
async function seatEditorStates(page: Page, key: DemoPersonKey, seatsPath: string): Promise<string[]> {
  const found: string[] = [];
  await page.goto(seatsPath);
  await waitForMain(page);
  const seatIds = page.getByLabel("Seat IDs to add");
  if (await seatIds.count()) {
    await page.getByLabel("Import seat IDs from a CSV file").setInputFiles({
      name: "seats.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("seat_id\nnew.one@acme.example\n\nnew.one@acme.example\n"),
    });
    await expect(page.getByRole("status").filter({ hasText: "seats.csv:" })).toBeVisible();
    found.push(...(await axe(page, `${key} seats: CSV preview`)));
    await seatIds.fill("new.person@acme.example");
  } else {
    await page.getByRole("group", { name: "Change 1" }).getByLabel("New total seats").fill("300");
  }
  await expect(page.getByRole("region", { name: "Impact preview" }).getByRole("status")).toContainText("→");
  await page.getByRole("button", { name: "Review change" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Confirm change" })).toBeEnabled();
  found.push(...(await axe(page, `${key} seats: confirm dialog`)));
  await dialog.getByRole("button", { name: "Go back" }).click();
  return found;
}

/** The alerts page's form with its messages showing, and the archive dialog. */
async function alertStates(page: Page, key: DemoPersonKey, alertsPath: string): Promise<string[]> {
  const found: string[] = [];
  await page.goto(alertsPath);
  await waitForMain(page);
  const create = page.getByRole("button", { name: "Create alert" });
  if (await create.count()) {
    await create.click();
    found.push(...(await axe(page, `${key} alerts: form with messages`)));
  }
  const archive = page.getByRole("button", { name: /^Archive / }).first();
  if (await archive.count()) {
    await archive.click();
    const dialog = page.getByRole("dialog", { name: "Archive this alert?" });
    await expect(dialog).toBeVisible();
    found.push(...(await axe(page, `${key} alerts: archive dialog`)));
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  }
  return found;
}

for (const { key, admin } of ROLES) {
  test(`every route, dialog and chart is accessible for ${key}`, async ({ page }) => {
    test.setTimeout(180_000);
    await signInByApi(page, key);
    const { customerId, contractId, subscriptionId } = await openFirstContract(page);
    const contract = `/c/${customerId}/k/${contractId}`;
    const sub = `${contract}/s/${subscriptionId}`;
    const label = (route: string) => `${key} ${route.replace(customerId, ":c").replace(contractId, ":k").replace(subscriptionId, ":s")}`;
    const routes = [contract, `${sub}/seats`, `${sub}/history`, `${sub}/balances`, `${contract}/credits`, `${contract}/alerts`, `/c/${customerId}/audit`];
    const found: string[] = [];
    const chartProblems: string[] = [];
    let charts = 0;
    const check = async (where: string) => {
      await waitForMain(page);
      found.push(...(await axe(page, where)));
      const equivalents = await chartEquivalents(page, where);
      chartProblems.push(...equivalents.problems);
      charts += equivalents.charts;
    };
    for (const route of routes) {
      await page.goto(route);
      await check(label(route));
    }
    // A seat's own page, reached from the balances table.
    await page.goto(`${sub}/balances`);
    await waitForMain(page);
    const seatLink = page.getByRole("main").getByRole("link").filter({ hasText: /@/ }).first();
    if (await seatLink.count()) {
      await seatLink.click();
      await expect(page).toHaveURL(/\/balances\/[^/]+$/);
      await check(`${key} balances/:seat`);
    }
    if (admin) {
      found.push(...(await seatEditorStates(page, key, `${sub}/seats`)));
      found.push(...(await alertStates(page, key, `${contract}/alerts`)));
    }
    console.log(`[a11y] ${key}: ${found.length} violations, ${charts} charts checked\n${[...found, ...chartProblems].join("\n")}`);
    reportCounts("a11y", { axe_violations: found.length });
    expect(charts).toBeGreaterThan(0);
    expect(found).toEqual([]);
    expect(chartProblems).toEqual([]);
  });
}
