import type { Browser } from "@playwright/test";
import { openPage, goto, type StorageState } from "./measure";
import type { NetworkProfile } from "./network";
import { clearReadCache, upstreamCalls } from "./server";

export interface RouteUpstream {
  pattern: string;
  /** Metronome calls of one page view with the server's read cache empty. */
  cold: number;
  /** The same page, a second viewer right after (within the freshness window). */
  warm: number;
}

export interface ConcurrentViewers {
  viewers: number;
  /** Metronome calls of one viewer alone, cache empty. */
  one: number;
  /** Metronome calls of `viewers` opening the page at once, cache empty. */
  many: number;
  /** How long the slowest of them took until the page went quiet (ms). */
  slowestMs: number;
}

/** One page view until its requests are quiet; returns the Metronome calls the server made meanwhile. */
async function countedView(browser: Browser, origin: string, state: StorageState, url: string, profile: NetworkProfile): Promise<number> {
  const before = await upstreamCalls(origin);
  const s = await openPage(browser, state, profile);
  try {
    await goto(s, url);
    await s.log.idle(800);
  } finally {
    await s.context.close();
  }
  return (await upstreamCalls(origin)) - before;
}

/** Cold and warm Metronome calls of each route's page view. */
export async function measureUpstreamPerRoute(
  browser: Browser,
  origin: string,
  state: StorageState,
  urls: Array<{ pattern: string; url: string }>,
  profile: NetworkProfile,
): Promise<RouteUpstream[]> {
  const out: RouteUpstream[] = [];
  for (const { pattern, url } of urls) {
    await clearReadCache(origin);
    const cold = await countedView(browser, origin, state, url, profile);
    const warm = await countedView(browser, origin, state, url, profile);
    out.push({ pattern, cold, warm });
    console.log(`  upstream ${pattern}: cold ${cold}, warm ${warm}`);
  }
  return out;
}

/** `viewers` people open the same page at the same moment on an empty server cache. */
export async function measureConcurrentViewers(
  browser: Browser,
  origin: string,
  state: StorageState,
  url: string,
  profile: NetworkProfile,
  viewers = 20,
): Promise<ConcurrentViewers> {
  await clearReadCache(origin);
  const one = await countedView(browser, origin, state, url, profile);
  await clearReadCache(origin);
  const sessions = await Promise.all(Array.from({ length: viewers }, () => openPage(browser, state, profile)));
  const before = await upstreamCalls(origin);
  const started = Date.now();
  let slowestMs = 0;
  try {
    await Promise.all(
      sessions.map(async (s) => {
        await goto(s, url);
        await s.log.idle(800);
        slowestMs = Math.max(slowestMs, Date.now() - started - 800);
      }),
    );
  } finally {
    await Promise.all(sessions.map((s) => s.context.close()));
  }
  const many = (await upstreamCalls(origin)) - before;
  console.log(`  ${viewers} concurrent viewers: ${many} upstream calls (one viewer: ${one}); slowest ${slowestMs} ms`);
  return { viewers, one, many, slowestMs };
}
