import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { NavLink, useLocation } from "react-router-dom";
import { cx } from "./cx";

export interface NavTabItem {
  to: string;
  label: ReactNode;
  /** Match the path exactly (for index routes such as the overview). */
  end?: boolean;
  /** Force the current state (e.g. "Balances" on a seat's ledger page). */
  current?: boolean;
}

/** Which ends of a sideways-scrolling box hide more content. */
function useOverflowEdges(ref: RefObject<HTMLElement | null>): { start: boolean; end: boolean } {
  const [edges, setEdges] = useState({ start: false, end: false });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const max = el.scrollWidth - el.clientWidth;
      const next = { start: el.scrollLeft > 1, end: el.scrollLeft < max - 1 };
      setEdges((prev) => (prev.start === next.start && prev.end === next.end ? prev : next));
    };
    update();
    el.addEventListener("scroll", update, { passive: true });
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(update);
    observer?.observe(el);
    if (el.firstElementChild) observer?.observe(el.firstElementChild);
    return () => {
      el.removeEventListener("scroll", update);
      observer?.disconnect();
    };
  }, [ref]);
  return edges;
}

const edgeClass =
  "absolute inset-y-0 z-10 flex w-12 items-center text-lg text-[var(--color-muted)] hover:text-[var(--color-text)] " +
  "motion-safe:transition-opacity";

/**
 * Navigation between pages, styled as tabs: links in a <nav>, the current one with
 * aria-current="page". On a narrow screen the row scrolls sideways inside itself: a faded edge
 * with an arrow shows that more tabs lie that way (the arrow scrolls for pointer users; keyboard
 * and screen-reader users reach every link as usual), and the current tab is kept in view.
 */
export function NavTabs({ label, items, className }: { label: string; items: NavTabItem[]; className?: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const edges = useOverflowEdges(scroller);
  const { pathname } = useLocation();

  useEffect(() => {
    const el = scroller.current;
    const current = el?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!el || !current) return;
    const left = current.offsetLeft - el.offsetLeft;
    const right = left + current.offsetWidth;
    // Room for the faded edge, so the current tab is not half hidden under it.
    const margin = 48;
    if (left < el.scrollLeft + margin) el.scrollLeft = Math.max(0, left - margin);
    else if (right > el.scrollLeft + el.clientWidth - margin) el.scrollLeft = right - el.clientWidth + margin;
  }, [pathname]);

  const scrollBy = (direction: 1 | -1) => {
    const el = scroller.current;
    if (el) el.scrollBy({ left: direction * Math.max(el.clientWidth * 0.6, 120), behavior: "smooth" });
  };

  return (
    <nav aria-label={label} className={cx("relative -mx-1", className)}>
      <div ref={scroller} className="overflow-x-auto [scrollbar-width:thin]">
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
      </div>
      {/* Pointer-only hints: hidden from assistive technology and out of the tab order. */}
      <button
        type="button"
        tabIndex={-1}
        aria-hidden="true"
        onClick={() => scrollBy(-1)}
        className={cx(
          edgeClass,
          "left-0 justify-start bg-linear-to-r from-[var(--color-bg)] from-40% to-transparent pl-1",
          edges.start ? "opacity-100" : "pointer-events-none opacity-0",
        )}
      >
        ‹
      </button>
      <button
        type="button"
        tabIndex={-1}
        aria-hidden="true"
        onClick={() => scrollBy(1)}
        className={cx(
          edgeClass,
          "right-0 justify-end bg-linear-to-l from-[var(--color-bg)] from-40% to-transparent pr-1",
          edges.end ? "opacity-100" : "pointer-events-none opacity-0",
        )}
      >
        ›
      </button>
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
