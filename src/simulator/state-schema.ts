/**
 * The persisted simulator state as a zod schema, mirroring the records of ./state.ts field by field.
 * A stored state is checked whole before the simulator is built on it, so a damaged or foreign file
 * is refused at start with the first few problems named, instead of failing inside the engine later.
 *
 * JSON drops `undefined`, so a field typed `T | undefined` may be absent: those are `.optional()`.
 * A compile-time check below keeps this schema and the types of ./state.ts the same shape.
 * Isomorphic (no Node imports): the simulator core loads state through it.
 */
import { z } from "zod";
import type { ContractRecord, SimState } from "./state";

const frequency = z.enum(["MONTHLY", "QUARTERLY", "ANNUAL", "WEEKLY"]);
const int = () => z.number().int();
const instant = () => z.number();
const stringMap = () => z.record(z.string(), z.string());

const creditType = z.object({ id: z.string(), name: z.string(), is_currency: z.boolean() });

const customer = z.object({
  id: z.string(),
  name: z.string(),
  external_id: z.string(),
  ingest_aliases: z.array(z.string()),
  custom_fields: stringMap(),
  created_at: instant(),
  updated_at: instant(),
  archived_at: instant().nullable(),
});

const product = z.object({ id: z.string(), name: z.string(), type: z.string(), created_at: instant() });

const rate = z.object({
  product_id: z.string(),
  starting_at: instant(),
  ending_before: instant().nullable(),
  entitled: z.boolean(),
  rate_type: z.string(),
  price: z.number(),
  billing_frequency: frequency.nullable(),
  credit_type_id: z.string(),
});

const rateCard = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  fiat_credit_type_id: z.string(),
  rates: z.array(rate),
  credit_type_conversions: z.array(z.object({ custom_credit_type_id: z.string(), fiat_per_custom_credit: z.number() })).optional(),
  created_at: instant(),
});

const subscriptionEvent = z.object({
  at: instant(),
  request: int(),
  rank: int(),
  index: int(),
  submitted_at: instant(),
  op: z.enum(["set", "delta", "remove_seat_ids", "remove_unassigned_seats", "add_unassigned_seats", "add_seat_ids", "initial"]),
  value: z.number().optional(),
  seat_ids: z.array(z.string()).optional(),
});

const rounding = z.object({ rounding_method: z.enum(["HALF_UP", "FLOOR", "CEILING"]), decimal_places: int() });

const subscription = z.object({
  id: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  custom_fields: stringMap().optional(),
  product_id: z.string(),
  product_name: z.string(),
  billing_frequency: frequency,
  collection_schedule: z.enum(["ADVANCE", "ARREARS"]),
  proration: z.object({
    is_prorated: z.boolean(),
    invoice_behavior: z.enum(["BILL_IMMEDIATELY", "BILL_ON_NEXT_COLLECTION_DATE"]),
    rounding: rounding.optional(),
  }),
  quantity_management_mode: z.enum(["QUANTITY_ONLY", "SEAT_BASED"]),
  seat_based_from: instant().nullable(),
  seat_group_key: z.string().optional(),
  starting_at: instant(),
  ending_before: instant().nullable(),
  billing_cycle_config: z.object({ anchor_date: instant(), invoice_placement: z.enum(["ON_SCHEDULED_INVOICE", "ON_USAGE_INVOICE"]) }),
  fiat_credit_type_id: z.string(),
  initial_quantity: z.number(),
  initial_seat_ids: z.array(z.string()),
  events: z.array(subscriptionEvent),
  created_at: instant(),
});

const specifier = z.object({
  product_id: z.string().optional(),
  product_tags: z.array(z.string()).optional(),
  presentation_group_values: stringMap().optional(),
  pricing_group_values: stringMap().optional(),
});

const applicability = {
  applicable_product_ids: z.array(z.string()).optional(),
  applicable_product_tags: z.array(z.string()).optional(),
  specifiers: z.array(specifier).optional(),
};

const recurringCredit = z.object({
  ...applicability,
  id: z.string(),
  product_id: z.string(),
  product_name: z.string(),
  name: z.string().optional(),
  credit_type_id: z.string(),
  unit_price: z.number(),
  quantity: z.number().optional(),
  commit_duration: z.number(),
  priority: z.number(),
  rate_type: z.enum(["COMMIT_RATE", "LIST_RATE"]),
  starting_at: instant(),
  ending_before: instant().nullable(),
  recurrence_frequency: z.enum(["MONTHLY", "QUARTERLY", "ANNUAL", "WEEKLY", "DAILY"]).optional(),
  proration: z.enum(["NONE", "FIRST", "LAST", "FIRST_AND_LAST"]),
  proration_rounding: rounding.optional(),
  subscription: z.object({ subscription_id: z.string(), allocation: z.enum(["POOLED", "INDIVIDUAL"]), is_prorated: z.boolean() }).optional(),
  created_at: instant(),
});

