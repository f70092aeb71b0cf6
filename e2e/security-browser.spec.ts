import { expect, test, type Page } from "@playwright/test";
import { openFirstContract, signInByApi } from "./fixtures";
import { landedCounts, removeSeatIds, reportCounts } from "./resilience-helpers";
import { freezeBrowserClock, SIMULATOR_NOW } from "./seats-helpers";

// Attacks in the browser: seat IDs carrying markup render as text on every page that shows them and
// never run; the document has a Content-Security-Policy; a form posted from another origin cannot
// make a seat edit with the person's session. The markup seat changes Acme's seats, so that test
// runs only in `npm run test:resilience` (@resilience).

const suffix = Math.random().toString(36).slice(2, 8);
const markupSeat = `<img src=x onerror=alert(1)>${suffix}@x.com`;
let cases = 0;

test.afterAll(() => {
  reportCounts("e2e security", { security_cases: cases });
});

/** Fails the test if any script-opened dialog (alert, confirm, prompt) appears. */
function forbidDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on("dialog", (dialog) => {
    opened.push(dialog.message());
    void dialog.dismiss();
  });
  return opened;
}

test("@resilience a seat ID with markup is text in the editor, seat balances, history and audit log, and nothing runs", async ({ page }) => {
  test.setTimeout(90_000);
  await freezeBrowserClock(page);
  const dialogs = forbidDialogs(page);
  await signInByApi(page, "acmeAdmin");
  const ids = await openFirstContract(page);
  const sub = `/c/${ids.customerId}/k/${ids.contractId}/s/${ids.subscriptionId}`;
  const injected = () => page.locator('main img[src="x"]');
  try {
    await page.getByLabel("Seat IDs to add").fill(markupSeat);
    await expect(page.getByRole("region", { name: "Impact preview" })).toContainText(markupSeat);
    await page.getByRole("button", { name: "Review change" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm adding seats" });
    await expect(dialog).toContainText(markupSeat);
    await dialog.getByRole("button", { name: "Confirm change" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toContainText(markupSeat);

    const places: Array<[string, () => Promise<void>]> = [
      [
        "seat editor",
        async () => {
          await page.getByRole("radio", { name: "Remove seats" }).check();
          await page.getByText(/Pick from the \d+ assigned seats/).click();
          await page.getByLabel("Filter seats").fill(suffix);
          await expect(page.getByRole("button", { name: `Add ${markupSeat} to the removal list` })).toBeVisible();
        },
      ],
      [
        "seat balances",
        async () => {
          await page.goto(`${sub}/balances`);
          await expect(page.getByRole("main").getByRole("link", { name: markupSeat })).toBeVisible();
        },
      ],
      [
        "seat page",
        async () => {
          await page.getByRole("main").getByRole("link", { name: markupSeat }).click();
          await expect(page.getByRole("main")).toContainText(markupSeat);
        },
      ],
      [
        "history",
        async () => {
          await page.goto(`${sub}/history`);
          await expect(page.getByRole("main").getByText(markupSeat).first()).toBeVisible();
        },
      ],
      [
        "audit log",
        async () => {
          await page.goto(`/c/${ids.customerId}/audit`);
          await expect(page.getByRole("main").getByText(markupSeat).first()).toBeVisible();
        },
      ],
    ];
    for (const [where, visit] of places) {
      await test.step(where, async () => {
        await visit();
        await expect(injected(), `an <img> element was created on the ${where}`).toHaveCount(0);
        expect(dialogs, `a dialog opened on the ${where}`).toEqual([]);
        cases += 1;
      });
    }
  } finally {
    await removeSeatIds(page.request, ids, [markupSeat], SIMULATOR_NOW).catch(() => undefined);
  }
});

test("every document carries a Content-Security-Policy that forbids inline and foreign scripts", async ({ page }) => {
  for (const path of ["/sign-in", "/", "/c/unknown/k/unknown"]) {
    const response = await page.request.get(path);
    expect(response.headers()["content-type"], path).toContain("text/html");
    const csp = response.headers()["content-security-policy"] ?? "";
    expect(csp, path).toMatch(/(^|;)\s*script-src 'self'(;|$)/);
    expect(csp, path).toMatch(/frame-ancestors/);
    expect(csp, path).not.toContain("unsafe-inline' 'unsafe-eval");
    cases += 1;
  }
  // An inline script added to the page is blocked by the policy.
  await page.goto("/sign-in");
  await expect(page.getByRole("heading").first()).toBeVisible();
  const ran = await page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.__inlineRan = true";
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  cases += 1;
});

test("a form posted from another origin cannot edit seats with the person's session", async ({ page, baseURL }) => {
  await signInByApi(page, "acmeAdmin");
  const ids = await openFirstContract(page);
  const target = `${baseURL}/api/metronome/v2/contracts/edit`;
  const key = `cross-origin-${suffix}`;
  const body = JSON.stringify({
    customer_id: ids.customerId,
    contract_id: ids.contractId,
    uniqueness_key: key,
    update_subscriptions: [{ subscription_id: ids.subscriptionId, seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: SIMULATOR_NOW }] } }],
  });
  // Same site, other origin (another port), so the session cookie does go along: only the origin check stands.
  const attacker = new URL(baseURL ?? "http://127.0.0.1");
  attacker.port = String(Number(attacker.port) + 1000);
  await page.route(`${attacker.origin}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><title>Win a prize</title><form method="post" enctype="text/plain" action="${target}">
        <input type="hidden" name='${body.slice(0, -1)}, "x": "' value='"}'><button>Claim</button></form>`,
    }),
  );
  await page.goto(`${attacker.origin}/prize`);
  const answer = page.waitForResponse((r) => r.url() === target);
  await page.getByRole("button", { name: "Claim" }).click();
  const response = await answer;
  expect(response.status()).toBe(403);
  expect(response.request().headers()["cookie"] ?? (await response.request().allHeaders())["cookie"]).toContain("=");
  expect((await landedCounts(page.request, ids.customerId, ids.contractId)).get(key)).toBeUndefined();
  cases += 1;
});
