/**
 * The impact preview (src/domain/preview.ts) against what the simulator then invoices and credits:
 * for each case, two identical simulators are built (scenario "empty", frozen clock), the edit is
 * applied to one, and the difference between them must equal what the preview said before the
 * edit was sent, exactly: subscription invoice lines per issue date (up to the start of the next
 * statement period, whose advance charge the preview gives as `recurring`), and granted credit
 * (segment starts and seat-based adjustments) per release instant, for every instant before the
 * next period and every later instant the preview names.
 */
import { describe, expect, it } from "vitest";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { ContractGetEditHistoryResponse } from "@metronome/sdk/resources/v2/contracts";
import type { UpdateSubscription } from "../../../domain/edit-validation";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import { previewSubscriptionChange, type SeatChangePreview } from "../../../domain/preview";
import type { QuantityHistory, SeatSegment } from "../../../domain/subscription";
import { createSimulator } from "../../../simulator/simulator";
import { strictCaller } from "../../../simulator/test-support";

const NOW = "2026-11-24T12:00:00.000Z";
const HORIZON = Date.parse("2026-12-01T00:00:00.000Z");
const USD = USD_CENTS_CREDIT_TYPE_ID;
const GRANTS = new Set(["CREDIT_SEGMENT_START", "CREDIT_SEAT_BASED_ADJUSTMENT"]);

type Json = Record<string, unknown>;
type Call = (path: string, body?: unknown, method?: "GET" | "POST") => Promise<Json>;

interface SubSetup {
  mode: "QUANTITY_ONLY" | "SEAT_BASED";
  collection?: "ADVANCE" | "ARREARS";
  isProrated?: boolean;
  behavior?: "BILL_IMMEDIATELY" | "BILL_ON_NEXT_COLLECTION_DATE";
  rounding?: { rounding_method: "HALF_UP" | "FLOOR" | "CEILING"; decimal_places: number };
  price?: number;
  initialQuantity?: number;
  seats?: string[];
  unassigned?: number;
  credit?: { allocation: "POOLED" | "INDIVIDUAL"; unitPrice: number; prorated: boolean };
  /** Edits applied before the one under test (already on the subscription). */
  history?: Array<Omit<UpdateSubscription, "subscription_id">>;
}

interface Built {
  call: Call;
  setClock: (iso: string) => Promise<void>;
  customerId: string;
  contractId: string;
  subscriptionId: string;
}

