import type { Page } from "@playwright/test";

/** What the in-page observers saw (times in ms from the page's time origin). */
export interface ProbeSnapshot {
  timeOrigin: number;
  fcp: number | null;
  lcp: number | null;
  /** The largest contentful paint's element: tag and the start of its text. */
  lcpElement: string | null;
  longTasks: Array<{ start: number; duration: number }>;
  marks: Record<string, number>;
  /** Every fetch() the page made, when it made it (before the browser queues it for a connection). */
  calls: FetchCall[];
}

export interface FetchCall {
  method: string;
  url: string;
  body: string | null;
  t: number;
}

/**
 * Installed before any page script: PerformanceObservers for largest-contentful-paint, longtask
 * and paint, `__bench.waitFor(name, test)`, which marks the first animation frame where
 * `test()` holds, and a record of every fetch() call's time.
 */
function probe() {
  const state = {
    fcp: null as number | null,
    lcp: null as number | null,
    lcpElement: null as string | null,
    longTasks: [] as Array<{ start: number; duration: number }>,
    marks: {} as Record<string, number>,
    calls: [] as Array<{ method: string; url: string; body: string | null; t: number }>,
  };
  const originalFetch = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : null;
    const url = request ? request.url : input instanceof URL ? input.href : String(input);
    state.calls.push({
      method: (init?.method ?? request?.method ?? "GET").toUpperCase(),
      url: new URL(url, location.href).href,
      body: typeof init?.body === "string" ? init.body : null,
      t: performance.now(),
    });
    return originalFetch(input, init);
  };
  const observe = (type: string, onEntry: (e: PerformanceEntry) => void) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true });
    } catch {
      // the entry type is not supported
    }
  };
  observe("largest-contentful-paint", (e) => {
    state.lcp = e.startTime;
    const el = (e as PerformanceEntry & { element?: Element | null }).element;
    state.lcpElement = el ? `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 40)}"` : null;
  });
  observe("paint", (e) => {
    if (e.name === "first-contentful-paint") state.fcp = e.startTime;
  });
  observe("longtask", (e) => state.longTasks.push({ start: e.startTime, duration: e.duration }));
  const waitFor = (name: string, test: () => boolean) =>
    new Promise<number>((resolve) => {
      const tick = () => {
        let ok: boolean;
        try {
          ok = test();
        } catch {
          ok = false;
        }
        if (ok) {
          state.marks[name] = performance.now();
          resolve(state.marks[name] as number);
        } else requestAnimationFrame(tick);
      };
      tick();
    });
  const mark = (name: string) => {
    state.marks[name] = performance.now();
  };
  (window as unknown as { __bench: unknown }).__bench = { state, waitFor, mark };
}

export async function installProbe(page: Page): Promise<void> {
  // Functions compiled by tsx carry esbuild's `__name` helper: define it in the page too.
  await page.addInitScript({ content: `var __name = (target) => target;\n(${probe.toString()})();` });
}

export async function snapshot(page: Page): Promise<ProbeSnapshot> {
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: { state: Omit<ProbeSnapshot, "timeOrigin"> } }).__bench;
    return { timeOrigin: performance.timeOrigin, ...JSON.parse(JSON.stringify(b.state)) } as ProbeSnapshot;
  });
}

/** Total blocking time: the part of each long task beyond 50 ms, from first contentful paint to `until`. */
export function totalBlockingTime(s: ProbeSnapshot, until = Infinity): number {
  const from = s.fcp ?? 0;
  return s.longTasks.filter((t) => t.start >= from && t.start < until).reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0);
}
