import { describe, expect, it } from "vitest";
import type { MetronomeUpstream } from "./upstream";
import { limitUpstream, retryAfterMs, type UpstreamLimitOptions } from "./upstream-limit";

interface Sent {
  method: string;
  path: string;
  at: number;
}

/** An upstream whose answers a test scripts; records when each call reached it. */
function scripted(answer: (sent: Sent, index: number) => Response | Promise<Response>, clock: () => number) {
  const sent: Sent[] = [];
  const upstream: MetronomeUpstream = {
    kind: "simulator",
    simulator: null,
    close: async () => {},
    async request(method, path) {
      const call = { method, path, at: clock() };
      sent.push(call);
      return answer(call, sent.length - 1);
    },
  };
  return { upstream, sent };
}

/** A virtual clock: sleeping moves it on at once, so Retry-After and backoff cost no real time. */
function virtualTime(start = Date.UTC(2026, 10, 24, 12, 0, 0)) {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    slept,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}

const ok = () => new Response('{"data":[]}', { status: 200, headers: { "content-type": "application/json" } });
const throttled = (retryAfter?: string) =>
  new Response('{"message":"Too many requests"}', { status: 429, headers: retryAfter === undefined ? {} : { "retry-after": retryAfter } });

function options(time: ReturnType<typeof virtualTime>, extra: Partial<UpstreamLimitOptions> = {}): UpstreamLimitOptions {
  return { concurrency: 8, maxRetries: 3, now: time.now, sleep: time.sleep, random: () => 0.5, ...extra };
}

describe("retryAfterMs", () => {
  it("reads delta-seconds and HTTP dates, and nothing else", () => {
    const now = Date.UTC(2026, 10, 24, 12, 0, 0);
    expect(retryAfterMs("3", now)).toBe(3000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
    expect(retryAfterMs(new Date(now + 7000).toUTCString(), now)).toBe(7000);
    expect(retryAfterMs(new Date(now - 7000).toUTCString(), now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs("-5", now)).toBeNull();
  });
});

describe("limitUpstream", () => {
  it("keeps 100 concurrent reads to the limit, in the order they came, and counts every call by path", async () => {
    let active = 0;
    let highest = 0;
    const { upstream, sent } = scripted(async () => {
      active++;
      highest = Math.max(highest, active);
      await new Promise((resolve) => setTimeout(resolve, 2));
      active--;
      return ok();
    }, Date.now);
    const limited = limitUpstream(upstream, { concurrency: 8, maxRetries: 3 });
    const paths = Array.from({ length: 100 }, (_, i) => `/v1/customers/c-${i}`);
    const statuses = await Promise.all(paths.map(async (p) => (await limited.request("GET", `${p}?limit=5`)).status));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(highest).toBe(8);
    expect(sent.map((s) => s.path)).toEqual(paths.map((p) => `${p}?limit=5`));
    expect(limited.calls().total).toBe(100);
    expect(limited.calls().byPath["/v1/customers/c-42"]).toBe(1);
    expect(limited.state()).toEqual({ active: 0, queued: 0, pausedUntil: 0 });
  });

  it("honours Retry-After in seconds: the read is retried once it has passed, and the call queued behind it waits too", async () => {
    const time = virtualTime();
    const { upstream, sent } = scripted((_call, i) => (i === 0 ? throttled("2") : ok()), time.now);
    const limited = limitUpstream(upstream, options(time, { concurrency: 1 }));
    const start = time.now();
    const first = limited.request("POST", "/v2/contracts/list", '{"customer_id":"c"}');
    const other = limited.request("GET", "/v1/credit-types/list");
    expect((await first).status).toBe(200);
    expect((await other).status).toBe(200);
    expect(sent).toHaveLength(3);
    expect(sent[0]?.at).toBe(start);
    // Both the retry and the call that was waiting behind it went after the 2 s pause, not before.
    expect(sent[1]?.at).toBeGreaterThanOrEqual(start + 2000);
    expect(sent[2]?.at).toBeGreaterThanOrEqual(start + 2000);
    expect(limited.calls()).toMatchObject({ total: 3, throttled: 1 });
  });

  it("honours Retry-After as an HTTP date", async () => {
    const time = virtualTime();
    const start = time.now();
    const { upstream, sent } = scripted((_call, i) => (i === 0 ? throttled(new Date(start + 5000).toUTCString()) : ok()), time.now);
    const limited = limitUpstream(upstream, options(time));
    expect((await limited.request("GET", "/v1/customers/c-1")).status).toBe(200);
    expect(sent[1]?.at).toBe(start + 5000);
  });

  it("backs off exponentially with jitter when no Retry-After is given, and gives up after the retries allowed", async () => {
    const time = virtualTime();
    const { upstream, sent } = scripted(() => throttled(), time.now);
    const jitter = [0, 1, 0.25];
    const limited = limitUpstream(upstream, options(time, { random: () => jitter.shift() ?? 0.5 }));
    const answer = await limited.request("GET", "/v1/customers/c-1");
    expect(answer.status).toBe(429);
    expect(await answer.json()).toEqual({ message: "Too many requests" });
    expect(sent).toHaveLength(4);
    // 250 ms × 2^attempt × (0.5 + random): 125, 750, 750.
    expect(time.slept).toEqual([125, 750, 750]);
  });

  it("never retries a write, though its Retry-After still pauses the reads after it", async () => {
    const time = virtualTime();
    const { upstream, sent } = scripted((_call, i) => (i === 0 ? throttled("4") : ok()), time.now);
    const limited = limitUpstream(upstream, options(time));
    const start = time.now();
    expect((await limited.request("POST", "/v2/contracts/edit", "{}")).status).toBe(429);
    expect(sent).toHaveLength(1);
    expect(limited.state().pausedUntil).toBe(start + 4000);
    expect((await limited.request("POST", "/v1/alerts/create", "{}")).status).toBe(200);
    expect(sent[1]?.at).toBe(start + 4000);
  });

  it("caps a very long Retry-After, so a read is never held back for an hour", async () => {
    const time = virtualTime();
    const { upstream, sent } = scripted((_call, i) => (i === 0 ? throttled("3600") : ok()), time.now);
    const limited = limitUpstream(upstream, options(time, { maxPauseMs: 10_000 }));
    const start = time.now();
    expect((await limited.request("GET", "/v1/customers/c-1")).status).toBe(200);
    expect(sent[1]?.at).toBe(start + 10_000);
  });

  it("gives its slot back when the upstream throws", async () => {
    const { upstream } = scripted(() => {
      throw new Error("unreachable");
    }, Date.now);
    const limited = limitUpstream(upstream, { concurrency: 1, maxRetries: 0 });
    await expect(limited.request("GET", "/v1/customers/c-1")).rejects.toThrow("unreachable");
    await expect(limited.request("GET", "/v1/customers/c-2")).rejects.toThrow("unreachable");
    expect(limited.state()).toEqual({ active: 0, queued: 0, pausedUntil: 0 });
  });
});