async function build(setup: SubSetup, now: string): Promise<Built> {
  const sim = await createSimulator({ scenario: "empty", now, tickSeconds: 0 });
  const call: Call = strictCaller(sim);
  const id = (r: Json) => (r.data as { id: string }).id;
  const product = id(await call("/v1/contract-pricing/products/create", { name: "Team Seat", type: "SUBSCRIPTION" }));
  const creditProduct = id(await call("/v1/contract-pricing/products/create", { name: "AI credits", type: "FIXED" }));
  const rateCard = id(await call("/v1/contract-pricing/rate-cards/create", { name: "Standard", fiat_credit_type_id: USD }));
  await call("/v1/contract-pricing/rate-cards/addRate", {
    rate_card_id: rateCard, product_id: product, starting_at: "2026-01-01T00:00:00.000Z", entitled: true, rate_type: "SUBSCRIPTION",
    price: setup.price ?? 3000, billing_frequency: "MONTHLY", credit_type_id: USD,
  });
  const types = (await call("/v1/credit-types/list", undefined, "GET")).data as Array<{ id: string; is_currency: boolean }>;
  const aiCredits = types.find((t) => !t.is_currency)?.id ?? USD;
  const customerId = id(await call("/v1/customers", { name: "Case Co", ingest_aliases: [`case-${Math.random()}`] }));
  const collection = setup.collection ?? "ADVANCE";
  const contractId = id(
    await call("/v1/contracts/create", {
      customer_id: customerId, name: "Case", starting_at: "2026-09-01T00:00:00.000Z", rate_card_id: rateCard,
      usage_statement_schedule: { frequency: "MONTHLY", day: "FIRST_OF_MONTH" },
      subscriptions: [{
        temporary_id: "sub", collection_schedule: collection,
        proration: {
          is_prorated: setup.isProrated ?? true,
          invoice_behavior: setup.behavior ?? (collection === "ARREARS" ? "BILL_ON_NEXT_COLLECTION_DATE" : "BILL_IMMEDIATELY"),
          ...(setup.rounding ? { rounding: setup.rounding } : {}),
        },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: product },
        quantity_management_mode: setup.mode,
        ...(setup.mode === "SEAT_BASED"
          ? { seat_config: { seat_group_key: "user_id", initial_seat_ids: setup.seats ?? [], initial_unassigned_seats: setup.unassigned ?? 0 } }
          : { initial_quantity: setup.initialQuantity ?? 10 }),
      }],
      ...(setup.credit
        ? {
            recurring_credits: [{
              product_id: creditProduct, name: "AI credits", priority: 1, starting_at: "2026-09-01T00:00:00.000Z",
              access_amount: { credit_type_id: aiCredits, unit_price: setup.credit.unitPrice }, commit_duration: { value: 1, unit: "PERIODS" },
              subscription_config: { subscription_id: "sub", allocation: setup.credit.allocation, apply_seat_increase_config: { is_prorated: setup.credit.prorated } },
            }],
          }
        : {}),
    }),
  );
  const contract = (await call("/v2/contracts/get", { customer_id: customerId, contract_id: contractId })).data as ContractV2;
  const subscriptionId = contract.subscriptions?.[0]?.id ?? "";
  for (const update of setup.history ?? []) {
    await call("/v2/contracts/edit", { customer_id: customerId, contract_id: contractId, update_subscriptions: [{ subscription_id: subscriptionId, ...update }] });
  }
  return {
    call,
    setClock: async (iso) => {
      await call("/_simulator/clock", { now: iso });
    },
    customerId,
    contractId,
    subscriptionId,
  };
}

interface State {
  contract: ContractV2;
  history: QuantityHistory;
  segments: SeatSegment[] | null;
  edits: ContractGetEditHistoryResponse["data"];
}

async function readState(b: Built): Promise<State> {
  const key = { customer_id: b.customerId, contract_id: b.contractId };
  const contract = (await b.call("/v2/contracts/get", key)).data as ContractV2;
  const edits = (await b.call("/v2/contracts/getEditHistory", key)).data as ContractGetEditHistoryResponse["data"];
  const history = (await b.call("/v1/contracts/getSubscriptionQuantityHistory", { ...key, subscription_id: b.subscriptionId })).data as QuantityHistory;
  const seatBased = String(contract.subscriptions?.[0]?.quantity_management_mode).toUpperCase() === "SEAT_BASED";
  if (!seatBased) return { contract, history, segments: null, edits };
  const segments: SeatSegment[] = [];
  let cursor: string | null = null;
  do {
    const page = (await b.call("/v1/contracts/getSubscriptionSeatsHistory", { ...key, subscription_id: b.subscriptionId, limit: 10, ...(cursor ? { cursor } : {}) })) as {
      data: SeatSegment[];
      next_page: string | null;
    };
    segments.push(...page.data);
    cursor = page.next_page;
  } while (cursor);
  return { contract, history, segments, edits };
}

/** Subscription invoice line totals per issue date (ms), up to the horizon. */
async function chargesByIssue(b: Built): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  let next: string | null = null;
  do {
    const page = (await b.call(`/v1/customers/${b.customerId}/invoices?limit=100${next ? `&next_page=${next}` : ""}`, undefined, "GET")) as {
      data: Array<{ issued_at: string; line_items: Array<{ type: string; total: number }> }>;
      next_page: string | null;
    };
    for (const inv of page.data) {
      const t = Date.parse(inv.issued_at);
      if (t > HORIZON) continue;
      const sum = inv.line_items.filter((l) => l.type === "subscription").reduce((s, l) => s + l.total, 0);
      out.set(t, (out.get(t) ?? 0) + sum);
    }
    next = page.next_page;
  } while (next);
  return out;
}

