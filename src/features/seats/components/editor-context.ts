import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { ContractGetEditHistoryResponse } from "@metronome/sdk/resources/v2/contracts";
import type { SeatPolicy } from "../../../contract/bff";
import type { UpdateSubscription } from "../../../domain/edit-validation";
import { previewSubscriptionChange, type SeatChangePreview } from "../../../domain/preview";
import type { QuantityHistory, SeatSegment } from "../../../domain/subscription";
import { toIso } from "../../../domain/time";
import type { CreditTypeNames } from "../../../lib/format";

/** Everything an editor needs to know about the subscription it changes. */
export interface EditorContext {
  customerId: string;
  contractId: string;
  contract: ContractV2;
  subscription: ContractV2.Subscription;
  subscriptionId: string;
  /** Epoch ms. */
  now: number;
  canBackdate: boolean;
  quantityHistory: QuantityHistory | null;
  /** Seat-based: every seats history segment. */
  seatsHistory: SeatSegment[] | null;
  /** The contract's edit history (quantity-only subscriptions), null until it loads or when it cannot. */
  editHistory: ContractGetEditHistoryResponse["data"] | null;
  policy: SeatPolicy | null;
  creditTypes: CreditTypeNames | undefined;
}

/** The shared domain preview of `update` on this subscription, as of ctx.now. */
export function previewFor(ctx: EditorContext, update: UpdateSubscription): SeatChangePreview {
  return previewSubscriptionChange({
    contract: ctx.contract,
    update,
    now: toIso(ctx.now),
    quantityHistory: ctx.quantityHistory,
    seatsHistory: ctx.seatsHistory,
    editHistory: ctx.editHistory,
    policy: ctx.policy,
  });
}
