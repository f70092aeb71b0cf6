import type { Subscription } from "../../../domain/subscription";

export const billingFrequencyLabels: Record<Subscription["subscription_rate"]["billing_frequency"], string> = {
  MONTHLY: "Monthly",
  QUARTERLY: "Quarterly",
  ANNUAL: "Annual",
  WEEKLY: "Weekly",
};

export const collectionLabels: Record<Subscription["collection_schedule"], string> = {
  ADVANCE: "billed in advance",
  ARREARS: "billed in arrears",
};

export const modeLabels: Record<Subscription["quantity_management_mode"], string> = {
  SEAT_BASED: "Named seats",
  QUANTITY_ONLY: "Seat quantity",
};
