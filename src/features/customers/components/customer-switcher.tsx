import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import type { CustomerSummary } from "../../../contract/bff";
import { errorMessage } from "../../../lib/api-errors";
import { formatNumber } from "../../../lib/format";
import { customerSearchQuery } from "../api/customer-queries";
import { useT } from "../../../lib/i18n";
import { customersMessages } from "../../../locales/en/customers";

export interface CustomerSwitcherProps {
  /** The customer shown now (its name is the input's placeholder). */
  currentName: string | undefined;
  currentId: string | undefined;
  onSelect: (customer: CustomerSummary) => void;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * An account manager's customer search: an ARIA 1.2 combobox (input + listbox) over
 * /api/customers. Type to search by name or id; ↑/↓ move, Enter switches, Escape closes.
 */
export function CustomerSwitcher({ currentName, currentId, onSelect }: CustomerSwitcherProps) {
  const id = useId();
  const listId = `${id}-list`;
  const inputRef = useRef<HTMLInputElement>(null);
  const t = useT(customersMessages);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = useDebounced(text, 200);
  const search = useQuery({ ...customerSearchQuery(query), enabled: open });
  // Only offer results for what is typed now: while a newer search is on its way (the previous
  // answer is kept as placeholder data), Enter must not pick from the older list.
  const stale = query !== text || search.isPlaceholderData;
  const results = stale ? [] : (search.data?.data ?? []);
  const activeIndex = Math.min(active, Math.max(results.length - 1, 0));
  const activeOption = open && results.length > 0 ? `${id}-opt-${activeIndex}` : undefined;

  function choose(customer: CustomerSummary) {
    setOpen(false);
    setText("");
    inputRef.current?.blur();
    onSelect(customer);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive(Math.min(activeIndex + 1, results.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(Math.max(activeIndex - 1, 0));
    } else if (event.key === "Home" && open) {
      setActive(0);
    } else if (event.key === "End" && open) {
      setActive(Math.max(results.length - 1, 0));
    } else if (event.key === "Enter") {
      const chosen = open ? results[activeIndex] : undefined;
      if (chosen) {
        event.preventDefault();
        choose(chosen);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        setOpen(false);
      } else setText("");
    }
  }

  const status = !open
    ? ""
    : search.isError
      ? errorMessage(search.error)
      : search.isPending || stale
        ? t("customers.searching")
        : search.data
          ? search.data.total === 0
            ? t("customers.none")
            : search.data.total > results.length
              ? t("customers.matchesSome", { count: search.data.total, shown: formatNumber(results.length) })
              : t("customers.matches", { count: search.data.total })
          : "";

  return (
    <div className="relative w-full sm:w-72">
      <label htmlFor={id} className="sr-only">
        {t("customers.switch")}
      </label>
      <input
        ref={inputRef}
        id={id}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        spellCheck={false}
        placeholder={currentName ? t("customers.placeholderCurrent", { name: currentName }) : t("customers.placeholder")}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        className="min-h-10 w-full rounded-md border border-[var(--color-border)] bg-[var(--color-surface)] px-3 text-sm text-[var(--color-text)] placeholder:text-[var(--color-muted)]"
      />
      <span id={`${id}-hint`} className="sr-only">
        {t("customers.hint")}
      </span>
      <ul
        id={listId}
        role="listbox"
        aria-label={t("customers.list")}
        hidden={!open || results.length === 0}
        className="absolute right-0 left-0 z-30 mt-1 max-h-80 overflow-y-auto rounded-md border border-[var(--color-border)] bg-[var(--color-surface)] py-1 shadow-lg"
      >
        {results.map((customer, index) => (
          <li
            key={customer.id}
            id={`${id}-opt-${index}`}
            role="option"
            aria-selected={index === activeIndex}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(customer)}
            onMouseMove={() => setActive(index)}
            className={
              "cursor-pointer px-3 py-2 text-sm " +
              (index === activeIndex ? "bg-[var(--color-surface-2)] " : "") +
              (customer.id === currentId ? "font-semibold" : "")
            }
          >
            <span className="block truncate">{customer.name}</span>
            {customer.external_id ? (
              <span className="block truncate text-xs text-[var(--color-muted)]">{customer.external_id}</span>
            ) : null}
          </li>
        ))}
      </ul>
      <p role="status" className="sr-only">
        {status}
      </p>
      {open && results.length === 0 && status ? (
        <div className="absolute right-0 left-0 z-30 mt-1 rounded-md border border-[var(--color-border)] bg-[var(--color-surface)] px-3 py-2 text-sm text-[var(--color-muted)] shadow-lg">
          {status}
        </div>
      ) : null}
    </div>
  );
}
