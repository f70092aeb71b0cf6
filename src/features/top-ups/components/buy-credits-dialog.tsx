import { useEffect, useId, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { TopUpPack, TopUpPurchase, TopUpStatus } from "../../../contract/bff";
import { Button, LinkButton } from "../../../components/button";
import { Dialog } from "../../../components/dialog";
import { Notice, type NoticeProps } from "../../../components/notice";
import { Skeleton } from "../../../components/spinner";
import { ErrorState } from "../../../components/error-state";
import { previewTopUp, type TopUpPreview } from "../../../domain/top-up-preview";
import { errorMessage } from "../../../lib/api-errors";
import { formatAmount, formatDate, type CreditTypeNames } from "../../../lib/format";
import { creditTypesQuery, invalidateContractData } from "../../../lib/metronome-queries";
import { paths } from "../../../lib/paths";
import { useNow } from "../../../lib/use-now";
import { isUnknownOutcome, useSubmissionKey } from "../api/submission-key";
import { usePooledBalance } from "../api/use-pooled-balance";
import { isUnsettled, topUpCatalogueQuery, topUpPurchasesQuery, useBuyTopUp } from "../api/top-up-queries";
import { useT } from "../../../lib/i18n";
import { topUpsMessages } from "../../../locales/en/top-ups";

export interface BuyCreditsDialogProps {
  customerId: string;
  contractId: string;
  open: boolean;
  onClose: () => void;
  /** The seat the person started from (packs still add to the contract's shared credits). */
  seatId?: string | undefined;
}

/**
 * T1: pick a pack, see its preview (domain/top-up-preview: price, credits, expiry, the balance
 * after, the invoice line), confirm; one uniqueness key per submission (a retry reuses it), then
 * the outcome as Metronome reports it, with focus on it.
 */
export function BuyCreditsDialog({ customerId, contractId, open, onClose, seatId }: BuyCreditsDialogProps) {
  const t = useT(topUpsMessages);
  const catalogue = useQuery({ ...topUpCatalogueQuery(customerId), enabled: open });
  const creditTypes = useQuery(creditTypesQuery());
  const now = useNow();
  const packs = catalogue.data?.data ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const pack = packs.find((p) => p.id === picked) ?? packs[0];
  const balance = usePooledBalance(customerId, contractId, pack?.credit_type_id);
  const preview = pack ? previewTopUp(pack, now, balance) : null;
  const buy = usePurchase(customerId, contractId);
  const names = creditTypes.data;
  const sending = buy.mutation.isPending;

  const close = () => {
    if (sending) return;
    buy.reset();
    onClose();
  };
  const confirm = () => pack && buy.submit(pack, seatId);
  const retryable = isUnknownOutcome(buy.mutation.error);

  const footer = buy.result ? (
    <OutcomeActions customerId={customerId} contractId={contractId} purchase={buy.result} onAgain={buy.reset} onClose={close} />
  ) : (
    <>
      <Button onClick={close} disabled={sending}>
        {t("topUps.cancel")}
      </Button>
      {preview ? (
        <Button variant="primary" onClick={confirm} loading={sending}>
          {sending ? t("topUps.buying") : buy.mutation.error && retryable ? t("topUps.tryAgain") : t("topUps.confirm", { price: formatAmount(preview.price.amount, preview.price.credit_type_id, names) })}
        </Button>
      ) : null}
    </>
  );

  return (
    <Dialog open={open} onClose={close} dismissable={!sending} title={t("topUps.dialogTitle")} description={buy.result ? undefined : t("topUps.dialogDescription")} footer={footer}>
      {buy.result ? (
        <Outcome purchase={buy.result} names={names} balance={balance} />
      ) : catalogue.isPending ? (
        <Skeleton className="h-32 w-full" label={t("topUps.catalogueLoading")} />
      ) : catalogue.isError ? (
        <ErrorState error={catalogue.error} title={t("topUps.catalogueError")} onRetry={() => void catalogue.refetch()} />
      ) : packs.length === 0 || !pack || !preview ? (
        <p>{t("topUps.noPacks")}</p>
      ) : (
        <div className="space-y-4 text-sm">
          {seatId ? <p className="text-[var(--color-muted)]">{t("topUps.seatPackNote")}</p> : null}
          <PackPicker packs={packs} value={pack.id} onChange={setPicked} names={names} disabled={sending} />
          <PreviewList preview={preview} names={names} />
          {sending ? <p role="status">{t("topUps.sending")}</p> : null}
          {buy.mutation.error ? (
            <Notice tone="danger" title={retryable ? t("topUps.unknownOutcome") : t("topUps.outcome.rejected")}>
              {errorMessage(buy.mutation.error)} {retryable ? t("topUps.unknownBody") : t("topUps.rejectedBody")}
            </Notice>
          ) : null}
        </div>
      )}
    </Dialog>
  );
}

/** The purchase mutation with its uniqueness key (kept for retries until the server has answered) and the latest word on the purchase. */
function usePurchase(customerId: string, contractId: string) {
  const mutation = useBuyTopUp({ customerId, contractId });
  const keys = useSubmissionKey();
  const purchases = useQuery({ ...topUpPurchasesQuery(customerId, contractId), enabled: mutation.data !== undefined });
  const answered = mutation.data;
  // A payment still being collected is followed through the purchases list (polled while unsettled).
  const result: TopUpPurchase | undefined = answered ? (purchases.data?.find((p) => p.id === answered.id) ?? answered) : undefined;
  const settledLater = answered !== undefined && isUnsettled(answered.status) && result !== undefined && !isUnsettled(result.status);
  const queryClient = useQueryClient();
  useEffect(() => {
    // The payment settled after the answer: the balances, alerts and invoices moved again.
    if (settledLater) void invalidateContractData(queryClient, { customerId, contractId });
  }, [settledLater, queryClient, customerId, contractId]);
  return {
    mutation,
    result,
    submit(pack: TopUpPack, seatId: string | undefined) {
      if (mutation.isPending) return;
      const uniquenessKey = keys.keyFor({ packId: pack.id, seatId });
      mutation.mutate(
        { customer_id: customerId, contract_id: contractId, pack_id: pack.id, uniqueness_key: uniquenessKey },
        { onSuccess: () => keys.settled(), onError: (error) => keys.settled(error) },
      );
    },
    reset() {
      if (mutation.isPending) return;
      mutation.reset();
    },
  };
}

function PackPicker({ packs, value, onChange, names, disabled }: { packs: TopUpPack[]; value: string; onChange: (id: string) => void; names: CreditTypeNames | undefined; disabled: boolean }) {
  const t = useT(topUpsMessages);
  const name = useId();
  return (
    <fieldset className="space-y-2" disabled={disabled}>
      <legend className="mb-1 font-medium">{t("topUps.packLegend")}</legend>
      {packs.map((pack) => (
        <label
          key={pack.id}
          className="flex cursor-pointer items-start gap-3 rounded-md border border-[var(--color-border)] px-3 py-2 has-[:checked]:border-[var(--color-brand)] has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-[var(--color-brand)]"
        >
          <input type="radio" name={name} value={pack.id} checked={pack.id === value} onChange={() => onChange(pack.id)} className="mt-1" />
          <span className="flex min-w-0 flex-1 flex-wrap justify-between gap-x-3">
            <span className="min-w-0">
              <span className="block font-medium">{pack.name}</span>
              <span className="block text-[var(--color-muted)]">
                {t("topUps.packDetail", { credits: formatAmount(pack.credits, pack.credit_type_id, names), months: pack.duration_months })}
              </span>
            </span>
            <span className="font-semibold tabular-nums">{formatAmount(pack.price.amount, pack.price.credit_type_id, names)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function PreviewList({ preview, names }: { preview: TopUpPreview; names: CreditTypeNames | undefined }) {
  const t = useT(topUpsMessages);
  const credits = (amount: number | null) => formatAmount(amount, preview.credit_type_id, names);
  const price = formatAmount(preview.price.amount, preview.price.credit_type_id, names);
  return (
    <section aria-label={t("topUps.previewTitle")} className="rounded-md bg-[var(--color-surface-2)] px-3 py-2">
      <h3 className="mb-1 font-medium">{t("topUps.previewTitle")}</h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-[var(--color-muted)]">{t("topUps.price")}</dt>
        <dd className="font-semibold tabular-nums">{price}</dd>
        <dt className="text-[var(--color-muted)]">{t("topUps.credits")}</dt>
        <dd className="tabular-nums">{credits(preview.credits)}</dd>
        <dt className="text-[var(--color-muted)]">{t("topUps.expires")}</dt>
        <dd>{formatDate(preview.expires_at, "long")}</dd>
        <dt className="text-[var(--color-muted)]">{t("topUps.balanceNow")}</dt>
        <dd className="tabular-nums">{credits(preview.balance_before)}</dd>
        <dt className="text-[var(--color-muted)]">{t("topUps.balanceAfter")}</dt>
        <dd className="font-semibold tabular-nums">{credits(preview.balance_after)}</dd>
        <dt className="text-[var(--color-muted)]">{t("topUps.invoice")}</dt>
        <dd>{t("topUps.invoiceLine", { line: preview.invoice_line.name, total: formatAmount(preview.invoice_line.amount, preview.invoice_line.credit_type_id, names), date: formatDate(preview.invoice_line.issued_at) })}</dd>
      </dl>
    </section>
  );
}

const outcomeTones: Record<TopUpStatus, NonNullable<NoticeProps["tone"]>> = {
  paid: "success",
  applied: "success",
  failed: "danger",
  action_required: "warning",
  awaiting_payment: "info",
  sending: "info",
  rejected: "danger",
};
/** The outcomes whose status message from the server says why or what to do (said instead of the general words). */
const SAYS_WHY: ReadonlySet<TopUpStatus> = new Set(["failed", "action_required", "rejected"]);
const outcomeIds: Record<TopUpStatus, keyof typeof topUpsMessages> = {
  paid: "topUps.outcome.paid",
  applied: "topUps.outcome.applied",
  failed: "topUps.outcome.failed",
  action_required: "topUps.outcome.action_required",
  awaiting_payment: "topUps.outcome.awaiting_payment",
  sending: "topUps.outcome.sending",
  rejected: "topUps.outcome.rejected",
};

/** The purchase's outcome; focus moves to it when it appears and when it changes. */
function Outcome({ purchase, names, balance }: { purchase: TopUpPurchase; names: CreditTypeNames | undefined; balance: number | null }) {
  const t = useT(topUpsMessages);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [purchase.status]);
  const pack = purchase.pack;
  const credits = pack ? formatAmount(pack.credits, pack.credit_type_id, names) : "";
  const body =
    purchase.status === "paid"
      ? balance !== null && pack
        ? t("topUps.paidBody", { credits, balance: formatAmount(balance, pack.credit_type_id, names) })
        : t("topUps.paidBodyNoBalance", { credits })
      : purchase.status === "failed"
        ? t("topUps.failedBody")
        : purchase.status === "action_required"
          ? t("topUps.actionBody")
          : purchase.status === "rejected"
            ? t("topUps.rejectedBody")
            : t("topUps.awaitingBody");
  return (
    <div ref={ref} tabIndex={-1} className="outline-none focus-visible:ring-2 focus-visible:ring-[var(--color-brand)]">
      <Notice tone={outcomeTones[purchase.status]} title={t(outcomeIds[purchase.status])} live={purchase.status === "failed" ? "alert" : "status"}>
        <p>{purchase.status_message && SAYS_WHY.has(purchase.status) ? purchase.status_message : body}</p>
      </Notice>
    </div>
  );
}

function OutcomeActions({ customerId, contractId, purchase, onAgain, onClose }: { customerId: string; contractId: string; purchase: TopUpPurchase; onAgain: () => void; onClose: () => void }) {
  const t = useT(topUpsMessages);
  return (
    <>
      {purchase.invoice_id ? (
        <LinkButton to={paths.billing(customerId, contractId, purchase.invoice_id)} onClick={onClose}>
          {t("topUps.seeInvoice")}
        </LinkButton>
      ) : null}
      <Button onClick={onAgain}>{t("topUps.buyAnother")}</Button>
      <Button variant="primary" onClick={onClose}>
        {t("topUps.close")}
      </Button>
    </>
  );
}
