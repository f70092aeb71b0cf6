import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { AutoRechargeBounds, AutoRechargeSettings } from "../../../contract/bff";
import { Button } from "../../../components/button";
import { Card } from "../../../components/card";
import { Field, Input } from "../../../components/field";
import { Notice } from "../../../components/notice";
import { Skeleton } from "../../../components/spinner";
import { autoRechargeBoundsProblem, previewAutoRecharge } from "../../../domain/top-up-preview";
import { errorMessage } from "../../../lib/api-errors";
import { formatAmount, formatCreditTypeName, formatDate, type CreditTypeNames } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { contractQuery, creditTypesQuery } from "../../../lib/metronome-queries";
import { useSession } from "../../../lib/session";
import { topUpsMessages } from "../../../locales/en/top-ups";
import { isUnknownOutcome, useSubmissionKey } from "../api/submission-key";
import { topUpCatalogueQuery, topUpPurchasesQuery, useSaveAutoRecharge } from "../api/top-up-queries";
import { usePooledBalance } from "../api/use-pooled-balance";
import { contractAutoRecharge, disabledByFailedPayment, parseDraft, toInput, type AutoRechargeDraft } from "../utils/auto-recharge";

export interface AutoRechargePanelProps {
  customerId: string;
  contractId: string;
}

/** T2: the contract's auto-recharge settings read from Metronome, a form within the operator's bounds with a preview, and the way back on after a failed payment. */
export function AutoRechargePanel({ customerId, contractId }: AutoRechargePanelProps) {
  const t = useT(topUpsMessages);
  const session = useSession();
  const catalogue = useQuery(topUpCatalogueQuery(customerId));
  const contract = useQuery(contractQuery(customerId, contractId));
  const purchases = useQuery(topUpPurchasesQuery(customerId, contractId));
  const creditTypes = useQuery(creditTypesQuery());
  const bounds = catalogue.data?.auto_recharge ?? null;
  const balance = usePooledBalance(customerId, contractId, bounds?.credit_type_id);
  const save = useSave(customerId, contractId);
  if (!catalogue.data || !contract.data) return catalogue.isPending || contract.isPending ? <Skeleton className="h-40 w-full" label={t("topUps.auto.title")} /> : null;
  const names = creditTypes.data;
  if (!bounds) {
    return (
      <Card title={t("topUps.auto.title")} titleId="auto-recharge-title">
        <p className="text-sm text-[var(--color-muted)]">{t("topUps.auto.notOffered")}</p>
      </Card>
    );
  }
  const current = contractAutoRecharge(contract.data);
  const failed = disabledByFailedPayment(purchases.data ?? [], current);
  const amount = (value: number) => formatAmount(value, bounds.credit_type_id, names);
  return (
    <Card title={t("topUps.auto.title")} titleId="auto-recharge-title" description={t("topUps.auto.description", { unit: formatCreditTypeName(bounds.credit_type_id, names) })}>
      <div className="space-y-3 text-sm">
        <p>
          <span className="font-medium">{t("topUps.auto.current")}: </span>
          {current?.enabled ? t("topUps.auto.currentOn", { threshold: amount(current.threshold), rechargeTo: amount(current.recharge_to) }) : t("topUps.auto.currentOff")}
        </p>
        {failed && current ? (
          <Notice
            tone="danger"
            live="none"
            title={t("topUps.auto.disabledTitle")}
            actions={
              session.can_write ? (
                <Button variant="primary" loading={save.mutation.isPending} onClick={() => save.submit({ ...current, enabled: true })}>
                  {t("topUps.auto.reEnable")}
                </Button>
              ) : undefined
            }
          >
            {t("topUps.auto.disabledBody", { date: formatDate(failed.at, "long") })}
          </Notice>
        ) : null}
        {session.can_write ? (
          <AutoRechargeForm
            key={JSON.stringify(current)}
            current={current}
            bounds={bounds}
            defaultStep={catalogue.data.data.find((p) => p.credit_type_id === bounds.credit_type_id)?.credits ?? null}
            showSaved={!failed}
            balance={balance}
            names={names}
            save={save}
          />
        ) : (
          <p className="text-[var(--color-muted)]">{t("topUps.auto.readOnly")}</p>
        )}
      </div>
    </Card>
  );
}

type Save = ReturnType<typeof useSave>;

/** The save mutation with one uniqueness key per submission (reused when the same settings are sent again after an unknown outcome). */
function useSave(customerId: string, contractId: string) {
  const mutation = useSaveAutoRecharge({ customerId, contractId });
  const keys = useSubmissionKey();
  return {
    mutation,
    submit(settings: AutoRechargeSettings) {
      if (mutation.isPending) return;
      const uniqueness_key = keys.keyFor(settings);
      mutation.mutate({ customer_id: customerId, contract_id: contractId, ...settings, uniqueness_key }, { onSuccess: () => keys.settled(), onError: (error) => keys.settled(error) });
    },
  };
}

interface FormProps {
  current: AutoRechargeSettings | null;
  bounds: AutoRechargeBounds;
  /** What a first setting recharges by: the smallest pack of the balance's credit type (null: none). */
  defaultStep: number | null;
  /** False once a failed recharge turned the saved settings off again (the failure is what to read then). */
  showSaved: boolean;
  balance: number | null;
  names: CreditTypeNames | undefined;
  save: Save;
}

