/**
 * Which query failed its first load: then there is nothing to show, so the error is what to show.
 * A failed background refresh is not one (React Query's isRefetchError): its last good data stays
 * on screen and the shell's "Couldn't refresh, showing data from …" notice says so.
 */
export function failedFirstLoad<Q extends { isLoadingError: boolean }>(queries: readonly Q[]): Q | undefined {
  return queries.find((q) => q.isLoadingError);
}
