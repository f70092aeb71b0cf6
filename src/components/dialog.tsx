import { useEffect, useId, useRef, type ReactNode } from "react";
import { cx } from "./cx";
import { useT } from "../lib/i18n";
import { componentsMessages } from "../locales/en/components";

export interface DialogProps {
  open: boolean;
  /** Called on Escape, the close button or a click on the backdrop (unless `dismissable` is false). */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons at the bottom (e.g. Cancel / Confirm). */
  footer?: ReactNode;
  /** False while a request is pending: Escape and the backdrop do nothing. */
  dismissable?: boolean;
  size?: "sm" | "md" | "lg";
  /** Element to focus first (default: the first focusable inside). */
  initialFocusRef?: React.RefObject<HTMLElement | null>;
}

const widths = { sm: "max-w-sm", md: "max-w-lg", lg: "max-w-3xl" };

/**
 * A modal dialog on the native <dialog> element: showModal() makes the page behind it inert (focus
 * stays inside), Escape closes, focus returns to the opener on close (or to the page's main region
 * when the opener is gone; a result notice may then take it, see Notice `focusOnMount`). Labelled by its title.
 */
export function Dialog({ open, onClose, title, description, children, footer, dismissable = true, size = "md", initialFocusRef }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const t = useT(componentsMessages);
  const id = useId();
  const openerRef = useRef<Element | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      openerRef.current = document.activeElement;
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
      initialFocusRef?.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      const opener = openerRef.current;
      // The opener may be gone (the row it archived, the form the change reset): then the page's
      // main region, so focus never falls to the document body.
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      else document.querySelector<HTMLElement>("main[tabindex]")?.focus();
    }
  }, [open, initialFocusRef]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-desc` : undefined}
      onCancel={(event) => {
        event.preventDefault();
        if (dismissable) onClose();
      }}
      onClick={(event) => {
        if (event.target === ref.current && dismissable) onClose();
      }}
      className={cx(
        "m-auto w-[calc(100%-1.5rem)] rounded-lg border border-[var(--color-border)] bg-[var(--color-surface)] p-0 text-[var(--color-text)] shadow-xl backdrop:bg-black/50",
        widths[size],
      )}
    >
      {open ? (
        <div className="flex max-h-[85vh] flex-col">
          <div className="flex items-start justify-between gap-3 border-b border-[var(--color-border)] px-5 py-4">
            <div className="min-w-0">
              <h2 id={`${id}-title`} className="text-lg font-semibold">
                {title}
              </h2>
              {description ? (
                <p id={`${id}-desc`} className="mt-1 text-sm text-[var(--color-muted)]">
                  {description}
                </p>
              ) : null}
            </div>
            <button
              type="button"
              onClick={onClose}
              disabled={!dismissable}
              aria-label={t("components.close")}
              className="-mt-1 -mr-2 flex h-9 w-9 shrink-0 items-center justify-center rounded-md text-xl leading-none hover:bg-[var(--color-surface-2)] disabled:opacity-50"
            >
              <span aria-hidden="true">×</span>
            </button>
          </div>
          <div className="min-h-0 overflow-y-auto px-5 py-4">{children}</div>
          {footer ? (
            <div className="flex flex-wrap justify-end gap-2 border-t border-[var(--color-border)] px-5 py-3">{footer}</div>
          ) : null}
        </div>
      ) : null}
    </dialog>
  );
}
