import { useSearchParams } from "react-router-dom";
import { DateRangePicker } from "../../components/date-range-picker";
import { Notice } from "../../components/notice";
import { PoolBalance } from "../../features/ledger/components/pool-balance";
import { AutoRechargePanel } from "../../features/top-ups/components/auto-recharge-panel";
import { BuyCreditsButton } from "../../features/top-ups/components/buy-credits-button";
import { topUpPurchasesQuery } from "../../features/top-ups/api/top-up-queries";
import type { DateRange } from "../../lib/date-range";
import { rangePresets, readDateRange } from "../../lib/date-range-check";
import { useNow } from "../../lib/use-now";
import { contractLimits, setSearchParams } from "../range-utils";
import { useContractScope } from "../scope";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";
import { customerBalancesQuery } from "../../lib/metronome-queries";
import { contractPage } from "../view-loader";

/** /c/:customerId/k/:contractId/credits?from=&to= — the pooled credit balance over time and the net balance (H5, H7). */
export function Component() {
  const { customerId, contractId, contract } = useContractScope();
  const now = useNow();
  const t = useT(appMessages);
  const [search, setSearch] = useSearchParams();
  const limits = contractLimits(contract);
  const presets = rangePresets(now, limits);
  const range = readDateRange(search, presets[0]!.range, limits);
  const setRange = (next: DateRange) => setSearchParams(setSearch, { from: next.from, to: next.to });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 className="text-xl font-semibold">{t("app.credits.heading")}</h2>
        <div className="flex flex-wrap items-end gap-3">
          <DateRangePicker label={t("app.periodShown")} from={range.from} to={range.to} limits={limits} presets={presets} onChange={setRange} />
          <BuyCreditsButton customerId={customerId} />
        </div>
      </div>
      {range.ok ? (
        <PoolBalance customerId={customerId} contractId={contractId} range={range.range} now={now} />
      ) : (
        <Notice tone="warning" title={t("app.periodInvalid")} live="none">
          {range.message}
        </Notice>
      )}
      <AutoRechargePanel customerId={customerId} contractId={contractId} />
    </div>
  );
}

/** The credits' view: the pooled credits with their ledgers, the net balance per credit type and, for small contracts, the range's daily usage. */
export const loader = contractPage("credits", ({ customerId, contractId }, { search, now }) => {
  // The contract's own limits clip the range further; the view reads the unclipped one, which is the page's unless the contract starts or ends inside it.
  const range = readDateRange(search, rangePresets(now, { min: null, max: null })[0]!.range, { min: null, max: null });
  return {
    params: { range_from: range.ok ? range.from : undefined, range_to: range.ok ? range.to : undefined },
    queries: [customerBalancesQuery(customerId, { contractId, includeLedgers: true }), customerBalancesQuery(customerId, { contractId }), topUpPurchasesQuery(customerId, contractId)],
  };
});