/** Credit granted (segment starts and seat-increase adjustments) per credit type and release instant (ms). */
async function grantsByRelease(b: Built): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let next: string | null = null;
  do {
    const page = (await b.call("/v1/contracts/customerBalances/list", {
      customer_id: b.customerId, include_contract_balances: true, include_ledgers: true, limit: 25, ...(next ? { next_page: next } : {}),
    })) as { data: Array<{ access_schedule?: { credit_type?: { id: string } }; ledger?: Array<{ type: string; amount: number; timestamp: string }> }>; next_page: string | null };
    for (const credit of page.data) {
      const type = credit.access_schedule?.credit_type?.id ?? "?";
      for (const e of credit.ledger ?? []) {
        if (!GRANTS.has(e.type)) continue;
        const key = `${type} ${e.timestamp}`;
        out.set(key, (out.get(key) ?? 0) + e.amount);
      }
    }
    next = page.next_page;
  } while (next);
  return out;
}

/** What the preview says each release instant gains, per credit type. */
function expectedGrants(preview: SeatChangePreview): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of preview.credits) {
    const key = `${r.credit_type_id} ${new Date(Date.parse(r.at)).toISOString()}`;
    out.set(key, (out.get(key) ?? 0) + r.amount);
  }
  return out;
}

/** What the preview says the invoices gain, per issue date up to the horizon (the next period's base charge included). */
function expectedCharges(preview: SeatChangePreview, collection: "ADVANCE" | "ARREARS"): Map<number, number> {
  const out = new Map<number, number>();
  const seen = new Set<string>();
  for (const line of [...preview.charges, ...preview.reductions]) {
    seen.add(`${line.kind}|${line.service_period.starting_at}`);
    const t = Date.parse(line.issued_at);
    if (t <= HORIZON) out.set(t, (out.get(t) ?? 0) + line.amount);
  }
  const r = preview.recurring;
  if (r && collection === "ADVANCE" && !seen.has(`period_start|${r.from}`) && Date.parse(r.from) <= HORIZON) {
    const t = Date.parse(r.from);
    out.set(t, (out.get(t) ?? 0) + r.amount_after - r.amount_before);
  }
  return out;
}

function diff(after: Map<number | string, number>, before: Map<number | string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of new Set([...after.keys(), ...before.keys()])) {
    const d = (after.get(key) ?? 0) - (before.get(key) ?? 0);
    if (Math.abs(d) > 1e-6) out[typeof key === "number" ? new Date(key).toISOString() : key] = Math.round(d * 1e6) / 1e6;
  }
  return out;
}

function rounded(m: Map<number | string, number>): Record<string, number> {
  return diff(m, new Map());
}

interface Case {
  name: string;
  setup: SubSetup;
  update: Omit<UpdateSubscription, "subscription_id">;
  /** When the edit is sent (default NOW). */
  sentAt?: string;
  /** The preview must show a charge (guards against comparing two zeros). */
  charges?: boolean;
  credits?: boolean;
}

const H = (iso: string) => `2026-${iso}:00:00.000Z`;
const seatsOf = (n: number) => Array.from({ length: n }, (_, i) => `seat-${i + 1}@case.example`);