const recurringCommit = recurringCredit.extend({
  invoice_amount: z.object({ credit_type_id: z.string(), unit_price: z.number(), quantity: z.number() }).optional(),
  invoice_rounding: rounding.optional(),
});

const paymentGateConfig = z.object({
  payment_gate_type: z.enum(["NONE", "STRIPE", "EXTERNAL"]),
  tax_type: z.enum(["NONE", "STRIPE", "ANROK", "PRECALCULATED"]).optional(),
  stripe_config: z.object({ payment_type: z.enum(["INVOICE", "PAYMENT_INTENT"]), invoice_metadata: stringMap().optional() }).optional(),
  precalculated_tax_config: z.object({ tax_amount: z.number(), tax_name: z.string().optional() }).optional(),
});

const paymentGate = z.object({
  config: paymentGateConfig,
  workflow_type: z.enum(["manual_commit", "spend"]),
  workflow_id: z.string(),
  invoice_id: z.string(),
  status: z.enum(["pending", "paid", "failed"]),
  pending_reason: z.enum(["requires_action", "external"]).optional(),
  attempted_at: instant(),
  resolved_at: instant().nullable(),
  error_message: z.string().optional(),
});

const thresholdConfig = z.object({
  commit: z.object({
    ...applicability,
    product_id: z.string(),
    name: z.string().optional(),
    description: z.string().optional(),
    priority: z.number().optional(),
  }),
  is_enabled: z.boolean(),
  payment_gate_config: paymentGateConfig,
  threshold_amount: z.number(),
  recharge_to_amount: z.number(),
  custom_credit_type_id: z.string().optional(),
  discount_payment_fraction: z.number().optional(),
  threshold_balance_specifiers: z
    .array(
      z.object({
        exclude: z.array(
          z.object({
            custom_field_filters: z.array(
              z.object({ entity: z.enum(["Commit", "ContractCredit", "ContractCreditOrCommit"]), key: z.string(), value: z.string() }),
            ),
          }),
        ),
      }),
    )
    .optional(),
  evaluated_through: instant(),
});

const commit = z.object({
  ...applicability,
  id: z.string(),
  type: z.enum(["PREPAID", "POSTPAID", "CREDIT"]),
  product_id: z.string(),
  product_name: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  priority: z.number(),
  rate_type: z.enum(["COMMIT_RATE", "LIST_RATE"]),
  credit_type_id: z.string(),
  access_schedule: z.array(z.object({ id: z.string(), amount: z.number(), starting_at: instant(), ending_before: instant() })),
  invoice_schedule: z
    .object({
      credit_type_id: z.string(),
      do_not_invoice: z.boolean(),
      items: z.array(z.object({ id: z.string(), timestamp: instant(), unit_price: z.number(), quantity: z.number(), amount: z.number() })),
    })
    .optional(),
  custom_fields: stringMap().optional(),
  rollover_fraction: z.number().optional(),
  payment_gate: paymentGate.optional(),
  created_at: instant(),
});

const dailyUsage = z.object({ credit_type_id: z.string(), amount: z.number(), product_id: z.string().optional(), per_seat: z.boolean().optional() });

const manualEntry = z.object({
  credit_id: z.string(),
  segment_id: z.string(),
  amount: z.number(),
  reason: z.string(),
  timestamp: instant(),
  per_group_amounts: z.record(z.string(), z.number()).optional(),
  created_at: instant(),
});

const edit = z.object({ id: z.string(), timestamp: instant(), uniqueness_key: z.string().optional(), echo: z.record(z.string(), z.unknown()) });

const contract = z.object({
  id: z.string(),
  customer_id: z.string(),
  name: z.string().optional(),
  starting_at: instant(),
  ending_before: instant().nullable(),
  created_at: instant(),
  rate_card_id: z.string().optional(),
  usage_statement_schedule: z.object({ frequency, billing_anchor_date: instant() }),
  custom_fields: stringMap().optional(),
  uniqueness_key: z.string().optional(),
  archived_at: instant().nullable(),
  subscriptions: z.array(subscription),
  recurring_credits: z.array(recurringCredit),
  // Added after the first saved states: a state without them loads with none.
  recurring_commits: z.array(recurringCommit).default([]),
  commits: z.array(commit).default([]),
  credits: z.array(commit).default([]),
  edits: z.array(edit),
  manual_entries: z.array(manualEntry),
  usage: z.object({ seed: z.number(), intensity: z.number(), daily: z.array(dailyUsage).optional() }).optional(),
  prepaid_balance_threshold: thresholdConfig.optional(),
  version: int(),
});

const alert = z.object({
  id: z.string(),
  name: z.string(),
  alert_type: z.string(),
  threshold: z.number(),
  credit_type_id: z.string(),
  customer_id: z.string().optional(),
  seat_filter: z.object({ seat_group_key: z.string(), seat_group_value: z.string().optional() }).optional(),
  alert_specifiers: z.array(z.unknown()).optional(),
  custom_field_filters: z.array(z.unknown()).optional(),
  uniqueness_key: z.string().optional(),
  uniqueness_key_released: z.boolean(),
  evaluate_on_create: z.boolean(),
  status: z.enum(["enabled", "archived"]),
  created_at: instant(),
  updated_at: instant(),
});

