import { useEffect, useRef, type ReactNode } from "react";
import { cx } from "./cx";
import type { Tone } from "./badge";

export interface NoticeProps {
  tone?: Exclude<Tone, "neutral" | "brand"> | "info";
  title?: ReactNode;
  children?: ReactNode;
  /** Buttons shown under the text (e.g. retry). */
  actions?: ReactNode;
  className?: string;
  /**
   * "alert" interrupts screen readers (errors that just happened); "status" is polite (default for
   * info/success/warning); "none" for notices present from the start that need no announcement.
   */
  live?: "alert" | "status" | "none";
  /**
   * Takes focus when it appears (the result of a confirmation, so focus does not fall to the page
   * when the control that led here goes away). Give it a `key` per result to move focus each time.
   */
  focusOnMount?: boolean;
}

const tones = {
  info: "border-[var(--color-brand)]",
  success: "border-[var(--color-success)]",
  warning: "border-[var(--color-warning)]",
  danger: "border-[var(--color-danger)]",
};
const titleTones = {
  info: "text-[var(--color-text)]",
  success: "text-[var(--color-success)]",
  warning: "text-[var(--color-warning)]",
  danger: "text-[var(--color-danger)]",
};

/** An inline message box with a live-region role. */
export function Notice({ tone = "info", title, children, actions, className, live, focusOnMount = false }: NoticeProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focusOnMount) return;
    // After this commit's effects: a dialog closing in the same commit restores its opener's focus first.
    const timer = setTimeout(() => box.current?.focus());
    return () => clearTimeout(timer);
  }, [focusOnMount]);
  const role = (live ?? (tone === "danger" ? "alert" : "status")) === "none" ? undefined : (live ?? (tone === "danger" ? "alert" : "status"));
  return (
    <div
      ref={box}
      role={role}
      tabIndex={focusOnMount ? -1 : undefined}
      className={cx("rounded-md border-l-4 bg-[var(--color-surface-2)] px-4 py-3 text-sm", tones[tone], className)}
    >
      {title ? <p className={cx("font-semibold", titleTones[tone])}>{title}</p> : null}
      {children ? <div className={cx(title ? "mt-1" : undefined, "text-[var(--color-text)]")}>{children}</div> : null}
      {actions ? <div className="mt-2 flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}
