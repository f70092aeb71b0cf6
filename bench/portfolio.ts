import type { Browser } from "@playwright/test";
import { measureRouteLoad, round, type StorageState } from "./measure";
import type { NetworkProfile } from "./network";
import { clearReadCache, upstreamCalls } from "./server";

export interface PortfolioResult {
  customers: number;
  cold: { lcp: number | null; depth: number; upstreamCalls: number };
  warm: { lcp: number | null; depth: number; upstreamCalls: number };
}

/** Signs the demo account manager in (embedded simulator only) and returns the browser state and the customers assigned. */
export async function accountManagerState(browser: Browser, origin: string): Promise<{ state: StorageState; customers: number }> {
  const context = await browser.newContext();
  try {
    const res = await context.request.post(`${origin}/api/demo-sign-in`, { data: { person_id: "account-manager" }, headers: { origin } });
    if (!res.ok()) throw new Error(`demo sign-in → ${res.status()}: ${(await res.text()).slice(0, 200)}`);
    const session = (await res.json()) as { customer_ids: string[] };
    return { state: await context.storageState(), customers: session.customer_ids.length };
  } finally {
    await context.close();
  }
}

/** The account manager's portfolio ("/"): a cold load with the server's read cache empty, then a warm one. */
export async function measurePortfolio(browser: Browser, origin: string, profile: NetworkProfile, jsKb: (file: string) => number): Promise<PortfolioResult> {
  const { state, customers } = await accountManagerState(browser, origin);
  const route = { pattern: "/", url: `${origin}/` };
  const load = async () => {
    const before = await upstreamCalls(origin);
    const r = await measureRouteLoad(browser, state, route, jsKb, profile);
    return { lcp: r.lcp === null ? null : round(r.lcp, 0), depth: r.depth, upstreamCalls: (await upstreamCalls(origin)) - before };
  };
  await clearReadCache(origin);
  const cold = await load();
  const warm = await load();
  console.log(`  [${profile.name}] portfolio of ${customers} customers: cold LCP ${cold.lcp} ms (${cold.upstreamCalls} Metronome calls), warm LCP ${warm.lcp} ms (${warm.upstreamCalls})`);
  return { customers, cold, warm };
}
