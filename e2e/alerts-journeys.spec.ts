import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { idsFromUrl, signInAs } from "./fixtures";

// Set by scripts/e2e-server.mjs: the simulator's control API and Metronome paths answer to it.
const PORTAL_SECRET = "e2e-portal-secret";
const AI_CREDITS = /AI credits/;

// The fault rule of the server-rejection case applies to the whole server: keep this file's tests in one worker, in order.
test.describe.configure({ mode: "default" });

async function simulator<T>(request: APIRequestContext, path: string, body?: unknown): Promise<T> {
  const headers = { authorization: `Bearer ${PORTAL_SECRET}` };
  const response = body === undefined ? await request.get(`/api/simulator${path}`, { headers }) : await request.post(`/api/simulator${path}`, { headers, data: body });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

async function openAlerts(page: Page): Promise<{ customerId: string; contractId: string }> {
  await page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: "Alerts", exact: true }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  await expect(page.getByRole("heading", { name: /^(Active|All) alerts$/ })).toBeVisible();
  return idsFromUrl(page.url());
}

function alertItem(page: Page, name: string | RegExp) {
  return page.getByRole("listitem").filter({ has: page.getByRole("heading", { name, exact: typeof name === "string" }) });
}

interface SeatBalancesPage {
  data: Array<{ seat_id: string; balances: Array<{ balance: number; credit_type_id: string }>; credits?: Array<{ id: string }> }>;
}
interface BalancesPage {
  data: Array<{
    id: string;
    balance?: number;
    subscription_config?: { allocation?: string };
    access_schedule?: { credit_type?: { name?: string }; schedule_items: Array<{ id: string; starting_at: string; ending_before: string }> };
  }>;
  next_page: string | null;
}

/** A seat with a comfortable balance (well above the seeded 100-credit seat alert), its balance and its credit. */
async function pickSeat(request: APIRequestContext, customerId: string, contractId: string) {
  const seats = await simulator<SeatBalancesPage>(request, "/v1/contracts/seatBalances/list", {
    customer_id: customerId,
    contract_id: contractId,
    include_credits_and_commits: true,
    limit: 100,
  });
  const candidates = seats.data
    .map((s) => ({ seatId: s.seat_id, balance: s.balances[0]?.balance ?? 0, creditId: s.credits?.[0]?.id ?? "" }))
    .filter((s) => s.balance > 150 && s.balance < 900 && s.creditId)
    .sort((a, b) => a.balance - b.balance);
  const seat = candidates[0];
  if (!seat) throw new Error("no seat with a balance between 150 and 900");
  return seat;
}

/** The customer's commits and credits active now (every page), through the simulator. */
async function currentCredits(request: APIRequestContext, customerId: string) {
  const clock = await simulator<{ now: string }>(request, "/_simulator/clock");
  const items: BalancesPage["data"] = [];
  let nextPage: string | null = null;
  do {
    const page: BalancesPage = await simulator<BalancesPage>(request, "/v1/contracts/customerBalances/list", {
      customer_id: customerId,
      include_contract_balances: true,
      include_balance: true,
      covering_date: clock.now,
      ...(nextPage ? { next_page: nextPage } : {}),
    });
    items.push(...page.data);
    nextPage = page.next_page;
  } while (nextPage);
  return { now: clock.now, items };
}

/** Adds `amount` to a credit's current segment (a top-up), to one seat's slice for seat-scoped credits. */
async function topUp(request: APIRequestContext, ids: { customerId: string; contractId: string }, creditId: string, amount: number, seatId?: string) {
  const { now, items } = await currentCredits(request, ids.customerId);
  const credit = items.find((c) => c.id === creditId);
  const segmentId = credit?.access_schedule?.schedule_items.find((i) => i.starting_at <= now && now < i.ending_before)?.id;
  if (!segmentId) throw new Error(`no current segment for credit ${creditId}`);
  await simulator(request, "/v1/contracts/addManualBalanceLedgerEntry", {
    id: creditId,
    customer_id: ids.customerId,
    contract_id: ids.contractId,
    segment_id: segmentId,
    amount,
    reason: "Top-up pack",
    ...(seatId ? { per_group_amounts: { [seatId]: amount } } : {}),
  });
}

