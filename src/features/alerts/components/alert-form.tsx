import { useId, useMemo, useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button } from "../../../components/button";
import { Field, Input, Select, type SelectOption } from "../../../components/field";
import { Notice } from "../../../components/notice";
import { ConflictError, ValidationError, errorMessage } from "../../../lib/api-errors";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import { isSeatBased, type Subscription } from "../../../domain/subscription";
import { seatBalancesQuery, type CreditTypeInfo } from "../../../lib/metronome-queries";
import { useCreateAlert } from "../api/alert-mutations";
import type { ContractAlertType } from "../utils/alert-model";
import {
  creditTypeOptionLabel,
  takesSeatAlerts,
  notSeatBasedMessage,
  subscriptionName,
  suggestedAlertName,
  thresholdUnit,
  validateAlertForm,
  type AlertFormErrors,
  type AlertFormField,
  type AlertFormValues,
  type AlertScope,
  type SeatTarget,
} from "../utils/alert-request";
import { parseThreshold } from "../utils/threshold";
import { SeatPicker, type SeatChoice } from "./seat-picker";
import { useT } from "../../../lib/i18n";
import { alertsMessages } from "../../../locales/en/alerts";

export interface AlertFormProps {
  customerId: string;
  contractId: string;
  subscriptions: readonly Subscription[];
  /** Credit types by id; null while loading. */
  creditTypes: ReadonlyMap<string, CreditTypeInfo> | null;
}

/** The fields in the order they appear, so focus goes to the first problem on screen. */
const FIELD_ORDER: readonly AlertFormField[] = ["subscriptionId", "seatId", "creditTypeId", "threshold", "name"];

type Outcome = { kind: "created"; name: string } | { kind: "exists"; name: string } | { kind: "failed"; message: string } | null;

/** The default credit type: the first custom unit (e.g. AI credits), else USD. */
function defaultCreditType(types: ReadonlyMap<string, CreditTypeInfo> | null): string {
  if (!types) return "";
  for (const type of types.values()) if (!type.isCurrency) return type.id;
  return types.has(USD_CENTS_CREDIT_TYPE_ID) ? USD_CENTS_CREDIT_TYPE_ID : (types.keys().next().value ?? "");
}