const alertState = z.object({
  alert_id: z.string(),
  customer_id: z.string(),
  seat: z.string(),
  status: z.enum(["ok", "in_alarm", "evaluating"]),
  updated_at: instant(),
  triggered_by: z.string().nullable(),
  baseline: z.number().optional(),
});

const idempotencyRecord = z.object({ id: z.string(), fingerprint: z.string(), status: int(), body: z.string(), stored_at: instant() });

const webhook = z.object({
  id: z.string(),
  body: z.string(),
  attempts: int(),
  next_attempt_at: instant(),
  created_at: instant(),
  delivered: z.boolean(),
  last_error: z.string().nullable(),
});

export const simStateSchema = z.object({
  schema: z.literal(1),
  scenario: z.string(),
  seed: z.number(),
  id_counter: int(),
  request_counter: int(),
  clock: z.object({ frozen: instant().nullable(), offset_ms: z.number() }),
  credit_types: z.array(creditType),
  customers: z.array(customer),
  products: z.array(product),
  rate_cards: z.array(rateCard),
  contracts: z.array(contract),
  alerts: z.array(alert),
  alert_states: z.array(alertState),
  webhooks: z.array(webhook),
  edit_keys: stringMap(),
  idempotency: z.array(idempotencyRecord).optional(),
  payments: z
    .object({
      default_outcome: z.enum(["paid", "failed", "requires_action"]),
      by_customer: z.record(z.string(), z.enum(["paid", "failed", "requires_action"])),
    })
    .optional(),
});

/** A type as stored in JSON: keys whose value may be `undefined` become optional keys. */
type Stored<T> = T extends readonly (infer U)[]
  ? Stored<U>[]
  : T extends object
    ? { [K in keyof T as undefined extends T[K] ? K : never]?: Stored<Exclude<T[K], undefined>> } & {
        [K in keyof T as undefined extends T[K] ? never : K]: Stored<T[K]>;
      }
    : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the schema and SimState (./state.ts) drift apart: update both together. */
const schemaMatchesState: Same<z.output<typeof simStateSchema>, Stored<SimState>> = true;
void schemaMatchesState;

/** How many problems an error names before "and N more". */
const SHOWN_PROBLEMS = 5;
const WHAT_TO_DO = "It was left untouched: restore a backup or delete it to start from the scenario.";

function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value;
}

const EXPECTED: Record<string, string> = { array: "an array", object: "an object", record: "an object", number: "a number", int: "an integer", string: "a string", boolean: "a boolean" };

/** Lists what is wrong with a parsed state (empty when it matches the schema), each with its path. */
export function simStateProblems(value: unknown): string[] {
  const result = simStateSchema.safeParse(value, {
    error: (issue) => {
      if ((issue.code === "invalid_type" || issue.code === "invalid_value") && issue.input === undefined) return "required";
      if (issue.code === "invalid_type") {
        return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${kindOf(issue.input)}`;
      }
      if (issue.code === "invalid_value") {
        const options = issue.values.map((v) => JSON.stringify(v)).join(", ");
        return `expected ${issue.values.length === 1 ? options : `one of ${options}`}, got ${kindOf(issue.input)}`;
      }
      return undefined;
    },
  });
  if (result.success) return [];
  return result.error.issues.map((issue) => `${pathText(issue.path) || "top level"}: ${issue.message}`);
}

/**
 * Parses and checks a stored state. `source` names where it came from (a file path) in the errors;
 * the returned state is the parsed JSON itself (unknown extra fields kept, nothing rewritten except
 * that collections added since the state was saved are filled in empty).
 */
export function parseSimState(text: string, source: string | undefined): SimState {
  const subject = source ?? "The stored simulator state";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${subject} is corrupt (not JSON: ${err instanceof Error ? err.message : String(err)}). ${WHAT_TO_DO}`, { cause: err });
  }
  const problems = simStateProblems(value);
  if (problems.length > 0) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).join("; ");
    const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : "";
    throw new Error(`${subject} is not a valid simulator state: ${shown}${more}. ${WHAT_TO_DO}`);
  }
  const state = value as SimState;
  addMissingCollections(state);
  return state;
}

/** Collections added to contracts after states were first saved: a contract stored without them has none. */
function addMissingCollections(state: SimState): void {
  for (const contract of state.contracts) {
    const stored: Partial<Pick<ContractRecord, "recurring_commits" | "commits" | "credits">> = contract;
    contract.recurring_commits = stored.recurring_commits ?? [];
    contract.commits = stored.commits ?? [];
    contract.credits = stored.credits ?? [];
  }
}
