// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, renderHook } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { Session } from "../contract/bff";
import { queryKeys } from "./query-keys";
import { pageNow, serverTime, useNow } from "./use-now";

const BROWSER = Date.parse("2030-01-01T00:00:00.000Z");
const SERVER = "2026-11-24T12:00:00.000Z";

function session(now: string): Session {
  return {
    user: { id: "u", name: "Pat", email: "pat@example.com" },
    role: "customer_admin",
    customer_ids: ["c"],
    expires_at: "2026-11-25T00:00:00.000Z",
    upstream: "simulator",
    can_write: true,
    can_backdate: false,
    now,
    locale: null,
    time_zone: null,
    theme: null,
  };
}

describe("serverTime", () => {
  it("is the server's time plus what elapsed here since it arrived", () => {
    expect(serverTime(SERVER, BROWSER, BROWSER)).toBe(Date.parse(SERVER));
    expect(serverTime(SERVER, BROWSER, BROWSER + 90_000)).toBe(Date.parse(SERVER) + 90_000);
  });
  it("never goes back before the server's time when the answer arrived after the last tick", () => {
    expect(serverTime(SERVER, BROWSER + 30_000, BROWSER)).toBe(Date.parse(SERVER));
  });
  it("falls back to the browser's clock without a usable server time", () => {
    expect(serverTime(undefined, BROWSER, BROWSER + 5)).toBe(BROWSER + 5);
    expect(serverTime("not a date", BROWSER, BROWSER + 5)).toBe(BROWSER + 5);
    expect(serverTime(SERVER, 0, BROWSER + 5)).toBe(BROWSER + 5);
  });
});

describe("pageNow", () => {
  it("is the server's time on the whole minute, so a loader and its page a moment apart agree", () => {
    expect(pageNow(SERVER, BROWSER, BROWSER + 59_999)).toBe(Date.parse(SERVER));
    expect(pageNow(SERVER, BROWSER, BROWSER + 60_000)).toBe(Date.parse(SERVER) + 60_000);
    expect(pageNow("2026-11-24T12:00:59.999Z", BROWSER, BROWSER + 1)).toBe(Date.parse("2026-11-24T12:01:00.000Z"));
  });
});

describe("useNow", () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  function setup(initial: Session | null) {
    vi.useFakeTimers({ now: BROWSER });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    if (initial) client.setQueryData(queryKeys.session(), initial);
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    return { client, ...renderHook(() => useNow(60_000), { wrapper }) };
  }

  it("follows the server's clock, not the browser's, and moves with elapsed time", () => {
    const { result } = setup(session(SERVER));
    expect(result.current).toBe(Date.parse(SERVER));
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(result.current).toBe(Date.parse(SERVER) + 60_000);
  });

  it("takes a new server time when the session is fetched again (a moved simulator clock)", () => {
    const { client, result } = setup(session(SERVER));
    act(() => {
      vi.advanceTimersByTime(60_000);
      client.setQueryData(queryKeys.session(), session("2026-12-24T12:00:00.000Z"));
    });
    expect(result.current).toBe(Date.parse("2026-12-24T12:00:00.000Z"));
  });

  it("uses the browser's clock before a session is known, and never fetches on its own", () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal("fetch", fetchSpy);
    const { result } = setup(null);
    expect(result.current).toBe(BROWSER);
    expect(fetchSpy).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});
