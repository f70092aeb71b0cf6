import { useMemo } from "react";
import { Outlet } from "react-router-dom";
import { findSubscription } from "../../lib/metronome-queries";
import { paths } from "../../lib/paths";
import { useRequiredIds } from "../../lib/route-params";
import { NotFoundView } from "../not-found";
import { SubscriptionScopeContext, useContractScope, type SubscriptionScope } from "../scope";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";

/** …/s/:subscriptionId — the subscription must belong to the contract. */
export function Component() {
  const { subscriptionId } = useRequiredIds("subscriptionId");
  const contractScope = useContractScope();
  const t = useT(appMessages);
  const subscription = findSubscription(contractScope.contract, subscriptionId);
  const scope = useMemo<SubscriptionScope | null>(
    () => (subscription ? { ...contractScope, subscriptionId, subscription } : null),
    [contractScope, subscriptionId, subscription],
  );
  if (!scope) {
    return (
      <NotFoundView
        what="subscription"
        id={subscriptionId}
        back={{ to: paths.contract(contractScope.customerId, contractScope.contractId), label: t("app.goContractOverview") }}
      />
    );
  }
  return (
    <SubscriptionScopeContext.Provider value={scope}>
      <Outlet />
    </SubscriptionScopeContext.Provider>
  );
}
