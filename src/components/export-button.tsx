import { downloadCsv, toCsv, type CsvColumn } from "../lib/csv";
import { Button } from "./button";
import { useT } from "../lib/i18n";
import { componentsMessages } from "../locales/en/components";

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
  const t = useT(componentsMessages);
  return (
    <Button size="sm" disabled={disabled || rows.length === 0} onClick={() => downloadCsv(fileName, toCsv(columns, rows))}>
      {t("components.export")}<span className="sr-only">{t("components.exportOf", { what })}</span>
    </Button>
  );
}
