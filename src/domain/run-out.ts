/**
 * Run-out forecast (pure): at the recent burn rate, when does a balance (one seat's, or the
 * contract's pool) reach zero?
 *
 * Metronome books usage as invoice deductions dated at the end of the usage invoice's service
 * period, so the pending deduction of the current period is future-dated and already counted in
 * the balance. The burn rate is therefore: what the grants active now have consumed so far
 * (pending deductions included), divided by the time since the earliest of them started.
 *
 * The rate is measured up to `asOf`, the instant the balance describes (readingInstant): the hour
 * the balances were read at, never the ticking wall clock, so the same data always gives the same
 * forecast; reading them later at a new hour moves both the usage and the instant together.
 */

import { floorToHour } from "./time";
import { isConsumption, type BalanceAt, type LedgerMovement } from "./balance-at";

const DAY_MS = 24 * 3600_000;
/** Under this much history the rate says nothing useful. */
const MIN_WINDOW_MS = 3600_000;

/** One commit or credit (or one seat's slice of it): when it is usable and its ledger. */
export interface ForecastGrant {
  /** epoch ms */
  start: number;
  /** epoch ms; null when it does not expire */
  end: number | null;
  entries: readonly LedgerMovement[];
}

export type ForecastStatus =
  /** At this rate the balance reaches zero before the grants end. */
  | "runs_out"
  /** The grants end (expire or renew) before the balance would reach zero. */
  | "lasts"
  /** Nothing consumed recently: no run-out in sight. */
  | "no_usage"
  /** The balance is already zero (or below). */
  | "empty"
  /** No grant is active now. */
  | "no_balance";

export interface Forecast {
  status: ForecastStatus;
  /** Consumption per day at the recent rate. */
  ratePerDay: number;
  /** When the balance reaches zero at that rate (epoch ms), for "runs_out", "lasts" and "empty". */
  runOutAt: number | null;
  /** When the active grants end (epoch ms); null when one never ends or none is active. */
  endsAt: number | null;
  /** Start of the window the rate was measured over (epoch ms). */
  since: number | null;
}

/**
 * The forecast for `balance` (the remaining amount now, as Metronome reports it) drawn down by
 * the consumption of the grants active at `now`.
 */
export function forecastRunOut(grants: readonly ForecastGrant[], balance: number, now: number): Forecast {
  const active = grants.filter((g) => g.start <= now && (g.end === null || g.end > now));
  if (active.length === 0) return { status: "no_balance", ratePerDay: 0, runOutAt: null, endsAt: null, since: null };
  const since = Math.min(...active.map((g) => g.start));
  const endsAt = active.some((g) => g.end === null) ? null : Math.max(...active.map((g) => g.end as number));
  let used = 0;
  for (const grant of active) {
    for (const entry of grant.entries) {
      if (isConsumption(entry) && Date.parse(entry.timestamp) > grant.start) used -= Number(entry.amount);
    }
  }
  return forecastFromUsage({ used, balance, since, endsAt, now });
}

/**
 * The same forecast from totals: `used` consumed since `since` (e.g. a seat's starting_balance
 * minus its balance, with `since` the start of its active credits), `balance` left, grants
 * ending at `endsAt` (null: never).
 */
export function forecastFromUsage(input: { used: number; balance: number; since: number; endsAt: number | null; now: number }): Forecast {
  const { used, balance, since, endsAt, now } = input;
  const elapsed = now - since;
  const ratePerDay = elapsed >= MIN_WINDOW_MS && used > 0 ? (used / elapsed) * DAY_MS : 0;
  if (balance <= 0) return { status: "empty", ratePerDay, runOutAt: now, endsAt, since };
  if (ratePerDay <= 0) return { status: "no_usage", ratePerDay: 0, runOutAt: null, endsAt, since };
  const runOutAt = now + (balance / ratePerDay) * DAY_MS;
  const status: ForecastStatus = endsAt !== null && runOutAt >= endsAt ? "lasts" : "runs_out";
  return { status, ratePerDay, runOutAt, endsAt, since };
}

/**
 * The instant a balance read at `readAt` (the upstream's time, epoch ms) describes: its hour.
 * Metronome's contract times are on the hour and balances move by the hour (the simulator draws
 * usage up to the hour), so a forecast measured to it does not drift between two reads.
 */
export function readingInstant(readAt: number): number {
  return floorToHour(readAt);
}

/**
 * The run-out forecast of a balance at an instant (balanceAt at `asOf`), for a holder that is still
 * drawing on it. null when nothing is held, and for a seat no longer assigned (`drawing` false):
 * a removed seat keeps its slice until it expires but nothing draws it down, so it never runs out.
 */
export function forecastAt(at: BalanceAt, asOf: number, drawing = true): Forecast | null {
  if (!drawing || !at.held) return null;
  const since = Math.min(...at.grants.map((g) => g.start));
  const endsAt = at.grants.some((g) => g.end === null) ? null : Math.max(...at.grants.map((g) => g.end as number));
  return forecastFromUsage({ used: at.used, balance: at.balance, since, endsAt, now: asOf });
}

/**
 * The projection to draw (dashed) from now: the balance falling at the rate until it reaches
 * zero or the grants end, whichever is first. Empty when nothing is projected.
 */
export function projectionPoints(forecast: Forecast, balance: number, now: number): Array<{ t: number; value: number }> {
  if (forecast.status !== "runs_out" && forecast.status !== "lasts") return [];
  const until = forecast.status === "runs_out" ? (forecast.runOutAt as number) : (forecast.endsAt as number);
  const value = Math.max(0, balance - (forecast.ratePerDay * (until - now)) / DAY_MS);
  return [
    { t: now, value: balance },
    { t: until, value: forecast.status === "runs_out" ? 0 : value },
  ];
}
