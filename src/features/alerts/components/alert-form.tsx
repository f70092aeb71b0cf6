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

export interface AlertFormProps {
  customerId: string;
  contractId: string;
  subscriptions: readonly Subscription[];
  /** Credit types by id; null while loading. */
  creditTypes: ReadonlyMap<string, CreditTypeInfo> | null;
}

const contractTypeOptions: Array<SelectOption<ContractAlertType>> = [
  { value: "low_remaining_contract_credit_balance_reached", label: "Credits" },
  { value: "low_remaining_contract_credit_and_commit_balance_reached", label: "Credits and commits" },
];

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
    seatId: values.seatId || "a seat",
    subscriptionName: subscription ? subscriptionName(subscription) : "the subscription",
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
        else if (error instanceof ValidationError) setOutcome({ kind: "failed", message: `Metronome refused the alert: ${error.message}` });
        else setOutcome({ kind: "failed", message: errorMessage(error) });
      },
    });
  }

  const creditTypeOptions: SelectOption[] = [...types.values()].map((t) => ({ value: t.id, label: creditTypeOptionLabel(t) }));
  if (creditTypeId && !types.has(creditTypeId)) creditTypeOptions.unshift({ value: creditTypeId, label: "Unknown credit type" });
  if (!creditTypeId) creditTypeOptions.unshift({ value: "", label: creditTypes ? "No credit types" : "Loading credit types…" });

  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby={`${id}-title`} className="space-y-4">
      <h3 id={`${id}-title`} className="text-base font-semibold">
        New alert
      </h3>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">What to watch</legend>
        <div className="flex flex-col gap-2">
          {(
            [
              ["contract", "The contract's credit balance", "Customer- and contract-level credits, shared by everyone."],
              ["seat", "Each seat's own credits", "Credits given to individual seats of a subscription with named seats."],
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
            Contract-level alerts count only customer- and contract-level credits. Seat-scoped credits (given to individual
            seats) are not included: watch those with a seat alert.
          </Notice>
          <Field label="Balance to watch">
            <Select id={`${id}-contractType`} options={contractTypeOptions} value={values.contractType} onValueChange={(v) => set("contractType", v)} />
          </Field>
        </>
      ) : (
        <>
          <Field label="Subscription" error={subscriptionError}>
            <Select
              id={`${id}-subscriptionId`}
              options={subscriptions.map((s) => ({
                value: s.id ?? "",
                label: `${subscriptionName(s)}${isSeatBased(s) ? " (named seats)" : " (seat quantity)"}`,
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
              <legend className="text-sm font-medium">Seats</legend>
              <div className="flex flex-wrap gap-4">
                {(
                  [
                    ["all", "Every seat"],
                    ["one", "One seat"],
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
                  Each seat is watched on its own and alarms when its balance reaches the threshold, including seats added later.
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
                error={seats.isError ? `Could not load the seats: ${errorMessage(seats.error)}` : errors.seatId}
              />
            </div>
          ) : null}
        </>
      )}

      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Credit type" error={errors.creditTypeId}>
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
          label={`Threshold (${unit.dollars ? "USD" : unit.name})`}
          hint={
            unit.dollars
              ? "In dollars, e.g. 25.50. Alerts when the balance reaches or drops below it."
              : `In ${unit.name}. Alerts when the balance reaches or drops below it.`
          }
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
      <Field label="Name (optional)" hint={`Left empty, it is called “${suggestion}”.`} error={errors.name}>
        <Input id={`${id}-name`} autoComplete="off" value={values.name} placeholder={suggestion} onChange={(e) => set("name", e.target.value)} />
      </Field>

      <div aria-live="polite">
        {outcome?.kind === "created" ? (
          <Notice key={outcome.name} tone="success" live="none" title="Alert created" focusOnMount>
            “{outcome.name}” is now watching the balance. Its status shows in the list.
          </Notice>
        ) : outcome?.kind === "exists" ? (
          <Notice tone="warning" live="none" title="This alert already exists">
            An alert that watches the same balance at the same threshold is already set up, so nothing new was created.
          </Notice>
        ) : outcome?.kind === "failed" ? (
          <Notice tone="danger" live="none" title="The alert was not created">
            {outcome.message} What you typed is kept: correct it and try again.
          </Notice>
        ) : null}
      </div>

      <Button type="submit" variant="primary" loading={create.isPending} disabled={!creditTypes}>
        Create alert
      </Button>
    </form>
  );
}
