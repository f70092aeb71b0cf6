/**
 * A seat removal prefilled from the seat editor's URL (the balances page's idle seats link):
 * `?remove=<seat id>&remove=<seat id>…&remove_unassigned=<n>&at=next-period`. The URL is read
 * and checked on its own first (parseRemovalSearch), then against the seats held now
 * (removalForm); whatever does not fit is left out and said so, never sent.
 */
import { formatNumber, formatSeats } from "../../../lib/format";
import { emptySeatForm, type SeatFormState } from "./edit-form";
import { formatSeatIdList, parseSeatCount, seatIdProblem, shortId } from "./seat-input";

export interface RemovalRequest {
  /** Seat IDs to remove, unique, in the URL's order. */
  seatIds: string[];
  /** Unassigned seats to remove; null when none were asked for (or the number was unusable). */
  unassigned: number | null;
  /** Whether the removal starts at the next billing period (else: the form's default, now). */
  atNextPeriod: boolean;
  /** What in the URL was unusable and left out, in plain words. */
  problems: string[];
}

export const REMOVAL_PARAMS = { remove: "remove", unassigned: "remove_unassigned", at: "at" } as const;
const NEXT_PERIOD = "next-period";

/** The removal the URL asks for; null when it asks for none. */
export function parseRemovalSearch(search: URLSearchParams): RemovalRequest | null {
  const raw = search.getAll(REMOVAL_PARAMS.remove);
  const count = search.get(REMOVAL_PARAMS.unassigned);
  const at = search.get(REMOVAL_PARAMS.at);
  if (raw.length === 0 && count === null && at === null) return null;
  const problems: string[] = [];
  const seatIds: string[] = [];
  for (const id of raw) {
    const trimmed = id.trim();
    const problem = seatIdProblem(trimmed === "" ? id || " " : trimmed);
    if (problem) problems.push(`A seat ID in the link ${problem}, so it was left out.`);
    else if (!seatIds.includes(trimmed)) seatIds.push(trimmed);
  }
  let unassigned: number | null = null;
  if (count !== null) {
    const parsed = parseSeatCount(count, "unassigned");
    if (parsed.ok) unassigned = parsed.value;
    else problems.push(`The number of unassigned seats to remove (“${count.slice(0, 20)}”) is not usable: ${lowerFirst(parsed.error)}.`);
  }
  const atNextPeriod = at === NEXT_PERIOD;
  if (at !== null && !atNextPeriod) problems.push(`The start in the link (“${at.slice(0, 20)}”) is not one this editor knows, so it starts now unless you choose otherwise.`);
  return { seatIds, unassigned, atNextPeriod, problems };
}

export interface RemovalSeats {
  /** Seat IDs assigned now. */
  assigned: ReadonlySet<string>;
  /** Unassigned seats now. */
  unassigned: number;
  /** Start of the next billing period, null when there is none. */
  nextPeriod: number | null;
}

export interface PrefilledRemoval {
  form: SeatFormState;
  /** Parts of the request that were left out, and why. */
  notices: string[];
}

const LISTED = 5;

/** The seat form filled in with the removal, keeping only what fits the seats held now. */
export function removalForm(request: RemovalRequest, seats: RemovalSeats): PrefilledRemoval {
  const notices = [...request.problems];
  const held = request.seatIds.filter((id) => seats.assigned.has(id));
  const unknown = request.seatIds.filter((id) => !seats.assigned.has(id));
  if (unknown.length > 0) {
    const listed = unknown.slice(0, LISTED).map(shortId).join(", ");
    const more = unknown.length > LISTED ? ` and ${formatNumber(unknown.length - LISTED)} more` : "";
    notices.push(
      `${unknown.length === 1 ? "This seat ID holds" : `These ${formatNumber(unknown.length)} seat IDs hold`} no seat now, so ${unknown.length === 1 ? "it was" : "they were"} left out: ${listed}${more}.`,
    );
  }
  let unassigned = request.unassigned;
  if (unassigned !== null && unassigned > seats.unassigned) {
    notices.push(
      `The link asks to remove ${formatSeats(unassigned)} nobody holds, but there ${seats.unassigned === 1 ? "is" : "are"} ${formatNumber(seats.unassigned)} now, so that number was left out.`,
    );
    unassigned = null;
  }
  let when = emptySeatForm().when;
  if (request.atNextPeriod) {
    if (seats.nextPeriod === null) notices.push("The subscription ends with the current billing period, so there is no next period to start at: it starts now unless you choose otherwise.");
    else when = { choice: "next_period", at: "" };
  }
  return {
    form: { ...emptySeatForm(), action: "remove", ids: formatSeatIdList(held), unassigned: unassigned === null ? "" : String(unassigned), when },
    notices,
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
