import { expect, test, type Page } from "@playwright/test";
import { firstAssignedSeat, openFirstContract, signInAs, type DemoPersonKey } from "./fixtures";

interface ApiCall {
  key: string;
  path: string;
  start: number;
  end: number | null;
}

/**
 * Loads `path` cold (a full page load) and records every /api request until the network is
 * quiet: when each started and when its answer had fully arrived.
 */
async function loadAndRecord(page: Page, path: string): Promise<ApiCall[]> {
  const calls = new Map<object, ApiCall>();
  const t0 = Date.now();
  // Requests of the page being left (answered or cancelled as it unloads) are not this page's.
  let navigatedAt = Number.POSITIVE_INFINITY;
  const onRequest = (request: import("@playwright/test").Request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigatedAt = Math.min(navigatedAt, Date.now() - t0);
    const url = new URL(request.url());
    if (!url.pathname.startsWith("/api/")) return;
    calls.set(request, { key: `${request.method()} ${url.pathname}${url.search} ${request.postData() ?? ""}`, path: url.pathname, start: Date.now() - t0, end: null });
  };
  const onFinished = (request: import("@playwright/test").Request) => {
    const call = calls.get(request);
    if (call) call.end = Date.now() - t0;
  };
  page.on("request", onRequest);
  page.on("requestfinished", onFinished);
  await page.goto(path);
  await expect(page.getByRole("main")).toBeVisible();
  // Quiet for half a second: every read the page makes on load has been asked for and answered.
  await page.waitForLoadState("networkidle", { timeout: 60_000 });
  page.off("request", onRequest);
  page.off("requestfinished", onFinished);
  return [...calls.values()].filter((c) => c.start >= navigatedAt).sort((a, b) => a.start - b.start);
}

/** One wave after the session: no request starts once another (not the session) has been answered, and none is sent twice. */
function expectOneWave(calls: ApiCall[], what: string): void {
  const sessions = calls.filter((c) => c.path === "/api/session");
  expect(sessions, `${what}: the session is read once`).toHaveLength(1);
  const rest = calls.filter((c) => c.path !== "/api/session");
  expect(rest.length, `${what}: the page reads something`).toBeGreaterThan(0);
  const firstAnswer = Math.min(...rest.map((c) => c.end ?? Number.POSITIVE_INFINITY));
  const late = rest.filter((c) => c.start > firstAnswer).map((c) => `${c.key.slice(0, 160)} (started ${c.start} ms, first answer at ${firstAnswer} ms)`);
  expect(late, `${what}: requests started after another answer arrived`).toEqual([]);
  const keys = calls.map((c) => c.key);
  const duplicates = keys.filter((k, i) => keys.indexOf(k) !== i);
  expect(duplicates, `${what}: requests sent twice`).toEqual([]);
  // The page's reads came through its view, not one by one.
  expect(rest.some((c) => c.path.startsWith("/api/views/")), `${what}: the page's view`).toBe(true);
  expect(rest.filter((c) => c.path.startsWith("/api/metronome/")), `${what}: Metronome reads asked one by one`).toEqual([]);
}

async function contractRoutes(page: Page, person: DemoPersonKey): Promise<string[]> {
  await signInAs(page, person);
  const ids = await openFirstContract(page);
  const seat = await firstAssignedSeat(page, ids);
  const contract = `/c/${ids.customerId}/k/${ids.contractId}`;
  const sub = `${contract}/s/${ids.subscriptionId}`;
  return [
    contract,
    `${contract}/credits`,
    `${contract}/alerts`,
    `${sub}/seats`,
    `${sub}/history`,
    `${sub}/balances`,
    `${sub}/balances/${encodeURIComponent(seat)}`,
    `${sub}/history?from=2026-09-01&to=2026-12-31`,
    `/c/${ids.customerId}/audit`,
  ];
}

test("every page of a contract costs one round trip after the session, with no request sent twice", async ({ page }) => {
  test.setTimeout(240_000);
  for (const path of await contractRoutes(page, "acmeAdmin")) {
    expectOneWave(await loadAndRecord(page, path), path);
  }
});

test("the 1,000-seat balances page is one round trip too: the whole table in one streamed view", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "initechAdmin");
  const ids = await openFirstContract(page);
  const path = `/c/${ids.customerId}/k/${ids.contractId}/s/${ids.subscriptionId}/balances`;
  const calls = await loadAndRecord(page, path);
  expectOneWave(calls, path);
  await expect(page.getByRole("table").first()).toBeVisible();
});
