import { cx } from "./cx";
import { useT } from "../lib/i18n";
import { componentsMessages } from "../locales/en/components";

export interface SpinnerProps {
  size?: "sm" | "md" | "lg";
  /** Text announced to screen readers (default "Loading…"); null when the spinner sits inside a labelled control. */
  label?: string | null;
  className?: string;
}

const sizes = { sm: "h-4 w-4 border-2", md: "h-6 w-6 border-2", lg: "h-10 w-10 border-4" };

export function Spinner({ size = "md", label: given, className }: SpinnerProps) {
  const t = useT(componentsMessages);
  const label = given === undefined ? t("components.loading") : given;
  return (
    <span role={label ? "status" : undefined} className={cx("inline-flex items-center gap-2", className)}>
      <span
        aria-hidden="true"
        className={cx(
          "inline-block animate-spin rounded-full border-[var(--color-border)] border-t-[var(--color-brand)] motion-reduce:animate-none",
          sizes[size],
        )}
      />
      {label ? <span className="sr-only">{label}</span> : null}
    </span>
  );
}

/** A grey placeholder block while content loads. */
export function Skeleton({ className, label }: { className?: string; label?: string }) {
  return (
    <div
      className={cx("animate-pulse rounded-md bg-[var(--color-surface-2)] motion-reduce:animate-none", className ?? "h-4 w-full")}
      {...(label ? { role: "status", "aria-label": label } : { "aria-hidden": true })}
    />
  );
}

/** A centred spinner for a whole page or panel. */
export function PageSpinner({ label }: { label?: string }) {
  return (
    <div className="flex min-h-40 items-center justify-center p-6">
      <Spinner size="lg" label={label} />
    </div>
  );
}
