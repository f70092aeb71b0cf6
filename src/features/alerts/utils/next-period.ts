import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { periodContaining, toFrequency } from "../../../domain/billing-periods";
import { parseTime } from "../../../domain/time";

export type NextPeriod = { kind: "next_period"; at: number } | { kind: "contract_ends"; at: number };

/**
 * When the contract's current billing period ends (recurring credits are granted again then), from
 * its usage statement schedule; "contract_ends" when the contract ends instead; null when now is
 * outside the contract or the schedule is unreadable.
 */
export function nextPeriodStart(
  contract: Pick<ContractV2, "starting_at" | "ending_before" | "usage_statement_schedule">,
  now: number,
): NextPeriod | null {
  const start = parseTime(contract.starting_at);
  const anchor = parseTime(contract.usage_statement_schedule?.billing_anchor_date) ?? start;
  const frequency = toFrequency(contract.usage_statement_schedule?.frequency) ?? "MONTHLY";
  if (start === null || anchor === null) return null;
  const end = parseTime(contract.ending_before ?? null);
  const period = periodContaining({ anchor, frequency }, now, { start, end });
  if (!period) return null;
  if (end !== null && period.end >= end) return { kind: "contract_ends", at: end };
  return { kind: "next_period", at: period.end };
}
