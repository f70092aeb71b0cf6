/**
 * The simulator's persisted state. Everything derived (quantities, invoices, credits, balances,
 * ledgers) is computed from these records by replay; records are only appended to or flagged.
 */
import type { Frequency } from "./time";

export const USD_CENTS_ID = "2714e483-4ff1-48e4-9e25-ac732e8f24f2";
export const AI_CREDITS_ID = "d3cb2827-dcb5-44af-9354-947a7197b9a6";

export interface CreditTypeRecord {
  id: string;
  name: string;
  is_currency: boolean;
}

export interface CustomerRecord {
  id: string;
  name: string;
  external_id: string;
  ingest_aliases: string[];
  custom_fields: Record<string, string>;
  created_at: number;
  updated_at: number;
  archived_at: number | null;
}

export interface ProductRecord {
  id: string;
  name: string;
  type: string;
  created_at: number;
}

export interface RateRecord {
  product_id: string;
  starting_at: number;
  ending_before: number | null;
  entitled: boolean;
  rate_type: string;
  price: number;
  billing_frequency: "MONTHLY" | "QUARTERLY" | "ANNUAL" | "WEEKLY" | null;
  credit_type_id: string;
}

export interface RateCardRecord {
  id: string;
  name: string;
  description: string | undefined;
  fiat_credit_type_id: string;
  rates: RateRecord[];
  /** Fiat per unit of each custom credit type (absent in states saved before conversions were kept). */
  credit_type_conversions?: Array<{ custom_credit_type_id: string; fiat_per_custom_credit: number }>;
  created_at: number;
}

export type SeatOp = "remove_seat_ids" | "remove_unassigned_seats" | "add_unassigned_seats" | "add_seat_ids";
export type QuantityOp = "set" | "delta";

/** One change to a subscription's quantity or seats, replayed by (at, request, rank, index). */
export interface SubscriptionEvent {
  at: number;
  /** Submission order of the request that carried it (global, increasing). */
  request: number;
  /** Rank of the operation inside one request at the same instant. */
  rank: number;
  index: number;
  submitted_at: number;
  op: QuantityOp | SeatOp | "initial";
  value?: number;
  seat_ids?: string[];
}

export interface Rounding {
  rounding_method: "HALF_UP" | "FLOOR" | "CEILING";
  decimal_places: number;
}

export interface SubscriptionRecord {
  id: string;
  name: string | undefined;
  description: string | undefined;
  custom_fields: Record<string, string> | undefined;
  product_id: string;
  product_name: string;
  billing_frequency: "MONTHLY" | "QUARTERLY" | "ANNUAL" | "WEEKLY";
  collection_schedule: "ADVANCE" | "ARREARS";
  proration: { is_prorated: boolean; invoice_behavior: "BILL_IMMEDIATELY" | "BILL_ON_NEXT_COLLECTION_DATE"; rounding?: Rounding };
  quantity_management_mode: "QUANTITY_ONLY" | "SEAT_BASED";
  /** When the mode became SEAT_BASED through an edit (null: from the start). */
  seat_based_from: number | null;
  seat_group_key: string | undefined;
  starting_at: number;
  ending_before: number | null;
  billing_cycle_config: { anchor_date: number; invoice_placement: "ON_SCHEDULED_INVOICE" | "ON_USAGE_INVOICE" };
  fiat_credit_type_id: string;
  /** Initial quantity (QUANTITY_ONLY) or initial unassigned seats (SEAT_BASED). */
  initial_quantity: number;
  initial_seat_ids: string[];
  events: SubscriptionEvent[];
  created_at: number;
}

export interface RecurringCreditRecord extends ApplicabilityRecord {
  id: string;
  product_id: string;
  product_name: string;
  name: string | undefined;
  credit_type_id: string;
  unit_price: number;
  quantity: number | undefined;
  commit_duration: number;
  priority: number;
  rate_type: "COMMIT_RATE" | "LIST_RATE";
  starting_at: number;
  ending_before: number | null;
  recurrence_frequency: Frequency | undefined;
  proration: "NONE" | "FIRST" | "LAST" | "FIRST_AND_LAST";
  proration_rounding: Rounding | undefined;
  subscription: { subscription_id: string; allocation: "POOLED" | "INDIVIDUAL"; is_prorated: boolean } | undefined;
  created_at: number;
}

/** A filter on the usage that draws a commit or credit down (CommitSpecifierInput). */
export interface SpecifierRecord {
  product_id?: string;
  product_tags?: string[];
  presentation_group_values?: Record<string, string>;
  pricing_group_values?: Record<string, string>;
}

/** Which usage draws a commit or credit down; all three absent means all usage. */
export interface ApplicabilityRecord {
  applicable_product_ids?: string[];
  applicable_product_tags?: string[];
  specifiers?: SpecifierRecord[];
}

