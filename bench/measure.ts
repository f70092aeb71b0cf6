import type { Browser, BrowserContext, Page } from "@playwright/test";
import { LOOPBACK, emulateBrowserNetwork, type NetworkProfile } from "./network";
import { installProbe, snapshot, totalBlockingTime } from "./page-probe";
import { RequestLog, apiLabel, chainDepth, duplicates, isApi, waterfall } from "./requests";

export type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

const VIEWPORT = { width: 1280, height: 800 };

export interface PageSession {
  context: BrowserContext;
  page: Page;
  log: RequestLog;
}

/** A fresh context (empty HTTP cache) signed in with `state` on the profile's network, with the probe and request log installed. */
export async function openPage(browser: Browser, state: StorageState, profile: NetworkProfile, marks: Record<string, string> = {}): Promise<PageSession> {
  const context = await browser.newContext({ storageState: state, viewport: VIEWPORT, colorScheme: "light" });
  const page = await context.newPage();
  await emulateBrowserNetwork(context, page, profile);
  await installProbe(page);
  const waits = Object.entries(marks)
    .map(([name, expr]) => `window.__bench.waitFor(${JSON.stringify(name)}, () => (${expr}));`)
    .join("\n");
  if (waits) await page.addInitScript({ content: waits });
  const log = new RequestLog(page);
  return { context, page, log };
}

export async function goto(s: PageSession, url: string): Promise<void> {
  await s.page.goto(url, { waitUntil: "load" });
  s.log.setTimeOrigin(await s.page.evaluate(() => performance.timeOrigin));
}

/** Milliseconds from the page's time origin to a mark set by the probe (waits for it). */
export async function markTime(page: Page, name: string, timeout = 60_000): Promise<number> {
  await page.waitForFunction((n) => (window as unknown as { __bench: { state: { marks: Record<string, number> } } }).__bench.state.marks[n] !== undefined, name, {
    timeout,
  });
  return page.evaluate((n) => (window as unknown as { __bench: { state: { marks: Record<string, number> } } }).__bench.state.marks[n] as number, name);
}

/** A cold load of one URL, as its API waterfall (for `npm run bench -- --trace <route>`). */
export async function traceRoute(browser: Browser, state: StorageState, url: string, profile: NetworkProfile): Promise<string[]> {
  const s = await openPage(browser, state, profile);
  try {
    await goto(s, url);
    await s.log.idle(800);
    s.log.setIssueTimes((await snapshot(s.page)).calls);
    return waterfall(s.log.requests);
  } finally {
    await s.context.close();
  }
}

export interface RouteLoad {
  pattern: string;
  url: string;
  /** The path the page ended on (routes that redirect end elsewhere). */
  finalPath: string;
  redirected: boolean;
  fcp: number | null;
  lcp: number | null;
  lcpElement: string | null;
  tbt: number;
  longTasks: number;
  maxLongTask: number;
  requests: number;
  apiRequests: number;
  /** Chunks fetched, with gzipped KB. */
  js: Array<{ file: string; kb: number }>;
  jsKb: number;
  jsBeforeFcpKb: number;
  /** API waves, each request counted from when the page asked for it. */
  depth: number;
  /** The same, counted from when the browser sent each request (connection queueing included). */
  sentDepth: number;
  chain: string[];
  duplicates: string[];
  api: string[];
  /** When the last API response of the load ended (ms from navigation start). */
  dataDone: number;
}

