import { describe, expect, it } from "vitest";
import { USD_CENTS_CREDIT_TYPE_ID } from "./money";
import { previewRecord, previewSubscriptionChange, type SeatChangePreviewInput } from "./preview";
import {
  AI_CREDITS,
  CREDIT_ID,
  SUB_ID,
  aiCredit,
  initialSegments,
  quantityHistory,
  teamContract,
  type SubscriptionOverrides,
} from "./test-fixtures";
import type { SeatSegment } from "./subscription";

const D01 = "2025-06-01T00:00:00.000Z";
const D16 = "2025-06-16T00:00:00.000Z";
const D20 = "2025-06-20T00:00:00.000Z";
const JULY = "2025-07-01T00:00:00.000Z";
const addDaveErin = { add_seat_ids: [{ seat_ids: ["dave@acme.com", "erin@acme.com"], starting_at: D16 }] };

/** The worked example before the June 16 edit, with the seat change given. */
function seatInput(
  seatUpdates: SeatChangePreviewInput["update"]["seat_updates"],
  sub: SubscriptionOverrides = {},
  extra: Partial<SeatChangePreviewInput> = {},
): SeatChangePreviewInput {
  return {
    contract: teamContract(sub),
    update: { subscription_id: SUB_ID, seat_updates: seatUpdates },
    now: D16,
    quantityHistory: quantityHistory([[D01, 4]]),
    seatsHistory: initialSegments(),
    ...extra,
  };
}

const chargeRows = (p: ReturnType<typeof previewSubscriptionChange>) =>
  p.charges.map((c) => [c.quantity, c.prorated_unit_price, c.amount, c.issued_at.slice(0, 10), c.billed, c.is_prorated]);
const creditRows = (p: ReturnType<typeof previewSubscriptionChange>) => p.credits.map((c) => [c.seat_id ?? c.quantity, c.amount, c.at.slice(0, 10)]);

