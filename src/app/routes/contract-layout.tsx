import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { Outlet, useLocation, useNavigate } from "react-router-dom";
import { ErrorBoundary } from "../../components/error-boundary";
import { ErrorState } from "../../components/error-state";
import { PhoneDisclosure } from "../../components/phone-disclosure";
import { PageSpinner } from "../../components/spinner";
import { NavTabs, type NavTabItem } from "../../components/tabs";
import { NotFoundError } from "../../lib/api-errors";
import { contractListQuery, contractQuery, customerQuery, findSubscription } from "../../lib/metronome-queries";
import { paths, type SubscriptionPage } from "../../lib/paths";
import { useRequiredIds, useRouteIds } from "../../lib/route-params";
import { QuantityBalanceStrip } from "../../features/strip/components/quantity-balance-strip";
import { LowBalanceBanner } from "../../features/alerts/components/low-balance-banner";
import { BuyCreditsButton } from "../../features/top-ups/components/buy-credits-button";
import { BuyCreditsProvider } from "../../features/top-ups/components/buy-credits-provider";
import { contractTitle, subscriptionTitle } from "../contract-utils";
import { NotFoundView } from "../not-found";
import { ContractScopeContext, type ContractScope } from "../scope";
import { ScopePicker } from "../scope-picker";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";

/**
 * /c/:customerId/k/:contractId — loads and validates the contract, then shows the contract and
 * subscription pickers, the page tabs, the quantity/balance strip and the page.
 */
export function Component() {
  const { customerId, contractId } = useRequiredIds("customerId", "contractId");
  const { subscriptionId, seatId } = useRouteIds();
  const contract = useQuery(contractQuery(customerId, contractId));
  const contracts = useQuery(contractListQuery(customerId));
  const customer = useQuery(customerQuery(customerId));
  const location = useLocation();
  const navigate = useNavigate();
  const t = useT(appMessages);
  const scope = useMemo<ContractScope | null>(
    () => (contract.data ? { customerId, contractId, contract: contract.data } : null),
    [customerId, contractId, contract.data],
  );

  if (contract.error instanceof NotFoundError) {
    return <NotFoundView what="contract" id={contractId} back={{ to: paths.customer(customerId), label: t("app.goCustomerContracts") }} />;
  }
  if (contract.isPending) return <PageSpinner label={t("app.loadingContract")} />;
  if (contract.isLoadingError || !scope) return <ErrorState error={contract.error} onRetry={() => void contract.refetch()} />;

  const subscriptions = contract.data.subscriptions ?? [];
  const selected = subscriptionId ? findSubscription(contract.data, subscriptionId) : subscriptions[0];
  const subscriptionIsValid = !subscriptionId || Boolean(selected);
  const subscriptionPage: SubscriptionPage = /\/balances(\/|$)/.test(location.pathname)
    ? "balances"
    : /\/history$/.test(location.pathname)
      ? "history"
      : "seats";
  const tabSubscriptionId = selected?.id ?? subscriptions[0]?.id;
  const tabs: NavTabItem[] = [
    { to: paths.contract(customerId, contractId), label: t("app.tab.overview"), end: true },
    ...(tabSubscriptionId
      ? [
          { to: paths.seats(customerId, contractId, tabSubscriptionId), label: t("app.tab.seats") },
          { to: paths.history(customerId, contractId, tabSubscriptionId), label: t("app.tab.history") },
          { to: paths.balances(customerId, contractId, tabSubscriptionId), label: t("app.tab.balances") },
        ]
      : []),
    { to: paths.credits(customerId, contractId), label: t("app.tab.credits") },
    { to: paths.alerts(customerId, contractId), label: t("app.tab.alerts") },
    { to: paths.billing(customerId, contractId), label: t("app.tab.billing") },
    { to: paths.audit(customerId), label: t("app.tab.audit") },
  ];

  return (
    <ContractScopeContext.Provider value={scope}>
      <BuyCreditsProvider customerId={customerId} contractId={contractId}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div className="min-w-0">
            <p className="text-sm text-[var(--color-muted)]">{customer.data?.name ?? "\u00a0"}</p>
            <h1 className="text-2xl font-semibold break-words">
              {contractTitle(contract.data)}
              {selected && subscriptionId ? (
                <span className="text-[var(--color-muted)]"> · {subscriptionTitle(selected)}</span>
              ) : null}
            </h1>
          </div>
          <PhoneDisclosure label={t("app.disclosure.contract")} className="w-full sm:w-auto">
            <ScopePicker
              contracts={contracts.data ?? [contract.data]}
              contractId={contractId}
              subscriptions={subscriptions}
              subscriptionId={subscriptionId ? selected?.id : undefined}
              onContract={(id) => void navigate(paths.contract(customerId, id))}
              onSubscription={(id) =>
                void navigate(
                  id
                    ? `${paths.subscription(customerId, contractId, id, subscriptionPage)}${location.search}`
                    : paths.contract(customerId, contractId),
                )
              }
            />
          </PhoneDisclosure>
        </div>
        <NavTabs label={t("app.tab.label")} items={tabs} />
        <LowBalanceBanner
          customerId={customerId}
          contract={contract.data}
          action={<BuyCreditsButton customerId={customerId} />}
        />
        {subscriptionIsValid && selected ? (
          <PhoneDisclosure label={t("app.disclosure.strip")}>
            <ErrorBoundary resetKeys={[location.pathname]}>
              <QuantityBalanceStrip
                customerId={customerId}
                contract={contract.data}
                subscription={selected}
                seatId={seatId ?? null}
              />
            </ErrorBoundary>
          </PhoneDisclosure>
        ) : null}
        <ErrorBoundary resetKeys={[location.pathname]}>
          <Outlet />
        </ErrorBoundary>
      </div>
      </BuyCreditsProvider>
    </ContractScopeContext.Provider>
  );
}

/** Every contract page draws charts (the strip at least): their library loads alongside the page's data, not after it. */
export function loader() {
  void import("../../components/chart-impl").catch(() => undefined);
  return null;
}
