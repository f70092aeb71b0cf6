/**
 * Parsing what people type into the seat editor: seat counts (totals, changes, unassigned seats)
 * and lists of seat IDs (typed, pasted or from a CSV file). Every problem becomes one plain
 * sentence; nothing here sends anything.
 */
import { formatNumber } from "../../../lib/format";

/** More seats than any subscription could have: a typo, not a request. */
export const MAX_SEAT_INPUT = 1_000_000;
/** Longest seat ID accepted (seat IDs are caller strings: emails, user ids). */
export const MAX_SEAT_ID_LENGTH = 256;
/** Most seat IDs in one list (integrators cap each seat_ids array at 1,000). */
export const MAX_SEAT_IDS_PER_CHANGE = 1000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export type CountKind = "total" | "change" | "unassigned";

/**
 * A seat count typed by a person. "total": a new total (≥ 0); "change": a signed change (+5, -3,
 * never 0); "unassigned": a number of seats (≥ 1).
 */
export function parseSeatCount(raw: string, kind: CountKind): Parsed<number> {
  const text = raw.trim().replace(/^\u2212/, "-");
  if (text === "") {
    return { ok: false, error: kind === "change" ? "Enter how many seats to add (e.g. +5) or remove (e.g. -3)" : "Enter a number of seats" };
  }
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) {
    return { ok: false, error: `“${raw.trim().slice(0, 20)}” is not a number of seats; use digits only, e.g. ${kind === "change" ? "+5" : "12"}` };
  }
  if (text.includes(".")) return { ok: false, error: "Seats come in whole numbers: remove the decimals" };
  const value = Number(text);
  if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_SEAT_INPUT) {
    return { ok: false, error: `That is more than ${formatNumber(MAX_SEAT_INPUT)} seats; check the number` };
  }
  if (kind === "total" && value < 0) return { ok: false, error: "A total can't be negative; enter 0 or more" };
  if (kind === "change" && value === 0) return { ok: false, error: "A change of 0 seats does nothing; enter +1 or more, or -1 or less" };
  if (kind === "unassigned" && value < 1) return { ok: false, error: "Enter 1 or more seats" };
  return { ok: true, value };
}

export interface SeatIdProblem {
  /** 1-based position in the list (line or entry). */
  position: number;
  id: string;
  message: string;
}

export interface SeatIdList {
  /** Valid, unique IDs in the order given. */
  ids: string[];
  problems: SeatIdProblem[];
}

/** Short form of an ID for messages (very long IDs are cut). */
export function shortId(id: string): string {
  return id.length > 40 ? `${id.slice(0, 37)}…` : id;
}

/** Checks one seat ID; null when it is acceptable. */
export function seatIdProblem(id: string): string | null {
  if (id.trim() === "") return "is blank (only spaces)";
  if (id.length > MAX_SEAT_ID_LENGTH) return `is ${formatNumber(id.length)} characters long; the limit is ${MAX_SEAT_ID_LENGTH}`;
  if ([...id].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127)) return "contains control characters";
  return null;
}

/** Separators of a typed list of seat IDs (outside double quotes). */
const LIST_SEPARATOR = /[\r\n,;\t]/;

/**
 * Seat IDs typed or pasted: one per line, or separated by commas, semicolons or tabs; an ID that
 * contains one of those is written in double quotes ("doe, jane"; "" for a quote inside).
 * Surrounding spaces are trimmed; empty lines are skipped; an entry of spaces only, a duplicate or
 * an over-long ID is a problem.
 */
export function parseSeatIdList(text: string): SeatIdList {
  const ids: string[] = [];
  const problems: SeatIdProblem[] = [];
  const seen = new Set<string>();
  const entries = splitQuoted(text, LIST_SEPARATOR);
  let position = 0;
  for (const entry of entries) {
    if (entry === "") continue;
    position += 1;
    const id = entry.trim();
    const problem = seatIdProblem(entry.trim() === "" ? entry : id);
    if (problem) {
      problems.push({ position, id, message: `Entry ${position} ${problem}` });
    } else if (seen.has(id)) {
      problems.push({ position, id, message: `${shortId(id)} is listed twice` });
    } else {
      seen.add(id);
      ids.push(id);
    }
  }
  if (ids.length > MAX_SEAT_IDS_PER_CHANGE) {
    problems.push({
      position: 0,
      id: "",
      message: `${formatNumber(ids.length)} seat IDs at once is too many; change at most ${formatNumber(MAX_SEAT_IDS_PER_CHANGE)} in one go`,
    });
  }
  return { ids, problems };
}

