import type { ReactNode } from "react";
import { errorMessage, isApiError } from "../lib/api-errors";
import { Button } from "./button";
import { Notice } from "./notice";

export interface ErrorStateProps {
  error: unknown;
  /** Shown as the heading; default depends on the error kind. */
  title?: ReactNode;
  /** Offers a "Try again" button (e.g. a query's refetch). */
  onRetry?: () => void;
  retrying?: boolean;
  className?: string;
}

function defaultTitle(error: unknown): string {
  if (!isApiError(error)) return "Something went wrong";
  switch (error.kind) {
    case "not_found":
      return "Not found";
    case "forbidden":
      return "No access";
    case "network":
      return "Connection problem";
    case "server":
      return "The server had a problem";
    case "validation":
      return "The request was refused";
    default:
      return "Could not load this";
  }
}

/** A failed load, in plain words, with a retry button when retrying can help. */
export function ErrorState({ error, title, onRetry, retrying, className }: ErrorStateProps) {
  return (
    <Notice
      tone="danger"
      title={title ?? defaultTitle(error)}
      className={className}
      actions={
        onRetry ? (
          <Button size="sm" onClick={onRetry} loading={retrying ?? false}>
            Try again
          </Button>
        ) : undefined
      }
    >
      {errorMessage(error)}
    </Notice>
  );
}