/** Creates a contract-level or seat-level low-balance alert. */
export function AlertForm({ customerId, contractId, subscriptions, creditTypes }: AlertFormProps) {
  const id = useId();
  const t = useT(alertsMessages);
  const seatBasedSubscriptions = subscriptions.filter(takesSeatAlerts);
  const [values, setValues] = useState<AlertFormValues>(() => ({
    scope: "contract",
    contractType: "low_remaining_contract_credit_balance_reached",
    creditTypeId: "",
    threshold: "",
    name: "",
    subscriptionId: (seatBasedSubscriptions[0] ?? subscriptions[0])?.id ?? "",
    seatTarget: "all",
    seatId: "",
  }));
  const [errors, setErrors] = useState<AlertFormErrors>({});
  const [outcome, setOutcome] = useState<Outcome>(null);
  const create = useCreateAlert(customerId);

  const creditTypeId = values.creditTypeId || defaultCreditType(creditTypes);
  const types = creditTypes ?? new Map<string, CreditTypeInfo>();
  const unit = thresholdUnit(creditTypeId, types);
  const subscription = subscriptions.find((s) => s.id === values.subscriptionId);
  const subscriptionIsSeatBased = subscription ? takesSeatAlerts(subscription) : false;

  const seats = useQuery({
    ...seatBalancesQuery(customerId, contractId, { subscriptionIds: [values.subscriptionId] }),
    enabled: values.scope === "seat" && values.seatTarget === "one" && subscriptionIsSeatBased,
  });
  const seatChoices = useMemo<SeatChoice[] | null>(
    () =>
      seats.data
        ? seats.data.map((s) => ({ seatId: s.seat_id, balance: s.balances.find((b) => b.credit_type_id === creditTypeId)?.balance ?? 0 }))
        : null,
    [seats.data, creditTypeId],
  );

  const set = <K extends keyof AlertFormValues>(key: K, value: AlertFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setOutcome(null);
  };

  // A seat alert on a subscription without named seats is refused as soon as it is chosen.
  const subscriptionError =
    errors.subscriptionId ??
    (values.scope === "seat" && subscription && !subscriptionIsSeatBased ? notSeatBasedMessage(subscription) : undefined);

  const parsed = parseThreshold(values.threshold, unit);
  const suggestion = suggestedAlertName({
    threshold: parsed.ok ? parsed.value : unit.dollars ? 1000 : 10,
    creditTypeId,
    names: types,
    scope: values.scope,
    seatTarget: values.seatTarget,
    seatId: values.seatId || t("alerts.form.aSeat"),
    subscriptionName: subscription ? subscriptionName(subscription) : t("alerts.form.theSubscription"),
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    const result = validateAlertForm(
      { ...values, creditTypeId },
      {
        customerId,
        creditTypes: types,
        subscriptions,
        seatIds: seats.data ? new Set(seats.data.map((s) => s.seat_id)) : null,
      },
    );
    if (!result.ok) {
      setErrors(result.errors);
      setOutcome(null);
      const first = FIELD_ORDER.find((field) => result.errors[field]);
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setErrors({});
    setOutcome(null);
    const name = result.params.name;
    create.mutate(result.params, {
      onSuccess: () => {
        setOutcome({ kind: "created", name });
        setValues((v) => ({ ...v, threshold: "", name: "" }));
      },
      onError: (error) => {
        if (error instanceof ConflictError) setOutcome({ kind: "exists", name });
        else if (error instanceof ValidationError) setOutcome({ kind: "failed", message: t("alerts.form.refused", { message: error.message }) });
        else setOutcome({ kind: "failed", message: errorMessage(error) });
      },
    });
  }

  const contractTypeOptions: Array<SelectOption<ContractAlertType>> = [
    { value: "low_remaining_contract_credit_balance_reached", label: t("alerts.form.typeCredits") },
    { value: "low_remaining_contract_credit_and_commit_balance_reached", label: t("alerts.form.typeCreditsCommits") },
  ];
  const creditTypeOptions: SelectOption[] = [...types.values()].map((type) => ({ value: type.id, label: creditTypeOptionLabel(type) }));
  if (creditTypeId && !types.has(creditTypeId)) creditTypeOptions.unshift({ value: creditTypeId, label: t("alerts.form.unknownCreditType") });
  if (!creditTypeId)
    creditTypeOptions.unshift({ value: "", label: creditTypes ? t("alerts.form.noCreditTypes") : t("alerts.form.loadingCreditTypes") });

  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby={`${id}-title`} className="space-y-4">
      <h3 id={`${id}-title`} className="text-base font-semibold">
        {t("alerts.form.title")}
      </h3>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("alerts.form.watch")}</legend>
        <div className="flex flex-col gap-2">
          {(
            [
              ["contract", t("alerts.form.scopeContract"), t("alerts.form.scopeContractHint")],
              ["seat", t("alerts.form.scopeSeat"), t("alerts.form.scopeSeatHint")],
            ] as Array<[AlertScope, string, string]>
          ).map(([scope, label, hint]) => (
            <label key={scope} className="flex cursor-pointer items-start gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-scope`}
                className="mt-1"
                checked={values.scope === scope}
                onChange={() => {
                  set("scope", scope);
                  setErrors({});
                }}
              />
              <span>
                <span className="font-medium">{label}</span>
                <span className="block text-[var(--color-muted)]">{hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {values.scope === "contract" ? (
        <>
          <Notice tone="info" live="none">
            {t("alerts.form.contractNotice")}
          </Notice>
          <Field label={t("alerts.form.balanceToWatch")}>
            <Select id={`${id}-contractType`} options={contractTypeOptions} value={values.contractType} onValueChange={(v) => set("contractType", v)} />
          </Field>
        </>
      ) : (
        <>
          <Field label={t("alerts.form.subscription")} error={subscriptionError}>
            <Select
              id={`${id}-subscriptionId`}
              options={subscriptions.map((s) => ({
                value: s.id ?? "",
                label: t(isSeatBased(s) ? "alerts.form.subscriptionNamedSeats" : "alerts.form.subscriptionSeatQuantity", { name: subscriptionName(s) }),
              }))}
              value={values.subscriptionId}
              onValueChange={(v) => {
                set("subscriptionId", v);
                set("seatId", "");
                setErrors((e) => ({ ...e, subscriptionId: undefined, seatId: undefined }));
              }}
            />
          </Field>
          {subscriptionIsSeatBased ? (
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">{t("alerts.form.seats")}</legend>
              <div className="flex flex-wrap gap-4">
                {(
                  [
                    ["all", t("alerts.form.everySeat")],
                    ["one", t("alerts.form.oneSeat")],
                  ] as Array<[SeatTarget, string]>
                ).map(([target, label]) => (
                  <label key={target} className="flex cursor-pointer items-center gap-2 text-sm">
                    <input type="radio" name={`${id}-seatTarget`} checked={values.seatTarget === target} onChange={() => set("seatTarget", target)} />
                    {label}
                  </label>
                ))}
              </div>
              {values.seatTarget === "all" ? (
                <p className="text-xs text-[var(--color-muted)]">
                  {t("alerts.form.everySeatHint")}
                </p>
              ) : null}
            </fieldset>
          ) : null}
          {subscriptionIsSeatBased && values.seatTarget === "one" ? (
            <div id={`${id}-seatId`} tabIndex={-1}>
              <SeatPicker
                seats={seatChoices}
                loading={seats.isPending}
                value={values.seatId}
                onChange={(seatId) => {
                  set("seatId", seatId);
                  setErrors((e) => ({ ...e, seatId: undefined }));
                }}
                creditTypeId={creditTypeId}
                names={types}
                error={seats.isError ? t("alerts.form.seatsError", { message: errorMessage(seats.error) }) : errors.seatId}
              />
            </div>
          ) : null}
        </>
      )}

      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("alerts.form.creditType")} error={errors.creditTypeId}>
          <Select
            id={`${id}-creditTypeId`}
            options={creditTypeOptions}
            value={creditTypeId}
            onValueChange={(v) => {
              set("creditTypeId", v);
              setErrors((e) => ({ ...e, creditTypeId: undefined }));
            }}
          />
        </Field>
        <Field
          label={t("alerts.form.threshold", { unit: unit.dollars ? "USD" : unit.name })}
          hint={unit.dollars ? t("alerts.form.thresholdHintDollars") : t("alerts.form.thresholdHintUnit", { unit: unit.name })}
          error={errors.threshold}
          required
        >
          <Input
            id={`${id}-threshold`}
            inputMode="decimal"
            autoComplete="off"
            value={values.threshold}
            onChange={(e) => {
              set("threshold", e.target.value);
              setErrors((er) => ({ ...er, threshold: undefined }));
            }}
          />
        </Field>
      </div>
      <Field label={t("alerts.form.name")} hint={t("alerts.form.nameHint", { suggestion })} error={errors.name}>
        <Input id={`${id}-name`} autoComplete="off" value={values.name} placeholder={suggestion} onChange={(e) => set("name", e.target.value)} />
      </Field>

      <div aria-live="polite">
        {outcome?.kind === "created" ? (
          <Notice key={outcome.name} tone="success" live="none" title={t("alerts.form.created")} focusOnMount>
            {t("alerts.form.createdBody", { name: outcome.name })}
          </Notice>
        ) : outcome?.kind === "exists" ? (
          <Notice tone="warning" live="none" title={t("alerts.form.exists")}>
            {t("alerts.form.existsBody")}
          </Notice>
        ) : outcome?.kind === "failed" ? (
          <Notice tone="danger" live="none" title={t("alerts.form.failed")}>
            {outcome.message} {t("alerts.form.failedKept")}
          </Notice>
        ) : null}
      </div>

      <Button type="submit" variant="primary" loading={create.isPending} disabled={!creditTypes}>
        {t("alerts.form.submit")}
      </Button>
    </form>
  );
}
