import { Button } from "../../../components/button";
import { Dialog } from "../../../components/dialog";
import { Notice } from "../../../components/notice";
import { previewedCost } from "../../../domain/preview";
import { errorMessage, isApiError } from "../../../lib/api-errors";
import { formatAmount, type CreditTypeNames } from "../../../lib/format";
import type { PendingEdit } from "../api/use-edit-submission";
import type { Recheck } from "../api/use-recheck";
import { chargeWhenText, reductionText } from "../utils/preview-text";
import { previewHeadline } from "./impact-preview";
import { useT } from "../../../lib/i18n";
import { seatsMessages } from "../../../locales/en/seats";

export interface ConfirmEditDialogProps {
  pending: PendingEdit | null;
  /** The preview recomputed on the latest seats when the step opened. */
  recheck: Recheck;
  sending: boolean;
  error: unknown;
  creditTypes?: CreditTypeNames | undefined;
  onConfirm: () => void;
  onClose: () => void;
}

/** The last step before a seat edit is sent: what it does, what it costs, what it releases. */
export function ConfirmEditDialog({ pending, recheck, sending, error, creditTypes, onConfirm, onClose }: ConfirmEditDialogProps) {
  const t = useT(seatsMessages);
  const preview = recheck.preview ?? pending?.preview;
  const checking = recheck.status === "checking";
  const refused = preview ? preview.issues.filter((i) => i.severity === "error") : [];
  const credits = preview ? Object.entries(preview.credit_totals).filter(([, a]) => a !== 0) : [];
  const money = (amount: number) => formatAmount(amount, preview?.fiat_credit_type_id, creditTypes);
  const chargeWhen = preview ? chargeWhenText(preview, money) : null;
  const retryable = isApiError(error) && (error.kind === "network" || error.kind === "server" || error.kind === "rate_limited");
  return (
    <Dialog
      open={pending !== null}
      onClose={onClose}
      dismissable={!sending}
      title={pending?.title ?? t("seats.confirm.title")}
      description={t("seats.confirm.description")}
      footer={
        <>
          <Button onClick={onClose} disabled={sending}>
            {t("seats.confirm.back")}
          </Button>
          <Button variant="primary" onClick={onConfirm} loading={sending} disabled={checking || refused.length > 0}>
            {t(sending ? "seats.confirm.applying" : error && retryable ? "seats.confirm.tryAgain" : "seats.confirm.confirm")}
          </Button>
        </>
      }
    >
      {preview ? (
        <div className="space-y-3 text-sm">
          {checking ? <p role="status">{t("seats.confirm.checking")}</p> : null}
          {recheck.status === "changed" && recheck.previous ? (
            <Notice tone="warning" title={t("seats.confirm.changed")}>
              {t("seats.confirm.changedBody", { before: previewHeadline(recheck.previous, creditTypes) })}
            </Notice>
          ) : null}
          {recheck.status === "failed" ? (
            <Notice tone="info" title={t("seats.confirm.checkFailed")}>
              {t("seats.confirm.checkFailedBody")}
            </Notice>
          ) : null}
          {refused.length > 0 ? (
            <Notice tone="danger" title={t("seats.confirm.noLongerFits")}>
              {refused.map((i) => i.message).join(" ")} {t("seats.confirm.adjust")}
            </Notice>
          ) : null}
          {preview.change_lines.length > 1 ? (
            <div>
              <p className="font-medium">{t("seats.confirm.makes", { count: preview.change_lines.length })}</p>
              <ol className="list-decimal space-y-1 pl-5">
                {preview.change_lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ol>
            </div>
          ) : (
            <p className="font-medium">{preview.summary}</p>
          )}
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-[var(--color-muted)]">{t("seats.confirm.charge")}</dt>
            <dd className="font-semibold tabular-nums">
              {preview.total_charge > 0 ? money(preview.total_charge) : t("seats.confirm.noCharge")}
            </dd>
            {preview.reductions.length > 0 ? (
              <>
                <dt className="text-[var(--color-muted)]">{t("seats.confirm.lowered")}</dt>
                <dd>
                  <span className="font-semibold tabular-nums">{money(previewedCost({ total_charge: 0, reductions: preview.reductions }))}</span>
                  <ul className="mt-1 space-y-1">
                    {preview.reductions.map((line, i) => (
                      <li key={`${line.issued_at}-${line.service_period.starting_at}-${i}`}>{reductionText(line)}</li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : null}
            <dt className="text-[var(--color-muted)]">{t("seats.confirm.released")}</dt>
            <dd className="font-semibold tabular-nums">
              {credits.length > 0 ? credits.map(([type, amount]) => formatAmount(amount, type, creditTypes)).join(", ") : t("seats.confirm.none")}
            </dd>
          </dl>
          {chargeWhen ? <p>{chargeWhen}</p> : null}
          {preview.notes.length > 0 ? (
            <ul className="list-disc space-y-1 pl-5">
              {preview.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
          {sending ? <p role="status">{t("seats.confirm.sending")}</p> : null}
          {error ? (
            <Notice tone="danger" title={t(retryable ? "seats.confirm.mayNotHave" : "seats.refused")}>
              {errorMessage(error)}
              {t(retryable ? "seats.confirm.safe" : "seats.confirm.nothingChanged")}
            </Notice>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
