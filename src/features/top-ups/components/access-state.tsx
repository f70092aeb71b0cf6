import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import type { AccessDecision, AccessReason } from "../../../contract/bff";
import { Badge } from "../../../components/badge";
import { Notice } from "../../../components/notice";
import { Skeleton } from "../../../components/spinner";
import { formatDate } from "../../../lib/format";
import { useT } from "../../../lib/i18n";
import { translate } from "../../../lib/i18n-core";
import { topUpsMessages } from "../../../locales/en/top-ups";
import { customerAccessQuery } from "../api/top-up-queries";

/** Each reason's words (an exhaustive map: a new reason fails the type check until it has them). */
export const reasonIds: Record<AccessReason, keyof typeof topUpsMessages> = {
  ok: "topUps.access.ok",
  contract_alert_in_alarm: "topUps.access.contract_alert_in_alarm",
  contract_balance_exhausted: "topUps.access.contract_balance_exhausted",
  seat_alert_in_alarm: "topUps.access.seat_alert_in_alarm",
  seat_balance_exhausted: "topUps.access.seat_balance_exhausted",
  unknown_seat: "topUps.access.unknown_seat",
  state_unknown: "topUps.access.state_unknown",
};

/** When access returns on its own, in words (or that only a top-up brings it back); null when allowed. */
export function accessReturnText(decision: Pick<AccessDecision, "allowed" | "reason" | "resets_at">): string | null {
  if (decision.allowed || decision.reason === "unknown_seat") return null;
  if (decision.reason === "state_unknown") return translate(topUpsMessages, "topUps.accessUnknown");
  return decision.resets_at
    ? translate(topUpsMessages, "topUps.accessReturns", { date: formatDate(decision.resets_at, "long") })
    : translate(topUpsMessages, "topUps.accessOnlyTopUp");
}

/** "Allowed" or "Gated", with the reason for screen readers and as a tooltip. */
export function AccessBadge({ decision }: { decision: AccessDecision }) {
  const t = useT(topUpsMessages);
  const reason = t(reasonIds[decision.reason]);
  return (
    <span title={reason}>
      <Badge tone={decision.allowed ? "success" : "danger"}>{decision.allowed ? t("topUps.accessAllowed") : t("topUps.accessGated")}</Badge>
      {decision.allowed ? null : <span className="sr-only">: {reason}</span>}
    </span>
  );
}

/** The access cell of one seat in the seat balances table, from the customer's access read (one request for every seat). */
export function SeatAccessCell({ customerId, seatId }: { customerId: string; seatId: string }) {
  const t = useT(topUpsMessages);
  const access = useQuery(customerAccessQuery(customerId));
  const decision = access.data?.seats[seatId];
  if (access.isPending) return <Skeleton className="h-3 w-14" label={t("topUps.accessLoading", { seat: seatId })} />;
  if (!decision) return <span className="text-[var(--color-muted)]">—</span>;
  return <AccessBadge decision={decision} />;
}

export interface SeatAccessNoticeProps {
  customerId: string;
  seatId: string;
  /** Offered when the seat is gated (e.g. Buy credits). */
  action?: ReactNode;
}

/** A seat's page: whether it has access now and why, when access returns, and the way to buy credits when gated. */
export function SeatAccessNotice({ customerId, seatId, action }: SeatAccessNoticeProps) {
  const t = useT(topUpsMessages);
  const access = useQuery(customerAccessQuery(customerId));
  const decision = access.data?.seats[seatId];
  if (!decision) return null;
  const returns = accessReturnText(decision);
  return (
    <Notice
      tone={decision.allowed ? "success" : "warning"}
      live="none"
      title={decision.allowed ? t("topUps.accessTitleAllowed") : t("topUps.accessTitleGated")}
      actions={decision.allowed ? undefined : action}
    >
      <p>{returns ? t("topUps.reasonSentence", { reason: t(reasonIds[decision.reason]), returns }) : t(reasonIds[decision.reason])}</p>
    </Notice>
  );
}

/** Reasons a contract pack lifts: the contract-level (pooled) credits gate the seat. */
const LIFTED_BY_CONTRACT_PACK: ReadonlySet<AccessReason> = new Set(["contract_alert_in_alarm", "contract_balance_exhausted"]);

/** Whether buying a contract pack can give this seat its access back (packs add to the contract's shared credits). */
export function contractPackHelps(decision: AccessDecision | undefined): boolean {
  return decision !== undefined && !decision.allowed && LIFTED_BY_CONTRACT_PACK.has(decision.reason);
}