function AutoRechargeForm({ current, bounds, defaultStep, showSaved, balance, names, save }: FormProps) {
  const t = useT(topUpsMessages);
  // A contract without settings starts off, at the lowest threshold, recharging by the smallest pack.
  const type = bounds.credit_type_id;
  const [draft, setDraft] = useState<AutoRechargeDraft>({
    enabled: current?.enabled ?? false,
    threshold: toInput(current?.threshold ?? bounds.min_threshold, type),
    rechargeTo: toInput(current?.recharge_to ?? Math.min(bounds.max_recharge_to, bounds.min_threshold + Math.max(bounds.min_recharge_step, defaultStep ?? 0)), type),
  });
  const [tried, setTried] = useState(false);
  const amount = (value: number) => formatAmount(value, bounds.credit_type_id, names);
  const unit = formatCreditTypeName(type, names);
  const parsed = parseDraft(draft, type);
  const problem = parsed.settings ? autoRechargeBoundsProblem(parsed.settings, bounds) : null;
  // The bound broken, in the person's words (the domain's message names the operator's setting instead).
  const boundText = (field: "threshold" | "recharge_to") =>
    field === "threshold"
      ? t("topUps.auto.thresholdOut", { min: amount(bounds.min_threshold), max: amount(bounds.max_threshold) })
      : parsed.settings && parsed.settings.recharge_to < parsed.settings.threshold + bounds.min_recharge_step
        ? t("topUps.auto.rechargeToLow", { min: amount(parsed.settings.threshold + bounds.min_recharge_step), threshold: amount(parsed.settings.threshold) })
        : t("topUps.auto.rechargeToHigh", { max: amount(bounds.max_recharge_to) });
  const fieldError = (field: "threshold" | "recharge_to") =>
    parsed.bad.includes(field) ? t("topUps.auto.notANumber") : problem?.field === field ? boundText(field) : undefined;
  const show = (field: "threshold" | "recharge_to") => (tried || parsed.bad.length === 0 ? fieldError(field) : undefined);
  const submit = () => {
    setTried(true);
    if (parsed.settings && !problem) save.submit(parsed.settings);
  };
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
        <span className="font-medium">{t("topUps.auto.enabled")}</span>
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("topUps.auto.threshold", { unit })} hint={t("topUps.auto.thresholdHint", { min: amount(bounds.min_threshold), max: amount(bounds.max_threshold) })} error={show("threshold")}>
          <Input type="number" inputMode="decimal" step="any" value={draft.threshold} onChange={(e) => setDraft({ ...draft, threshold: e.target.value })} />
        </Field>
        <Field label={t("topUps.auto.rechargeTo", { unit })} hint={t("topUps.auto.rechargeToHint", { step: amount(bounds.min_recharge_step), max: amount(bounds.max_recharge_to) })} error={show("recharge_to")}>
          <Input type="number" inputMode="decimal" step="any" value={draft.rechargeTo} onChange={(e) => setDraft({ ...draft, rechargeTo: e.target.value })} />
        </Field>
      </div>
      {parsed.settings && !problem ? <AutoRechargePreviewText settings={parsed.settings} bounds={bounds} balance={balance} names={names} /> : null}
      <SaveOutcome save={save} showSaved={showSaved} />
      <Button type="submit" variant="primary" loading={save.mutation.isPending}>
        {save.mutation.isPending ? t("topUps.auto.saving") : t("topUps.auto.save")}
      </Button>
    </form>
  );
}

function AutoRechargePreviewText({ settings, bounds, balance, names }: { settings: AutoRechargeSettings; bounds: AutoRechargeBounds; balance: number | null; names: CreditTypeNames | undefined }) {
  const t = useT(topUpsMessages);
  const preview = previewAutoRecharge(settings, bounds, balance);
  const credits = (value: number) => formatAmount(value, bounds.credit_type_id, names);
  const money = (value: number) => formatAmount(value, bounds.unit_price.credit_type_id, names);
  return (
    <section aria-label={t("topUps.auto.previewTitle")} className="rounded-md bg-[var(--color-surface-2)] px-3 py-2" aria-live="polite">
      <h3 className="mb-1 font-medium">{t("topUps.auto.previewTitle")}</h3>
      {!settings.enabled ? (
        <p>{t("topUps.auto.previewOff")}</p>
      ) : (
        <>
          <p>
            {bounds.credit_type_id === bounds.unit_price.credit_type_id
              ? t("topUps.auto.previewEachMoney", { price: money(preview.at_threshold.price.amount), balance: credits(preview.at_threshold.balance_after) })
              : t("topUps.auto.previewEach", { credits: credits(preview.at_threshold.credits), price: money(preview.at_threshold.price.amount), balance: credits(preview.at_threshold.balance_after) })}
          </p>
          {preview.now && balance !== null ? (
            <p className="mt-1 font-medium">{t("topUps.auto.previewNow", { balance: credits(balance), credits: credits(preview.now.credits), price: money(preview.now.price.amount) })}</p>
          ) : null}
        </>
      )}
    </section>
  );
}

function SaveOutcome({ save, showSaved }: { save: Save; showSaved: boolean }) {
  const t = useT(topUpsMessages);
  const { error, data } = save.mutation;
  if (error) {
    return (
      <Notice tone="danger" title={isUnknownOutcome(error) ? t("topUps.auto.unknown") : t("topUps.auto.refused")}>
        {errorMessage(error)} {isUnknownOutcome(error) ? t("topUps.unknownBody") : null}
      </Notice>
    );
  }
  if (!data || (!showSaved && data.status !== "rejected")) return null;
  return (
    <Notice tone={data.status === "rejected" ? "danger" : "success"} title={data.status === "rejected" ? t("topUps.auto.refused") : t("topUps.auto.saved")}>
      {data.status === "rejected" && data.status_message ? data.status_message : t("topUps.auto.savedBody")}
    </Notice>
  );
}
