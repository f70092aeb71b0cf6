/**
 * Run-out forecast (pure): at the recent burn rate, when does a balance (one seat's, or the
 * contract's pool) reach zero?
 *
 * Metronome books usage as invoice deductions dated at the end of the usage invoice's service
 * period, so the pending deduction of the current period is future-dated and already counted in
 * the balance. The burn rate is therefore: what the grants active now have consumed so far
 * (pending deductions included), divided by the time since the earliest of them started.
 */

const DAY_MS = 24 * 3600_000;
/** Under this much history the rate says nothing useful. */
const MIN_WINDOW_MS = 3600_000;

export interface LedgerMovement {
  /** ISO time */
  timestamp: string;
  /** signed amount */
  amount: number;
  /** Metronome ledger entry type (CREDIT_*, PREPAID_COMMIT_*, POSTPAID_COMMIT_*) */
  type: string;
}

/** One commit or credit (or one seat's slice of it): when it is usable and its ledger. */
export interface ForecastGrant {
  /** epoch ms */
  start: number;
  /** epoch ms; null when it does not expire */
  end: number | null;
  entries: readonly LedgerMovement[];
}

/** Negative movements that are not consumption: the grant ending or being moved or cancelled. */
const NOT_CONSUMPTION = /(_EXPIRATION|_CANCELED|_ROLLOVER)$/;

/** True for a ledger movement that is consumption (usage deductions, manual debits). */
export function isConsumption(entry: Pick<LedgerMovement, "amount" | "type">): boolean {
  return Number(entry.amount) < 0 && !NOT_CONSUMPTION.test(entry.type);
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
