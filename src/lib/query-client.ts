import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { UnauthorizedError, isRetryableError } from "./api-errors";

/** How many times a failed request is retried (5xx, 429 and network failures only; never 4xx). */
export const MAX_RETRIES = 2;

/** The one retry policy, for queries and mutations alike (a retried edit reuses its uniqueness key). */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return failureCount < MAX_RETRIES && isRetryableError(error);
}

/** Exponential backoff: 500 ms, 1 s, 2 s … capped at 8 s. */
export function retryDelay(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8_000);
}

export const SIGN_IN_PATH = "/sign-in";

/** `/sign-in?next=<current path, query and hash>` (never pointing back at the sign-in page itself). */
export function signInUrl(current: { pathname: string; search: string; hash: string }): string {
  if (current.pathname === SIGN_IN_PATH || current.pathname.startsWith(`${SIGN_IN_PATH}/`)) {
    return `${SIGN_IN_PATH}${current.search}`;
  }
  const next = `${current.pathname}${current.search}${current.hash}`;
  return next === "/" ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`;
}

/** Only same-origin paths are accepted as a `next` target. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next === SIGN_IN_PATH || next.startsWith(`${SIGN_IN_PATH}?`)) return "/";
  return next;
}

type UnauthorizedHandler = () => void;

let unauthorizedHandler: UnauthorizedHandler = () => {
  if (typeof window === "undefined") return;
  if (window.location.pathname === SIGN_IN_PATH) return;
  window.location.assign(signInUrl(window.location));
};

/** Replaces what a 401 does (the app wires this to its router). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  unauthorizedHandler = handler;
}

function onError(error: unknown) {
  if (error instanceof UnauthorizedError) unauthorizedHandler();
}

export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay,
        refetchOnWindowFocus: true,
        staleTime: 30_000,
      },
      mutations: {
        retry: shouldRetry,
        retryDelay,
      },
    },
  });
  return client;
}

/** The application's query client. */
export const queryClient = createQueryClient();
