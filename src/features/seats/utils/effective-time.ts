/**
 * When a seat change starts: now (the current hour, since Metronome wants whole hours), at the
 * start of the next billing period, or at an hour the person picks on their own wall clock (their
 * time zone), sent as the UTC instant it is. Back-dating is for account managers only; the server
 * enforces it too.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { periodContaining } from "../../../domain/billing-periods";
import { billingSchedule, subscriptionRange } from "../../../domain/subscription";
import { floorToHour, toIso } from "../../../domain/time";
import { formatDateTimeWithUtc, getTimeZone } from "../../../lib/format";
import { translate } from "../../../lib/i18n-core";
import { fromWallClock } from "../../../lib/time-zone";
import type { Parsed } from "./seat-input";
import { seatsMessages } from "../../../locales/en/seats";

export type WhenChoice = "now" | "next_period" | "at";

export interface When {
  choice: WhenChoice;
  /** For "at": a datetime-local value ("YYYY-MM-DDTHH:mm") on the wall clock of the person's time zone. */
  at: string;
}

export interface TimeContext {
  contract: ContractV2;
  subscription: ContractV2.Subscription;
  /** Epoch ms. */
  now: number;
  canBackdate: boolean;
  /** The zone "at" is read in (default: the one times are shown in). */
  timeZone?: string;
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
    if (next === null) return { ok: false, error: translate(seatsMessages, "seats.when.noNextPeriod") };
    return { ok: true, value: toIso(next) };
  }
  if (when.at.trim() === "") return { ok: false, error: translate(seatsMessages, "seats.when.chooseAt") };
  const zone = ctx.timeZone ?? getTimeZone();
  const picked = fromWallClock(when.at, zone);
  if (!picked.ok) {
    if (picked.reason === "invalid") return { ok: false, error: translate(seatsMessages, "seats.when.invalid") };
    return { ok: false, error: translate(seatsMessages, "seats.when.skipped", { time: when.at.replace("T", " "), zone }) };
  }
  const t = picked.instant;
  const hour = floorToHour(ctx.now);
  if (t < hour && !ctx.canBackdate) {
    return {
      ok: false,
      error: translate(seatsMessages, "seats.when.backdate", { time: formatDateTimeWithUtc(hour) }),
    };
  }
  return { ok: true, value: toIso(t) };
}
