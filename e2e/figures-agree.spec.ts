import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { idsFromUrl, signInAs, type DemoPersonKey } from "./fixtures";
import { freezeBrowserClock } from "./seats-helpers";

/**
 * One journey per demo customer: the seat and credit figures read on every contract page agree
 * with each other — seats now the same everywhere (the strip, the overview, the seats page, the
 * history), assigned + unassigned = total on seat-based subscriptions, the strip's credit headline
 * equal to the credits page's figure of the same name, and a seat's balance in the seat balances
 * table equal to its ledger page's.
 */

const number = (text: string) => Number(text.replace(/[^\d.-]/g, ""));

interface StripFigures {
  seats: string;
  /** The credit headline's name without its unit ("Seats' credits in all", "Pooled credits"). */
  creditFigure: string;
  creditLabel: string;
  creditValue: string;
}

const strip = (page: Page) => page.getByRole("region", { name: /^Seats and credits over time/ });
const seatsHeadline = (page: Page) => strip(page).getByRole("group", { name: "Seats", exact: true });
const creditHeadline = (page: Page) => strip(page).getByRole("group", { name: /credits/ });

async function readStrip(page: Page): Promise<StripFigures> {
  await expect(seatsHeadline(page)).toHaveText(/^Seats([\d,]+|—)$/);
  await expect(creditHeadline(page)).not.toHaveText(/…$/);
  const read = async () => {
    const creditLabel = (await creditHeadline(page).getAttribute("aria-label")) ?? "";
    const text = (await creditHeadline(page).textContent()) ?? "";
    return { seats: ((await seatsHeadline(page).textContent()) ?? "").replace(/^Seats/, ""), creditLabel, creditValue: text.slice(creditLabel.length) };
  };
  // Settled: the same reading twice, a moment apart (names and balances load separately).
  let last = await read();
  await expect
    .poll(async () => {
      const now = await read();
      const same = JSON.stringify(now) === JSON.stringify(last);
      last = now;
      return same && !now.creditValue.endsWith("…");
    }, { intervals: [700] })
    .toBe(true);
  return { ...last, creditFigure: last.creditLabel.replace(/ \([^)]*\)$/, "") };
}

/** The strip on this page shows the same figures as the reference (retrying while it loads). */
async function expectStripAgrees(page: Page, expected: StripFigures, where: string, creditLabel = expected.creditLabel, creditValue = expected.creditValue): Promise<void> {
  await expect(seatsHeadline(page), `${where}: the strip's seats`).toHaveText(`Seats${expected.seats}`);
  await expect(strip(page).getByRole("group", { name: creditLabel, exact: true }), `${where}: the strip's credits`).toHaveText(`${creditLabel}${creditValue}`);
}

/** The definition of a term in a description list (terms and definitions pair up in order; a definition has no name of its own). */
async function definitionOf(scope: Locator, term: string): Promise<Locator> {
  const terms = scope.getByRole("term");
  await expect(terms.filter({ hasText: term }).first()).toBeVisible();
  const names = await terms.allTextContents();
  const index = names.findIndex((n) => n.trim() === term);
  expect(index, `the term "${term}" in ${names.join(", ")}`).toBeGreaterThanOrEqual(0);
  return scope.getByRole("definition").nth(index);
}

async function goTab(page: Page, tab: string): Promise<void> {
  const link = page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: tab, exact: true });
  await link.click();
  await expect(link).toHaveAttribute("aria-current", "page");
}

async function seatsPage(page: Page, expected: StripFigures): Promise<{ seatBased: boolean; total: number; assigned: number | null; unassigned: number | null }> {
  const region = page.getByRole("region", { name: "Seats now" });
  const count = async (label: string) => {
    const group = region.getByRole("group", { name: label, exact: true });
    await expect(group).toHaveText(new RegExp(`^${label}[\\d,]+$`));
    return number(((await group.textContent()) ?? "").replace(label, ""));
  };
  const total = await count("Total");
  expect(total, "seats page: Total equals the strip's seats").toBe(number(expected.seats));
  const seatBased = (await region.getByRole("group", { name: "Assigned", exact: true }).count()) > 0;
  if (!seatBased) return { seatBased, total, assigned: null, unassigned: null };
  const assigned = await count("Assigned");
  const unassigned = await count("Unassigned");
  expect(assigned + unassigned, "seats page: assigned + unassigned = total").toBe(total);
  return { seatBased, total, assigned, unassigned };
}

