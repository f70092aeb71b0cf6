import { useQuery } from "@tanstack/react-query";
import { Link, Navigate } from "react-router-dom";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { Badge } from "../../components/badge";
import { Card } from "../../components/card";
import { EmptyState } from "../../components/empty-state";
import { ErrorState } from "../../components/error-state";
import { PageHeader } from "../../components/page-header";
import { PageSpinner } from "../../components/spinner";
import { formatDateRange } from "../../lib/format";
import { contractListQuery, customerQuery } from "../../lib/metronome-queries";
import { paths } from "../../lib/paths";
import { useRequiredIds } from "../../lib/route-params";
import { useNow } from "../../lib/use-now";
import { contractStatusLabel, contractTitle } from "../contract-utils";
import { contractStatus, firstActiveContract } from "../../domain/contract-status";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";
import { pageLoader } from "../view-loader";

/** /c/:customerId — redirects to the first active contract; lists the contracts when none is active. */
export function Component() {
  const { customerId } = useRequiredIds("customerId");
  const contracts = useQuery(contractListQuery(customerId));
  const customer = useQuery(customerQuery(customerId));
  // The upstream's clock (the embedded simulator's may be frozen or moved), not the browser's.
  const now = new Date(useNow());
  const t = useT(appMessages);
  if (contracts.isPending) return <PageSpinner label={t("app.loadingContracts")} />;
  if (contracts.isLoadingError) return <ErrorState error={contracts.error} onRetry={() => void contracts.refetch()} />;
  const active = firstActiveContract(contracts.data, now);
  if (active) return <Navigate to={paths.contract(customerId, active.id)} replace />;
  return (
    <div className="space-y-4">
      <PageHeader title={customer.data?.name ?? t("app.contracts")} description={t("app.noActiveContract")} />
      {contracts.data.length === 0 ? (
        <EmptyState title={t("app.noContracts")}>{t("app.noContractsBody")}</EmptyState>
      ) : (
        <Card title={t("app.contracts")}>
          <ul className="divide-y divide-[var(--color-border)]">
            {contracts.data.map((contract: ContractV2) => (
              <li key={contract.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <Link className="font-medium underline" to={paths.contract(customerId, contract.id)}>
                  {contractTitle(contract)}
                </Link>
                <span className="flex items-center gap-2 text-sm text-[var(--color-muted)]">
                  {formatDateRange(contract.starting_at, contract.ending_before)}
                  <Badge>{contractStatusLabel(contractStatus(contract, now))}</Badge>
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}

/** The customer's view: the customer and its contracts (the page then opens the first active one). */
export const loader = pageLoader(({ params }) =>
  params.customerId
    ? { view: { page: "customer", params: { customer_id: params.customerId } }, queries: [customerQuery(params.customerId), contractListQuery(params.customerId)] }
    : null,
);
