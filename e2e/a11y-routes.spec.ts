import { appendFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openFirstContract, signInByApi, type DemoPersonKey } from "./fixtures";

// axe (WCAG 2.0/2.1 A and AA) on every route and dialog, for every role. Violations are counted for
// `npm run test:resilience` and listed by route, rule and element.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

function report(violations: number) {
  const file = process.env.RESILIENCE_COUNTS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ source: "a11y", counts: { axe_violations: violations } })}\n`);
}

async function axe(page: Page, where: string): Promise<string[]> {
  await page.waitForLoadState("networkidle");
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${where} · ${v.id} (${v.impact}) · ${n.target.join(" ")} · ${v.help}`));
}

const ROLES: Array<{ key: DemoPersonKey; dialog: boolean }> = [
  { key: "acmeAdmin", dialog: true },
  { key: "acmeMember", dialog: false },
  { key: "globexAdmin", dialog: true },
  { key: "accountManager", dialog: false },
];

test("the sign-in page has no axe violations", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading").first()).toBeVisible();
  const found = await axe(page, "/sign-in");
  report(found.length);
  expect(found).toEqual([]);
});

for (const { key, dialog } of ROLES) {
  test(`every route has no axe violations for ${key}`, async ({ page }) => {
    test.setTimeout(120_000);
    await signInByApi(page, key);
    const { customerId, contractId, subscriptionId } = await openFirstContract(page);
    const contract = `/c/${customerId}/k/${contractId}`;
    const sub = `${contract}/s/${subscriptionId}`;
    const routes = [contract, `${sub}/seats`, `${sub}/history`, `${sub}/balances`, `${contract}/credits`, `${contract}/alerts`, `/c/${customerId}/audit`];
    const found: string[] = [];
    for (const route of routes) {
      await page.goto(route);
      await expect(page.getByRole("main")).toBeVisible();
      found.push(...(await axe(page, `${key} ${route.replace(customerId, ":c").replace(contractId, ":k").replace(subscriptionId, ":s")}`)));
    }
    // A seat's own page, reached from the balances table.
    await page.goto(`${sub}/balances`);
    const seatLink = page.getByRole("main").getByRole("link").filter({ hasText: /@/ }).first();
    if (await seatLink.count()) {
      await seatLink.click();
      await expect(page).toHaveURL(/\/balances\/[^/]+$/);
      found.push(...(await axe(page, `${key} balances/:seat`)));
    }
    if (dialog) {
      await page.goto(`${sub}/seats`);
      const change = page.getByRole("group", { name: "Change 1" });
      const total = change.getByLabel("New total seats");
      if (await total.count()) await total.fill("300");
      else await change.getByRole("textbox").first().fill("new.person@acme.example");
      await expect(page.getByRole("region", { name: "Impact preview" }).getByRole("status")).toContainText("→");
      await page.getByRole("button", { name: "Review change" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      found.push(...(await axe(page, `${key} seats: confirm dialog`)));
    }
    console.log(`[a11y] ${key}: ${found.length} violations\n${found.join("\n")}`);
    report(found.length);
    expect(found).toEqual([]);
  });
}