/** A recurring commit: a recurring credit that makes prepaid commits, optionally invoiced per period. */
export interface RecurringCommitRecord extends RecurringCreditRecord {
  /** What each created commit is billed (unit_price × quantity); undefined: not invoiced. */
  invoice_amount: { credit_type_id: string; unit_price: number; quantity: number } | undefined;
  /** Rounding of a prorated invoice amount (proration_rounding.invoice). */
  invoice_rounding: Rounding | undefined;
}

export interface ScheduleItemRecord {
  id: string;
  amount: number;
  starting_at: number;
  ending_before: number;
}

export interface InvoiceItemRecord {
  id: string;
  timestamp: number;
  unit_price: number;
  quantity: number;
  amount: number;
}

type PaymentGateType = "NONE" | "STRIPE" | "EXTERNAL";

/** How a commit's balance is gated on payment (PaymentGateConfig, as given). */
export interface PaymentGateConfigRecord {
  payment_gate_type: PaymentGateType;
  tax_type: "NONE" | "STRIPE" | "ANROK" | "PRECALCULATED" | undefined;
  stripe_config: { payment_type: "INVOICE" | "PAYMENT_INTENT"; invoice_metadata: Record<string, string> | undefined } | undefined;
  precalculated_tax_config: { tax_amount: number; tax_name: string | undefined } | undefined;
}

/**
 * The payment workflow of a payment-gated commit: a purchase (`manual_commit`) or an auto recharge
 * (`spend`). Its commit's balance exists only once paid (see docs/metronome.md, "Top-ups and payment gates").
 */
export interface PaymentGateRecord {
  config: PaymentGateConfigRecord;
  workflow_type: "manual_commit" | "spend";
  workflow_id: string;
  /** The invoice the payment is collected for (one per gated commit). */
  invoice_id: string;
  status: "pending" | "paid" | "failed";
  /** Why it is pending: the provider asks for customer action, or an EXTERNAL gateway must report the outcome. */
  pending_reason: "requires_action" | "external" | undefined;
  attempted_at: number;
  resolved_at: number | null;
  error_message: string | undefined;
}

/** A commit (PREPAID or POSTPAID) or a credit (CREDIT) added to a contract at creation or by an edit. */
export interface CommitRecord extends ApplicabilityRecord {
  id: string;
  type: "PREPAID" | "POSTPAID" | "CREDIT";
  product_id: string;
  product_name: string;
  name: string | undefined;
  description: string | undefined;
  priority: number;
  rate_type: "COMMIT_RATE" | "LIST_RATE";
  credit_type_id: string;
  access_schedule: ScheduleItemRecord[];
  /** Commits only: when and what the customer is invoiced (POSTPAID: the true-up). */
  invoice_schedule: { credit_type_id: string; do_not_invoice: boolean; items: InvoiceItemRecord[] } | undefined;
  custom_fields: Record<string, string> | undefined;
  rollover_fraction: number | undefined;
  /** Set on payment-gated commits (payment_gate_type STRIPE or EXTERNAL). */
  payment_gate?: PaymentGateRecord;
  created_at: number;
}

/** A filter excluding balances by their custom fields from the threshold (ThresholdBalanceSpecifier.Exclude). */
export interface ThresholdExcludeRecord {
  custom_field_filters: Array<{ entity: "Commit" | "ContractCredit" | "ContractCreditOrCommit"; key: string; value: string }>;
}

/** A contract's prepaid balance threshold configuration (auto recharge). */
export interface ThresholdConfigRecord {
  commit: ApplicabilityRecord & { product_id: string; name: string | undefined; description: string | undefined; priority: number | undefined };
  is_enabled: boolean;
  payment_gate_config: PaymentGateConfigRecord;
  threshold_amount: number;
  recharge_to_amount: number;
  custom_credit_type_id: string | undefined;
  discount_payment_fraction: number | undefined;
  threshold_balance_specifiers: Array<{ exclude: ThresholdExcludeRecord[] }> | undefined;
  /** The instant the balance was last evaluated against the threshold (evaluation continues from here). */
  evaluated_through: number;
}

export interface ManualEntryRecord {
  credit_id: string;
  segment_id: string;
  amount: number;
  reason: string;
  timestamp: number;
  per_group_amounts: Record<string, number> | undefined;
  created_at: number;
}

export interface EditRecord {
  id: string;
  timestamp: number;
  uniqueness_key: string | undefined;
  /** The echo of what was applied, in Metronome's edit shape (times already ISO). */
  echo: Record<string, unknown>;
}

/** A fixed amount of usage per day in one credit type, of one product (absent: a product every balance applies to). */
export interface DailyUsage {
  credit_type_id: string;
  amount: number;
  product_id?: string;
  /** Used by every assigned seat of the seat-based subscriptions (from their seat balances) instead of the pool. */
  per_seat?: boolean;
}

