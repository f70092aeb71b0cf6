import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { openContractTab, signInByApi } from "./fixtures";

test("seat quantity over time: past and scheduled steps with prices, presets and CSV", async ({ page }) => {
  const customerId = await signInByApi(page, "globexAdmin");
  await openContractTab(page, customerId, "History");
  const steps = page.getByRole("table", { name: "Seat quantity steps in the period" });
  await expect(steps.getByText("Scheduled")).toBeVisible();
  await expect(steps.getByText("Current")).toBeVisible();
  await expect(page.getByText(/now at .* per seat/)).toBeVisible();
  await expect(page.getByText("seats have no IDs")).toBeVisible();

  await page.getByRole("button", { name: "3 months" }).click();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV of the seat quantity history" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^seat-quantity-history-.*\.csv$/);
  const csv = await readFile((await file.path())!, "utf8");
  expect(csv).toContain("starting_at,ending_before,quantity,currency,unit_price,total,status");
  expect(csv).toMatch(/,USD,\d+\.\d{2},\d+\.\d{2},/);
  expect(csv).toContain("scheduled");
});

test("seat ID history: who held which seat, searchable, exported as filtered", async ({ page }) => {
  const customerId = await signInByApi(page, "acmeAdmin");
  await openContractTab(page, customerId, "History");
  const seats = page.getByRole("region", { name: "Seat ID history" });
  await expect(seats.getByRole("heading", { name: "Changes in the period" })).toBeVisible();
  await seats.getByLabel("Find a seat").fill("ada@");
  await expect(page).toHaveURL(/seat=ada%40/);
  await expect(seats.getByText(/1 holding matching/)).toBeVisible();
  const download = page.waitForEvent("download");
  await seats.getByRole("button", { name: "Export CSV of the seat history" }).click();
  const csv = await readFile((await (await download).path())!, "utf8");
  expect(csv.trim().split("\r\n")).toHaveLength(2);
  expect(csv).toContain("ada@acme.example");
});

test("a wrong period gets a message in place of the chart", async ({ page }) => {
  const customerId = await signInByApi(page, "acmeAdmin");
  await openContractTab(page, customerId, "History");
  const url = new URL(page.url());
  await page.goto(`${url.pathname}?from=2026-10-01&to=2026-09-01`);
  await expect(page.getByText("The range ends (Sep 1, 2026) before it starts (Oct 1, 2026).", { exact: false })).toBeVisible();
  await expect(page.getByRole("table", { name: "Seat quantity steps in the period" })).toHaveCount(0);
  await page.goto(`${url.pathname}?from=2019-01-01&to=2019-02-01`);
  await expect(page.getByText(/These dates are outside the subscription/)).toBeVisible();

  // Typing a reversed range is refused and changes nothing.
  await page.goto(url.pathname);
  const period = page.getByRole("group", { name: "Period shown" });
  await period.getByLabel("From", { exact: true }).fill("2026-10-10");
  await period.getByLabel("To", { exact: true }).fill("2026-10-01");
  await period.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "before it starts" })).toBeVisible();
  await expect(page).not.toHaveURL(/from=2026-10-10/);
});

test("credits: pooled credits over time with their ledger, forecast and what is spendable now", async ({ page }) => {
  const customerId = await signInByApi(page, "globexAdmin");
  await openContractTab(page, customerId, "Credits");
  await expect(page.getByRole("region", { name: "Credits now" }).getByText(/AI credits/).first()).toBeVisible();
  const pool = page.getByRole("region", { name: "Pooled credits over time" });
  await expect(pool.getByRole("table", { name: /Ledger entries/ }).getByText("Credits granted").first()).toBeVisible();
  await expect(pool.getByText(/At the current rate|Nothing has been used recently/)).toBeVisible();
});
