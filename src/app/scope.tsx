import { createContext, useContext } from "react";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { Subscription } from "../domain/subscription";

/** What the contract layout has loaded and validated; route modules below it read it with useContractScope(). */
export interface ContractScope {
  customerId: string;
  contractId: string;
  contract: ContractV2;
}

/** Adds the validated subscription on /s/:subscriptionId routes. */
export interface SubscriptionScope extends ContractScope {
  subscriptionId: string;
  subscription: Subscription;
}

export const ContractScopeContext = createContext<ContractScope | null>(null);
export const SubscriptionScopeContext = createContext<SubscriptionScope | null>(null);

export function useContractScope(): ContractScope {
  const scope = useContext(ContractScopeContext);
  if (!scope) throw new Error("useContractScope() is used outside /c/:customerId/k/:contractId");
  return scope;
}

export function useSubscriptionScope(): SubscriptionScope {
  const scope = useContext(SubscriptionScopeContext);
  if (!scope) throw new Error("useSubscriptionScope() is used outside …/s/:subscriptionId");
  return scope;
}

/** The subscription scope when on a subscription route, else null (for the strip and the nav). */
export function useOptionalSubscriptionScope(): SubscriptionScope | null {
  return useContext(SubscriptionScopeContext);
}