test("an admin sets a seat alert, sees it fire, tops the seat up and sees it resolve", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signInAs(page, "acmeAdmin");
  const ids = await openAlerts(page);
  const seat = await pickSeat(page.request, ids.customerId, ids.contractId);
  const threshold = Math.ceil(seat.balance) + 25 + testInfo.retry;
  const name = `Low credits for ${seat.seatId} (${threshold})`;

  const form = page.getByRole("form", { name: "New alert" });
  await form.getByRole("radio", { name: /Each seat's own credits/ }).check();
  await form.getByRole("radio", { name: "One seat" }).check();
  await form.getByLabel("Find a seat").fill(seat.seatId);
  await form.getByRole("radio", { name: seat.seatId }).check();
  await expect(form.getByLabel("Credit type")).toHaveValue(/.+/);
  await expect(form.getByLabel("Credit type").locator("option:checked")).toHaveText(AI_CREDITS);
  await form.getByLabel(/^Threshold/).fill(String(threshold));
  await form.getByLabel("Name (optional)").fill(name);
  await form.getByRole("button", { name: "Create alert" }).click();
  await expect(form.getByText("Alert created")).toBeVisible();

  // It goes into alarm: the list shows it, and the seat is listed in alarm.
  const item = alertItem(page, name);
  await expect(item.getByText("Status: In alarm")).toBeVisible();
  await expect(item.getByText(`Seat ${seat.seatId}`)).toBeVisible();
  await item.getByRole("button", { name: "Show seat statuses" }).click();
  const seatRow = item.getByRole("row").filter({ hasText: seat.seatId });
  await expect(seatRow.getByText("In alarm")).toBeVisible();

  // Metronome's webhook reaches the server and the feed (polled every 10 s).
  const feed = page.getByRole("log", { name: "Recent events" });
  const reached = feed.getByRole("listitem").filter({ hasText: name }).filter({ hasText: "Reached" });
  await expect(reached).toBeVisible({ timeout: 25_000 });
  await expect(reached).toContainText(seat.seatId);

  // A top-up lifts the seat above the threshold: the alert resolves.
  await topUp(page.request, ids, seat.creditId, 100, seat.seatId);
  const resolved = feed.getByRole("listitem").filter({ hasText: name }).filter({ hasText: "Resolved" });
  await expect(resolved).toBeVisible({ timeout: 25_000 });
  await expect(item.getByText("Status: OK")).toBeVisible({ timeout: 15_000 });
  await expect(seatRow.getByText("OK", { exact: true })).toBeVisible();
});

test("a member sees the alerts and seat statuses but cannot change them", async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, "acmeMember");
  await openAlerts(page);
  await expect(page.getByText("Only admins and account managers can create or archive them.")).toBeVisible();
  const seeded = alertItem(page, "100 AI credits left on a seat");
  await expect(seeded.getByText("Status: In alarm")).toBeVisible();
  await seeded.getByRole("button", { name: "Show seat statuses" }).click();
  // Seats in alarm come first.
  const firstRow = seeded.getByRole("table").getByRole("row").nth(1);
  await expect(firstRow.getByText("In alarm")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create alert" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Archive/ })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "New alert" })).toHaveCount(0);
});