const cases: Case[] = [
  { name: "quantity +2 now, advance, prorated, billed immediately", setup: { mode: "QUANTITY_ONLY" }, update: { quantity_updates: [{ starting_at: NOW, quantity_delta: 2 }] }, charges: true },
  { name: "quantity set 15 now, billed on the next collection date", setup: { mode: "QUANTITY_ONLY", behavior: "BILL_ON_NEXT_COLLECTION_DATE" }, update: { quantity_updates: [{ starting_at: NOW, quantity: 15 }] }, charges: true },
  { name: "quantity +3 now, not prorated", setup: { mode: "QUANTITY_ONLY", isProrated: false }, update: { quantity_updates: [{ starting_at: NOW, quantity_delta: 3 }] }, charges: true },
  { name: "quantity +1 now, arrears", setup: { mode: "QUANTITY_ONLY", collection: "ARREARS" }, update: { quantity_updates: [{ starting_at: NOW, quantity_delta: 1 }] }, charges: true },
  { name: "quantity −4 now (no refund)", setup: { mode: "QUANTITY_ONLY" }, update: { quantity_updates: [{ starting_at: NOW, quantity_delta: -4 }] } },
  { name: "quantity at the next period start", setup: { mode: "QUANTITY_ONLY" }, update: { quantity_updates: [{ starting_at: H("12-01T00"), quantity: 12 }] }, charges: true },
  { name: "quantity later this period", setup: { mode: "QUANTITY_ONLY", price: 2999 }, update: { quantity_updates: [{ starting_at: H("11-27T08"), quantity_delta: 5 }] }, charges: true },
  {
    name: "quantity: several changes in one submission, in order",
    setup: { mode: "QUANTITY_ONLY" },
    update: { quantity_updates: [{ starting_at: NOW, quantity: 14 }, { starting_at: NOW, quantity_delta: -1 }, { starting_at: H("11-28T00"), quantity_delta: 4 }] },
    charges: true,
  },
  {
    name: "quantity back-dated into the current period",
    setup: { mode: "QUANTITY_ONLY" },
    update: { quantity_updates: [{ starting_at: H("11-10T00"), quantity_delta: 2 }] },
    charges: true,
  },
  {
    name: "quantity, rounding HALF_UP to dollars",
    setup: { mode: "QUANTITY_ONLY", price: 2999, rounding: { rounding_method: "HALF_UP", decimal_places: -2 } },
    update: { quantity_updates: [{ starting_at: NOW, quantity_delta: 3 }] },
    charges: true,
  },
  {
    name: "quantity, rounding FLOOR to cents",
    setup: { mode: "QUANTITY_ONLY", price: 2999, rounding: { rounding_method: "FLOOR", decimal_places: 0 } },
    update: { quantity_updates: [{ starting_at: H("11-25T05"), quantity_delta: 1 }] },
    charges: true,
  },
  {
    name: "quantity with a pooled prorated credit",
    setup: { mode: "QUANTITY_ONLY", credit: { allocation: "POOLED", unitPrice: 500, prorated: true } },
    update: { quantity_updates: [{ starting_at: NOW, quantity_delta: 4 }] },
    charges: true,
    credits: true,
  },
  {
    name: "quantity with a pooled unprorated credit, set total",
    setup: { mode: "QUANTITY_ONLY", credit: { allocation: "POOLED", unitPrice: 1000, prorated: false } },
    update: { quantity_updates: [{ starting_at: NOW, quantity: 13 }] },
    charges: true,
    credits: true,
  },
  {
    name: "quantity with a scheduled change already on it",
    setup: { mode: "QUANTITY_ONLY", history: [{ quantity_updates: [{ starting_at: H("11-28T00"), quantity_delta: 5 }] }], credit: { allocation: "POOLED", unitPrice: 100, prorated: true } },
    update: { quantity_updates: [{ starting_at: NOW, quantity_delta: 2 }] },
    charges: true,
    credits: true,
  },
  {
    name: "quantity with a scheduled total already on it (the edit history tells it from a delta)",
    setup: { mode: "QUANTITY_ONLY", behavior: "BILL_ON_NEXT_COLLECTION_DATE", history: [{ quantity_updates: [{ starting_at: H("11-28T00"), quantity: 15 }] }] },
    update: { quantity_updates: [{ starting_at: H("11-26T00"), quantity_delta: 3 }] },
    charges: true,
  },
  {
    name: "seats: add two IDs now, individual prorated credits",
    setup: { mode: "SEAT_BASED", seats: seatsOf(3), credit: { allocation: "INDIVIDUAL", unitPrice: 1000, prorated: true } },
    update: { seat_updates: { add_seat_ids: [{ seat_ids: ["dave@case.example", "erin@case.example"], starting_at: NOW }] } },
    charges: true,
    credits: true,
  },
  {
    name: "seats: an ID fills an unassigned seat (no charge, credit released)",
    setup: { mode: "SEAT_BASED", seats: seatsOf(3), unassigned: 1, credit: { allocation: "INDIVIDUAL", unitPrice: 1000, prorated: true } },
    update: { seat_updates: { add_seat_ids: [{ seat_ids: ["dave@case.example"], starting_at: NOW }] } },
    credits: true,
  },
  {
    name: "seats: add unassigned seats, billed on the next collection date",
    setup: { mode: "SEAT_BASED", seats: seatsOf(2), behavior: "BILL_ON_NEXT_COLLECTION_DATE", credit: { allocation: "INDIVIDUAL", unitPrice: 1000, prorated: true } },
    update: { seat_updates: { add_unassigned_seats: [{ quantity: 3, starting_at: NOW }] } },
    charges: true,
  },
  {
    name: "seats: remove an ID (decrease, no refund)",
    setup: { mode: "SEAT_BASED", seats: seatsOf(4), credit: { allocation: "INDIVIDUAL", unitPrice: 1000, prorated: true } },
    update: { seat_updates: { remove_seat_ids: [{ seat_ids: ["seat-2@case.example"], starting_at: NOW }] } },
  },
  {
    name: "seats: reassign a seat to someone else",
    setup: { mode: "SEAT_BASED", seats: seatsOf(4), credit: { allocation: "INDIVIDUAL", unitPrice: 1000, prorated: false } },
    update: {
      seat_updates: {
        remove_seat_ids: [{ seat_ids: ["seat-1@case.example"], starting_at: NOW }],
        add_seat_ids: [{ seat_ids: ["new@case.example"], starting_at: NOW }],
      },
    },
    credits: true,
  },
  {
    name: "seats: reassign keeping the seat unassigned",
    setup: { mode: "SEAT_BASED", seats: seatsOf(4), credit: { allocation: "INDIVIDUAL", unitPrice: 1000, prorated: true } },
    update: {
      seat_updates: { remove_seat_ids: [{ seat_ids: ["seat-1@case.example"], starting_at: NOW }], add_unassigned_seats: [{ quantity: 1, starting_at: NOW }] },
    },
  },
  {
    name: "seats: add IDs at the next period, pooled credit on a seat-based subscription",
    setup: { mode: "SEAT_BASED", seats: seatsOf(3), unassigned: 1, credit: { allocation: "POOLED", unitPrice: 200, prorated: true } },
    update: { seat_updates: { add_seat_ids: [{ seat_ids: ["a@case.example", "b@case.example", "c@case.example"], starting_at: H("12-01T00") }] } },
    charges: true,
    credits: true,
  },
  {
    name: "seats: arrears, add an ID later this period",
    setup: { mode: "SEAT_BASED", seats: seatsOf(2), collection: "ARREARS", credit: { allocation: "INDIVIDUAL", unitPrice: 300, prorated: true } },
    update: { seat_updates: { add_seat_ids: [{ seat_ids: ["late@case.example"], starting_at: H("11-29T17") }] } },
    charges: true,
    credits: true,
  },
  {
    name: "seats: back-dated addition, not prorated",
    setup: { mode: "SEAT_BASED", seats: seatsOf(2), isProrated: false, credit: { allocation: "INDIVIDUAL", unitPrice: 1000, prorated: false } },
    update: { seat_updates: { add_seat_ids: [{ seat_ids: ["early@case.example"], starting_at: H("11-05T00") }] } },
    charges: true,
    credits: true,
  },
  {
    name: "seats: remove unassigned and add IDs in one submission",
    setup: { mode: "SEAT_BASED", seats: seatsOf(2), unassigned: 2, credit: { allocation: "INDIVIDUAL", unitPrice: 1000, prorated: true } },
    update: {
      seat_updates: {
        remove_unassigned_seats: [{ quantity: 2, starting_at: NOW }],
        add_seat_ids: [{ seat_ids: ["x@case.example", "y@case.example", "z@case.example"], starting_at: NOW }],
      },
    },
    charges: true,
    credits: true,
  },
  {
    name: "quantity back-dated into a closed period: the difference for October and November billed when sent",
    setup: { mode: "QUANTITY_ONLY", credit: { allocation: "POOLED", unitPrice: 500, prorated: true } },
    update: { quantity_updates: [{ starting_at: H("10-15T00"), quantity_delta: 2 }] },
    charges: true,
    credits: true,
  },
  {
    name: "quantity back-dated into a closed period, billed on the next collection date",
    setup: { mode: "QUANTITY_ONLY", behavior: "BILL_ON_NEXT_COLLECTION_DATE", price: 2999, rounding: { rounding_method: "CEILING", decimal_places: -2 } },
    update: { quantity_updates: [{ starting_at: H("10-20T06"), quantity: 13 }] },
    charges: true,
  },
  {
    name: "quantity back-dated decrease into a closed period changes nothing invoiced",
    setup: { mode: "QUANTITY_ONLY" },
    update: { quantity_updates: [{ starting_at: H("10-15T00"), quantity_delta: -3 }] },
  },
  {
    name: "quantity at the current hour, sent 34 minutes into it: billed when sent",
    setup: { mode: "QUANTITY_ONLY", credit: { allocation: "POOLED", unitPrice: 100, prorated: true } },
    sentAt: "2026-11-24T12:34:00.000Z",
    update: { quantity_updates: [{ starting_at: NOW, quantity_delta: 1 }] },
    charges: true,
    credits: true,
  },
  {
    name: "seats: two IDs now while two others are scheduled to join next period",
    setup: {
      mode: "SEAT_BASED", seats: seatsOf(3), credit: { allocation: "INDIVIDUAL", unitPrice: 1000, prorated: true },
      history: [{ seat_updates: { add_seat_ids: [{ seat_ids: ["j1@case.example", "j2@case.example"], starting_at: H("12-01T00") }] } }],
    },
    update: { seat_updates: { add_seat_ids: [{ seat_ids: ["dave@case.example", "erin@case.example"], starting_at: NOW }] } },
    charges: true,
    credits: true,
  },
  {
    name: "seats: back-dated before the period start, individual prorated credits",
    setup: { mode: "SEAT_BASED", seats: seatsOf(3), credit: { allocation: "INDIVIDUAL", unitPrice: 1000, prorated: true } },
    update: { seat_updates: { add_seat_ids: [{ seat_ids: ["october@case.example"], starting_at: H("10-25T00") }] } },
    charges: true,
    credits: true,
  },
];

