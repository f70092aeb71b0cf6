// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { USD_CENTS_CREDIT_TYPE_ID } from "../../../domain/money";
import type { SeatChangePreview } from "../../../domain/preview";
import type { PendingEdit } from "../api/use-edit-submission";
import type { Recheck } from "../api/use-recheck";
import { ConfirmEditDialog } from "./confirm-edit-dialog";

function preview(summary: string, charge: number, extra: Partial<SeatChangePreview> = {}): SeatChangePreview {
  return {
    subscription_id: "sub",
    mode: "SEAT_BASED",
    ok: true,
    before: [],
    after: [],
    changes: [],
    effective_at: null,
    backdated: false,
    charges: [],
    total_charge: charge,
    charge_due_now: charge,
    charge_later: 0,
    charge_later_dates: [],
    reductions: [],
    recurring: null,
    fiat_credit_type_id: USD_CENTS_CREDIT_TYPE_ID,
    credits: [],
    credit_totals: {},
    notes: [],
    issues: [],
    change_lines: [summary],
    summary,
    ...extra,
  };
}

const reviewed = preview("42 → 43 seats from Nov 24", 1000);
const pending: PendingEdit = { update: { subscription_id: "sub" }, preview: reviewed, key: "k", title: "Confirm adding seats" };

function show(recheck: Recheck) {
  // jsdom has no showModal: the dialog opens with the open attribute.
  render(<ConfirmEditDialog pending={pending} recheck={recheck} sending={false} error={null} onConfirm={vi.fn()} onClose={vi.fn()} />);
  return screen.getByRole("button", { name: "Confirm change", hidden: true });
}

describe("ConfirmEditDialog's recheck of the latest seats", () => {
  afterEach(cleanup);

  it("cannot be confirmed while the latest seats are being checked", () => {
    const confirm = show({ status: "checking", preview: reviewed, previous: null });
    expect(confirm).toBeDisabled();
    expect(screen.getByText("Checking the latest seats before you confirm…")).toBeTruthy();
  });

  it("shows the recomputed numbers and the ones seen before when the seats changed", () => {
    const fresh = preview("43 → 44 seats from Nov 24", 1500);
    const confirm = show({ status: "changed", preview: fresh, previous: reviewed });
    expect(confirm).toBeEnabled();
    expect(screen.getByText("The seats changed since you filled in the form")).toBeTruthy();
    expect(screen.getByText("43 → 44 seats from Nov 24")).toBeTruthy();
    expect(screen.getByText(/Before: 42 → 43 seats from Nov 24 · charge \$10\.00/)).toBeTruthy();
    expect(screen.getByText("$15.00")).toBeTruthy();
  });

  it("blocks a change that no longer fits the latest seats", () => {
    const refused = preview("43 → 42 seats", 0, {
      ok: false,
      issues: [{ path: "seat_updates", code: "seat_not_assigned", message: "x@acme.example holds no seat.", severity: "error", status: 400 }],
    });
    const confirm = show({ status: "changed", preview: refused, previous: reviewed });
    expect(confirm).toBeDisabled();
    expect(screen.getByText(/x@acme\.example holds no seat\. Go back to adjust it\./)).toBeTruthy();
  });

  it("still allows confirming when the check failed, and says the numbers may be old", () => {
    const confirm = show({ status: "failed", preview: reviewed, previous: null });
    expect(confirm).toBeEnabled();
    expect(screen.getByText("Couldn't check the latest seats")).toBeTruthy();
  });

  it("says how much is charged now and how much later, and when", () => {
    const split = preview("42 → 44 seats from Nov 24", 7300, {
      charge_due_now: 1300,
      charge_later: 6000,
      charge_later_dates: ["2026-12-01T00:00:00.000Z"],
    });
    show({ status: "same", preview: split, previous: null });
    expect(screen.getByText("$73.00")).toBeTruthy();
    expect(screen.getByText("You will be charged $13.00 now and $60.00 on Dec 1, 2026.")).toBeTruthy();
  });

  it("lists every change of a multi-change submission", () => {
    const lines = ["250 → 300 seats from Nov 24, 2026", "300 → 305 seats from Jan 1, 2027 (−20 by this change, with the change already scheduled then)"];
    show({ status: "same", preview: preview(lines.join("; then "), 0, { change_lines: lines }), previous: null });
    expect(screen.getByText("This submission makes 2 changes:")).toBeTruthy();
    for (const line of lines) expect(screen.getByText(line)).toBeTruthy();
  });

  it("says which upcoming charges a removal lowers, and why", () => {
    const reduction = {
      kind: "increase" as const,
      amount: -1588.5,
      quantity: -1,
      unit_price: 3177,
      prorated_unit_price: 1588.5,
      is_prorated: true,
      charged_hours: 15 * 24,
      period_hours: 30 * 24,
      service_period: { starting_at: "2026-12-16T00:00:00.000Z", ending_before: "2026-12-31T00:00:00.000Z" },
      issued_at: "2027-01-01T00:00:00.000Z",
      billed: "next_collection_date" as const,
    };
    show({ status: "same", preview: preview("44 → 43 seats from Nov 24", 0, { charge_due_now: 0, reductions: [reduction] }), previous: null });
    expect(screen.getByText("-$15.89")).toBeTruthy();
    expect(
      screen.getByText(
        "The charge for seats added is for 1 seat fewer × $31.77, prorated for 15 of 30 days, for Dec 16, 2026 – Dec 31, 2026: it is not invoiced yet (due Jan 1, 2027), so this change lowers it.",
      ),
    ).toBeTruthy();
  });

  it("says nothing about when for a change that charges nothing", () => {
    show({ status: "same", preview: preview("44 → 42 seats from Dec 1", 0, { charge_due_now: 0 }), previous: null });
    expect(screen.getByText("No charge")).toBeTruthy();
    expect(screen.queryByText(/You will be charged/)).toBeNull();
  });
});
