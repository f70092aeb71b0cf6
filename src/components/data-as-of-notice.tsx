import { useSyncExternalStore } from "react";
import { formatTime } from "../lib/format";
import { onView, viewDataAsOf } from "../lib/view-reads";
import { Notice } from "./notice";

/**
 * "Data as of 14:05": shown above a page whose view was answered, at least in part, from the
 * server's read cache past its freshness window (the server refreshes it meanwhile). Like the
 * stale-data notice, it says how old what is on screen may be.
 */
export function DataAsOfNotice() {
  const asOf = useSyncExternalStore(onView, viewDataAsOf, () => null);
  if (asOf === null) return null;
  return (
    <Notice tone="info" live="none" title={`Data as of ${formatTime(asOf)}`}>
      Some figures were read a little earlier and are being refreshed.
    </Notice>
  );
}
