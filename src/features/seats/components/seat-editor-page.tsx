import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { Card } from "../../../components/card";
import { ErrorState } from "../../../components/error-state";
import { Notice } from "../../../components/notice";
import { PageSpinner } from "../../../components/spinner";
import { DEFAULT_SEAT_CAP } from "../../../domain/seat-policy";
import { isSeatBased, type QuantityHistory } from "../../../domain/subscription";
import { errorMessage } from "../../../lib/api-errors";
import { creditTypesQuery, quantityHistoryQuery, seatsHistoryQuery } from "../../../lib/metronome-queries";
import { failedFirstLoad } from "../../../lib/query-state";
import { useSession } from "../../../lib/session";
import { useNow } from "../../../lib/use-now";
import { contractEditHistoryQuery, seatPolicyQuery } from "../api/seat-edit";
import { useEditSubmission } from "../api/use-edit-submission";
import { useRecheck } from "../api/use-recheck";
import { billingSettingsText } from "../utils/preview-text";
import type { RemovalRequest } from "../utils/removal-prefill";
import { quantityAt, quantitySteps, seatsAt } from "../../../domain/quantity-over-time";
import { scheduledQuantityChanges, scheduledSeatChanges } from "../utils/seat-schedule";
import { ConfirmEditDialog } from "./confirm-edit-dialog";
import type { EditorContext } from "./editor-context";
import { QuantityEditor } from "./quantity-editor";
import { ScheduledChanges } from "./scheduled-changes";
import { SeatIdEditor } from "./seat-id-editor";
import { SeatSummary } from "./seat-summary";
import { useT } from "../../../lib/i18n";
import { seatsMessages } from "../../../locales/en/seats";

export interface SeatEditorPageProps {
  customerId: string;
  contractId: string;
  contract: ContractV2;
  subscriptionId: string;
  subscription: ContractV2.Subscription;
  /** A seat removal asked for by the URL (the idle seats link): the form opens filled with it. */
  removal?: RemovalRequest | null;
}

/** The seat editor: seats now, the change form with its live impact preview, and scheduled changes. */
export function SeatEditorPage({ customerId, contractId, contract, subscriptionId, subscription, removal = null }: SeatEditorPageProps) {
  const session = useSession();
  const now = useNow(30_000);
  const t = useT(seatsMessages);
  const seatBased = isSeatBased(subscription);
  const history = useQuery(quantityHistoryQuery(customerId, contractId, subscriptionId));
  const seats = useQuery({ ...seatsHistoryQuery(customerId, contractId, subscriptionId), enabled: seatBased });
  // Quantity-only: whether each scheduled change was a total or a delta (the preview falls back without it).
  const edits = useQuery({ ...contractEditHistoryQuery(customerId, contractId), enabled: !seatBased });
  const policy = useQuery(seatPolicyQuery(customerId));
  const creditTypes = useQuery(creditTypesQuery());
  const [resets, setResets] = useState(0);
  const submission = useEditSubmission({ customerId, contractId }, () => setResets((n) => n + 1));

  const quantityHistory: QuantityHistory | null = history.data ?? null;
  const ctx = useMemo<EditorContext>(
    () => ({
      customerId,
      contractId,
      contract,
      subscription,
      subscriptionId,
      now,
      canBackdate: session.can_backdate,
      quantityHistory,
      seatsHistory: seats.data ?? null,
      editHistory: edits.data ?? null,
      policy: policy.data ?? null,
      creditTypes: creditTypes.data,
    }),
    [customerId, contractId, contract, subscription, subscriptionId, now, session.can_backdate, quantityHistory, seats.data, edits.data, policy.data, creditTypes.data],
  );

  const recheck = useRecheck(ctx, submission.pending);

  const loading = history.isPending || (seatBased && seats.isPending) || (!seatBased && edits.isPending) || policy.isPending;
  // Only a first load that failed hides the editor; a failed refresh keeps the last good data.
  const failed = failedFirstLoad([history, seats, policy]);
  if (failed) {
    return (
      <ErrorState
        error={failed.error}
        title={t("seats.loadFailed")}
        onRetry={() => {
          void history.refetch();
          void seats.refetch();
          void policy.refetch();
        }}
      />
    );
  }
  if (loading) return <PageSpinner label={t("seats.loading")} />;

  const totals = seatBased ? seatsAt(seats.data ?? [], now) : null;
  const steps = seatBased ? [] : quantitySteps({ history: history.data?.history ?? [], schedule: subscription.quantity_schedule, now, end: null });
  // Before the subscription starts, the quantity it starts with.
  const quantity = seatBased ? (totals?.total ?? null) : (quantityAt(steps, now) ?? steps[0]?.quantity ?? null);
  const scheduled = seatBased ? scheduledSeatChanges(subscriptionId, seats.data ?? [], now) : scheduledQuantityChanges(subscription, now, ctx.editHistory);
  const refusal = submission.pending === null && submission.error ? errorMessage(submission.error) : null;
  const editorProps = { ctx, onReview: submission.review, serverError: refusal };

  return (
    <div className="space-y-4">
      <h2 className="text-xl font-semibold">{t("seats.heading")}</h2>
      {submission.applied ? (
        <Notice key={resets} tone="success" title={t("seats.updated")} focusOnMount>
          {submission.applied.summary}.{" "}
          {submission.applied.alreadyApplied ? t("seats.alreadyApplied") : ""}
          {t("seats.everyView")}
        </Notice>
      ) : null}
      <Card>
        <SeatSummary seatBased={seatBased} totals={totals} quantity={quantity} policy={policy.data} cap={DEFAULT_SEAT_CAP} />
      </Card>
      {session.can_write ? (
        <Card title={t("seats.change")} description={billingSettingsText(subscription)}>
          {seatBased ? (
            // Only the first form is prefilled: once a change is applied, the next one starts empty.
            <SeatIdEditor key={resets} {...editorProps} current={totals} prefill={resets === 0 ? removal : null} />
          ) : (
            <>
              {removal && resets === 0 ? (
                <Notice tone="warning" title={t("seats.prefillLeftOut")} live="none">
                  {t("seats.prefillLeftOutBody")}
                </Notice>
              ) : null}
              <QuantityEditor key={resets} {...editorProps} current={quantity} />
            </>
          )}
        </Card>
      ) : (
        <Notice tone="info" title={t("seats.readOnly")} live="none">
          {t("seats.readOnlyBody")}
        </Notice>
      )}
      <Card>
        <ScheduledChanges ctx={ctx} changes={scheduled} canWrite={session.can_write} onReview={submission.review} />
      </Card>
      <ConfirmEditDialog
        pending={submission.pending}
        recheck={recheck}
        sending={submission.isSending}
        error={submission.error}
        creditTypes={creditTypes.data}
        onConfirm={() => submission.confirm(recheck.preview ?? undefined)}
        onClose={submission.close}
      />
    </div>
  );
}