/** Seat IDs as a list parseSeatIdList reads back unchanged: one per line, quoted where needed. */
export function formatSeatIdList(ids: readonly string[]): string {
  return ids.map((id) => (/[\r\n,;\t"]/.test(id) ? `"${id.replaceAll('"', '""')}"` : id)).join("\n");
}

// ---------------------------------------------------------------------------------------------
// CSV files

/** Largest CSV accepted (10,000 long rows fit easily). */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** Decodes a file's bytes as UTF-8 (a BOM is dropped); invalid UTF-8 is refused, not guessed at. */
export function decodeCsvBytes(bytes: Uint8Array): Parsed<string> {
  if (bytes.byteLength > MAX_CSV_BYTES) {
    return { ok: false, error: `This file is ${formatNumber(bytes.byteLength / 1024 / 1024, { maximumFractionDigits: 1 })} MB; the limit is 5 MB` };
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { ok: true, value: text.replace(/^\uFEFF/, "") };
  } catch {
    return {
      ok: false,
      error: "This file is not valid UTF-8 text, so its seat IDs can't be read reliably. Save it as “CSV UTF-8” and choose it again",
    };
  }
}

/** Splits one CSV line into cells (RFC 4180 quotes: "a,b" and "" inside quotes). */
export function csvCells(line: string): string[] {
  return splitQuoted(line, /,/);
}

/** Splits text at each character matching `separator` outside double quotes ("a,b"; "" inside quotes is a quote). */
function splitQuoted(line: string, separator: RegExp): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (separator.test(ch)) {
      cells.push(cell);
      cell = "";
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

const HEADER = /^\s*(seat[ _-]?ids?|ids?|emails?|e-mail|users?|user[ _-]?ids?)\s*$/i;

export interface CsvRow {
  /** Line number in the file (1-based). */
  line: number;
  id: string;
  /** null: valid. */
  problem: string | null;
}

export interface CsvImport {
  rows: CsvRow[];
  valid: string[];
  invalidCount: number;
  /** Whether a header row was recognised and skipped. */
  header: boolean;
  /** A problem with the file as a whole (too many IDs, no IDs). */
  fileProblem: string | null;
}

/**
 * The seat IDs of a CSV file: the first column of each line (a header such as "seat_id" or
 * "email" is skipped; blank lines too). Each row is valid or says why not: blank, too long,
 * listed twice, or (for additions) already holding a seat.
 */
export function parseSeatCsv(text: string, options: { assigned?: ReadonlySet<string>; purpose: "add" | "remove" }): CsvImport {
  const lines = text.split(/\r\n|\n|\r/);
  const rows: CsvRow[] = [];
  const valid: string[] = [];
  const seen = new Set<string>();
  let header = false;
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const first = csvCells(line)[0] ?? "";
    if (rows.length === 0 && !header && HEADER.test(first)) {
      header = true;
      return;
    }
    const id = first.trim();
    let problem = seatIdProblem(first.trim() === "" ? first || " " : id);
    if (!problem && seen.has(id)) problem = "listed twice in this file";
    if (!problem && options.purpose === "add" && options.assigned?.has(id)) problem = "already has a seat";
    if (!problem && options.purpose === "remove" && options.assigned && !options.assigned.has(id)) problem = "has no seat, so there is nothing to remove";
    if (!problem) {
      seen.add(id);
      valid.push(id);
    }
    rows.push({ line: index + 1, id, problem: problem ? problem.replace(/^is /, "") : null });
  });
  let fileProblem: string | null = null;
  if (rows.length === 0) fileProblem = "This file has no seat IDs: put one ID per line, in the first column";
  else if (valid.length > MAX_SEAT_IDS_PER_CHANGE) {
    fileProblem = `This file has ${formatNumber(valid.length)} valid seat IDs; import at most ${formatNumber(MAX_SEAT_IDS_PER_CHANGE)} at a time`;
  } else if (valid.length === 0) fileProblem = "None of the rows in this file can be used";
  return { rows, valid, invalidCount: rows.length - valid.length, header, fileProblem };
}