/** Synthetic usage that draws credits down: per seat (INDIVIDUAL) or per pool (POOLED). */
export interface UsageProfile {
  seed: number;
  /** Mean share of a period's allocation used per period (0.7 = 70 %). */
  intensity: number;
  /** Fixed daily usage in place of the seeded pattern (worked examples and tests). */
  daily?: DailyUsage[];
}

export interface ContractRecord {
  id: string;
  customer_id: string;
  name: string | undefined;
  starting_at: number;
  ending_before: number | null;
  created_at: number;
  rate_card_id: string | undefined;
  usage_statement_schedule: { frequency: "MONTHLY" | "QUARTERLY" | "ANNUAL" | "WEEKLY"; billing_anchor_date: number };
  custom_fields: Record<string, string> | undefined;
  uniqueness_key: string | undefined;
  archived_at: number | null;
  subscriptions: SubscriptionRecord[];
  recurring_credits: RecurringCreditRecord[];
  recurring_commits: RecurringCommitRecord[];
  /** One-off commits (PREPAID, POSTPAID) and credits (CREDIT) on the contract. */
  commits: CommitRecord[];
  credits: CommitRecord[];
  edits: EditRecord[];
  manual_entries: ManualEntryRecord[];
  usage: UsageProfile | undefined;
  /** Auto recharge (prepaid_balance_threshold_configuration); absent when not configured. */
  prepaid_balance_threshold?: ThresholdConfigRecord;
  /** Bumped on every change; derived views are memoised on it. */
  version: number;
}

export type AlertStatus = "ok" | "in_alarm" | "evaluating";

export interface AlertRecord {
  id: string;
  name: string;
  alert_type: string;
  threshold: number;
  credit_type_id: string;
  customer_id: string | undefined;
  seat_filter: { seat_group_key: string; seat_group_value?: string } | undefined;
  alert_specifiers: unknown[] | undefined;
  custom_field_filters: unknown[] | undefined;
  uniqueness_key: string | undefined;
  uniqueness_key_released: boolean;
  evaluate_on_create: boolean;
  status: "enabled" | "archived";
  created_at: number;
  updated_at: number;
}

export interface AlertStateRecord {
  alert_id: string;
  customer_id: string;
  /** Seat id for fanned-out seat alerts, "" otherwise. */
  seat: string;
  status: AlertStatus;
  updated_at: number;
  triggered_by: string | null;
  /**
   * Set while a notification created with evaluate_on_create false has not evaluated this pair yet:
   * the value it had when the notification was created. The pair is evaluated once its value differs.
   */
  baseline?: number;
}

/** One answered request sent with an Idempotency-Key header, replayed for a retry with the same key. */
export interface IdempotencyRecord {
  /** SHA-256 (hex) of the caller's bearer token and the key. */
  id: string;
  /** SHA-256 (hex) of the method, path, query and JSON body. */
  fingerprint: string;
  status: number;
  /** The answer's JSON body as sent. */
  body: string;
  /** Wall-clock time (ms) it was stored, for the retention window. */
  stored_at: number;
}

export interface WebhookRecord {
  id: string;
  body: string;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  delivered: boolean;
  last_error: string | null;
}

export type PaymentOutcome = "paid" | "failed" | "requires_action";

/** The simulated payment provider's answers, chosen through the control API; sticky until changed. */
export interface PaymentProviderState {
  default_outcome: PaymentOutcome;
  /** Per customer id, overriding the default. */
  by_customer: Record<string, PaymentOutcome>;
}

export interface ClockState {
  /** Frozen instant, or null for real time. */
  frozen: number | null;
  /** Offset added to real time when not frozen. */
  offset_ms: number;
}

export interface SimState {
  schema: 1;
  scenario: string;
  seed: number;
  id_counter: number;
  request_counter: number;
  clock: ClockState;
  credit_types: CreditTypeRecord[];
  customers: CustomerRecord[];
  products: ProductRecord[];
  rate_cards: RateCardRecord[];
  contracts: ContractRecord[];
  alerts: AlertRecord[];
  alert_states: AlertStateRecord[];
  webhooks: WebhookRecord[];
  edit_keys: Record<string, string>;
  /** Answers kept for Idempotency-Key retries (absent in states saved before they were kept). */
  idempotency?: IdempotencyRecord[];
  /** Payment provider outcomes (absent in states saved before payments were simulated: every payment succeeds). */
  payments?: PaymentProviderState;
}

export function initialState(scenario: string, seed: number): SimState {
  return {
    schema: 1,
    scenario,
    seed,
    id_counter: 0,
    request_counter: 0,
    clock: { frozen: null, offset_ms: 0 },
    credit_types: [
      { id: USD_CENTS_ID, name: "USD (cents)", is_currency: true },
      { id: AI_CREDITS_ID, name: "AI credits", is_currency: false },
    ],
    customers: [],
    products: [],
    rate_cards: [],
    contracts: [],
    alerts: [],
    alert_states: [],
    webhooks: [],
    edit_keys: {},
  };
}
