/**
 * When a seat change starts: now (the current hour, since Metronome wants whole hours), at the
 * start of the next billing period, or at an hour the person picks (UTC). Back-dating is for
 * account managers only; the server enforces it too.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { periodContaining } from "../../../domain/billing-periods";
import { billingSchedule, subscriptionRange } from "../../../domain/subscription";
import { floorToHour, toIso } from "../../../domain/time";
import { formatDateTime } from "../../../lib/format";
import type { Parsed } from "./seat-input";

export type WhenChoice = "now" | "next_period" | "at";

export interface When {
  choice: WhenChoice;
  /** For "at": a datetime-local value ("YYYY-MM-DDTHH:mm"), read as UTC. */
  at: string;
}

export interface TimeContext {
  contract: ContractV2;
  subscription: ContractV2.Subscription;
  /** Epoch ms. */
  now: number;
  canBackdate: boolean;
}

/** "2026-12-01T10:00" (UTC) → epoch ms; null when it is not a date and time. */
export function parseUtcLocal(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
  return ms;
}

/** epoch ms → "YYYY-MM-DDTHH:mm" in UTC (for a datetime-local input). */
export function toUtcLocal(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/** Start of the billing period after the one covering now; null when the subscription ends first. */
export function nextPeriodStart(ctx: Pick<TimeContext, "contract" | "subscription" | "now">): number | null {
  try {
    const range = subscriptionRange(ctx.contract, ctx.subscription);
    const period = periodContaining(billingSchedule(ctx.contract, ctx.subscription), Math.max(ctx.now, range.start), range);
    if (!period) return null;
    if (range.end !== null && period.end >= range.end) return null;
    return period.end;
  } catch {
    return null;
  }
}

/**
 * The ISO instant a choice stands for. Off-hour, before-start and after-end times are passed on as
 * they are, for the shared validation to explain; only what it cannot know is refused here.
 */
export function resolveWhen(when: When, ctx: TimeContext): Parsed<string> {
  if (when.choice === "now") return { ok: true, value: toIso(floorToHour(ctx.now)) };
  if (when.choice === "next_period") {
    const next = nextPeriodStart(ctx);
    if (next === null) return { ok: false, error: "The subscription ends with the current billing period: there is no next period" };
    return { ok: true, value: toIso(next) };
  }
  if (when.at.trim() === "") return { ok: false, error: "Choose the date and hour (UTC) the change starts" };
  const t = parseUtcLocal(when.at);
  if (t === null) return { ok: false, error: "This is not a valid date and time" };
  const hour = floorToHour(ctx.now);
  if (t < hour && !ctx.canBackdate) {
    return {
      ok: false,
      error: `Only an account manager can back-date a change; choose ${formatDateTime(hour, { timeZone: "UTC" })} or later`,
    };
  }
  return { ok: true, value: toIso(t) };
}
