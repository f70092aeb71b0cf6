import type { ReactNode } from "react";
import { cx } from "./cx";

export type Tone = "neutral" | "brand" | "success" | "warning" | "danger";

const tones: Record<Tone, string> = {
  neutral: "border-[var(--color-border)] text-[var(--color-muted)]",
  brand: "border-[var(--color-brand)] text-[var(--color-brand)]",
  success: "border-[var(--color-success)] text-[var(--color-success)]",
  warning: "border-[var(--color-warning)] text-[var(--color-warning)]",
  danger: "border-[var(--color-danger)] text-[var(--color-danger)]",
};

export function Badge({ tone = "neutral", children, className }: { tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <span
      className={cx(
        "inline-flex items-center rounded-full border bg-[var(--color-surface)] px-2 py-0.5 text-xs font-medium whitespace-nowrap",
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
