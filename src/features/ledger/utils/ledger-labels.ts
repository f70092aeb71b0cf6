/** Readable names for every ledger entry type Metronome can return (exhaustive over the SDK's unions). */
import type { Commit, Credit } from "@metronome/sdk/resources/shared";
import type { SeatBalance } from "../../../domain/balance-at";

type SeatGrant = NonNullable<SeatBalance["credits"]>[number] | NonNullable<SeatBalance["commits"]>[number];

export type LedgerEntryType =
  | NonNullable<Credit["ledger"]>[number]["type"]
  | NonNullable<Commit["ledger"]>[number]["type"]
  | NonNullable<SeatGrant["ledger_entries"]>[number]["type"];

export const ledgerEntryLabels: Record<LedgerEntryType, string> = {
  CREDIT_SEGMENT_START: "Credits granted",
  CREDIT_AUTOMATED_INVOICE_DEDUCTION: "Usage (invoice)",
  CREDIT_EXPIRATION: "Credits expired",
  CREDIT_CANCELED: "Credits cancelled",
  CREDIT_CREDITED: "Credited back",
  CREDIT_MANUAL: "Manual adjustment",
  CREDIT_SEAT_BASED_ADJUSTMENT: "Added for new seats",
  CREDIT_ROLLOVER: "Rolled over",
  PREPAID_COMMIT_SEGMENT_START: "Prepaid commitment starts",
  PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION: "Usage (invoice)",
  PREPAID_COMMIT_ROLLOVER: "Rolled over",
  PREPAID_COMMIT_EXPIRATION: "Commitment expired",
  PREPAID_COMMIT_CANCELED: "Commitment cancelled",
  PREPAID_COMMIT_CREDITED: "Credited back",
  PREPAID_COMMIT_MANUAL: "Manual adjustment",
  PREPAID_COMMIT_SEAT_BASED_ADJUSTMENT: "Added for new seats",
  POSTPAID_COMMIT_INITIAL_BALANCE: "Postpaid commitment starts",
  POSTPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION: "Usage (invoice)",
  POSTPAID_COMMIT_ROLLOVER: "Rolled over",
  POSTPAID_COMMIT_TRUEUP: "True-up",
  POSTPAID_COMMIT_MANUAL: "Manual adjustment",
  POSTPAID_COMMIT_EXPIRATION: "Commitment expired",
};

/** The label of any type string: known types by the map, unknown (newer API) ones made readable. */
export function ledgerEntryLabel(type: string): string {
  if (type in ledgerEntryLabels) return ledgerEntryLabels[type as LedgerEntryType];
  const words = type.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
