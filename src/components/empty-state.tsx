import type { ReactNode } from "react";

export interface EmptyStateProps {
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}

/** What a list or panel shows when there is nothing in it. */
export function EmptyState({ title, children, actions }: EmptyStateProps) {
  return (
    <div className="rounded-lg border border-dashed border-[var(--color-border)] px-4 py-8 text-center">
      <p className="font-medium">{title}</p>
      {children ? <div className="mt-1 text-sm text-[var(--color-muted)]">{children}</div> : null}
      {actions ? <div className="mt-3 flex flex-wrap justify-center gap-2">{actions}</div> : null}
    </div>
  );
}
