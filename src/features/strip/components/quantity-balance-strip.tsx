import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { Subscription } from "../../../lib/metronome-queries";

export interface QuantityBalanceStripProps {
  customerId: string;
  contract: ContractV2;
  subscription: Subscription;
  seatId: string | null;
}

export function QuantityBalanceStrip(_props: QuantityBalanceStripProps) {
  return null;
}
