import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { Notice } from "../../../components/notice";
import { formatAmount, formatDate } from "../../../lib/format";
import { paths } from "../../../lib/paths";
import { useNow } from "../../../lib/use-now";
import { alertListQuery, useAlertEvents } from "../api/alert-queries";
import { contractAlertsInAlarm } from "../utils/alert-model";
import { nextPeriodStart } from "../utils/next-period";
import { useT } from "../../../lib/i18n";
import { alertsMessages } from "../../../locales/en/alerts";

export interface LowBalanceBannerProps {
  customerId: string;
  contract: ContractV2;
  /** The way out offered under the text (e.g. Buy credits), for the roles that may use it. */
  action?: ReactNode;
}

/**
 * Shown on every page of a contract while one of the customer's contract-level balance alerts is
 * in alarm: access may be limited until a top-up or the next billing period. Live: it follows the
 * alert events feed.
 */
export function LowBalanceBanner({ customerId, contract, action }: LowBalanceBannerProps) {
  const now = useNow();
  const t = useT(alertsMessages);
  const alerts = useQuery(alertListQuery(customerId, false));
  useAlertEvents(customerId, contract.id);
  const inAlarm = contractAlertsInAlarm(alerts.data ?? []);
  if (inAlarm.length === 0) return null;
  const next = nextPeriodStart(contract, now);
  const until =
    next?.kind === "next_period"
      ? t("alerts.banner.untilNext", { date: formatDate(next.at, "long") })
      : next?.kind === "contract_ends"
        ? t("alerts.banner.untilEnd", { date: formatDate(next.at, "long") })
        : t("alerts.banner.untilUnknown");
  return (
    <Notice tone="warning" title={t("alerts.banner.title", { count: inAlarm.length })} actions={action}>
      <ul className="space-y-0.5">
        {inAlarm.map(({ alert }) => {
          const names = alert.credit_type?.name ? new Map([[alert.credit_type.id, { name: alert.credit_type.name }]]) : undefined;
          return (
            <li key={alert.id}>
              {t("alerts.banner.inAlarm", { name: alert.name, threshold: formatAmount(alert.threshold, alert.credit_type?.id, names) })}
            </li>
          );
        })}
      </ul>
      <p className="mt-1">
        {t("alerts.banner.gated")} {until}{" "}
        <Link to={paths.alerts(customerId, contract.id)} className="font-medium text-[var(--color-brand)] underline">
          {t("alerts.banner.see")}
        </Link>
      </p>
    </Notice>
  );
}
