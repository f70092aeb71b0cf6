import { useQuery } from "@tanstack/react-query";
import { Outlet } from "react-router-dom";
import { ErrorState } from "../../components/error-state";
import { PageSpinner } from "../../components/spinner";
import { seatsHistoryQuery } from "../../lib/metronome-queries";
import { paths } from "../../lib/paths";
import { useRequiredIds } from "../../lib/route-params";
import { NotFoundView } from "../not-found";
import { useSubscriptionScope } from "../scope";
import { isSeatBased } from "../../domain/subscription";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";

/** …/balances/:seatId — the seat must have been assigned on this (seat-based) subscription at some time. */
export function Component() {
  const { seatId } = useRequiredIds("seatId");
  const { customerId, contractId, subscriptionId, subscription } = useSubscriptionScope();
  const seatBased = isSeatBased(subscription);
  const t = useT(appMessages);
  const history = useQuery({ ...seatsHistoryQuery(customerId, contractId, subscriptionId), enabled: seatBased });
  const back = { to: paths.balances(customerId, contractId, subscriptionId), label: t("app.seat.goBalances") };
  if (!seatBased) return <NotFoundView what="seat" id={seatId} back={back}>{t("app.seat.noNamedSeats")}</NotFoundView>;
  if (history.isPending) return <PageSpinner label={t("app.seat.loading")} />;
  if (history.isLoadingError) return <ErrorState error={history.error} onRetry={() => void history.refetch()} />;
  const known = history.data.some((segment) => segment.assigned_seat_ids.includes(seatId));
  if (!known) return <NotFoundView what="seat" id={seatId} back={back} />;
  return <Outlet />;
}
