import type { ReactNode } from "react";
import { errorMessage, isApiError } from "../lib/api-errors";
import { Button } from "./button";
import { Notice } from "./notice";
import { useT } from "../lib/i18n";
import { componentsMessages } from "../locales/en/components";
import { translate } from "../lib/i18n-core";

export interface ErrorStateProps {
  error: unknown;
  /** Shown as the heading; default depends on the error kind. */
  title?: ReactNode;
  /** Offers a "Try again" button (e.g. a query's refetch). */
  onRetry?: () => void;
  retrying?: boolean;
  className?: string;
}

const titles = {
  not_found: "components.error.notFound",
  forbidden: "components.error.forbidden",
  network: "components.error.network",
  server: "components.error.server",
  validation: "components.error.validation",
} as const satisfies Partial<Record<string, keyof typeof componentsMessages>>;

function defaultTitle(error: unknown): string {
  if (!isApiError(error)) return translate(componentsMessages, "components.error.generic");
  const kind = error.kind as string;
  return translate(componentsMessages, kind in titles ? titles[kind as keyof typeof titles] : "components.error.load");
}

/** A failed load, in plain words, with a retry button when retrying can help. */
export function ErrorState({ error, title, onRetry, retrying, className }: ErrorStateProps) {
  const t = useT(componentsMessages);
  return (
    <Notice
      tone="danger"
      title={title ?? defaultTitle(error)}
      className={className}
      actions={
        onRetry ? (
          <Button size="sm" onClick={onRetry} loading={retrying ?? false}>
            {t("components.tryAgain")}
          </Button>
        ) : undefined
      }
    >
      {errorMessage(error)}
    </Notice>
  );
}
