import type { ReactNode } from "react";
import { LinkButton } from "../components/button";
import { Trans, useT } from "../lib/i18n";
import { appMessages } from "../locales/en/app";

export type NotFoundWhat = "page" | "customer" | "contract" | "subscription" | "seat";

const titles: Record<NotFoundWhat, keyof typeof appMessages> = {
  page: "app.notFound.page",
  customer: "app.notFound.customer",
  contract: "app.notFound.contract",
  subscription: "app.notFound.subscription",
  seat: "app.notFound.seat",
};

export interface NotFoundViewProps {
  what: NotFoundWhat;
  /** The id from the URL, shown so the person can see what was asked for. */
  id?: string | undefined;
  /** Where "go back" leads, with its label. */
  back?: { to: string; label: string };
  children?: ReactNode;
}

/** The view for an unknown id in the URL (or an unknown path). */
export function NotFoundView({ what, id, back, children }: NotFoundViewProps) {
  const t = useT(appMessages);
  return (
    <section aria-labelledby="not-found-title" className="mx-auto max-w-xl py-10 text-center">
      <h1 id="not-found-title" className="text-2xl font-semibold">
        {t(titles[what])}
      </h1>
      <p className="mt-2 text-[var(--color-muted)]">
        {id ? (
          <Trans t={t} id="app.notFound.noSuch" values={{ what, id: <span className="font-mono break-all text-[var(--color-text)]">{id}</span> }} />
        ) : (
          t("app.notFound.nothingHere")
        )}{" "}
        {children}
      </p>
      <div className="mt-5">
        <LinkButton to={back?.to ?? "/"} variant="primary">
          {back?.label ?? t("app.notFound.goStart")}
        </LinkButton>
      </div>
    </section>
  );
}
