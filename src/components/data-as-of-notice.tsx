import { useSyncExternalStore } from "react";
import { formatTime } from "../lib/format";
import { useT } from "../lib/i18n";
import { onView, viewDataAsOf } from "../lib/view-reads";
import { componentsMessages } from "../locales/en/components";
import { Notice } from "./notice";

/**
 * "Data as of 14:05": shown above a page whose view was answered, at least in part, from the
 * server's read cache past its freshness window (the server refreshes it meanwhile). Like the
 * stale-data notice, it says how old what is on screen may be.
 */
export function DataAsOfNotice() {
  const t = useT(componentsMessages);
  const asOf = useSyncExternalStore(onView, viewDataAsOf, () => null);
  if (asOf === null) return null;
  return (
    <Notice tone="info" live="none" title={t("components.dataAsOf.title", { time: formatTime(asOf) })}>
      {t("components.dataAsOf.body")}
    </Notice>
  );
}