async function historyPage(page: Page, seats: Awaited<ReturnType<typeof seatsPage>>): Promise<void> {
  const table = page.getByRole("table", { name: "Seat quantity steps in the period" });
  const current = table.getByRole("row").filter({ has: page.getByRole("cell", { name: "Current", exact: true }) });
  await expect(current, "history: one current step").toHaveCount(1);
  await expect(current.getByRole("cell").nth(2), "history: the current step's seats").toHaveText(seats.total.toLocaleString("en-US"));
  if (!seats.seatBased) return;
  await expect(current.getByRole("cell").nth(3), "history: the current step's assigned seats").toHaveText((seats.assigned ?? 0).toLocaleString("en-US"));
  await expect(page.getByRole("region", { name: "Seat ID history" }).getByRole("paragraph").filter({ hasText: /^Now:/ }), "history: seats now").toHaveText(
    `Now: ${seats.total.toLocaleString("en-US")} seats, ${(seats.assigned ?? 0).toLocaleString("en-US")} assigned, ${(seats.unassigned ?? 0).toLocaleString("en-US")} unassigned.`,
  );
}

/** The first seat of the seat balances table and its balance there, then the same seat's ledger page. */
async function seatLedger(page: Page, expected: StripFigures): Promise<void> {
  const table = page.getByRole("table", { name: /^Seat balances/ });
  const row = table.getByRole("rowgroup").nth(1).getByRole("row").first();
  await expect(row.getByRole("cell").first()).toHaveText(/\d/);
  if (expected.creditFigure === "Seats' credits in all") {
    // The seats' balances (the table's CSV, every seat) add up to the seats' credits in all (each to two decimals).
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV of the seat balances" }).click()]);
    const [header, ...lines] = readFileSync(await download.path(), "utf8").trim().split(/\r?\n/).map((l) => l.split(","));
    const column = header?.indexOf("balance") ?? -1;
    expect(column, "seat balances CSV: a balance column").toBeGreaterThanOrEqual(0);
    const sum = lines.reduce((a, cells) => a + Number(cells[column]), 0);
    expect(Math.abs(sum - number(expected.creditValue)), `seat balances: ${lines.length} seats add up to ${expected.creditValue}`).toBeLessThanOrEqual(lines.length * 0.005 + 0.01);
  }
  const link = row.getByRole("rowheader").getByRole("link");
  const seatId = ((await link.textContent()) ?? "").trim();
  const balance = ((await row.getByRole("cell").first().textContent()) ?? "").trim();
  await link.click();
  await expect(page.getByRole("heading", { name: seatId, level: 2 })).toBeVisible();
  const unit = expected.creditLabel.match(/\(([^)]*)\)$/)?.[1] ?? "";
  await expectStripAgrees(page, expected, `ledger of ${seatId}`, `This seat's credits (${unit})`, balance);
  await expect(page.getByRole("figure", { name: `This seat's credits over time · ledger of ${seatId}` }).getByRole("paragraph").first(), `ledger of ${seatId}: its balance now`).toHaveText(
    new RegExp(`^This seat's credits now: ${balance.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.`),
  );
}

const customers: Array<{ name: string; admin: DemoPersonKey }> = [
  { name: "Acme", admin: "acmeAdmin" },
  { name: "Globex", admin: "globexAdmin" },
  { name: "Initech", admin: "initechAdmin" },
  { name: "Umbrella", admin: "umbrellaAdmin" },
];

for (const customer of customers) {
  test(`${customer.name}: the seat and credit figures agree on every page`, async ({ page }) => {
    test.setTimeout(90_000);
    await freezeBrowserClock(page);
    await signInAs(page, customer.admin);
    const { customerId } = idsFromUrl(page.url());

    await goTab(page, "Seats");
    const expected = await readStrip(page);
    const seats = await seatsPage(page, expected);

    await goTab(page, "Overview");
    await expectStripAgrees(page, expected, "overview");
    await expect(await definitionOf(page.getByRole("main"), "Seats now"), "overview: seats now").toHaveText(seats.total.toLocaleString("en-US"));
    if (expected.creditFigure === "Seats' credits in all") {
      await expect(page.getByRole("listitem").filter({ hasText: "(per seat, all seats)" }).first(), "overview: the seats' credits").toHaveText(new RegExp(`${expected.creditValue.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    }

    await goTab(page, "History");
    await expectStripAgrees(page, expected, "history");
    await historyPage(page, seats);

    await goTab(page, "Credits");
    await expectStripAgrees(page, expected, "credits");
    const creditsNow = page.getByRole("region", { name: "Credits now" });
    if (expected.creditValue === "—") {
      await expect(creditsNow.getByRole("paragraph").filter({ hasText: "no credits or commits" }), "credits: none, as the strip says").toBeVisible();
    } else {
      await expect(await definitionOf(creditsNow, expected.creditFigure), `credits: ${expected.creditFigure}`).toHaveText(expected.creditValue);
    }

    await goTab(page, "Alerts");
    await expectStripAgrees(page, expected, "alerts");

    await page.goto(`/c/${customerId}/audit`);
    await expectStripAgrees(page, expected, "audit log");

    if (seats.seatBased) {
      await page.goBack();
      await goTab(page, "Seat balances");
      await expectStripAgrees(page, expected, "seat balances");
      await seatLedger(page, expected);
    }
  });
}
