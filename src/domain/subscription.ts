/**
 * Reads the billing-relevant settings of one subscription out of Metronome's wire shapes,
 * applying Metronome's defaults and accepting enum spellings in either case.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { ContractRetrieveSubscriptionQuantityHistoryResponse } from "@metronome/sdk/resources/v1/contracts/contracts";
import { toFrequency, type ClipRange, type PeriodSchedule } from "./billing-periods";
import { USD_CENTS_CREDIT_TYPE_ID, type RoundingConfig } from "./money";
import { parseTime, requireTime } from "./time";

export type Subscription = ContractV2.Subscription;
export type QuantityHistoryEntry = ContractRetrieveSubscriptionQuantityHistoryResponse.Data.History;
export type QuantityHistory = ContractRetrieveSubscriptionQuantityHistoryResponse.Data;

/** A getSubscriptionSeatsHistory segment; `total_quantity` may arrive as a string. */
export interface SeatSegment {
  starting_at: string;
  ending_before: string | null;
  total_quantity: number | string;
  assigned_seat_ids: string[];
}

export type QuantityMode = "QUANTITY_ONLY" | "SEAT_BASED";
export type CollectionSchedule = "ADVANCE" | "ARREARS";
export type InvoiceBehavior = "BILL_IMMEDIATELY" | "BILL_ON_NEXT_COLLECTION_DATE";

export interface ChargeSettings {
  collection: CollectionSchedule;
  isProrated: boolean;
  invoiceBehavior: InvoiceBehavior;
  rounding: RoundingConfig | null;
}

export function quantityMode(sub: Pick<Subscription, "quantity_management_mode">): QuantityMode {
  return String(sub.quantity_management_mode).toUpperCase() === "SEAT_BASED" ? "SEAT_BASED" : "QUANTITY_ONLY";
}

/** Whether a subscription counts named seats (SEAT_BASED, in either case); the one test of it everywhere. */
export function isSeatBased(sub: Pick<Subscription, "quantity_management_mode"> | null | undefined): boolean {
  return sub != null && quantityMode(sub) === "SEAT_BASED";
}

/** Proration and collection settings; when omitted (an assumption, see docs/metronome.md, "Proration and invoices"): prorated, billed on the next collection date. */
export function chargeSettings(sub: Subscription): ChargeSettings {
  const collection = String(sub.collection_schedule).toUpperCase() === "ARREARS" ? "ARREARS" : "ADVANCE";
  const p = sub.proration as Partial<Subscription["proration"]> | undefined;
  const behaviour = String(p?.invoice_behavior ?? "BILL_ON_NEXT_COLLECTION_DATE").toUpperCase();
  return {
    collection,
    isProrated: p?.is_prorated ?? true,
    invoiceBehavior: behaviour === "BILL_IMMEDIATELY" ? "BILL_IMMEDIATELY" : "BILL_ON_NEXT_COLLECTION_DATE",
    rounding: p?.rounding ?? null,
  };
}

/** Billing periods: the subscription's own billing cycle anchor, else the contract's statement anchor. */
export function billingSchedule(contract: ContractV2, sub: Subscription): PeriodSchedule {
  const anchorIso = sub.billing_cycle_config?.anchor_date ?? contract.usage_statement_schedule.billing_anchor_date;
  const frequency = toFrequency(sub.subscription_rate.billing_frequency) ?? "MONTHLY";
  return { anchor: requireTime(anchorIso, "billing anchor date"), frequency };
}

/** The subscription's life: its start to its end (else the contract's end), open-ended when neither ends. */
export function subscriptionRange(contract: ContractV2, sub: Subscription): ClipRange {
  const endIso = sub.ending_before ?? contract.ending_before ?? null;
  return { start: requireTime(sub.starting_at, "subscription start"), end: endIso === null ? null : parseTime(endIso) };
}

/** The subscription's fiat credit type (USD cents unless stated otherwise). */
export function fiatCreditTypeId(sub: Subscription, history?: QuantityHistory | null): string {
  return sub.fiat_credit_type_id ?? history?.fiat_credit_type_id ?? USD_CENTS_CREDIT_TYPE_ID;
}

/** Quantity of one history entry (the sum over tiers when a tiered override lists several). */
export function historyQuantity(entry: QuantityHistoryEntry): number {
  return entry.data.reduce((sum, d) => sum + Number(d.quantity), 0);
}

/** Price per seat of one history entry (a weighted average over tiers; the flat price otherwise). */
export function historyUnitPrice(entry: QuantityHistoryEntry): number | null {
  const first = entry.data[0];
  if (!first) return null;
  if (entry.data.length === 1) return Number(first.unit_price);
  const quantity = historyQuantity(entry);
  const total = entry.data.reduce((sum, d) => sum + Number(d.total), 0);
  return quantity > 0 ? total / quantity : Number(first.unit_price);
}

export interface PricePoint {
  start: number;
  unitPrice: number;
}

/** Price per seat over time from the quantity history, ascending; the last one applies to the future. */
export function pricePoints(history: readonly QuantityHistoryEntry[] | null | undefined): PricePoint[] {
  const out: PricePoint[] = [];
  for (const entry of history ?? []) {
    const start = parseTime(entry.starting_at);
    const unitPrice = historyUnitPrice(entry);
    if (start === null || unitPrice === null || !Number.isFinite(unitPrice)) continue;
    out.push({ start, unitPrice });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Price in force at t (the first known price before the history begins); null with no history. */
export function unitPriceAt(points: readonly PricePoint[], t: number): number | null {
  let price: number | null = points[0]?.unitPrice ?? null;
  for (const p of points) {
    if (p.start > t) break;
    price = p.unitPrice;
  }
  return price;
}
