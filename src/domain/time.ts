/**
 * Time arithmetic for billing: instants are UTC epoch milliseconds. Metronome wants contract edit
 * times on the hour, prorates by whole hours and counts months as calendar months.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses an RFC 3339 timestamp with an explicit offset; null when it is not one. */
export function parseTime(iso: string | null | undefined): number | null {
  if (typeof iso !== "string" || !ISO_SHAPE.test(iso)) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/** Parses a timestamp that is known to be valid (wire data from Metronome); throws otherwise. */
export function requireTime(iso: string, what: string): number {
  const ms = parseTime(iso);
  if (ms === null) throw new Error(`${what} is not a valid timestamp: ${JSON.stringify(iso)}`);
  return ms;
}

/** `YYYY-MM-DDTHH:mm:ss.SSSZ`, the form Metronome emits. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isOnHour(ms: number): boolean {
  return ms % HOUR_MS === 0;
}

export function floorToHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** Whole hours from `from` to `to` (floored; negative spans give negative results). */
export function wholeHoursBetween(from: number, to: number): number {
  return Math.floor((to - from) / HOUR_MS);
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * `ms` moved by `months` calendar months, keeping the time of day; the day of the month is clamped
 * to the target month's length (Jan 31 + 1 month = Feb 28/29). Always computed from the original
 * instant, so stepping an anchor by k months never drifts (Jan 31 + 2 months = Mar 31).
 */
export function addCalendarMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const totalMonths = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month));
  const timeOfDay = ms - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Date.UTC(year, month, day) + timeOfDay;
}

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;

/** "June 16, 2025", or "June 16, 2025 14:00 UTC" when not at midnight. Plain, locale-free words for notes. */
export function formatInstant(ms: number): string {
  const d = new Date(ms);
  const date = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
  if (ms % DAY_MS === 0) return date;
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${date} ${hh}:${mm} UTC`;
}
