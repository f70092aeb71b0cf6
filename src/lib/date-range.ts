/** Date ranges in the URL: ?from=YYYY-MM-DD&to=YYYY-MM-DD, both inclusive UTC calendar dates. */

export interface DateRange {
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD (inclusive) */
  to: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string | null | undefined): value is string {
  if (!value) return false;
  const match = DATE_RE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The UTC calendar date of a time: → "2025-06-01". */
export function toIsoDate(value: Date | string | number): string {
  return new Date(value).toISOString().slice(0, 10);
}

/** YYYY-MM-DD + n days. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDate(date);
}

/**
 * Reads from/to from URL search params; an invalid or missing bound falls back to `fallback`, and
 * a reversed range is swapped. `error` explains what was ignored, for a notice.
 */
export function parseDateRange(search: URLSearchParams, fallback: DateRange): DateRange & { error: string | null } {
  const rawFrom = search.get("from");
  const rawTo = search.get("to");
  const problems: string[] = [];
  let from = fallback.from;
  let to = fallback.to;
  if (rawFrom !== null) {
    if (isIsoDate(rawFrom)) from = rawFrom;
    else problems.push(`"${rawFrom}" is not a date (YYYY-MM-DD)`);
  }
  if (rawTo !== null) {
    if (isIsoDate(rawTo)) to = rawTo;
    else problems.push(`"${rawTo}" is not a date (YYYY-MM-DD)`);
  }
  if (from > to) [from, to] = [to, from];
  return { from, to, error: problems.length ? `Ignored: ${problems.join("; ")}.` : null };
}

/** The range as Metronome bounds: starting_at = from 00:00Z, ending_before = the day after `to`, 00:00Z. */
export function dateRangeBounds(range: DateRange): { startingAt: string; endingBefore: string } {
  return {
    startingAt: `${range.from}T00:00:00.000Z`,
    endingBefore: `${addDays(range.to, 1)}T00:00:00.000Z`,
  };
}