test("a contract alert fires with a banner and resolves on a top-up; the same alert twice already exists; archive, and archive again", async ({ page, context }, testInfo) => {
  test.setTimeout(90_000);
  await signInAs(page, "acmeAdmin");
  const ids = await openAlerts(page);
  const { customerId, contractId } = ids;
  // Contract-level alerts count the shared (not seat-scoped) AI credits: set the threshold just above them.
  const { items } = await currentCredits(page.request, customerId);
  const pool = items.filter((c) => c.subscription_config?.allocation !== "INDIVIDUAL" && c.access_schedule?.credit_type?.name === "AI credits");
  const poolCredit = pool[0];
  if (!poolCredit) throw new Error("no shared AI credit");
  const poolBalance = pool.reduce((sum, c) => sum + (c.balance ?? 0), 0);
  const threshold = Math.ceil(poolBalance) + 10 + testInfo.retry;
  const name = `${threshold.toLocaleString("en-US")} AI credits remaining`;

  const form = page.getByRole("form", { name: "New alert" });
  await expect(form.getByText("Seat-scoped credits (given to individual seats) are not included")).toBeVisible();
  await form.getByLabel(/^Threshold/).fill(String(threshold));
  await form.getByRole("button", { name: "Create alert" }).click();
  await expect(form.getByText("Alert created")).toBeVisible();
  const item = alertItem(page, name);
  await expect(item.getByText("Status: In alarm")).toBeVisible();

  // The banner shows on every page of the contract, with the next period's date.
  const banner = page.getByRole("status").filter({ hasText: "Credit balance is low" });
  await expect(banner).toContainText(`“${name}” is in alarm`);
  await expect(banner).toContainText(/next billing period starts on \w+ \d+, \d{4}/);
  await page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: "Overview" }).click();
  await expect(banner).toBeVisible();
  await openAlerts(page);

  // The same alert again: Metronome answers 409 on the uniqueness key, shown as "already exists".
  await form.getByLabel(/^Threshold/).fill(String(threshold));
  await form.getByRole("button", { name: "Create alert" }).click();
  await expect(form.getByText("This alert already exists")).toBeVisible();
  await expect(alertItem(page, name)).toHaveCount(1);

  // A top-up of the shared credits resolves it: the event arrives, the status is OK, the banner goes.
  const feed = page.getByRole("log", { name: "Recent events" });
  await expect(feed.getByRole("listitem").filter({ hasText: name }).filter({ hasText: "Reached" })).toBeVisible({ timeout: 25_000 });
  await topUp(page.request, ids, poolCredit.id, 50);
  await expect(feed.getByRole("listitem").filter({ hasText: name }).filter({ hasText: "Resolved" })).toBeVisible({ timeout: 25_000 });
  await expect(item.getByText("Status: OK")).toBeVisible({ timeout: 15_000 });
  await expect(banner).toHaveCount(0);

  // A second tab still shows the alert.
  const other = await context.newPage();
  await other.goto(`/c/${customerId}/k/${contractId}/alerts`);
  const otherItem = alertItem(other, name);
  await expect(otherItem.getByText("Status: OK")).toBeVisible();

  // Archive it here: it leaves the active list.
  await item.getByRole("button", { name: `Archive ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: "Archive this alert?" });
  await dialog.getByRole("button", { name: "Archive alert" }).click();
  await expect(alertItem(page, name)).toHaveCount(0);
  await expect(page.getByText(`“${name}” was archived.`)).toBeVisible();
  await page.getByLabel("Show archived").check();
  await expect(alertItem(page, name).getByText("Status: Archived")).toBeVisible();

  // Archiving it again from the stale tab is refused with a specific message.
  await otherItem.getByRole("button", { name: `Archive ${name}` }).click();
  await other.getByRole("dialog", { name: "Archive this alert?" }).getByRole("button", { name: "Archive alert" }).click();
  await expect(other.getByText("This alert is already archived.")).toBeVisible();
  await other.close();
});

test("bad input gets a specific message and creates nothing; a server failure keeps the form", async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, "acmeAdmin");
  await openAlerts(page);
  const items = page.getByRole("list", { name: /alerts$/ }).getByRole("listitem");
  await expect(items.first()).toBeVisible();
  const before = await items.count();
  const form = page.getByRole("form", { name: "New alert" });
  const threshold = form.getByLabel(/^Threshold/);
  const create = form.getByRole("button", { name: "Create alert" });

  const cases: Array<[string, string | RegExp]> = [
    ["", "Enter a threshold in AI credits."],
    ["-5", "The threshold cannot be negative."],
    ["ten", "\"ten\" is not a number. Use digits, e.g. 10."],
    ["2000000000000", /That threshold is too large/],
  ];
  for (const [typed, message] of cases) {
    await threshold.fill(typed);
    await create.click();
    await expect(form.getByText(message)).toBeVisible();
    await expect(threshold).toHaveAttribute("aria-invalid", "true");
    await expect(threshold).toHaveValue(typed);
  }
  await form.getByLabel("Credit type").selectOption({ label: "USD (dollars)" });
  await expect(form.getByLabel("Threshold (USD)")).toBeVisible();
  await threshold.fill("12.345");
  await create.click();
  await expect(form.getByText("Dollar amounts have at most two decimals (cents).")).toBeVisible();
  await expect(items).toHaveCount(before);

  // Metronome fails every time: after the retries the form says so and keeps what was typed.
  await simulator(page.request, "/_simulator/faults", { rules: [{ path: "/v1/alerts/create", error_rate: 1 }] });
  try {
    await threshold.fill("25.50");
    await form.getByLabel("Name (optional)").fill("Kept as typed");
    await create.click();
    await expect(form.getByText("The alert was not created")).toBeVisible({ timeout: 15_000 });
    await expect(threshold).toHaveValue("25.50");
    await expect(form.getByLabel("Name (optional)")).toHaveValue("Kept as typed");
    await expect(form.getByLabel("Credit type").locator("option:checked")).toHaveText("USD (dollars)");
  } finally {
    await simulator(page.request, "/_simulator/faults", { rules: [] });
  }
  await expect(items).toHaveCount(before);
});

test("a seat alert needs a subscription with named seats", async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, "globexAdmin");
  await openAlerts(page);
  const form = page.getByRole("form", { name: "New alert" });
  await form.getByRole("radio", { name: /Each seat's own credits/ }).check();
  await expect(form.getByText(/counts seats by quantity, not by name/)).toBeVisible();
  await expect(form.getByRole("radio", { name: "One seat" })).toHaveCount(0);
  await form.getByLabel(/^Threshold/).fill("10");
  await form.getByRole("button", { name: "Create alert" }).click();
  await expect(form.getByText("Alert created")).toHaveCount(0);
  await expect(form.getByLabel("Subscription", { exact: true })).toHaveAttribute("aria-invalid", "true");
});
