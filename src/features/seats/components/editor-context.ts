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

/** What an editor hands to the confirm step. */
export type ReviewHandler = (update: UpdateSubscription, preview: SeatChangePreview, title: string) => void;

/**
 * The submit step every editor shares: when the form or its preview has a problem, focus the first
 * invalid field and send nothing; when the change changes nothing, stay; otherwise open the review.
 */
export function reviewWhenValid(
  built: { update: UpdateSubscription | null },
  preview: SeatChangePreview | null,
  blocked: boolean,
  title: string,
  onReview: ReviewHandler,
): void {
  if (!built.update || !preview || blocked || !preview.ok) {
    requestAnimationFrame(() => document.querySelector<HTMLElement>("[data-seat-form] [aria-invalid='true']")?.focus());
    return;
  }
  if (preview.changes.length === 0) return;
  onReview(built.update, preview, title);
}

/** True when the preview is valid and the change would change nothing. */
export function changesNothing(preview: SeatChangePreview | null): boolean {
  return preview !== null && preview.ok && preview.changes.length === 0;
}
