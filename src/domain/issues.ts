/**
 * Problems found in a proposed seat change: validation (what Metronome would reject or ignore)
 * and seat policy. Each names the field it is about, relative to one `update_subscriptions[]`
 * item, e.g. `quantity_updates[1].quantity_delta` or `seat_updates.add_seat_ids[0].seat_ids[2]`.
 */

export type IssueCode =
  // validation (Metronome's catalogue)
  | "not_this_subscription"
  | "nothing_to_change"
  | "wrong_mode"
  | "invalid_time"
  | "not_on_hour"
  | "before_subscription_start"
  | "after_subscription_end"
  | "quantity_and_delta"
  | "quantity_missing"
  | "not_whole_number"
  | "negative_quantity"
  | "zero_delta"
  | "below_zero"
  | "empty_seat_list"
  | "invalid_seat_id"
  | "duplicate_seat_id"
  | "seat_already_assigned"
  | "seat_not_assigned"
  | "too_few_unassigned"
  | "too_many_seat_ids"
  | "invalid_end"
  | "invalid_rounding"
  | "missing_data"
  // seat policy (S5)
  | "above_seat_cap"
  | "below_min_seats"
  | "above_max_seats"
  | "below_assigned_seats";

export interface EditIssue {
  /** Field path relative to the update_subscriptions item ("" for the item as a whole). */
  path: string;
  code: IssueCode;
  /** One plain sentence for people. */
  message: string;
  /** "error": Metronome (or seat policy) would refuse the edit; "warning": it goes through but part of it does nothing. */
  severity: "error" | "warning";
  /** The HTTP status Metronome answers with for this problem (400, or 422 for the seat cap); policy problems use 403. */
  status: 400 | 403 | 422 | null;
}

export function error(path: string, code: IssueCode, message: string, status: 400 | 403 | 422 = 400): EditIssue {
  return { path, code, message, severity: "error", status };
}

export function warning(path: string, code: IssueCode, message: string): EditIssue {
  return { path, code, message, severity: "warning", status: null };
}

export function hasErrors(issues: readonly EditIssue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

/** "1,004" — grouping for seat counts in messages (fixed en-US style, independent of the runtime's locale). */
export function formatCount(n: number): string {
  const sign = n < 0 ? "−" : "";
  const digits = String(Math.abs(n));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function seats(n: number): string {
  return `${formatCount(n)} ${Math.abs(n) === 1 ? "seat" : "seats"}`;
}
