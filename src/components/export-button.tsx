import { downloadCsv, toCsv, type CsvColumn } from "../lib/csv";
import { Button } from "./button";

export interface ExportButtonProps<T> {
  /** What is exported, for the button's accessible name: "seat balances". */
  what: string;
  fileName: string;
  columns: ReadonlyArray<CsvColumn<T>>;
  rows: readonly T[];
  disabled?: boolean;
}

/** "Export CSV": downloads exactly the rows given (as filtered and sorted on screen). */
export function ExportButton<T>({ what, fileName, columns, rows, disabled }: ExportButtonProps<T>) {
  return (
    <Button size="sm" disabled={disabled || rows.length === 0} onClick={() => downloadCsv(fileName, toCsv(columns, rows))}>
      Export CSV<span className="sr-only"> of the {what}</span>
    </Button>
  );
}
