import { expect, test } from "@playwright/test";
import { openFirstContract, signInByApi } from "./fixtures";
import { expectSeatsNow, freezeBrowserClock, seatsNow, watchEdits } from "./seats-helpers";

// Acme Robotics: seat-based, per-seat AI credits, seat policy 5–60. These journeys change Acme's
// seats, so they run one after the other.
test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await freezeBrowserClock(page);
});

test("an Acme admin adds two seat IDs, sees the charge and the credits before confirming, then the totals update", async ({ page }) => {
  await signInByApi(page, "acmeAdmin");
  const ids = await openFirstContract(page);
  const total = await seatsNow(page, "Total");
  const assigned = await seatsNow(page, "Assigned");

  await page.getByLabel("Seat IDs to add").fill("zoe.new@acme.example\nyuri.new@acme.example");
  const impact = page.getByRole("region", { name: "Impact preview" });
  await expect(impact.getByRole("status")).toContainText(`${total} → ${total + 2} seats`);
  await expect(impact.getByRole("status")).toContainText(/charge \$\d/);
  await expect(impact.getByRole("status")).toContainText(/credits [\d,.]+ AI credits/);
  await expect(impact.getByText("Total charge")).toBeVisible();
  await expect(impact.getByText(/for zoe\.new@acme\.example, prorated/)).toBeVisible();

  await page.getByRole("button", { name: "Review change" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm adding seats" });
  await expect(dialog).toContainText("Charge");
  await expect(dialog).toContainText("AI credits");
  await dialog.getByRole("button", { name: "Confirm change" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();
  await expectSeatsNow(page, "Total", total + 2);
  await expectSeatsNow(page, "Assigned", assigned + 2);
  // The form is empty again for the next change; the audit row records the preview that was confirmed.
  await expect(page.getByLabel("Seat IDs to add")).toHaveValue("");
  const audit = (await (await page.request.get(`/api/audit?customer_id=${ids.customerId}&limit=1`)).json()) as {
    data: Array<{ outcome: string; preview: { previewed_charge: number; previewed_credits: Record<string, number>; summary: string } | null }>;
  };
  expect(audit.data[0]?.outcome).toBe("applied");
  expect(audit.data[0]?.preview?.summary).toContain("zoe.new@acme.example");
  expect(audit.data[0]?.preview?.previewed_charge).toBeGreaterThan(0);
  expect(Object.values(audit.data[0]?.preview?.previewed_credits ?? {}).some((v) => v > 0)).toBe(true);
});

test("bad seat IDs each get their own message and nothing is sent", async ({ page }) => {
  await signInByApi(page, "acmeAdmin");
  const ids = await openFirstContract(page);
  void ids;
  const sent = watchEdits(page);
  const box = page.getByLabel("Seat IDs to add");

  await box.fill("   ");
  await page.getByRole("button", { name: "Review change" }).click();
  await expect(box).toHaveAccessibleDescription(/blank \(only spaces\)/);

  await box.fill(`dup@acme.example\ndup@acme.example\n${"x".repeat(300)}`);
  await expect(box).toHaveAccessibleDescription(/dup@acme\.example is listed twice/);
  await expect(box).toHaveAccessibleDescription(/300 characters long; the limit is 256/);

  // An ID that already holds a seat.
  await page.getByRole("radio", { name: "Remove seats" }).check();
  await page.getByText(/Pick from the \d+ assigned seats/).click();
  const firstSeat = page.getByRole("button", { name: /^Add .+ to the removal list$/ }).first();
  const seatId = ((await firstSeat.getAttribute("aria-label")) ?? "").replace(/^Add (.+) to the removal list$/, "$1");
  await page.getByRole("radio", { name: "Add seats" }).check();
  await box.fill(seatId);
  await expect(box).toHaveAccessibleDescription(new RegExp(`${seatId.replace(/[.]/g, "\\.")} is already assigned`));

  // HTML is shown as text, never run.
  await box.fill('<img src=x onerror="window.__pwned=1">');
  await expect(page.getByRole("region", { name: "Impact preview" })).toContainText('<img src=x onerror="window.__pwned=1">');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // Past the customer's maximum (60 seats).
  await box.fill("");
  await page.getByLabel("Unassigned seats to add (optional)").fill("100");
  await expect(page.getByLabel("Unassigned seats to add (optional)")).toHaveAccessibleDescription(/the most allowed for this customer is 60/);
  await page.getByLabel("Unassigned seats to add (optional)").fill("2.5");
  await expect(page.getByLabel("Unassigned seats to add (optional)")).toHaveAccessibleDescription(/whole numbers/);

  // Removing an ID that is not there is a no-op, and the page says so.
  await page.getByLabel("Unassigned seats to add (optional)").fill("");
  await page.getByRole("radio", { name: "Remove seats" }).check();
  await page.getByLabel("Seat IDs to remove").fill("nobody@acme.example");
  await expect(page.getByLabel("Seat IDs to remove")).toHaveAccessibleDescription(/Removing nobody@acme\.example does nothing/);
  await expect(page.getByRole("region", { name: "Impact preview" }).getByRole("status")).toContainText("Nothing would change");

  // A time off the hour, and one before the subscription started.
  await page.getByLabel("Seat IDs to remove").fill(seatId);
  await page.getByRole("radio", { name: /At a later date and hour I choose/ }).check();
  const at = page.getByLabel("Starts at (UTC, on the hour)");
  await at.fill("2026-12-03T10:30");
  await expect(at).toHaveAccessibleDescription(/on the hour/);
  await at.fill("2026-11-20T10:00");
  await expect(at).toHaveAccessibleDescription(/Only an account manager can back-date/);

  await page.getByRole("button", { name: "Review change" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(sent).toEqual([]);
});

test("CSV import shows valid and invalid rows before anything is sent, and refuses broken files", async ({ page }) => {
  await signInByApi(page, "acmeAdmin");
  await openFirstContract(page);
  const sent = watchEdits(page);
  const file = page.getByLabel("Import seat IDs from a CSV file");

  const csv = ["seat_id", "csv.one@acme.example", "csv.two@acme.example", "\"   \"", "csv.one@acme.example", '"<b>bold</b>@acme.example"', "y".repeat(400)].join("\n");
  await file.setInputFiles({ name: "seats.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await expect(page.getByText("seats.csv: 3 valid rows, 3 invalid rows (header row skipped).")).toBeVisible();
  const rows = page.getByRole("table", { name: /Rows of seats\.csv/ });
  await expect(rows.getByRole("row", { name: /listed twice in this file/ })).toBeVisible();
  await expect(rows.getByRole("row", { name: /blank/ })).toBeVisible();
  await expect(rows.getByRole("cell", { name: "<b>bold</b>@acme.example" })).toBeVisible();
  await page.getByRole("button", { name: "Add the 3 valid seat IDs" }).click();
  await expect(page.getByLabel("Seat IDs to add")).toHaveValue("csv.one@acme.example\ncsv.two@acme.example\n<b>bold</b>@acme.example");
  await expect(page.getByRole("region", { name: "Impact preview" }).getByRole("status")).toContainText("→");

  await file.setInputFiles({ name: "latin1.csv", mimeType: "text/csv", buffer: Buffer.from([0x6a, 0xf6, 0x72, 0x67, 0x0a]) });
  await expect(file).toHaveAccessibleDescription(/not valid UTF-8/);

  const big = ["email", ...Array.from({ length: 10_000 }, (_, i) => `bulk${i}@acme.example`)].join("\n");
  await file.setInputFiles({ name: "big.csv", mimeType: "text/csv", buffer: Buffer.from(big, "utf8") });
  await expect(page.getByText("big.csv: 10,000 valid rows, 0 invalid rows (header row skipped).")).toBeVisible();
  await expect(page.getByText(/has 10,000 valid seat IDs; import at most 1,000 at a time/)).toBeVisible();
  await expect(page.getByRole("button", { name: /valid seat IDs$/ })).toHaveCount(0);
  expect(sent).toEqual([]);
});

test("an account manager back-dates a change that a customer admin may not", async ({ page }) => {
  await signInByApi(page, "accountManager");
  const ids = await openFirstContract(page);
  const total = await seatsNow(page, "Total");
  await page.getByLabel("Unassigned seats to add (optional)").fill("1");
  await page.getByRole("radio", { name: /past hours allowed/ }).check();
  await page.getByLabel("Starts at (UTC, on the hour)").fill("2026-11-20T09:00");
  const impact = page.getByRole("region", { name: "Impact preview" });
  await expect(impact).toContainText(/back-dated to November 20, 2026 09:00 UTC/);
  await page.getByRole("button", { name: "Review change" }).click();
  await page.getByRole("dialog", { name: "Confirm adding seats" }).getByRole("button", { name: "Confirm change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();
  // From Nov 20 there is one more seat; seats added since then fill it first, so today's total is
  // the old one or one more, never less.
  expect(await seatsNow(page, "Total")).toBeGreaterThanOrEqual(total);
  const audit = (await (await page.request.get(`/api/audit?customer_id=${ids.customerId}&limit=1`)).json()) as {
    data: Array<{ outcome: string; role: string; request: { update_subscriptions: Array<{ seat_updates: { add_unassigned_seats: Array<{ starting_at: string }> } }> } }>;
  };
  expect(audit.data[0]).toMatchObject({ outcome: "applied", role: "account_manager" });
  expect(audit.data[0]?.request.update_subscriptions[0]?.seat_updates.add_unassigned_seats[0]?.starting_at).toBe("2026-11-20T09:00:00.000Z");

  // The server refuses the same back-dated change from a customer admin.
  await signInByApi(page, "acmeAdmin");
  const origin = new URL((await page.request.get("/api/health")).url()).origin;
  const refused = await page.request.post("/api/metronome/v2/contracts/edit", {
    headers: { origin },
    data: {
      customer_id: ids.customerId,
      contract_id: ids.contractId,
      uniqueness_key: `e2e-backdate-${Date.now()}`,
      update_subscriptions: [{ subscription_id: ids.subscriptionId, seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: "2026-11-20T09:00:00.000Z" }] } }],
    },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).message).toMatch(/only an account manager can back-date/);
});

test("a scheduled change is cancelled with its own preview", async ({ page }) => {
  await signInByApi(page, "acmeAdmin");
  await openFirstContract(page);
  const scheduled = page.getByRole("region", { name: "Scheduled changes" });
  const cancel = scheduled.getByRole("button", { name: /^Cancel the change of Dec 1, 2026/ });
  // The list loads with the seat history: wait for it rather than counting what is there at once.
  await expect(cancel).toBeVisible();
  await expect(scheduled.getByRole("listitem").first()).toBeVisible();
  await cancel.click();
  await expect(scheduled.getByText(/Cancelling sends a change for the same hour/)).toBeVisible();
  await expect(scheduled.getByRole("heading", { name: "Charges" })).toBeVisible();
  await scheduled.getByRole("button", { name: "Review the cancellation" }).click();
  await page.getByRole("dialog", { name: /^Cancel the change of Dec 1, 2026/ }).getByRole("button", { name: "Confirm change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seats updated" })).toBeVisible();
  await expect(scheduled.getByRole("button", { name: /^Cancel the change of Dec 1, 2026/ })).toHaveCount(0);
});
