import type { ReactNode } from "react";
import { LinkButton } from "../components/button";

export type NotFoundWhat = "page" | "customer" | "contract" | "subscription" | "seat";

const titles: Record<NotFoundWhat, string> = {
  page: "Page not found",
  customer: "Customer not found",
  contract: "Contract not found",
  subscription: "Subscription not found",
  seat: "Seat not found",
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
export function NotFoundView({ what, id, back = { to: "/", label: "Go to the start page" }, children }: NotFoundViewProps) {
  return (
    <section aria-labelledby="not-found-title" className="mx-auto max-w-xl py-10 text-center">
      <h1 id="not-found-title" className="text-2xl font-semibold">
        {titles[what]}
      </h1>
      <p className="mt-2 text-[var(--color-muted)]">
        {id ? (
          <>
            There is no {what} <span className="font-mono break-all text-[var(--color-text)]">{id}</span> that you can
            see.
          </>
        ) : (
          "Nothing lives at this address."
        )}{" "}
        {children}
      </p>
      <div className="mt-5">
        <LinkButton to={back.to} variant="primary">
          {back.label}
        </LinkButton>
      </div>
    </section>
  );
}
