import type { ReactNode } from "react";
import { cx } from "./cx";

export interface CardProps {
  /** Card heading (rendered as `headingLevel`, default h2). */
  title?: ReactNode;
  headingLevel?: 2 | 3 | 4;
  description?: ReactNode;
  /** Buttons or links on the heading's right. */
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** Element id for the heading (for aria-labelledby). */
  titleId?: string;
}

export function Card({ title, headingLevel = 2, description, actions, children, className, titleId }: CardProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <section
      className={cx("min-w-0 rounded-lg border border-[var(--color-border)] bg-[var(--color-surface)] p-4 sm:p-5", className)}
      {...(title && titleId ? { "aria-labelledby": titleId } : {})}
    >
      {title || actions ? (
        <div className="mb-3 flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            {title ? (
              <Heading id={titleId} className="text-base font-semibold">
                {title}
              </Heading>
            ) : null}
            {description ? <p className="mt-0.5 text-sm text-[var(--color-muted)]">{description}</p> : null}
          </div>
          {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}
