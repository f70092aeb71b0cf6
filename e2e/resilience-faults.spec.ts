import { expect, test, type Page } from "@playwright/test";
import { openFirstContract, signInByApi } from "./fixtures";
import { clearFaults, landedCounts, reportCounts, setFaults, watchEditAttempts, type EditAttempts } from "./resilience-helpers";
import { expectSeatsNow, freezeBrowserClock, seatsNow, SIMULATOR_NOW } from "./seats-helpers";

// Seat edits in the seat editor while the simulator injects faults on Metronome's edit endpoint
// (2 s latency, 30 % server errors, dropped connections), and reads that fail to refresh. Every
// edit either lands exactly once or shows a clear error with the form intact; a failed refresh keeps
// the last good data with a notice. Fault rules are global to the server: these tests run one after
// the other, clear the rules after each test, and run only in `npm run test:resilience` (@resilience).
test.describe.configure({ mode: "serial" });

const EDIT = "/v2/contracts/edit";
let ids: { customerId: string; contractId: string; subscriptionId: string };
const tally = { faults: 0, edits: 0, applied_once: 0, lost: 0 };

test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

test.afterAll(() => {
  reportCounts("e2e faults", tally);
});

/** Fills "+1" as the first change of the Globex quantity editor and opens the confirm step. */
async function reviewPlusOne(page: Page) {
  const change = page.getByRole("group", { name: "Change 1" });
  await change.getByLabel("Kind of change").selectOption({ label: "Add or remove seats (+/−)" });
  await change.getByLabel("Seats to add (+) or remove (−)").fill("+1");
  await expect(page.getByRole("region", { name: "Impact preview" }).getByRole("status")).toContainText("→");
  await page.getByRole("button", { name: "Review change" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm the seat change" });
  await expect(dialog.getByRole("button", { name: /^(Confirm change|Try again)$/ })).toBeEnabled();
  return dialog;
}

/**
 * One "+1" seat edit, pressing "Try again" (or going back and reviewing the same change again)
 * after each error until it is applied. Returns how many errors the person saw.
 */
async function plusOneUntilApplied(page: Page): Promise<number> {
  let dialog = await reviewPlusOne(page);
  await dialog.getByRole("button", { name: "Confirm change" }).click();
  const applied = page.getByRole("status").filter({ hasText: "Seats updated" });
  const failed = dialog.getByRole("alert").filter({ hasText: "The change may not have gone through" });
  for (let errors = 0; errors < 8; errors++) {
    await expect(applied.or(failed)).toBeVisible({ timeout: 30_000 });
    if (await applied.isVisible()) return errors;
    // A clear error, the dialog still open on the same change, and "Try again" is safe.
    await expect(failed).toContainText("Trying again is safe: it will not be applied twice.");
    if (errors === 0) {
      // Going back keeps everything typed; reviewing the same change again reuses its key.
      await dialog.getByRole("button", { name: "Go back" }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByRole("group", { name: "Change 1" }).getByLabel("Seats to add (+) or remove (−)")).toHaveValue("+1");
      dialog = await reviewPlusOne(page);
      await dialog.getByRole("button", { name: /^(Confirm change|Try again)$/ }).click();
    } else {
      await dialog.getByRole("button", { name: "Try again" }).click();
    }
  }
  throw new Error("the edit was never applied");
}

/** Every key the page sent landed exactly once in Metronome and has one "applied" audit row; counts it. */
async function expectEachLandedOnce(page: Page, attempts: EditAttempts, keysBefore: number) {
  const landed = await landedCounts(page.request, ids.customerId, ids.contractId);
  const audit = (await (await page.request.get(`/api/audit?customer_id=${ids.customerId}&limit=100`)).json()) as {
    data: Array<{ outcome: string; request: { uniqueness_key?: string } | null }>;
  };
  const keys = attempts.keys.slice(keysBefore);
  for (const key of keys) {
    const rows = audit.data.filter((row) => row.outcome === "applied" && row.request?.uniqueness_key === key);
    expect(rows, `audit rows for ${key}`).toHaveLength(1);
    const n = landed.get(key) ?? 0;
    tally.edits += 1;
    if (n === 1) tally.applied_once += 1;
    else tally.lost += 1;
    expect(n, `edit ${key} landed ${n} times`).toBe(1);
  }
}

test.beforeEach(async ({ page }, info) => {
  // Time must move for data to go stale in the read test: a running clock from the simulator's time.
  if (info.title.includes("reads")) await page.clock.install({ time: new Date(SIMULATOR_NOW) });
  else await freezeBrowserClock(page);
  await signInByApi(page, "globexAdmin");
  ids = await openFirstContract(page);
});

test("@resilience a seat edit under 2 s latency says it is applying, then lands once", async ({ page }) => {
  const attempts = watchEditAttempts(page);
  const total = await seatsNow(page, "Total");
  await setFaults(page.request, [{ path: EDIT, latency_ms: 2000 }]);
  const dialog = await reviewPlusOne(page);
  const started = Date.now();
  await dialog.getByRole("button", { name: "Confirm change" }).click();
  await expect(dialog.getByRole("status")).toContainText("Applying the change");
  await expect(dialog.getByRole("button", { name: "Go back" })).toBeDisabled();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible({ timeout: 20_000 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  tally.faults += 1;
  await expectSeatsNow(page, "Total", total + 1);
  await expectEachLandedOnce(page, attempts, 0);
});

test("@resilience when every attempt fails (server errors, then dropped connections) the error is clear, the form intact, and Try again lands once", async ({ page }) => {
  test.setTimeout(90_000);
  const attempts = watchEditAttempts(page);
  const total = await seatsNow(page, "Total");
  for (const [round, rule] of [
    [0, { path: EDIT, error_rate: 1 }],
    [1, { path: EDIT, drop_rate: 1 }],
  ] as const) {
    await setFaults(page.request, [rule]);
    const dialog = await reviewPlusOne(page);
    await dialog.getByRole("button", { name: "Confirm change" }).click();
    // The automatic retries (same key) fail too; then the person is told, in the dialog.
    const failed = dialog.getByRole("alert");
    await expect(failed).toContainText("The change may not have gone through", { timeout: 30_000 });
    await expect(failed).toContainText("Trying again is safe");
    await expect(dialog.getByRole("button", { name: "Try again" })).toBeEnabled();
    await dialog.getByRole("button", { name: "Go back" }).click();
    await expect(page.getByRole("group", { name: "Change 1" }).getByLabel("Seats to add (+) or remove (−)")).toHaveValue("+1");
    await expectSeatsNow(page, "Total", total + round);
    // Upstream recovers; the same change again (same key) lands once.
    await clearFaults(page.request);
    const again = await reviewPlusOne(page);
    await again.getByRole("button", { name: "Confirm change" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible({ timeout: 20_000 });
    await expectSeatsNow(page, "Total", total + round + 1);
  }
  expect(attempts.failures).toBeGreaterThanOrEqual(6);
  tally.faults += attempts.failures;
  expect(attempts.keys).toHaveLength(2);
  await expectEachLandedOnce(page, attempts, 0);
});

test("@resilience five seat edits under 30 % server errors and 10 % dropped connections each land exactly once", async ({ page }) => {
  test.setTimeout(240_000);
  const attempts = watchEditAttempts(page);
  const total = await seatsNow(page, "Total");
  await setFaults(page.request, [{ path: EDIT, error_rate: 0.3, drop_rate: 0.1 }]);
  const EDITS = 5;
  let errorsSeen = 0;
  for (let i = 0; i < EDITS; i++) {
    errorsSeen += await plusOneUntilApplied(page);
    await expectSeatsNow(page, "Total", total + i + 1);
  }
  await clearFaults(page.request);
  console.log(`[faults] ${EDITS} edits, ${attempts.failures} failed attempts, ${errorsSeen} errors shown`);
  tally.faults += attempts.failures;
  expect(attempts.keys).toHaveLength(EDITS);
  await expectEachLandedOnce(page, attempts, 0);
  // Metronome agrees with the page.
  await page.reload();
  await expectSeatsNow(page, "Total", total + EDITS);
});

test("@resilience reads that fail to refresh keep the last good data with a notice, and recover", async ({ page }) => {
  const total = await seatsNow(page, "Total");
  await setFaults(page.request, [
    { path: "/v2/contracts/get", error_rate: 1 },
    { path: "/v1/contracts/getSubscriptionQuantityHistory", error_rate: 1 },
  ]);
  // A minute later the person comes back to the tab: stale queries refetch, and fail.
  await page.clock.fastForward("01:00");
  await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
  const notice = page.getByRole("status").filter({ hasText: "Couldn't refresh" });
  await expect(notice).toContainText(/Couldn't refresh, showing data from \d{1,2}:\d{2}/, { timeout: 20_000 });
  tally.faults += 1;
  // No blank screen: the same page, the same numbers.
  await expect(page.getByRole("heading", { name: "Seats", exact: true })).toBeVisible();
  await expectSeatsNow(page, "Total", total);
  await expect(page.getByRole("region", { name: /Seats and credits over time/ }).getByRole("figure").first()).toBeVisible();
  await clearFaults(page.request);
  await notice.getByRole("button", { name: "Try again" }).click();
  await expect(notice).toBeHidden();
  await expectSeatsNow(page, "Total", total);
});
