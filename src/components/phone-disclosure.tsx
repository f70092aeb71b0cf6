import { useId, useState, type ReactNode } from "react";
import { cx } from "./cx";

/**
 * Content that is always shown from the `sm` breakpoint up, and on a phone folds behind a button
 * (aria-expanded, 44 px high) so the page's own content starts on the first screen. Collapsed
 * content is `display: none` on a phone: out of the tab order and the accessibility tree.
 */
export function PhoneDisclosure({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className={className}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="flex min-h-11 w-full items-center justify-between gap-2 rounded-md border border-[var(--color-border)] bg-[var(--color-surface)] px-3 text-left text-sm font-medium sm:hidden"
      >
        <span>{label}</span>
        <svg aria-hidden="true" width="12" height="12" viewBox="0 0 12 12" className={cx("shrink-0 motion-safe:transition-transform", open && "rotate-180")}>
          <path d="M2 4l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </button>
      <div id={id} className={open ? "mt-2 sm:mt-0" : "hidden sm:block"}>
        {children}
      </div>
    </div>
  );
}
