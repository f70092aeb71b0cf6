import { useCallback, useMemo } from "react";
import { useParams, useSearchParams } from "react-router-dom";
import { parseDateRange, type DateRange } from "./date-range";

/**
 * The ids in the current URL (see paths.ts). Route modules inside the contract scope can rely on
 * customerId and contractId being present; subscriptionId on /s/… routes; seatId on seat routes.
 */
export interface RouteIds {
  customerId: string | undefined;
  contractId: string | undefined;
  subscriptionId: string | undefined;
  seatId: string | undefined;
}

export function useRouteIds(): RouteIds {
  const params = useParams();
  return {
    customerId: params.customerId,
    contractId: params.contractId,
    subscriptionId: params.subscriptionId,
    seatId: params.seatId,
  };
}

/** Like useRouteIds, but throws when a required id is missing (a routing bug, not user input). */
export function useRequiredIds<K extends keyof RouteIds>(...keys: K[]): { [P in K]: string } {
  const ids = useRouteIds();
  const out = {} as { [P in K]: string };
  for (const key of keys) {
    const value = ids[key];
    if (!value) throw new Error(`The route has no :${key}`);
    out[key] = value;
  }
  return out;
}

/**
 * The date range in ?from=&to= (YYYY-MM-DD, inclusive), defaulting to `fallback`; `setRange`
 * writes it back to the URL (replacing the history entry) and keeps other search params.
 */
export function useDateRange(fallback: DateRange): {
  range: DateRange;
  error: string | null;
  setRange: (range: DateRange) => void;
} {
  const [search, setSearch] = useSearchParams();
  const parsed = parseDateRange(search, fallback);
  const { from, to, error } = parsed;
  const range = useMemo(() => ({ from, to }), [from, to]);
  const setRange = useCallback(
    (next: DateRange) =>
      setSearch(
        (prev) => {
          const params = new URLSearchParams(prev);
          params.set("from", next.from);
          params.set("to", next.to);
          return params;
        },
        { replace: true },
      ),
    [setSearch],
  );
  return { range, error, setRange };
}
