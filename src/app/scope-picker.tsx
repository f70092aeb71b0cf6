import { useId } from "react";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { Subscription } from "../domain/subscription";
import { contractTitle, subscriptionTitle } from "./contract-utils";
import { useT } from "../lib/i18n";
import { appMessages } from "../locales/en/app";

const selectClass =
  "min-h-10 w-full rounded-md border border-[var(--color-border)] bg-[var(--color-surface)] px-2 text-sm text-[var(--color-text)] sm:w-56";

export interface ScopePickerProps {
  contracts: ContractV2[];
  contractId: string;
  subscriptions: Subscription[];
  /** undefined on contract-level pages (overview, credits, alerts). */
  subscriptionId: string | undefined;
  onContract: (contractId: string) => void;
  /** "" means the contract overview. */
  onSubscription: (subscriptionId: string) => void;
}

/** The contract and subscription selects above the page tabs. */
export function ScopePicker({ contracts, contractId, subscriptions, subscriptionId, onContract, onSubscription }: ScopePickerProps) {
  const id = useId();
  const t = useT(appMessages);
  return (
    <div className="flex w-full flex-col gap-2 sm:w-auto sm:flex-row">
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-contract`} className="text-xs font-medium text-[var(--color-muted)]">
          {t("app.scope.contract")}
        </label>
        <select id={`${id}-contract`} className={selectClass} value={contractId} onChange={(e) => onContract(e.target.value)}>
          {contracts.map((c) => (
            <option key={c.id} value={c.id}>
              {contractTitle(c)}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-subscription`} className="text-xs font-medium text-[var(--color-muted)]">
          {t("app.scope.subscription")}
        </label>
        <select
          id={`${id}-subscription`}
          className={selectClass}
          value={subscriptionId ?? ""}
          onChange={(e) => onSubscription(e.target.value)}
        >
          <option value="">{t("app.scope.allSubscriptions")}</option>
          {subscriptions.map((s) =>
            s.id ? (
              <option key={s.id} value={s.id}>
                {subscriptionTitle(s)}
              </option>
            ) : null,
          )}
        </select>
      </div>
    </div>
  );
}
