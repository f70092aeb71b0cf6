import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import type { AccessDecision } from "../../../contract/bff";
import { Badge } from "../../../components/badge";
import { Notice } from "../../../components/notice";
import { Skeleton } from "../../../components/spinner";
import { formatDate } from "../../../lib/format";
import { customerAccessQuery } from "../api/top-up-queries";
import { topUpMessages as m } from "../messages";

/** When access returns on its own, in words (or that only a top-up brings it back). */
export function accessReturnText(decision: Pick<AccessDecision, "allowed" | "reason" | "resets_at">): string | null {
  if (decision.allowed) return null;
  if (decision.reason === "state_unknown") return m.accessUnknown;
  if (decision.reason === "unknown_seat") return null;
  return decision.resets_at ? m.accessReturns(formatDate(decision.resets_at, "long")) : m.accessOnlyTopUp;
}

/** "Allowed" or "Gated", with the reason for screen readers and as a tooltip. */
export function AccessBadge({ decision }: { decision: AccessDecision }) {
  const reason = m.access[decision.reason];
  return (
    <span title={reason}>
      <Badge tone={decision.allowed ? "success" : "danger"}>{decision.allowed ? m.accessShort.allowed : m.accessShort.gated}</Badge>
      {decision.allowed ? null : <span className="sr-only">: {reason}</span>}
    </span>
  );
}

/** The access cell of one seat in the seat balances table, from the customer's access read (one request for every seat). */
export function SeatAccessCell({ customerId, seatId }: { customerId: string; seatId: string }) {
  const access = useQuery(customerAccessQuery(customerId));
  const decision = access.data?.seats[seatId];
  if (access.isPending) return <Skeleton className="h-3 w-14" label={`Loading the access of ${seatId}`} />;
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
  const access = useQuery(customerAccessQuery(customerId));
  const decision = access.data?.seats[seatId];
  if (!decision) return null;
  const returns = accessReturnText(decision);
  return (
    <Notice
      tone={decision.allowed ? "success" : "warning"}
      live="none"
      title={decision.allowed ? m.accessTitleAllowed : m.accessTitleGated}
      actions={decision.allowed ? undefined : action}
    >
      <p>
        {m.access[decision.reason]}.{returns ? ` ${returns}` : ""}
      </p>
    </Notice>
  );
}
