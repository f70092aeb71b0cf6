/**
 * CSV export: a pure serializer (RFC 4180 quoting, protection against spreadsheet formula
 * injection) and a browser download through a Blob.
 */

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvCell;
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell as CSV text. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
 * is prefixed with a single quote; numbers stay numbers (a negative amount is not a formula).
 * Cells with a comma, quote or line break are quoted, inner quotes doubled.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV (header line first, CRLF line ends as RFC 4180 says). */
export function toCsv<T>(columns: ReadonlyArray<CsvColumn<T>>, rows: readonly T[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** A file name safe on every system: "seat balances 2026-11-24" → "seat-balances-2026-11-24.csv". */
export function csvFileName(...parts: Array<string | null | undefined>): string {
  const base = parts
    .filter((p): p is string => Boolean(p))
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9.@_-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return `${base || "export"}.csv`;
}

/** Saves `csv` as a file (UTF-8 with a BOM so spreadsheet programs read accents correctly). */
export function downloadCsv(fileName: string, csv: string): void {
  const blob = new Blob(["\ufeff", csv], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
