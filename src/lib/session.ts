import { queryOptions, useSuspenseQuery } from "@tanstack/react-query";
import type { Session } from "../contract/bff";
import { api } from "./api-client";
import { queryKeys } from "./query-keys";

/** GET /api/session (401 → UnauthorizedError, which sends to sign-in). */
export function sessionQuery() {
  return queryOptions({
    queryKey: queryKeys.session(),
    queryFn: ({ signal }) => api.get<Session>("/api/session", { signal }),
    staleTime: 60_000,
  });
}

/**
 * The signed-in session. Inside the signed-in part of the app it is already loaded (the shell
 * waits for it), so this never suspends there. `session.can_write` decides whether edit controls
 * show; `session.can_backdate` whether back-dated changes are offered.
 */
export function useSession(): Session {
  return useSuspenseQuery(sessionQuery()).data;
}