describe("the impact preview matches what the simulator invoices and credits", () => {
  it("has at least 20 cases", () => expect(cases.length).toBeGreaterThanOrEqual(20));

  for (const c of cases) {
    it(c.name, async () => {
      const sentAt = c.sentAt ?? NOW;
      const baseline = await build(c.setup, sentAt);
      const edited = await build(c.setup, sentAt);
      const state = await readState(edited);
      const update = { subscription_id: edited.subscriptionId, ...c.update } as UpdateSubscription;
      const preview = previewSubscriptionChange({
        contract: state.contract,
        update,
        now: sentAt,
        quantityHistory: state.history,
        seatsHistory: state.segments,
        editHistory: state.edits,
      });
      expect(preview.issues.filter((i) => i.severity === "error")).toEqual([]);
      if (c.charges) expect(preview.total_charge).toBeGreaterThan(0);
      if (c.credits) expect(Object.values(preview.credit_totals).some((v) => v > 0)).toBe(true);

      await edited.call("/v2/contracts/edit", { customer_id: edited.customerId, contract_id: edited.contractId, update_subscriptions: [{ ...update }] });

      // Charges: per issue date, exactly, up to the start of the next statement period.
      const actualCharges = diff(await chargesByIssue(edited), await chargesByIssue(baseline));
      expect(actualCharges).toEqual(rounded(expectedCharges(preview, c.setup.collection ?? "ADVANCE")));

      // Credits: per release instant, exactly, before the next period and at every later instant the preview names.
      const named = new Set(preview.credits.map((r) => new Date(Date.parse(r.at)).toISOString()));
      const last = Math.max(HORIZON, ...preview.credits.map((r) => Date.parse(r.at)));
      const clock = new Date(last + 3_600_000).toISOString();
      await baseline.setClock(clock);
      await edited.setClock(clock);
      const compared = (key: string) => {
        const at = key.slice(key.indexOf(" ") + 1);
        return Date.parse(at) < HORIZON || named.has(at);
      };
      const pick = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([k]) => compared(k)));
      expect(pick(diff(await grantsByRelease(edited), await grantsByRelease(baseline)))).toEqual(pick(rounded(expectedGrants(preview))));
    });
  }
});
