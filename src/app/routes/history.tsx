import { useSearchParams } from "react-router-dom";
import { DateRangePicker } from "../../components/date-range-picker";
import { Notice } from "../../components/notice";
import { QuantityHistoryPanel } from "../../features/history/components/quantity-history-panel";
import { SeatHistoryPanel } from "../../features/history/components/seat-history-panel";
import { addDays, toIsoDate, type DateRange } from "../../lib/date-range";
import { rangePresets, readDateRange, type RangeLimits } from "../../lib/date-range-check";
import { paths, withSearch } from "../../lib/paths";
import { useNow } from "../../lib/use-now";
import { useSubscriptionScope } from "../scope";
import { contractLimits, setSearchParams } from "../range-utils";
import { isSeatBased } from "../../domain/subscription";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";
import { quantityHistoryQuery } from "../../lib/metronome-queries";
import { contractPage } from "../view-loader";

/** …/s/:subscriptionId/history?from=&to=&seat= — seat quantity over time (H1) and seat-ID history (H2). */
export function Component() {
  const { customerId, contractId, contract, subscriptionId, subscription } = useSubscriptionScope();
  const now = useNow();
  const t = useT(appMessages);
  const [search, setSearch] = useSearchParams();
  const limits: RangeLimits = contractLimits(contract, subscription);
  const lastScheduled = (subscription.quantity_schedule ?? []).map((s) => s.starting_at).sort().at(-1);
  const presets = rangePresets(now, limits, lastScheduled ? { allTo: addDays(toIsoDate(lastScheduled), 31) } : {});
  const fallback = presets[1]!.range;
  const range = readDateRange(search, fallback, limits);
  const seatBased = isSeatBased(subscription);
  const setRange = (next: DateRange) => setSearchParams(setSearch, { from: next.from, to: next.to });
  const subscriptionEnd = subscription.ending_before ?? contract.ending_before ?? null;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 className="text-xl font-semibold">{t("app.history.heading")}</h2>
        <DateRangePicker label={t("app.periodShown")} from={range.from} to={range.to} limits={limits} presets={presets} onChange={setRange} />
      </div>
      {!range.ok ? (
        <Notice tone="warning" title={t("app.periodInvalid")} live="none">
          {range.message}
        </Notice>
      ) : (
        <>
          <QuantityHistoryPanel
            customerId={customerId}
            contractId={contractId}
            subscription={subscription}
            subscriptionEnd={subscriptionEnd}
            range={range.range}
            now={now}
          />
          {seatBased ? (
            <SeatHistoryPanel
              customerId={customerId}
              contractId={contractId}
              subscriptionId={subscriptionId}
              range={range.range}
              now={now}
              search={search.get("seat") ?? ""}
              onSearch={(value) => setSearchParams(setSearch, { seat: value || null })}
              seatHref={(seatId) => withSearch(paths.seat(customerId, contractId, subscriptionId, seatId), { from: range.from, to: range.to })}
            />
          ) : (
            <Notice tone="info" live="none" title={t("app.history.noSeatIds")}>
              {t("app.history.noSeatIdsBody")}
            </Notice>
          )}
        </>
      )}
    </div>
  );
}

/** The history's view: the quantity history and, for seat-based subscriptions, the whole seats history. */
export const loader = contractPage("history", ({ customerId, contractId }, { params }) => ({
  queries: params.subscriptionId ? [quantityHistoryQuery(customerId, contractId, params.subscriptionId)] : [],
}));