describe("previewSubscriptionChange — worked example §8", () => {
  it("June 16, add dave and erin: dave fills the unassigned seat, erin costs 1500 now, each gets 500 credits", () => {
    const p = previewSubscriptionChange(seatInput(addDaveErin));
    expect(p.ok).toBe(true);
    expect(p.issues).toEqual([]);
    expect(chargeRows(p)).toEqual([[1, 1500, 1500, "2025-06-16", "immediately", true]]);
    expect(p.charges[0]).toMatchObject({
      kind: "increase",
      unit_price: 3000,
      service_period: { starting_at: D16, ending_before: JULY },
    });
    expect(p.total_charge).toBe(1500);
    expect(p.fiat_credit_type_id).toBe(USD_CENTS_CREDIT_TYPE_ID);
    expect(creditRows(p)).toEqual([
      ["dave@acme.com", 500, "2025-06-16"],
      ["erin@acme.com", 500, "2025-06-16"],
    ]);
    expect(p.credits[0]).toMatchObject({ recurring_credit_id: CREDIT_ID, credit_type_id: AI_CREDITS, allocation: "INDIVIDUAL", kind: "seat_increase" });
    expect(p.credit_totals).toEqual({ [AI_CREDITS]: 1000 });
    // Schedules start at the step covering min(now, the change).
    expect(p.before.map((s) => [s.starting_at, s.ending_before, s.total, s.assigned, s.unassigned])).toEqual([[D01, null, 4, 3, 1]]);
    expect(p.after.map((s) => [s.starting_at, s.ending_before, s.total, s.assigned, s.unassigned])).toEqual([[D16, null, 5, 5, 0]]);
    expect(p.changes).toEqual([
      {
        starting_at: D16,
        ending_before: null,
        total_before: 4,
        total_after: 5,
        seats_added: ["dave@acme.com", "erin@acme.com"],
        seats_removed: [],
      },
    ]);
    expect(p.recurring).toEqual({ from: JULY, quantity_before: 4, quantity_after: 5, amount_before: 12000, amount_after: 15000 });
    expect(p.notes).toContain("dave@acme.com fills an unassigned seat on June 16, 2025: no extra charge.");
    expect(p.effective_at).toBe(D16);
    expect(p.backdated).toBe(false);
    expect(p.summary).toBe("4 → 5 seats from June 16, 2025; adds dave@acme.com and erin@acme.com");
  });

  it("BILL_ON_NEXT_COLLECTION_DATE issues the 1500 on July 1", () => {
    const p = previewSubscriptionChange(seatInput(addDaveErin, { proration: { is_prorated: true, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" } }));
    expect(chargeRows(p)).toEqual([[1, 1500, 1500, "2025-07-01", "next_collection_date", true]]);
  });

  it("is_prorated false charges 3000; unprorated seat increases give dave and erin 1000 each", () => {
    const contract = teamContract({ proration: { is_prorated: false, invoice_behavior: "BILL_IMMEDIATELY" } }, [
      aiCredit({ subscription_config: { apply_seat_increase_config: { is_prorated: false } } }),
    ]);
    const p = previewSubscriptionChange({ ...seatInput(addDaveErin), contract });
    expect(chargeRows(p)).toEqual([[1, 3000, 3000, "2025-06-16", "immediately", false]]);
    expect(creditRows(p)).toEqual([
      ["dave@acme.com", 1000, "2025-06-16"],
      ["erin@acme.com", 1000, "2025-06-16"],
    ]);
  });

  it("rounds the prorated unit price as the subscription says (2999 → 1499.5 → 1500 / 1400)", () => {
    const at = (rounding?: { rounding_method: "HALF_UP" | "FLOOR" | "CEILING"; decimal_places: number }) =>
      previewSubscriptionChange(
        seatInput(addDaveErin, { proration: { is_prorated: true, invoice_behavior: "BILL_IMMEDIATELY", ...(rounding ? { rounding } : {}) } }, {
          quantityHistory: quantityHistory([[D01, 4]], 2999),
        }),
      ).total_charge;
    expect(at()).toBe(1499.5);
    expect(at({ rounding_method: "HALF_UP", decimal_places: -2 })).toBe(1500);
    expect(at({ rounding_method: "FLOOR", decimal_places: -2 })).toBe(1400);
    expect(at({ rounding_method: "CEILING", decimal_places: -2 })).toBe(1500);
    expect(at({ rounding_method: "HALF_UP", decimal_places: 0 })).toBe(1500);
  });

  it("June 20, remove bob: no charge, no credit, plain words about the next period", () => {
    const segments: SeatSegment[] = [
      { starting_at: D01, ending_before: D16, total_quantity: 4, assigned_seat_ids: ["alice@acme.com", "bob@acme.com", "carol@acme.com"] },
      {
        starting_at: D16,
        ending_before: null,
        total_quantity: "5",
        assigned_seat_ids: ["alice@acme.com", "bob@acme.com", "carol@acme.com", "dave@acme.com", "erin@acme.com"],
      },
    ];
    const p = previewSubscriptionChange(
      seatInput({ remove_seat_ids: [{ seat_ids: ["bob@acme.com"], starting_at: D20 }] }, {}, {
        now: D20,
        seatsHistory: segments,
        quantityHistory: quantityHistory([[D01, 4], [D16, 5]]),
      }),
    );
    expect(p.ok).toBe(true);
    expect(p.charges).toEqual([]);
    expect(p.total_charge).toBe(0);
    expect(p.reductions).toEqual([]);
    expect(p.credits).toEqual([]);
    expect(p.notes).toContain(
      "The decrease from 5 to 4 seats on June 20, 2025 takes effect at the start of the next billing period (July 1, 2025); no refund for the current period.",
    );
    expect(p.recurring).toMatchObject({ from: JULY, amount_before: 15000, amount_after: 12000 });
    expect(p.changes[0]?.seats_removed).toEqual(["bob@acme.com"]);
  });

  it("names no-ops and refuses an already assigned seat", () => {
    const p = previewSubscriptionChange(
      seatInput({
        remove_seat_ids: [{ seat_ids: ["zoe@acme.com"], starting_at: D16 }],
        add_seat_ids: [{ seat_ids: ["bob@acme.com"], starting_at: D16 }],
      }),
    );
    expect(p.ok).toBe(false);
    expect(p.issues.map((i) => [i.severity, i.message])).toEqual([
      ["warning", "Removing zoe@acme.com does nothing: that seat is not assigned then"],
      ["error", "Seat ID bob@acme.com is already assigned"],
    ]);
    expect(p.notes).toContain("Removing zoe@acme.com does nothing: that seat is not assigned then.");
    expect(p.changes).toEqual([]);
    expect(p.notes).not.toContain("This change leaves the seat schedule as it is.");
  });
});

describe("previewSubscriptionChange — seats already scheduled to join", () => {
  it("adding two seats now charges the rest of this period; the next period's rise is the recurring impact", () => {
    const abc = ["alice@acme.com", "bob@acme.com", "carol@acme.com"];
    const seatsHistory: SeatSegment[] = [
      { starting_at: D01, ending_before: JULY, total_quantity: 3, assigned_seat_ids: abc },
      { starting_at: JULY, ending_before: null, total_quantity: 5, assigned_seat_ids: [...abc, "xena@acme.com", "yuri@acme.com"] },
    ];
    const p = previewSubscriptionChange(seatInput(addDaveErin, {}, { seatsHistory }));
    expect(p.changes.map((c) => [c.starting_at.slice(0, 10), c.total_before, c.total_after])).toEqual([
      ["2025-06-16", 3, 5],
      ["2025-07-01", 5, 7],
    ]);
    expect(chargeRows(p)).toEqual([[2, 1500, 3000, "2025-06-16", "immediately", true]]);
    expect([p.total_charge, p.charge_due_now, p.charge_later]).toEqual([3000, 3000, 0]);
    expect(p.recurring).toEqual({ from: JULY, quantity_before: 5, quantity_after: 7, amount_before: 15000, amount_after: 21000 });
  });
});

describe("previewSubscriptionChange — quantity subscriptions", () => {
  const pooled = teamContract({ quantity_management_mode: "QUANTITY_ONLY", seat_config: undefined }, [
    aiCredit({ subscription_config: { allocation: "POOLED" } }),
  ]);
  const quantityInput = (updates: Array<{ starting_at: string; quantity?: number; quantity_delta?: number }>, now = D16) =>
    ({
      contract: pooled,
      update: { subscription_id: SUB_ID, quantity_updates: updates },
      now,
      quantityHistory: quantityHistory([[D01, 4]]),
    }) satisfies SeatChangePreviewInput;

  it("POOLED: +1 on June 16 costs 1500 and releases one 500 credit-level adjustment", () => {
    const p = previewSubscriptionChange(quantityInput([{ starting_at: D16, quantity_delta: 1 }]));
    expect(chargeRows(p)).toEqual([[1, 1500, 1500, "2025-06-16", "immediately", true]]);
    expect(creditRows(p)).toEqual([[1, 500, "2025-06-16"]]);
    expect(p.credits[0]?.seat_id).toBeUndefined();
    expect(p.credits[0]?.allocation).toBe("POOLED");
  });

  it("applies same-hour updates in order: set 12 then −1 gives 11 and charges 7 seats", () => {
    const p = previewSubscriptionChange(
      quantityInput([
        { starting_at: D16, quantity: 12 },
        { starting_at: D16, quantity_delta: -1 },
      ]),
    );
    expect(p.after.at(-1)?.total).toBe(11);
    expect(chargeRows(p)).toEqual([[7, 1500, 10500, "2025-06-16", "immediately", true]]);
    expect(creditRows(p)).toEqual([[7, 3500, "2025-06-16"]]);
  });

  it("a decrease charges nothing and says so; below zero is refused", () => {
    const down = previewSubscriptionChange(quantityInput([{ starting_at: D20, quantity_delta: -2 }]));
    expect(down.charges).toEqual([]);
    expect(down.credits).toEqual([]);
    expect(down.notes[0]).toBe(
      "The decrease from 4 to 2 seats on June 20, 2025 takes effect at the start of the next billing period (July 1, 2025); no refund for the current period.",
    );
    const negative = previewSubscriptionChange(quantityInput([{ starting_at: D20, quantity_delta: -5 }]));
    expect(negative.ok).toBe(false);
    expect(negative.issues.map((i) => [i.path, i.message])).toEqual([
      ["quantity_updates[0]", "This would take the seat count below zero on June 20, 2025 (to −1)"],
    ]);
  });

  it("a decrease at a period start lowers that period's charge", () => {
    const p = previewSubscriptionChange(quantityInput([{ starting_at: JULY, quantity: 3 }]));
    expect(p.charges).toEqual([]);
    expect(p.reductions.map((r) => [r.kind, r.quantity, r.amount, r.issued_at])).toEqual([["period_start", -1, -3000, JULY]]);
    expect(p.notes[0]).toBe("The decrease from 4 to 3 seats on July 1, 2025 starts with that billing period, so that period is billed for 3 seats; nothing is refunded.");
  });

  it("ARREARS bills the increase at the end of the period", () => {
    const contract = teamContract(
      { quantity_management_mode: "QUANTITY_ONLY", collection_schedule: "ARREARS", proration: { is_prorated: true, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" } },
      [],
    );
    const p = previewSubscriptionChange({ ...quantityInput([{ starting_at: D16, quantity_delta: 2 }]), contract });
    expect(chargeRows(p)).toEqual([[2, 1500, 3000, "2025-07-01", "in_arrears", true]]);
    expect(p.credits).toEqual([]);
  });

  it("a back-dated increase is charged for the past part of the period and flagged", () => {
    const p = previewSubscriptionChange(quantityInput([{ starting_at: D16, quantity_delta: 1 }], "2025-06-25T09:30:00.000Z"));
    expect(p.backdated).toBe(true);
    // Billed immediately: on an invoice issued when the change is sent, never on a finalized one.
    expect(chargeRows(p)).toEqual([[1, 1500, 1500, "2025-06-25", "immediately", true]]);
    expect(p.charges[0]?.service_period.starting_at).toBe(D16);
    expect(p.notes).toContain("This change is back-dated to June 16, 2025; charges for it go on a new invoice.");
  });

  it("a back-dated increase into a closed period charges that period's remainder", () => {
    const history = quantityHistory([[D01, 4]]);
    const p = previewSubscriptionChange({
      ...quantityInput([{ starting_at: "2025-06-11T00:00:00.000Z", quantity: 6 }], "2025-07-05T00:00:00.000Z"),
      quantityHistory: history,
    });
    // 480 of 720 hours: 2 × 2000 for June; July's advance charge, issued for 4 seats on July 1, gains
    // 2 seats: both on a new invoice issued when the change is sent, service periods unchanged.
    expect(chargeRows(p)).toEqual([
      [2, 2000, 4000, "2025-07-05", "immediately", true],
      [2, 3000, 6000, "2025-07-05", "immediately", false],
    ]);
    expect(p.charges.map((c) => c.service_period.starting_at.slice(0, 10))).toEqual(["2025-06-11", "2025-07-01"]);
    expect(p.total_charge).toBe(10000);
    expect(p.recurring).toMatchObject({ from: "2025-08-01T00:00:00.000Z", amount_before: 12000, amount_after: 18000 });
  });

  it("only charges the difference when a scheduled increase already exists", () => {
    const contract = teamContract({
      quantity_management_mode: "QUANTITY_ONLY",
      quantity_schedule: [
        { quantity: 4, starting_at: D01, ending_before: D20 },
        { quantity: 6, starting_at: D20 },
      ],
    }, []);
    const p = previewSubscriptionChange({ ...quantityInput([{ starting_at: D16, quantity: 6 }]), contract });
    // Before: +2 on June 20 (2 × 1100); after: +2 on June 16 (2 × 1500), nothing more on June 20.
    expect(chargeRows(p)).toEqual([[2, 1500, 3000, "2025-06-16", "immediately", true]]);
    expect(p.reductions.map((r) => [r.quantity, r.amount, r.issued_at.slice(0, 10)])).toEqual([[-2, -2200, "2025-06-20"]]);
    expect(p.notes).toContain("The change already scheduled for June 20, 2025 still sets the count to 6 seats after this one.");
  });

  describe("a change scheduled for the next period (Globex: +25 on July 1)", () => {
    const scheduled = teamContract({
      quantity_management_mode: "QUANTITY_ONLY",
      quantity_schedule: [
        { quantity: 4, starting_at: D01, ending_before: JULY },
        { quantity: 29, starting_at: JULY },
      ],
    }, []);
    const edit = (update: { quantity?: number; quantity_delta?: number }) => ({
      id: "0551864c-edc7-5045-bcec-3688b4d53c3f",
      timestamp: "2025-06-10T09:00:00.000Z",
      update_subscriptions: [{ id: SUB_ID, quantity_updates: [{ starting_at: JULY, ...update }] }],
    });
    const other = { id: "1b2c", timestamp: "2025-06-11T09:00:00.000Z", update_subscriptions: [{ id: "another-subscription", quantity_updates: [{ starting_at: JULY, quantity: 3 }] }] };
    const preview = (extra: Partial<SeatChangePreviewInput>) =>
      previewSubscriptionChange({ ...quantityInput([{ starting_at: D16, quantity_delta: 2 }]), contract: scheduled, ...extra });

    it("sent as a delta, it still adds 25 on top of the new seats: 31 from July 1", () => {
      const p = preview({ editHistory: [other, edit({ quantity_delta: 25 })] });
      expect(p.after.map((s) => s.total)).toEqual([6, 31]);
      expect(p.notes).toContain("The change already scheduled for July 1, 2025 still adds 25 seats after this one.");
      // The next period's charge rises by the same 2 seats: that is the lasting impact, not a charge of this change.
      expect(chargeRows(p)).toEqual([[2, 1500, 3000, "2025-06-16", "immediately", true]]);
      expect([p.total_charge, p.charge_due_now, p.charge_later]).toEqual([3000, 3000, 0]);
      expect(p.recurring).toEqual({ from: JULY, quantity_before: 29, quantity_after: 31, amount_before: 87000, amount_after: 93000 });
    });

    it("sent as a total, it still sets 29 whatever comes before, even when told to assume deltas", () => {
      const p = preview({ editHistory: [edit({ quantity: 29 })], existingChanges: "relative" });
      expect(p.after.map((s) => s.total)).toEqual([6, 29]);
      expect(p.recurring).toBeNull();
    });

    it("without the edit history it falls back to existingChanges (default: a total)", () => {
      expect(preview({}).after.map((s) => s.total)).toEqual([6, 29]);
      expect(preview({ editHistory: [other] }).after.map((s) => s.total)).toEqual([6, 29]);
      expect(preview({ existingChanges: "relative" }).after.map((s) => s.total)).toEqual([6, 31]);
    });
  });

  it("splits the charge into what is due now and what is billed later", () => {
    const later = previewSubscriptionChange({
      ...quantityInput([{ starting_at: D16, quantity_delta: 2 }]),
      contract: teamContract({ quantity_management_mode: "QUANTITY_ONLY", proration: { is_prorated: true, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" } }, []),
    });
    expect([later.total_charge, later.charge_due_now, later.charge_later]).toEqual([3000, 0, 3000]);
    // Two seats until July 10: 2 × 1500 now, and July is billed for them in advance (decreases apply from the next period).
    const temporary = previewSubscriptionChange(
      quantityInput([
        { starting_at: D16, quantity_delta: 2 },
        { starting_at: "2025-07-10T00:00:00.000Z", quantity_delta: -2 },
      ]),
    );
    expect(chargeRows(temporary)).toEqual([
      [2, 1500, 3000, "2025-06-16", "immediately", true],
      [2, 3000, 6000, "2025-07-01", "in_advance", false],
    ]);
    expect([temporary.total_charge, temporary.charge_due_now, temporary.charge_later]).toEqual([9000, 3000, 6000]);
    expect(temporary.recurring).toBeNull();
  });

  it("enforces the customer's seat policy", () => {
    const p = previewSubscriptionChange({ ...quantityInput([{ starting_at: D16, quantity: 30 }]), policy: { min_seats: 2, max_seats: 20 } });
    expect(p.ok).toBe(false);
    expect(p.issues.map((i) => [i.path, i.code])).toEqual([["quantity_updates[0]", "above_max_seats"]]);
  });
});

describe("previewSubscriptionChange — seat cap and 1,000 seats", () => {
  const many = Array.from({ length: 998 }, (_, i) => `user${i}@acme.com`);
  const big: SeatSegment[] = [{ starting_at: D01, ending_before: null, total_quantity: 998, assigned_seat_ids: many }];

  it("refuses to go above the cap", () => {
    const p = previewSubscriptionChange(
      seatInput({ add_unassigned_seats: [{ quantity: 6, starting_at: D16 }] }, {}, { seatsHistory: big }),
    );
    expect(p.issues.map((i) => [i.code, i.message, i.status])).toEqual([
      ["above_seat_cap", "This would take the subscription to 1,004 seats; the cap is 1,000", 422],
    ]);
  });

  it("refuses to remove more unassigned seats than there are", () => {
    const p = previewSubscriptionChange(seatInput({ remove_unassigned_seats: [{ quantity: 2, starting_at: D16 }] }));
    expect(p.issues.map((i) => [i.code, i.severity])).toEqual([["below_assigned_seats", "error"]]);
  });

  it("previews a change on a 1,000-seat subscription (its speed is measured by npm run bench:simulator)", () => {
    const p = previewSubscriptionChange(
      seatInput(
        {
          add_seat_ids: [{ seat_ids: ["new1@acme.com", "new2@acme.com"], starting_at: D16 }],
          remove_seat_ids: [{ seat_ids: many.slice(0, 50), starting_at: D20 }],
        },
        {},
        { seatsHistory: big },
      ),
    );
    expect(p.ok).toBe(true);
    expect(p.total_charge).toBe(3000);
    expect(p.after.map((e) => [e.starting_at.slice(0, 10), e.total])).toEqual([
      ["2025-06-16", 1000],
      ["2025-06-20", 950],
    ]);
  });
});

describe("previews that explain this change alone", () => {
  const quantityContract = (schedule: Array<{ quantity: number; starting_at: string; ending_before?: string }>) =>
    teamContract({ quantity_management_mode: "QUANTITY_ONLY", quantity_schedule: schedule }, []);
  const plusTwentyFiveInJuly = quantityContract([
    { quantity: 4, starting_at: D01, ending_before: JULY },
    { quantity: 29, starting_at: JULY },
  ]);
  const sentAsDelta = [
    { id: "e-25", timestamp: "2025-06-10T09:00:00.000Z", update_subscriptions: [{ id: SUB_ID, quantity_updates: [{ starting_at: JULY, quantity_delta: 25 }] }] },
  ];
  const quantity = (contract: ReturnType<typeof teamContract>, updates: Array<{ starting_at: string; quantity?: number; quantity_delta?: number }>) =>
    previewSubscriptionChange({
      contract,
      update: { subscription_id: SUB_ID, quantity_updates: updates },
      now: D16,
      quantityHistory: quantityHistory([[D01, 4]]),
      editHistory: sentAsDelta,
    });

  it("names every change of a multi-change submission, and what this one does where another is scheduled", () => {
    // Globex-like: 6 now, then −2 next period, where +25 is already scheduled: 6 → 29 on July 1.
    const p = quantity(plusTwentyFiveInJuly, [
      { starting_at: D16, quantity: 6 },
      { starting_at: JULY, quantity_delta: -2 },
    ]);
    expect(p.after.map((s) => s.total)).toEqual([6, 29]);
    expect(p.summary).toBe(
      "4 → 6 seats from June 16, 2025; then 6 → 29 seats from July 1, 2025 (−2 by this change, with the change already scheduled then)",
    );
    expect(p.notes).toContain(
      "This change's decrease of 2 seats on July 1, 2025 (to 29 seats, with the change already scheduled then) starts with that billing period, so that period is billed for 29 seats; nothing is refunded.",
    );
  });

  it("a change in the hour of an earlier change starts from the count now", () => {
    const madeThisHour = quantityContract([
      { quantity: 4, starting_at: D01, ending_before: D16 },
      { quantity: 6, starting_at: D16 },
    ]);
    const p = quantity(madeThisHour, [{ starting_at: D16, quantity_delta: 2 }]);
    expect(p.summary).toBe("6 → 8 seats from June 16, 2025");
  });

  it("does not repeat a decrease that is already scheduled as this change's own", () => {
    // bob leaves on July 1 (scheduled); this change reassigns carol's seat to dave on July 1.
    const segments: SeatSegment[] = [
      { starting_at: D01, ending_before: JULY, total_quantity: 3, assigned_seat_ids: ["alice@acme.com", "bob@acme.com", "carol@acme.com"] },
      { starting_at: JULY, ending_before: null, total_quantity: 2, assigned_seat_ids: ["alice@acme.com", "carol@acme.com"] },
    ];
    const p = previewSubscriptionChange(
      seatInput(
        { remove_seat_ids: [{ seat_ids: ["carol@acme.com"], starting_at: JULY }], add_seat_ids: [{ seat_ids: ["dave@acme.com"], starting_at: JULY }] },
        {},
        { seatsHistory: segments },
      ),
    );
    expect(p.ok).toBe(true);
    expect(p.notes.filter((n) => n.includes("decrease"))).toEqual([]);
    expect(p.after.map((e) => e.total)).toEqual([3, 2]);
    expect(p.summary).toBe("3 → 2 seats from July 1, 2025; adds dave@acme.com; removes carol@acme.com");
  });

  it("says why added seats are charged for fewer than were added (the period's highest count)", () => {
    // 4 seats until June 10, 3 from then: adding 2 on June 16 goes to 5, 1 above the period's 4.
    const segments: SeatSegment[] = [
      { starting_at: D01, ending_before: "2025-06-10T00:00:00.000Z", total_quantity: 4, assigned_seat_ids: ["alice@acme.com", "bob@acme.com", "carol@acme.com"] },
      { starting_at: "2025-06-10T00:00:00.000Z", ending_before: null, total_quantity: 3, assigned_seat_ids: ["alice@acme.com", "bob@acme.com", "carol@acme.com"] },
    ];
    const p = previewSubscriptionChange(seatInput({ add_unassigned_seats: [{ quantity: 2, starting_at: D16 }] }, {}, { seatsHistory: segments }));
    expect(chargeRows(p)).toEqual([[1, 1500, 1500, "2025-06-16", "immediately", true]]);
    expect(p.charges[0]).toMatchObject({ charged_hours: 15 * 24, period_hours: 30 * 24 });
    expect(p.notes).toContain(
      "Of the 2 seats added on June 16, 2025, 1 seat is charged: this billing period is already billed for up to 4 seats, and seats up to that count are not charged again.",
    );
  });

  it("names the cancellation of a scheduled change as a cancellation", () => {
    const p = quantity(plusTwentyFiveInJuly, [{ starting_at: JULY, quantity: 4 }]);
    expect(p.after.map((s) => s.total)).toEqual([4]);
    expect(p.summary).toBe("Cancels the change scheduled for July 1, 2025 (4 → 29 seats); 4 seats stay");
    const segments: SeatSegment[] = [
      { starting_at: D01, ending_before: JULY, total_quantity: 4, assigned_seat_ids: ["alice@acme.com", "bob@acme.com", "carol@acme.com"] },
      { starting_at: JULY, ending_before: null, total_quantity: 4, assigned_seat_ids: ["alice@acme.com", "bob@acme.com", "carol@acme.com", "linus@acme.com"] },
    ];
    const cancel = previewSubscriptionChange(
      seatInput({ remove_seat_ids: [{ seat_ids: ["linus@acme.com"], starting_at: JULY }], add_unassigned_seats: [{ quantity: 1, starting_at: JULY }] }, {}, { seatsHistory: segments }),
    );
    expect(cancel.summary).toBe("Cancels the change scheduled for July 1, 2025 (4 → 4 seats; adds linus@acme.com); 4 seats stay");
  });

  it("names the cancellation of one of two edits' changes at one instant", () => {
    // +25 (e-25) and −20 (e-20) both scheduled for July 1: 4 → 9. Cancelling the −20 sends +20.
    const both = quantityContract([
      { quantity: 4, starting_at: D01, ending_before: JULY },
      { quantity: 9, starting_at: JULY },
    ]);
    const p = previewSubscriptionChange({
      contract: both,
      update: { subscription_id: SUB_ID, quantity_updates: [{ starting_at: JULY, quantity_delta: 20 }] },
      now: D16,
      quantityHistory: quantityHistory([[D01, 4]]),
      editHistory: [
        ...sentAsDelta,
        { id: "e-20", timestamp: "2025-06-12T09:00:00.000Z", update_subscriptions: [{ id: SUB_ID, quantity_updates: [{ starting_at: JULY, quantity_delta: -20 }] }] },
      ],
    });
    expect(p.after.map((s) => s.total)).toEqual([4, 29]);
    expect(p.summary).toBe("Cancels the change of −20 seats scheduled for July 1, 2025; 4 → 29 seats then");
  });

  it("records the cost the preview showed: charges net of the upcoming charges it lowers", () => {
    const p = quantity(plusTwentyFiveInJuly, [{ starting_at: JULY, quantity_delta: -1 }]);
    expect(p.charges).toEqual([]);
    expect(p.reductions.map((r) => [r.kind, r.quantity, r.amount])).toEqual([["period_start", -1, -3000]]);
    expect(previewRecord(p)).toMatchObject({ previewed_charge: -3000 });
  });
});
