import { expect, test } from "@playwright/test";
import { openFirstContract, signInByApi } from "./fixtures";
import { freezeBrowserClock, seatsNow } from "./seats-helpers";

test("a member sees the seats but no editor, and the server refuses a change", async ({ page }) => {
  await freezeBrowserClock(page);
  await signInByApi(page, "acmeMember");
  const ids = await openFirstContract(page);
  expect(await seatsNow(page, "Total")).toBeGreaterThan(0);
  await expect(page.getByText("You can view these seats but not change them")).toBeVisible();
  await expect(page.getByRole("button", { name: "Review change" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Cancel the change of/ })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Scheduled changes" })).toBeVisible();

  const origin = new URL((await page.request.get("/api/health")).url()).origin;
  const refused = await page.request.post("/api/metronome/v2/contracts/edit", {
    headers: { origin },
    data: {
      customer_id: ids.customerId,
      contract_id: ids.contractId,
      update_subscriptions: [{ subscription_id: ids.subscriptionId, seat_updates: { add_unassigned_seats: [{ quantity: 1, starting_at: "2026-11-24T12:00:00.000Z" }] } }],
    },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).message).toBe("Members can view seats but not change them");
});
