/** Readable names for every ledger entry type Metronome can return (exhaustive over the SDK's unions). */
import type { Commit, Credit } from "@metronome/sdk/resources/shared";
import type { SeatBalance } from "../../../domain/balance-at";
import { translate } from "../../../lib/i18n-core";
import { ledgerMessages } from "../../../locales/en/ledger";

type SeatGrant = NonNullable<SeatBalance["credits"]>[number] | NonNullable<SeatBalance["commits"]>[number];

export type LedgerEntryType =
  | NonNullable<Credit["ledger"]>[number]["type"]
  | NonNullable<Commit["ledger"]>[number]["type"]
  | NonNullable<SeatGrant["ledger_entries"]>[number]["type"];

const ENTRY_TYPES: ReadonlySet<string> = new Set<LedgerEntryType>([
  "CREDIT_SEGMENT_START",
  "CREDIT_AUTOMATED_INVOICE_DEDUCTION",
  "CREDIT_EXPIRATION",
  "CREDIT_CANCELED",
  "CREDIT_CREDITED",
  "CREDIT_MANUAL",
  "CREDIT_SEAT_BASED_ADJUSTMENT",
  "CREDIT_ROLLOVER",
  "PREPAID_COMMIT_SEGMENT_START",
  "PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION",
  "PREPAID_COMMIT_ROLLOVER",
  "PREPAID_COMMIT_EXPIRATION",
  "PREPAID_COMMIT_CANCELED",
  "PREPAID_COMMIT_CREDITED",
  "PREPAID_COMMIT_MANUAL",
  "PREPAID_COMMIT_SEAT_BASED_ADJUSTMENT",
  "POSTPAID_COMMIT_INITIAL_BALANCE",
  "POSTPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION",
  "POSTPAID_COMMIT_ROLLOVER",
  "POSTPAID_COMMIT_TRUEUP",
  "POSTPAID_COMMIT_MANUAL",
  "POSTPAID_COMMIT_EXPIRATION",
]);

/** The label of any type string: known types by the map, unknown (newer API) ones made readable. */
export function ledgerEntryLabel(type: string): string {
  if (ENTRY_TYPES.has(type)) return translate(ledgerMessages, `ledger.entry.${type as LedgerEntryType}`);
  const words = type.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
