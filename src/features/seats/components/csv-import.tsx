import { useId, useState, type ChangeEvent } from "react";
import { Button } from "../../../components/button";
import { DataTable } from "../../../components/data-table";
import { Notice } from "../../../components/notice";
import { formatNumber } from "../../../lib/format";
import { decodeCsvBytes, parseSeatCsv, type CsvImport, type CsvRow } from "../utils/seat-input";
import { useT } from "../../../lib/i18n";
import { seatsMessages } from "../../../locales/en/seats";

const SHOWN_ROWS = 100;

export interface CsvImportProps {
  purpose: "add" | "remove";
  assigned: ReadonlySet<string>;
  /** Called with the valid IDs when the person chooses to use them. */
  onUse: (ids: string[]) => void;
}

/** Reads seat IDs from a CSV file and shows which rows are usable before anything is sent. */
export function CsvImportField({ purpose, assigned, onUse }: CsvImportProps) {
  const t = useT(seatsMessages);
  const id = useId();
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<CsvImport | null>(null);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setResult(null);
    setError(null);
    setFileName(file?.name ?? null);
    if (!file) return;
    const decoded = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
    if (!decoded.ok) {
      setError(decoded.error);
      return;
    }
    setResult(parseSeatCsv(decoded.value, { assigned, purpose }));
  }

  const rows: CsvRow[] = result ? [...result.rows.filter((r) => r.problem !== null), ...result.rows.filter((r) => r.problem === null)].slice(0, SHOWN_ROWS) : [];
  const messageId = `${id}-msg`;
  return (
    <div className="space-y-2">
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-sm font-medium">
          {t("seats.csv.label")}
        </label>
        <input
          id={id}
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => void onFile(e)}
          aria-describedby={`${id}-hint${error || result ? ` ${messageId}` : ""}`}
          aria-invalid={error ? true : undefined}
          className="text-sm file:mr-3 file:rounded-md file:border file:border-[var(--color-border)] file:bg-[var(--color-surface)] file:px-3 file:py-1.5 file:text-[var(--color-text)]"
        />
        <p id={`${id}-hint`} className="text-xs text-[var(--color-muted)]">
          {t("seats.csv.hint")}
        </p>
      </div>
      <div id={messageId}>
        {error ? <p className="text-sm text-[var(--color-danger)]">{error}</p> : null}
        {result ? (
          <div className="space-y-2 rounded-md border border-[var(--color-border)] p-3">
            <p role="status" className="text-sm">
              {fileName ? `${fileName}: ` : ""}
              {t("seats.csv.result", { valid: result.valid.length, invalid: result.invalidCount, header: result.header ? "yes" : "no" })}
            </p>
            {result.fileProblem ? <p className="text-sm text-[var(--color-danger)]">{result.fileProblem}</p> : null}
            <DataTable
              caption={
                result.rows.length > SHOWN_ROWS
                  ? t("seats.csv.captionFirst", { file: fileName ?? t("seats.csv.theFile"), shown: formatNumber(SHOWN_ROWS), total: formatNumber(result.rows.length) })
                  : t("seats.csv.caption", { file: fileName ?? t("seats.csv.theFile") })
              }
              rows={rows}
              rowKey={(r) => String(r.line)}
              narrow="scroll"
              className="max-h-64 overflow-y-auto"
              columns={[
                { id: "line", header: t("seats.csv.line"), cell: (r) => formatNumber(r.line), align: "right" },
                { id: "id", header: t("seats.csv.seatId"), cell: (r) => <span className="break-all">{r.id === "" ? t("seats.csv.blank") : r.id}</span> },
                {
                  id: "status",
                  header: t("seats.csv.status"),
                  cell: (r) =>
                    r.problem === null ? (
                      <span className="text-[var(--color-success)]">{t("seats.csv.valid")}</span>
                    ) : (
                      <span className="text-[var(--color-danger)]">{t("seats.csv.invalid", { problem: r.problem })}</span>
                    ),
                },
              ]}
            />
            {result.fileProblem === null ? (
              <Button size="sm" onClick={() => onUse(result.valid)}>
                {t("seats.csv.use", { purpose, count: result.valid.length })}
              </Button>
            ) : (
              <Notice tone="warning" live="none">
                {t("seats.csv.nothing")}
              </Notice>
            )}
          </div>
        ) : null}
      </div>
    </div>
  );
}
