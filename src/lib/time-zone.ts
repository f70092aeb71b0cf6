/**
 * Time zones: which one the person reads times in, and wall-clock times in a zone ↔ UTC instants
 * (the seat editor's hour picker). Built on Intl alone, so conversions use the very tz data the
 * browser displays times with; the DST edges are unit-tested (Europe/Berlin 2026-03-29 and
 * 2026-10-25, Asia/Kolkata's half-hour offset).
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Whether `zone` is an IANA time zone this browser knows. */
export function isTimeZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The preferred zone when valid (the session's), else the browser's, else UTC. */
export function resolveTimeZone(preferred: string | null | undefined): string {
  if (isTimeZone(preferred)) return preferred;
  const browser = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isTimeZone(browser) ? browser : "UTC";
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormats.set(zone, format);
  }
  return format;
}

/** The wall clock in `zone` at `instant`, as if it were UTC (epoch ms, whole seconds). */
function wallClockMs(instant: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of partsFormat(zone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
}

/** Minutes `zone` is ahead of UTC at `instant` (Europe/Berlin in summer: 120; Asia/Kolkata: 330). */
export function zoneOffsetMinutes(zone: string, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return Math.round((wallClockMs(whole, zone) - whole) / MINUTE);
}

/** "2026-12-01T10:00" → the same digits as epoch ms read as UTC; null when not a real date and time. */
function parseWallClock(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  if (h > 23 || mi > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(ms);
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? ms : null;
}

/** epoch ms → "YYYY-MM-DDTHH:mm" on the wall clock of `zone` (a datetime-local input's value). */
export function toWallClock(instant: number, zone: string): string {
  return new Date(wallClockMs(instant, zone)).toISOString().slice(0, 16);
}

export type WallClockInstant =
  | { ok: true; instant: number; /** The time occurs twice (clocks go back); `instant` is the earlier. */ ambiguous: boolean }
  | { ok: false; reason: "invalid" | "skipped" };

/**
 * The UTC instant of a wall-clock time ("YYYY-MM-DDTHH:mm") in `zone`. A time the clocks skip
 * (Berlin 2026-03-29 02:30) is "skipped"; a time they pass twice (Berlin 2026-10-25 02:30) is the
 * earlier instant, marked ambiguous.
 */
export function fromWallClock(value: string, zone: string): WallClockInstant {
  const wall = parseWallClock(value);
  if (wall === null) return { ok: false, reason: "invalid" };
  // Each offset the zone has within a day of the time is a candidate; keep those that read back.
  const offsets = new Set([-1, 0, 1].map((days) => zoneOffsetMinutes(zone, wall + days * 24 * HOUR)));
  const matches = [...offsets]
    .map((offset) => wall - offset * MINUTE)
    .filter((instant) => wallClockMs(instant, zone) === wall)
    .sort((a, b) => a - b);
  if (matches.length === 0) return { ok: false, reason: "skipped" };
  return { ok: true, instant: matches[0]!, ambiguous: matches.length > 1 };
}

/**
 * The minute step of a picker whose times must be whole UTC hours in `zone` at `instant`: 60 in
 * whole-hour zones, 30 in Asia/Kolkata (05:00 UTC is 10:30 there), 15 in Asia/Kathmandu.
 */
export function wholeUtcHourStepMinutes(zone: string, instant: number): number {
  const offset = Math.abs(zoneOffsetMinutes(zone, instant)) % 60;
  return offset === 0 ? 60 : offset % 30 === 0 ? 30 : 15;
}
