import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import { LinkButton } from "../../components/button";
import { ErrorBoundary } from "../../components/error-boundary";
import { PhoneDisclosure } from "../../components/phone-disclosure";
import { ErrorState } from "../../components/error-state";
import { Notice } from "../../components/notice";
import { PageSpinner } from "../../components/spinner";
import { AuditPage, type AuditContractOption, type AuditFilter } from "../../features/audit/components/audit-page";
import { SeatChangeInvoice } from "../../features/billing/components/seat-change-invoice";
import { useT } from "../../lib/i18n";
import { billingMessages } from "../../locales/en/billing";
import { QuantityBalanceStrip } from "../../features/strip/components/quantity-balance-strip";
import { contractListQuery, creditTypesQuery, customerQuery } from "../../lib/metronome-queries";
import { paths } from "../../lib/paths";
import { useRequiredIds } from "../../lib/route-params";
import { useNow } from "../../lib/use-now";
import { contractTitle, subscriptionTitle } from "../contract-utils";
import { customerStripTarget, firstActiveContract } from "../../domain/contract-status";
import { setSearchParams } from "../range-utils";
import { useRoleLabels } from "../role-labels";
import { appMessages } from "../../locales/en/app";
import { pageLoader, stripViewParams } from "../view-loader";

/** /c/:customerId/audit?contract=&subscription= — the audit log beside Metronome's edit history (P2). */
export function Component() {
  const { customerId } = useRequiredIds("customerId");
  const [search, setSearch] = useSearchParams();
  const tBilling = useT(billingMessages);
  const t = useT(appMessages);
  const roleLabels = useRoleLabels();
  const contracts = useQuery(contractListQuery(customerId));
  const customer = useQuery(customerQuery(customerId));
  const now = useNow();
  if (contracts.isPending) return <PageSpinner label={t("app.loadingContracts")} />;
  if (contracts.isLoadingError) return <ErrorState error={contracts.error} onRetry={() => void contracts.refetch()} />;

  const options: AuditContractOption[] = contracts.data.map((c) => ({
    id: c.id,
    title: contractTitle(c),
    subscriptions: (c.subscriptions ?? []).flatMap((s) => (s.id ? [{ id: s.id, title: subscriptionTitle(s) }] : [])),
  }));
  // Ids in the URL that name nothing of this customer are ignored, and the page says so.
  const rawContract = search.get("contract");
  const rawSubscription = search.get("subscription");
  const contract = rawContract ? options.find((c) => c.id === rawContract) : undefined;
  const subscription = rawSubscription
    ? (contract ? [contract] : options).flatMap((c) => c.subscriptions).find((s) => s.id === rawSubscription)
    : undefined;
  const ignoredContract = rawContract && !contract ? rawContract : null;
  const ignoredSubscription = rawSubscription && !subscription ? rawSubscription : null;
  const filter: AuditFilter = { contractId: contract?.id ?? null, subscriptionId: subscription?.id ?? null };
  const onFilter = (next: AuditFilter) => setSearchParams(setSearch, { contract: next.contractId, subscription: next.subscriptionId });

  const backContract = contract?.id ?? firstActiveContract(contracts.data, new Date(now))?.id ?? contracts.data[0]?.id;
  // The strip shows what every view shows: the filtered subscription (or contract), else the contract the page goes back to.
  const strip = customerStripTarget(contracts.data, filter, new Date(now));
  const stripContract = strip?.contract ?? null;
  const stripSubscription = strip?.subscription ?? null;

  return (
    <div className="space-y-4">
      {stripContract && stripSubscription ? (
        <PhoneDisclosure label={t("app.disclosure.strip")}>
          <div className="space-y-1">
            <p className="text-sm text-[var(--color-muted)]">
              {contractTitle(stripContract)} · {subscriptionTitle(stripSubscription)}
            </p>
            <ErrorBoundary resetKeys={[stripContract.id, stripSubscription.id]}>
              <QuantityBalanceStrip customerId={customerId} contract={stripContract} subscription={stripSubscription} seatId={null} />
            </ErrorBoundary>
          </div>
        </PhoneDisclosure>
      ) : null}
      <AuditPage
        customerId={customerId}
        customerName={customer.data?.name}
        contracts={options}
        filter={filter}
        onFilter={onFilter}
        roleLabels={roleLabels}
        invoiceColumn={{ header: tBilling("billing.invoiceColumn"), cell: (entry) => <SeatChangeInvoice entry={entry} /> }}
        back={
          backContract ? (
            <LinkButton to={paths.contract(customerId, backContract)}>
              <span aria-hidden="true">←</span> {t("app.backToContract")}
            </LinkButton>
          ) : undefined
        }
        notice={
          ignoredContract !== null || ignoredSubscription !== null ? (
            <Notice tone="warning" title={t("app.audit.ignoredTitle")} live="none">
              {ignoredContract !== null && ignoredSubscription !== null
                ? t("app.audit.ignoredBoth", { contract: ignoredContract, subscription: ignoredSubscription })
                : ignoredContract !== null
                  ? t("app.audit.ignoredContract", { contract: ignoredContract })
                  : t("app.audit.ignoredSubscription", { subscription: ignoredSubscription ?? "" })}
            </Notice>
          ) : undefined
        }
      />
    </div>
  );
}

/** The audit log's view: the customer, its contracts, the log's first page, Metronome's edit history of each contract shown and the credit names. */
export const loader = pageLoader((page) => {
  const { params, search } = page;
  const customerId = params.customerId;
  if (!customerId) return null;
  const filter = { customer_id: customerId, contract_id: search.get("contract") || undefined, subscription_id: search.get("subscription") || undefined };
  return {
    // The strip's reads come with the view: the server picks the strip's contract as the page does (customerStripTarget).
    view: { page: "audit", params: { ...filter, ...stripViewParams(page) } },
    queries: [customerQuery(customerId), contractListQuery(customerId), creditTypesQuery()],
  };
});
