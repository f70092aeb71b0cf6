import { expect, type Page } from "@playwright/test";

/** The e2e simulator's frozen clock (scripts/e2e-server.mjs); the browser's clock is set to it. */
export const SIMULATOR_NOW = "2026-11-24T12:00:00.000Z";

export async function freezeBrowserClock(page: Page): Promise<void> {
  await page.clock.setFixedTime(new Date(SIMULATOR_NOW));
}

/** The number shown for "Assigned", "Unassigned" or "Total" under "Seats now". */
export async function seatsNow(page: Page, label: SeatCount): Promise<number> {
  const group = page.getByRole("region", { name: "Seats now" }).getByRole("group", { name: label, exact: true });
  await expect(group).toHaveText(new RegExp(`^${label}[\\d,]+$`));
  return Number((await group.textContent())?.replace(label, "").replace(/[^\d]/g, ""));
}

type SeatCount = "Assigned" | "Unassigned" | "Total";

/** Waits until "Seats now" shows `count` for `label`. */
export async function expectSeatsNow(page: Page, label: SeatCount, count: number): Promise<void> {
  await expect(page.getByRole("region", { name: "Seats now" }).getByRole("group", { name: label, exact: true })).toHaveText(
    `${label}${count.toLocaleString("en-US")}`,
  );
}

/** Records every seat edit the page sends. */
export function watchEdits(page: Page): string[] {
  const sent: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/api/metronome/v2/contracts/edit")) sent.push(request.postData() ?? "");
  });
  return sent;
}
