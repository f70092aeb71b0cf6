import type { ReactNode } from "react";
import { cx } from "./cx";

export interface Column<T> {
  /** Stable id of the column. */
  id: string;
  header: ReactNode;
  /** The cell's content. */
  cell: (row: T) => ReactNode;
  align?: "left" | "right";
  /** The label shown before the value when rows stack on a phone (defaults to header when it is a string). */
  stackLabel?: string;
  /** Sort state for aria-sort on the header (render your own sort button in `header`). */
  sort?: "ascending" | "descending" | "none";
}

export interface DataTableProps<T> {
  /** The table's caption (visible or sr-only via captionHidden). */
  caption: ReactNode;
  captionHidden?: boolean;
  columns: Array<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** "stack": below 640 px each row becomes a card of label/value pairs; "scroll": the table scrolls inside its own box. */
  narrow?: "stack" | "scroll";
  empty?: ReactNode;
  className?: string;
}

/** A real <table> that never makes the page scroll sideways on a phone. */
export function DataTable<T>({ caption, captionHidden, columns, rows, rowKey, narrow = "stack", empty, className }: DataTableProps<T>) {
  const stack = narrow === "stack";
  return (
    <div className={cx("min-w-0", stack ? undefined : "overflow-x-auto", className)}>
      <table className={cx("w-full border-collapse text-sm", stack && "stack-table")}>
        <caption className={cx("mb-2 text-left text-sm font-medium", captionHidden && "sr-only")}>{caption}</caption>
        <thead className={stack ? "max-sm:sr-only" : undefined}>
          <tr className="border-b border-[var(--color-border)]">
            {columns.map((c) => (
              <th
                key={c.id}
                scope="col"
                aria-sort={c.sort}
                className={cx("px-3 py-2 font-medium text-[var(--color-muted)]", c.align === "right" ? "text-right" : "text-left")}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center text-[var(--color-muted)]">
                {empty}
              </td>
            </tr>
          ) : null}
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              className={cx(
                "border-b border-[var(--color-border)] last:border-b-0",
                stack && "max-sm:block max-sm:rounded-md max-sm:border max-sm:mb-2 max-sm:py-1",
              )}
            >
              {columns.map((c) => (
                <td
                  key={c.id}
                  data-label={c.stackLabel ?? (typeof c.header === "string" ? c.header : undefined)}
                  className={cx(
                    "px-3 py-2 align-top",
                    c.align === "right" ? "text-right tabular-nums" : "text-left",
                    stack && "max-sm:flex max-sm:justify-between max-sm:gap-3 max-sm:py-1 max-sm:text-right",
                  )}
                >
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
