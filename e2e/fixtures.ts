import { expect, type Page } from "@playwright/test";

/** The demo people of the seeded scenario (ids of GET /api/demo-people; names are read from it). */
export const people = {
  acmeAdmin: { id: "acme-admin", role: "Customer admin", customer: "Acme Robotics" },
  acmeMember: { id: "acme-member", role: "Customer member", customer: "Acme Robotics" },
  globexAdmin: { id: "globex-admin", role: "Customer admin", customer: "Globex Corporation" },
  globexMember: { id: "globex-member", role: "Customer member", customer: "Globex Corporation" },
  initechAdmin: { id: "initech-admin", role: "Customer admin", customer: "Initech" },
  initechMember: { id: "initech-member", role: "Customer member", customer: "Initech" },
  umbrellaAdmin: { id: "umbrella-admin", role: "Customer admin", customer: "Umbrella Health" },
  umbrellaMember: { id: "umbrella-member", role: "Customer member", customer: "Umbrella Health" },
  accountManager: { id: "account-manager", role: "Account manager", customer: "Acme Robotics" },
} as const;

export type DemoPersonKey = keyof typeof people;

/** The display name of a demo person, as the server lists it. */
export async function personName(page: Page, key: DemoPersonKey): Promise<string> {
  const response = await page.request.get("/api/demo-people");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { data: Array<{ id: string; user: { name: string } }> };
  const person = body.data.find((p) => p.id === people[key].id);
  if (!person) throw new Error(`No demo person ${people[key].id}`);
  return person.user.name;
}

/** The accessible name of a person's button on the sign-in page. */
export async function signInButtonName(page: Page, key: DemoPersonKey): Promise<string> {
  return `Sign in as ${await personName(page, key)}, ${people[key].role}`;
}

/**
 * Signs in through the sign-in page as a demo person and waits for their first customer's
 * contract overview (`/c/<customer>/k/<contract>`; an account manager's through the portfolio).
 * Pass `next` to start from a deep link.
 */
export async function signInAs(page: Page, key: DemoPersonKey, next?: string): Promise<void> {
  const buttonName = await signInButtonName(page, key);
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  await page.getByRole("button", { name: buttonName }).click();
  if (next) await expect(page).toHaveURL(next);
  else await landOnFirstContract(page);
}

/**
 * From "/": customer roles are sent to their customer's contract; an account manager's home is
 * the portfolio, from which this opens their first customer (as the switcher would).
 */
async function landOnFirstContract(page: Page): Promise<void> {
  const contract = /\/c\/[^/]+\/k\/[^/]+$/;
  const portfolio = page.getByRole("heading", { level: 1, name: "Your customers" });
  await expect(page.getByRole("navigation", { name: "Contract pages" }).or(portfolio)).toBeVisible();
  if (await portfolio.isVisible()) {
    const session = (await (await page.request.get("/api/session")).json()) as { customer_ids: string[] };
    await page.goto(`/c/${session.customer_ids[0] ?? ""}`);
  }
  await expect(page).toHaveURL(contract);
}

/**
 * Signs in without the page (the session cookie lands in the page's context); faster for setup.
 * Returns the person's first customer id.
 */
export async function signInByApi(page: Page, key: DemoPersonKey): Promise<string> {
  const health = await page.request.get("/api/health");
  const response = await page.request.post("/api/demo-sign-in", {
    data: { person_id: people[key].id },
    headers: { origin: new URL(health.url()).origin },
  });
  expect(response.status()).toBe(200);
  const session = (await response.json()) as { customer_ids: string[] };
  return session.customer_ids[0] as string;
}

/** Opens a customer's first active contract and one of its tabs ("History", "Seat balances", "Credits", …). */
export async function openContractTab(page: Page, customerId: string, tab: string): Promise<void> {
  await page.goto(`/c/${customerId}`);
  const link = page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: tab });
  await link.click();
  await expect(link).toHaveAttribute("aria-current", "page");
}

/** The ids in a contract-scope URL. */
export function idsFromUrl(url: string): { customerId: string; contractId: string; subscriptionId?: string } {
  const match = /\/c\/([^/?#]+)\/k\/([^/?#]+)(?:\/s\/([^/?#]+))?/.exec(url);
  if (!match?.[1] || !match[2]) throw new Error(`Not a contract URL: ${url}`);
  return { customerId: match[1], contractId: match[2], ...(match[3] ? { subscriptionId: match[3] } : {}) };
}

/** Opens the Acme-style contract overview of the signed-in person and returns its ids and first subscription. */
export async function openFirstContract(page: Page): Promise<{ customerId: string; contractId: string; subscriptionId: string }> {
  await page.goto("/");
  await landOnFirstContract(page);
  await page.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: "Seats", exact: true }).click();
  await expect(page).toHaveURL(/\/s\/[^/]+\/seats$/);
  const ids = idsFromUrl(page.url());
  if (!ids.subscriptionId) throw new Error("no subscription in the URL");
  return { ...ids, subscriptionId: ids.subscriptionId };
}

/** The quantity/balance strip shows both charts, each with its text alternative. */
export async function expectStrip(page: Page): Promise<void> {
  const strip = page.getByRole("region", { name: /Seats and credits over time/ });
  await expect(strip).toBeVisible();
  await expect(strip.getByRole("figure", { name: /Seat quantity over time/ })).toBeVisible();
  await expect(strip.getByRole("figure", { name: /credits (in all )?over time/ })).toBeVisible();
  await expect(strip.getByRole("table", { name: /Seat quantity over time/ })).toBeAttached();
  await expect(strip.getByRole("table", { name: /credits (in all )?over time/ })).toBeAttached();
}

/** The page does not scroll sideways (tables scroll or stack inside their own box). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Chooses a theme in the user menu ("System", "Light" or "Dark"). */
export async function chooseTheme(page: Page, theme: "System" | "Light" | "Dark"): Promise<void> {
  await page.getByRole("button", { name: /^Account menu/ }).click();
  await page.getByLabel("Theme").selectOption({ label: theme });
  await page.keyboard.press("Escape");
}

/** A seat id currently assigned on a seat-based subscription (read through the BFF as the signed-in person). */
export async function firstAssignedSeat(page: Page, ids: { customerId: string; contractId: string; subscriptionId: string }): Promise<string> {
  const health = await page.request.get("/api/health");
  const response = await page.request.post("/api/metronome/v1/contracts/getSubscriptionSeatsHistory", {
    data: { customer_id: ids.customerId, contract_id: ids.contractId, subscription_id: ids.subscriptionId, limit: 10 },
    headers: { origin: new URL(health.url()).origin },
  });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { data: Array<{ assigned_seat_ids: string[] }> };
  const seat = body.data[0]?.assigned_seat_ids[0];
  if (!seat) throw new Error("no assigned seat");
  return seat;
}
