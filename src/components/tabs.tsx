import { useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { NavLink } from "react-router-dom";
import { cx } from "./cx";

export interface NavTabItem {
  to: string;
  label: ReactNode;
  /** Match the path exactly (for index routes such as the overview). */
  end?: boolean;
  /** Force the current state (e.g. "Balances" on a seat's ledger page). */
  current?: boolean;
}

/**
 * Navigation between pages, styled as tabs: links in a <nav>, the current one with
 * aria-current="page". Scrolls sideways inside itself on a narrow screen.
 */
export function NavTabs({ label, items, className }: { label: string; items: NavTabItem[]; className?: string }) {
  return (
    <nav aria-label={label} className={cx("-mx-1 overflow-x-auto", className)}>
      <ul className="flex min-w-max gap-1 border-b border-[var(--color-border)] px-1">
        {items.map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              end={item.end ?? false}
              aria-current={item.current === undefined ? undefined : item.current ? "page" : false}
              className={({ isActive }) => {
                const current = item.current ?? isActive;
                return cx(
                  "-mb-px inline-flex min-h-10 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap",
                  current
                    ? "border-[var(--color-brand)] text-[var(--color-text)]"
                    : "border-transparent text-[var(--color-muted)] hover:text-[var(--color-text)]",
                );
              }}
            >
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface TabItem<V extends string> {
  value: V;
  label: ReactNode;
  panel: ReactNode;
}

export interface TabsProps<V extends string> {
  /** Accessible name of the tab list. */
  label: string;
  items: Array<TabItem<V>>;
  value: V;
  onChange: (value: V) => void;
  className?: string;
}

/** In-page tabs (ARIA tablist): ←/→/Home/End move between tabs, the selected panel is shown. */
export function Tabs<V extends string>({ label, items, value, onChange, className }: TabsProps<V>) {
  const id = useId();
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const index = Math.max(
    items.findIndex((item) => item.value === value),
    0,
  );
  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const keyTargets: Record<string, number> = {
      ArrowRight: (index + 1) % items.length,
      ArrowLeft: (index - 1 + items.length) % items.length,
      Home: 0,
      End: items.length - 1,
    };
    const next = keyTargets[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const item = items[next];
    if (item) {
      onChange(item.value);
      refs.current[next]?.focus();
    }
  }
  const selected = items[index];
  return (
    <div className={className}>
      <div role="tablist" aria-label={label} className="-mx-1 flex gap-1 overflow-x-auto border-b border-[var(--color-border)] px-1">
        {items.map((item, i) => (
          <button
            key={item.value}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${i}`}
            aria-selected={i === index}
            aria-controls={`${id}-panel`}
            tabIndex={i === index ? 0 : -1}
            onClick={() => onChange(item.value)}
            onKeyDown={onKeyDown}
            className={cx(
              "-mb-px min-h-10 border-b-2 px-3 text-sm font-medium whitespace-nowrap",
              i === index
                ? "border-[var(--color-brand)] text-[var(--color-text)]"
                : "border-transparent text-[var(--color-muted)] hover:text-[var(--color-text)]",
            )}
          >
            {item.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${index}`} tabIndex={0} className="pt-4">
        {selected?.panel}
      </div>
    </div>
  );
}
