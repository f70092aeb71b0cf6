import { useRef } from "react";
import { isApiError } from "../../../lib/api-errors";

/** A lost answer or a server failure: the request may have gone through, and sending it again with the same key is safe. */
export function isUnknownOutcome(error: unknown): boolean {
  return isApiError(error) && (error.kind === "network" || error.kind === "server" || error.kind === "rate_limited");
}

/**
 * One uniqueness key per submission: `keyFor(request)` gives the same key again while the same
 * request is sent again after an unknown outcome, and a new one once the server has answered
 * (`settled`) or for a different request.
 */
export function useSubmissionKey() {
  const current = useRef<{ request: string; key: string } | null>(null);
  return {
    keyFor(request: unknown): string {
      const json = JSON.stringify(request);
      if (current.current?.request !== json) current.current = { request: json, key: crypto.randomUUID() };
      return current.current.key;
    },
    /** The server answered (or refused): the next submission is a new one. An unknown outcome keeps the key. */
    settled(error?: unknown): void {
      if (error === undefined || !isUnknownOutcome(error)) current.current = null;
    },
  };
}
