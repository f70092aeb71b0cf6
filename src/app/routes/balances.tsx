import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useLocation, useSearchParams } from "react-router-dom";
import { LinkButton } from "../../components/button";
import { Notice } from "../../components/notice";
import { SeatBalancesView, type BalancesUrlState } from "../../features/balances/components/seat-balances-view";
import { FILTERS, SORT_KEYS, type BalanceFilter, type SortKey } from "../../features/balances/utils/balance-rows";
import { defaultLedgerRange, seatLedgerQuery } from "../../features/ledger/api/ledger-queries";
import { SeatAccessCell } from "../../features/top-ups/components/access-state";
import { customerAccessQuery } from "../../features/top-ups/api/top-up-queries";
import { SeatBuyCredits } from "../../features/top-ups/components/seat-buy-credits";
import { isIsoDate, toIsoDate } from "../../lib/date-range";
import { checkDateRange } from "../../lib/date-range-check";
import { formatDate } from "../../lib/format";
import { paths } from "../../lib/paths";
import { useSession } from "../../lib/session";
import { useNow } from "../../lib/use-now";
import { contractLimits, setSearchParams } from "../range-utils";
import { useSubscriptionScope } from "../scope";
import { isSeatBased } from "../../domain/subscription";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";
import { currentSeatsQuery, seatsHistoryQuery } from "../../lib/metronome-queries";
import { idleWindow } from "../../features/balances/api/idle-queries";
import { cachedSubscription, contractPage } from "../view-loader";

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** …/s/:subscriptionId/balances?q=&filter=&sort=&dir=&ct=&on=&idle= — every seat's credit balance (H3, H7, H8, H9). */
export function Component() {
  const { customerId, contractId, contract, subscriptionId, subscription } = useSubscriptionScope();
  const session = useSession();
  const now = useNow();
  const t = useT(appMessages);
  const location = useLocation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const limits = contractLimits(contract, subscription);
  const ids = { customerId, contractId, subscriptionId };

  const on = search.get("on");
  const today = toIsoDate(now);
  // Balances are known up to now: a later date has no ledger yet.
  const onCheck = on
    ? on > today && isIsoDate(on)
      ? { ok: false as const, message: t("app.balances.knownUpToToday", { date: formatDate(today) }) }
      : checkDateRange(on, on, limits, { oneDate: true })
    : null;
  const state: BalancesUrlState = {
    search: search.get("q") ?? "",
    filter: oneOf<BalanceFilter>(search.get("filter"), FILTERS, "all"),
    sort: oneOf<SortKey>(search.get("sort"), SORT_KEYS, "seat"),
    dir: search.get("dir") === "desc" ? "desc" : "asc",
    creditTypeId: search.get("ct"),
    on: on && onCheck?.ok ? on : null,
    idleDays: search.get("idle") ?? "30",
  };
  const onError = onCheck && !onCheck.ok ? onCheck.message : null;

  const ledgerRange = defaultLedgerRange(now, limits);
  const prefetch = useCallback(
    (seatId: string) => void queryClient.prefetchQuery(seatLedgerQuery({ customerId, contractId, subscriptionId }, seatId, ledgerRange)),
    // ledgerRange is a new object each render; its dates are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryClient, customerId, contractId, subscriptionId, ledgerRange.from, ledgerRange.to],
  );

  if (!isSeatBased(subscription)) {
    return (
      <div className="space-y-4">
        <h2 className="text-xl font-semibold">{t("app.balances.heading")}</h2>
        <Notice tone="info" live="none" title={t("app.balances.noPerSeat")}>
          {t("app.balances.noPerSeatBody")}
        </Notice>
        <LinkButton to={paths.credits(customerId, contractId)}>{t("app.balances.goCredits")}</LinkButton>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <h2 className="text-xl font-semibold">{t("app.balances.heading")}</h2>
      <SeatBalancesView
        {...ids}
        contract={contract}
        subscription={subscription}
        now={now}
        state={state}
        onState={(patch) => setSearchParams(setSearch, patch)}
        onError={onError}
        seatHref={(seatId) => `${paths.seat(customerId, contractId, subscriptionId, seatId)}${location.search}`}
        onSeatIntent={prefetch}
        seatsPath={paths.seats(customerId, contractId, subscriptionId)}
        canWrite={session.can_write}
        accessCell={(seatId) => <SeatAccessCell customerId={customerId} seatId={seatId} />}
        rowAction={session.can_write ? (seatId) => <SeatBuyCredits customerId={customerId} seatId={seatId} /> : undefined}
        scrollKey={`seat-balances-scroll:${location.pathname}?${["q", "filter", "sort", "dir", "ct", "on"].map((k) => search.get(k) ?? "").join("|")}`}
      />
    </div>
  );
}

/**
 * The seat balances' view: the seats now, the whole seats history, every seat's balances in the
 * table's chunks and the idle-seat window; then, in idle time, the seat page's modules.
 */
export const loader = contractPage("balances", ({ customerId, contractId }, { params, search, now }) => {
  const subscriptionId = params.subscriptionId;
  if (!subscriptionId) return { queries: [] };
  preloadSeatPage();
  const raw = search.get("on");
  const on = raw && isIsoDate(raw) ? raw : undefined;
  const idle = idleWindow({ customerId, contractId, subscriptionId }, now, search.get("idle"));
  // Seat queries only when the subscription is known to have named seats (the view reads them either way).
  const seatBased = isSeatBased(cachedSubscription(customerId, contractId, subscriptionId));
  return {
    params: { on, idle_since: on ? undefined : new Date(idle.since).toISOString() },
    queries: seatBased ? [seatsHistoryQuery(customerId, contractId, subscriptionId), customerAccessQuery(customerId), ...(on ? [] : [currentSeatsQuery(customerId, contractId, subscriptionId, now), idle.held])] : [],
  };
});

/** Once the seat balances table is up, load the seat page's modules, so opening a seat waits only for its data. */
function preloadSeatPage(): void {
  const load = () => {
    void import("./seat-layout").catch(() => undefined);
    void import("./seat-detail").catch(() => undefined);
  };
  if (typeof requestIdleCallback === "function") requestIdleCallback(load, { timeout: 3_000 });
  else setTimeout(load, 1_000);
}