/** One cold load of a route: paint, blocking time, requests, chunks and the API waterfall. */
export async function measureRouteLoad(
  browser: Browser,
  state: StorageState,
  route: { pattern: string; url: string },
  jsKb: (file: string) => number,
  profile: NetworkProfile,
): Promise<RouteLoad> {
  const s = await openPage(browser, state, profile);
  try {
    await goto(s, route.url);
    await s.log.idle(800);
    // One more frame after the data so the last paint is observed.
    await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
    const snap = await snapshot(s.page);
    s.log.setIssueTimes(snap.calls);
    const reqs = s.log.requests;
    const scripts = reqs.filter((r) => r.type === "script" || /\/assets\/.+\.js$/.test(r.path));
    const js = scripts.map((r) => ({ file: r.path.replace(/^\//, "").split("?")[0] as string, kb: jsKb(r.path.replace(/^\//, "").split("?")[0] as string) }));
    const fcp = snap.fcp ?? Infinity;
    const api = reqs.filter(isApi);
    const chain = chainDepth(reqs);
    const finalPath = new URL(s.page.url()).pathname;
    return {
      pattern: route.pattern,
      url: route.url,
      finalPath,
      redirected: finalPath !== new URL(route.url, "http://x").pathname,
      fcp: snap.fcp,
      lcp: snap.lcp,
      lcpElement: snap.lcpElement,
      tbt: totalBlockingTime(snap),
      longTasks: snap.longTasks.length,
      maxLongTask: Math.max(0, ...snap.longTasks.map((t) => t.duration)),
      requests: reqs.length,
      apiRequests: api.length,
      js,
      jsKb: round(js.reduce((sum, f) => sum + f.kb, 0)),
      jsBeforeFcpKb: round(scripts.filter((r) => r.end !== null && r.end <= fcp).reduce((sum, r) => sum + jsKb(r.path.replace(/^\//, "")), 0)),
      depth: chain.depth,
      sentDepth: chainDepth(reqs, "sent").depth,
      chain: chain.chain,
      duplicates: duplicates(reqs),
      api: api.map(apiLabel),
      dataDone: Math.max(0, ...api.map((r) => r.end ?? 0)),
    };
  } finally {
    await s.context.close();
  }
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const ROWS_LOADED = `document.querySelector("table tbody tr td.tabular-nums") !== null`;
const ALL_SHOWN = `[...document.querySelectorAll("p[aria-live]")].some((p) => /^[\\d,]+ of [\\d,]+ seats? shown\\./.test(p.textContent || ""))`;

export interface BalancesResult {
  firstRows: number;
  allSeats: number;
  rowsShown: number | null;
  scroll: { ms: number; frames: number; longTasks: number; maxLongTask: number; reachedEnd: boolean };
  /** The longest scroll task over all runs (set when runs are combined). */
  worstScrollLongTask?: number;
  drillHovered: { ms: number; requestsAfterClick: number };
  drillCold: { ms: number; requestsAfterClick: number };
}

/** The seat balances table: first rows, every seat, a scripted scroll end to end, and the ledger drill-down. */
export async function measureBalances(browser: Browser, state: StorageState, url: string, profile: NetworkProfile): Promise<BalancesResult> {
  const s = await openPage(browser, state, profile, { firstRows: ROWS_LOADED, allSeats: ALL_SHOWN });
  try {
    await goto(s, url);
    const firstRows = await markTime(s.page, "firstRows");
    const allSeats = await markTime(s.page, "allSeats");
    await s.log.idle(600);
    const shownText = await s.page.locator("p[aria-live]").filter({ hasText: /seats? shown\./ }).first().textContent();
    const rowsShown = shownText ? Number((/of ([\d,]+) seats?/.exec(shownText)?.[1] ?? "").replace(/,/g, "")) || null : null;

    // Scroll the table's own box from top to bottom, 300 px a frame, and collect the long tasks meanwhile.
    const scroll = await s.page.evaluate(async () => {
      const table = [...document.querySelectorAll("table")].find((t) => (t.querySelector("caption")?.textContent ?? "").startsWith("Seat balances"));
      const box = table?.parentElement;
      if (!table || !box) throw new Error("no seat balances table");
      const bench = (window as unknown as { __bench: { state: { longTasks: Array<{ start: number; duration: number }> } } }).__bench;
      const from = performance.now();
      let frames = 0;
      box.scrollTop = 0;
      while (box.scrollTop + box.clientHeight < box.scrollHeight - 1) {
        box.scrollTop += 300;
        frames += 1;
        await new Promise((r) => requestAnimationFrame(r));
      }
      await new Promise((r) => setTimeout(r, 300));
      const to = performance.now();
      const tasks = bench.state.longTasks.filter((t) => t.start >= from && t.start <= to);
      const rows = [...table.querySelectorAll("tbody tr[aria-rowindex]")];
      const last = Number(rows.at(-1)?.getAttribute("aria-rowindex") ?? 0);
      return {
        ms: to - from - 300,
        frames,
        longTasks: tasks.length,
        maxLongTask: Math.max(0, ...tasks.map((t) => t.duration)),
        reachedEnd: last === Number(table.getAttribute("aria-rowcount")),
      };
    });

    await s.page.evaluate(() => {
      const table = [...document.querySelectorAll("table")].find((t) => (t.querySelector("caption")?.textContent ?? "").startsWith("Seat balances"));
      if (table?.parentElement) table.parentElement.scrollTop = 0;
    });
    await s.page.waitForTimeout(300);

    const drill = async (rowIndex: number, hover: boolean) => {
      const link = s.page.locator("table tbody tr th a").nth(rowIndex);
      await link.waitFor();
      if (hover) {
        await link.hover();
        await s.log.idle(500);
      }
      const before = s.log.requests.length;
      await s.page.evaluate(() => {
        const bench = (window as unknown as { __bench: { state: { marks: Record<string, number> }; waitFor: (n: string, t: () => boolean) => void } }).__bench;
        delete bench.state.marks.click;
        delete bench.state.marks.drawn;
        document.addEventListener("click", () => (bench.state.marks.click = performance.now()), { capture: true, once: true });
        // The seat's ledger chart: its figure has a drawn line.
        bench.waitFor(
          "drawn",
          () =>
            /\/balances\/[^/]+$/.test(location.pathname) &&
            [...document.querySelectorAll("figure")].some(
              (f) => (f.textContent ?? "").includes("Balance over time ·") && f.querySelector(".recharts-line-curve, .recharts-curve") !== null,
            ),
        );
      });
      // A hovered click goes through the mouse; a cold one is a plain click event (no hover, no prefetch).
      if (hover) await link.click();
      else await link.evaluate((el) => (el as HTMLElement).click());
      const drawn = await markTime(s.page, "drawn", 30_000);
      const click = await markTime(s.page, "click", 1_000);
      await s.log.idle(400);
      const requestsAfterClick = s.log.since(before).filter(isApi).length;
      await s.page.goBack();
      await s.page.locator("table tbody tr th a").first().waitFor();
      await s.log.idle(400);
      return { ms: round(drawn - click), requestsAfterClick };
    };
    const drillHovered = await drill(2, true);
    const drillCold = await drill(5, false);
    return { firstRows: round(firstRows), allSeats: round(allSeats), rowsShown, scroll: { ...scroll, ms: round(scroll.ms), maxLongTask: round(scroll.maxLongTask) }, drillHovered, drillCold };
  } finally {
    await s.context.close();
  }
}

export interface MemoryResult {
  routes: number;
  heapMb: number;
  domNodes: number;
}

/** Visits every route in one page (client-side navigation), then the JS heap after a garbage collection. */
export async function measureMemory(browser: Browser, state: StorageState, urls: string[]): Promise<MemoryResult> {
  const s = await openPage(browser, state, LOOPBACK);
  try {
    const [first, ...rest] = urls;
    if (!first) throw new Error("no routes");
    await goto(s, first);
    await s.log.idle(600);
    for (const url of rest) {
      await s.page.evaluate((u) => {
        history.pushState(null, "", u);
        dispatchEvent(new PopStateEvent("popstate", { state: null }));
      }, url);
      await s.log.idle(600);
    }
    const cdp = await s.context.newCDPSession(s.page);
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
    const dom = (await cdp.send("Memory.getDOMCounters")) as { nodes: number };
    return { routes: urls.length, heapMb: round(heap.usedSize / 1024 / 1024, 2), domNodes: dom.nodes };
  } finally {
    await s.context.close();
  }
}

/** Reads that a seat edit changes (contract, seats, balances, alerts, invoices, audit). */
const CHANGED_BY_EDIT =
  /v2\/contracts\/(get|list)|getSubscription(Seats|Quantity)History|getEditHistory|seatBalances|customerBalances|getNetBalance|customer-alerts|alerts\/list|invoices|\/api\/audit|\/api\/alert-events/;

export interface EditResult {
  ok: boolean;
  note: string;
  /** Submit → the "Seats updated" confirmation. */
  toConfirmation: number | null;
  /** How long the BFF took to answer the edit request itself. */
  editRequest: number | null;
  /** Submit → the "Seats now" assigned count shows the change. */
  toSeatsNow: number | null;
  /** Submit → the last refetch done (every view fed from fresh data). */
  toAllViews: number | null;
  refetched: string[];
  unchangedRefetched: string[];
  duplicateRefetches: string[];
}

/** Removes one assigned seat in the seat editor and follows what is refetched and when each view updates. */
export async function measureEdit(browser: Browser, state: StorageState, url: string, profile: NetworkProfile): Promise<EditResult> {
  const s = await openPage(browser, state, profile);
  const empty = (note: string): EditResult => ({ ok: false, note, toConfirmation: null, editRequest: null, toSeatsNow: null, toAllViews: null, refetched: [], unchangedRefetched: [], duplicateRefetches: [] });
  try {
    await goto(s, url);
    await s.log.idle(800);
    const page = s.page;
    const assignedGroup = page.getByRole("region", { name: "Seats now" }).getByRole("group", { name: "Assigned", exact: true });
    const read = async () => Number(((await assignedGroup.textContent({ timeout: 10_000 })) ?? "").replace(/[^\d]/g, ""));
    const before = await read();
    await page.getByRole("radio", { name: "Remove seats" }).check();
    await page.getByText(/Pick from the [\d,]+ assigned seats/).click();
    await page.getByRole("button", { name: /^Add .+ to the removal list$/ }).first().click();
    await page.getByRole("button", { name: "Review change" }).click();
    const dialog = page.getByRole("dialog", { name: /^Confirm/ });
    const confirm = dialog.getByRole("button", { name: "Confirm change" });
    await confirm.waitFor();
    const mark = s.log.requests.length;
    const origin = await page.evaluate(() => performance.timeOrigin);
    const submitted = Date.now();
    await confirm.click();
    const status = page.getByRole("status").filter({ hasText: "Seats updated" });
    try {
      await status.waitFor({ timeout: 30_000 });
    } catch {
      return empty(`no "Seats updated" confirmation within 30 s`);
    }
    const toConfirmation = Date.now() - submitted;
    let toSeatsNow: number | null = null;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if ((await read()) === before - 1) {
        toSeatsNow = Date.now() - submitted;
        break;
      }
      await page.waitForTimeout(25);
    }
    await s.log.idle(1_000);
    const after = s.log.since(mark).filter(isApi);
    const editIndex = after.findIndex((r) => r.path.endsWith("/v2/contracts/edit"));
    const refetches = after.slice(editIndex + 1).filter((r) => !r.path.endsWith("/v2/contracts/edit"));
    const lastEnd = Math.max(0, ...refetches.map((r) => r.end ?? 0));
    const toAllViews = refetches.length > 0 ? Math.max(toSeatsNow ?? 0, lastEnd + origin - submitted) : toSeatsNow;
    return {
      ok: editIndex >= 0,
      note: editIndex >= 0 ? `removed 1 seat (assigned ${before} → ${await read()})` : "no edit request seen",
      toConfirmation,
      editRequest: editIndex >= 0 && after[editIndex]?.end != null ? round((after[editIndex]?.end ?? 0) - (after[editIndex]?.start ?? 0), 0) : null,
      toSeatsNow,
      toAllViews: toAllViews === null ? null : round(toAllViews, 0),
      refetched: refetches.map(apiLabel),
      unchangedRefetched: refetches.filter((r) => !CHANGED_BY_EDIT.test(r.path)).map(apiLabel),
      duplicateRefetches: duplicates(refetches),
    };
  } finally {
    await s.context.close();
  }
}
