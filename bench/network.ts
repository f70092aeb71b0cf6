import type { BrowserContext, Page } from "@playwright/test";
import { simulator } from "./server";

/**
 * Where the benchmark's users sit. "realistic" is the default: a browser 100 ms (round trip) and
 * about 10 Mbit/s from the server (Chromium's network emulation through CDP), and a server 150 ms
 * from Metronome on every call (the embedded simulator's latency injection). "loopback" is this
 * machine with nothing added, where a wave of requests costs almost nothing.
 */
export interface NetworkProfile {
  name: "realistic" | "loopback";
  label: string;
  /** Browser ↔ server round trip added to every request (ms). */
  browserRttMs: number;
  /** Browser ↔ server throughput each way (bytes a second); null for unlimited. */
  browserBytesPerSecond: number | null;
  /** Added to every Metronome call the server makes (ms). */
  upstreamMs: number;
}

export const REALISTIC: NetworkProfile = {
  name: "realistic",
  label: "realistic (browser 100 ms RTT, 10 Mbit/s; Metronome 150 ms a call)",
  browserRttMs: 100,
  browserBytesPerSecond: 1_250_000,
  upstreamMs: 150,
};

export const LOOPBACK: NetworkProfile = { name: "loopback", label: "loopback (nothing added)", browserRttMs: 0, browserBytesPerSecond: null, upstreamMs: 0 };

/** Applies the profile's browser network to a page before it loads anything. */
export async function emulateBrowserNetwork(context: BrowserContext, page: Page, profile: NetworkProfile): Promise<void> {
  if (profile.browserRttMs === 0 && profile.browserBytesPerSecond === null) return;
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: profile.browserRttMs,
    downloadThroughput: profile.browserBytesPerSecond ?? -1,
    uploadThroughput: profile.browserBytesPerSecond ?? -1,
  });
}

/** Every Metronome call of the embedded simulator waits `ms` first (its fault rules; 0 clears them). */
export async function setUpstreamLatency(origin: string, ms: number): Promise<void> {
  if (ms === 0) await simulator(origin, "/_simulator/faults", { rules: [] });
  else await simulator(origin, "/_simulator/faults", { rules: [{ path: "/v1/", latency_ms: ms }, { path: "/v2/", latency_ms: ms }] });
}
