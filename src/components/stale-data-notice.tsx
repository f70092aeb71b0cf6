import { useCallback, useSyncExternalStore } from "react";
import { useQueryClient, type Query, type QueryClient } from "@tanstack/react-query";
import { formatTime } from "../lib/format";
import { Button } from "./button";
import { Notice } from "./notice";
import { useT } from "../lib/i18n";
import { componentsMessages } from "../locales/en/components";

/** Queries shown on screen whose last refresh failed while they still hold earlier data. */
export function staleQueries(client: QueryClient): Query[] {
  return client
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.status === "error" && q.state.data !== undefined && q.state.fetchStatus === "idle" && q.getObserversCount() > 0);
}

/** The time of the oldest data still shown after failed refreshes (epoch ms), or null when every refresh succeeded. */
function useStaleSince(client: QueryClient): number | null {
  const subscribe = useCallback((notify: () => void) => client.getQueryCache().subscribe(notify), [client]);
  const snapshot = useCallback(() => {
    const stale = staleQueries(client);
    return stale.length === 0 ? null : Math.min(...stale.map((q) => q.state.dataUpdatedAt));
  }, [client]);
  return useSyncExternalStore(subscribe, snapshot, () => null);
}

/**
 * "Couldn't refresh, showing data from 14:05": shown above a page while any of its data failed to
 * refresh (the page keeps showing the last good data), with a button that tries again.
 */
export function StaleDataNotice() {
  const client = useQueryClient();
  const since = useStaleSince(client);
  const t = useT(componentsMessages);
  if (since === null) return null;
  return (
    <Notice
      tone="warning"
      title={t("components.stale.title", { time: formatTime(since) })}
      actions={
        <Button size="sm" onClick={() => void client.refetchQueries({ predicate: (q) => staleQueries(client).includes(q) })}>
          {t("components.tryAgain")}
        </Button>
      }
    >
      {t("components.stale.body")}
    </Notice>
  );
}
