import { useId, type ReactNode } from "react";

/** Inline messages under a field: errors (block sending) and warnings (go through, but say so). */
export function FieldMessageList({ id, errors, warnings }: { id: string; errors?: string[] | undefined; warnings?: string[] | undefined }) {
  if (!errors?.length && !warnings?.length) return null;
  return (
    <div id={id} className="space-y-0.5 text-sm">
      {(errors ?? []).map((m) => (
        <p key={`e-${m}`} className="text-[var(--color-danger)]">
          {m}
        </p>
      ))}
      {(warnings ?? []).map((m) => (
        <p key={`w-${m}`} className="text-[var(--color-warning)]">
          {m}
        </p>
      ))}
    </div>
  );
}

/** aria-describedby value for a control whose messages sit in element `id`. */
export function describedBy(hasMessages: boolean, id: string, ...others: Array<string | undefined>): string | undefined {
  const ids = [...others.filter(Boolean), hasMessages ? id : undefined].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

export interface MessagesFieldProps {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[] | undefined;
  warnings?: string[] | undefined;
  /** Renders the control with the ids it must carry. */
  children: (a11y: { id: string; "aria-describedby": string | undefined; "aria-invalid": true | undefined }) => ReactNode;
  className?: string;
}

/** A labelled control whose hint and every message are tied to it by aria-describedby. */
export function MessagesField({ label, hint, errors, warnings, children, className }: MessagesFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const messagesId = `${id}-msg`;
  const hasMessages = Boolean(errors?.length || warnings?.length);
  return (
    <div className={className ?? "flex min-w-0 flex-col gap-1"}>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children({ id, "aria-describedby": describedBy(hasMessages, messagesId, hintId), "aria-invalid": errors?.length ? true : undefined })}
      {hint ? (
        <p id={hintId} className="text-xs text-[var(--color-muted)]">
          {hint}
        </p>
      ) : null}
      <FieldMessageList id={messagesId} errors={errors} warnings={warnings} />
    </div>
  );
}
