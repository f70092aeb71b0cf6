import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { SetURLSearchParams } from "react-router-dom";
import { addDays, toIsoDate } from "../lib/date-range";
import type { RangeLimits } from "../lib/date-range-check";
import type { Subscription } from "../domain/subscription";

/** The dates a page's range may cover: the contract's (or the subscription's) term, inclusive. */
export function contractLimits(contract: ContractV2, subscription?: Subscription): RangeLimits {
  const start = subscription?.starting_at ?? contract.starting_at;
  const end = subscription?.ending_before ?? contract.ending_before ?? null;
  return { min: toIsoDate(start), max: end ? addDays(toIsoDate(end), -1) : null, what: subscription ? "subscription" : "contract" };
}

/** Sets (or, with null, removes) search params, keeping the others; replaces the history entry. */
export function setSearchParams(setSearch: SetURLSearchParams, values: Record<string, string | null>): void {
  setSearch(
    (prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(values)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, value);
      }
      return next;
    },
    { replace: true },
  );
}
