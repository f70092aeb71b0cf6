import { useCallback, useEffect, useState } from "react";
import { useQuery, type QueryClient } from "@tanstack/react-query";
import type { Session } from "../contract/bff";
import { queryKeys } from "./query-keys";
import { sessionQuery } from "./session";

const MINUTE_MS = 60_000;

/**
 * The upstream's time at `clientNow` (epoch ms): the server's `now` (the embedded simulator's
 * clock, which may be frozen or moved, or the server's own clock against live Metronome) plus the
 * time elapsed on this browser since that answer arrived (`receivedAt`). Without a usable server
 * time, the browser's clock.
 */
export function serverTime(serverNow: string | null | undefined, receivedAt: number, clientNow: number): number {
  const server = serverNow ? Date.parse(serverNow) : Number.NaN;
  if (!Number.isFinite(server) || !(receivedAt > 0)) return clientNow;
  // `clientNow` is the last tick, which can predate an answer that arrived since: time never runs back.
  return server + Math.max(0, clientNow - receivedAt);
}

/**
 * "Now" as queries take it: the upstream's time on the whole minute. Keys that depend on now hold
 * this value, so a route's loader and the page it loads, a moment apart, name the same reads.
 */
export function pageNow(serverNow: string | null | undefined, receivedAt: number, clientNow: number): number {
  return Math.floor(serverTime(serverNow, receivedAt, clientNow) / MINUTE_MS) * MINUTE_MS;
}

/** pageNow from the session in the query cache (for loaders, outside React). */
export function sessionNow(client: QueryClient, clientNow = Date.now()): number {
  const state = client.getQueryState<Session>(queryKeys.session());
  return pageNow(state?.data?.now, state?.dataUpdatedAt ?? 0, clientNow);
}

/**
 * The current time (epoch ms) as the upstream sees it, on the whole minute (see pageNow; the
 * session answer carries the server's `now`), refreshed every `intervalMs` (default one minute)
 * so "now" markers move.
 */
export function useNow(intervalMs = MINUTE_MS): number {
  // Reads the session the shell has loaded; this observer never fetches on its own.
  const session = useQuery({ ...sessionQuery(), enabled: false });
  const [clientNow, setClientNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setClientNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return pageNow(session.data?.now, session.dataUpdatedAt, clientNow);
}

/**
 * Maps an instant of this browser (epoch ms, e.g. a query's dataUpdatedAt) to the upstream's time
 * then (see serverTime): when a read happened as the upstream sees it, fixed once the read is done.
 */
export function useUpstreamTime(): (clientMs: number) => number {
  const session = useQuery({ ...sessionQuery(), enabled: false });
  const serverNow = session.data?.now;
  const receivedAt = session.dataUpdatedAt;
  return useCallback((clientMs: number) => serverTime(serverNow, receivedAt, clientMs), [serverNow, receivedAt]);
}
