import { useLocation, useSearchParams } from "react-router-dom";
import { LinkButton } from "../../components/button";
import { DateRangePicker } from "../../components/date-range-picker";
import { Notice } from "../../components/notice";
import { SeatLifetime } from "../../features/history/components/seat-lifetime";
import { defaultLedgerRange } from "../../features/ledger/api/ledger-queries";
import { SeatLedger } from "../../features/ledger/components/seat-ledger";
import { SeatAccessNotice } from "../../features/top-ups/components/access-state";
import { SeatBuyCredits } from "../../features/top-ups/components/seat-buy-credits";
import { customerAccessQuery } from "../../features/top-ups/api/top-up-queries";
import type { DateRange } from "../../lib/date-range";
import { rangePresets, readDateRange } from "../../lib/date-range-check";
import { paths } from "../../lib/paths";
import { useRequiredIds } from "../../lib/route-params";
import { useNow } from "../../lib/use-now";
import { contractLimits, setSearchParams } from "../range-utils";
import { useSubscriptionScope } from "../scope";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";
import { seatsHistoryQuery } from "../../lib/metronome-queries";
import { contractPage } from "../view-loader";

/** …/balances/:seatId?from=&to= — one seat: its lifetime on the subscription and its ledger (H2, H4). */
export function Component() {
  const { seatId } = useRequiredIds("seatId");
  const { customerId, contractId, contract, subscriptionId } = useSubscriptionScope();
  const { subscription } = useSubscriptionScope();
  const now = useNow();
  const t = useT(appMessages);
  const location = useLocation();
  const [search, setSearch] = useSearchParams();
  const limits = contractLimits(contract, subscription);
  const presets = rangePresets(now, limits);
  const range = readDateRange(search, defaultLedgerRange(now, limits), limits);
  const setRange = (next: DateRange) => setSearchParams(setSearch, { from: next.from, to: next.to });
  // Back to the table with its search, filters and sort (the ledger's own range is left out).
  const back = new URLSearchParams(location.search);
  back.delete("from");
  back.delete("to");
  const backSearch = back.toString();

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm text-[var(--color-muted)]">{t("app.seat.label")}</p>
          <h2 className="text-xl font-semibold break-all">{seatId}</h2>
        </div>
        <LinkButton to={`${paths.balances(customerId, contractId, subscriptionId)}${backSearch ? `?${backSearch}` : ""}`}>
          <span aria-hidden="true">←</span> {t("app.seat.back")}
        </LinkButton>
      </div>
      <SeatAccessNotice customerId={customerId} seatId={seatId} action={<SeatBuyCredits customerId={customerId} seatId={seatId} />} />
      <SeatLifetime customerId={customerId} contractId={contractId} subscriptionId={subscriptionId} seatId={seatId} now={now} />
      <DateRangePicker label={t("app.seat.ledgerPeriod")} from={range.from} to={range.to} limits={limits} presets={presets} onChange={setRange} />
      {range.ok ? (
        <SeatLedger
          customerId={customerId}
          contractId={contractId}
          subscriptionId={subscriptionId}
          contract={contract}
          seatId={seatId}
          range={range.range}
          now={now}
        />
      ) : (
        <Notice tone="warning" title={t("app.periodInvalid")} live="none">
          {range.message}
        </Notice>
      )}
    </div>
  );
}

/**
 * A seat's view: the seats history (the seat layout checks the seat against it), the seat's ledger
 * over the range and, for small contracts, the range's daily usage. The contract's limits clip
 * the default range further; the view reads the unclipped one, the page's unless the
 * subscription starts or ends inside it.
 */
export const loader = contractPage("seat", ({ customerId, contractId }, { params, search, now }) => {
  const unbounded = { min: null, max: null };
  const range = readDateRange(search, defaultLedgerRange(now, unbounded), unbounded);
  return {
    params: { range_from: range.ok ? range.from : undefined, range_to: range.ok ? range.to : undefined },
    queries: params.subscriptionId ? [seatsHistoryQuery(customerId, contractId, params.subscriptionId), customerAccessQuery(customerId)] : [],
  };
});
