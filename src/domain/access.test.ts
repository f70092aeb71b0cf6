import { describe, expect, it } from "vitest";
import { decideAccess, type ScopeState } from "./access";

const AI = "ai-credits";
const USD = "usd-cents";
const DEC_1 = Date.parse("2026-12-01T00:00:00.000Z");
const JAN_1 = Date.parse("2027-01-01T00:00:00.000Z");

const scope = (credits: ScopeState["credits"], alerts: ScopeState["alerts"] = []): ScopeState => ({ credits, alerts });
const healthyPool = scope([{ credit_type_id: AI, balance: 3037.1, next_grant_at: DEC_1 }]);

describe("decideAccess", () => {
  it("allows a customer whose pool holds credits and no alert is in alarm, reporting the pool's balance", () => {
    expect(decideAccess({ customer: healthyPool })).toEqual({ allowed: true, reason: "ok", balance: 3037.1, credit_type_id: AI, resets_at: null });
  });

  it("gates the customer while a contract-level alert is in alarm, until the next grant of the alert's credit type", () => {
    const customer = scope([{ credit_type_id: AI, balance: 80, next_grant_at: DEC_1 }], [{ alert_id: "a1", credit_type_id: AI, in_alarm: true }]);
    expect(decideAccess({ customer })).toEqual({ allowed: false, reason: "contract_alert_in_alarm", balance: 80, credit_type_id: AI, resets_at: "2026-12-01T00:00:00.000Z" });
  });

  it("an alert that has resolved no longer gates", () => {
    const customer = scope([{ credit_type_id: AI, balance: 5080, next_grant_at: DEC_1 }], [{ alert_id: "a1", credit_type_id: AI, in_alarm: false }]);
    expect(decideAccess({ customer })).toMatchObject({ allowed: true, reason: "ok", balance: 5080 });
  });

  it("gates a used-up pool (0 or less) even with no alert; a one-off commit with nothing coming never resets", () => {
    expect(decideAccess({ customer: scope([{ credit_type_id: USD, balance: 0, next_grant_at: null }]) })).toEqual({
      allowed: false, reason: "contract_balance_exhausted", balance: 0, credit_type_id: USD, resets_at: null,
    });
    expect(decideAccess({ customer: scope([{ credit_type_id: USD, balance: -0.5, next_grant_at: JAN_1 }]) })).toMatchObject({ allowed: false, resets_at: "2027-01-01T00:00:00.000Z" });
  });

  it("a customer with no credits and no alerts is allowed with nothing to report", () => {
    expect(decideAccess({ customer: scope([]) })).toEqual({ allowed: true, reason: "ok", balance: 0, credit_type_id: null, resets_at: null });
  });

  it("an allowed customer reports its lowest balance across credit types", () => {
    const customer = scope([
      { credit_type_id: USD, balance: 12_000, next_grant_at: null },
      { credit_type_id: AI, balance: 250, next_grant_at: DEC_1 },
    ]);
    expect(decideAccess({ customer })).toMatchObject({ allowed: true, balance: 250, credit_type_id: AI });
  });

  it("gates a seat by its own seat-level alert while its customer is fine", () => {
    const seat = scope([{ credit_type_id: AI, balance: 43.5, next_grant_at: DEC_1 }], [{ alert_id: "s1", credit_type_id: AI, in_alarm: true }]);
    expect(decideAccess({ customer: healthyPool, seat })).toEqual({ allowed: false, reason: "seat_alert_in_alarm", balance: 43.5, credit_type_id: AI, resets_at: "2026-12-01T00:00:00.000Z" });
  });

  it("gates a seat whose own credits are used up, and allows its neighbour", () => {
    expect(decideAccess({ customer: healthyPool, seat: scope([{ credit_type_id: AI, balance: 0, next_grant_at: DEC_1 }]) })).toMatchObject({ allowed: false, reason: "seat_balance_exhausted" });
    expect(decideAccess({ customer: healthyPool, seat: scope([{ credit_type_id: AI, balance: 612.25, next_grant_at: DEC_1 }]) })).toEqual({
      allowed: true, reason: "ok", balance: 612.25, credit_type_id: AI, resets_at: null,
    });
  });

  it("a gated customer gates every seat, named first; resets_at waits for every gate to lift", () => {
    const customer = scope([{ credit_type_id: AI, balance: 50, next_grant_at: DEC_1 }], [{ alert_id: "a1", credit_type_id: AI, in_alarm: true }]);
    const seat = scope([{ credit_type_id: USD, balance: 0, next_grant_at: JAN_1 }]);
    expect(decideAccess({ customer, seat })).toEqual({ allowed: false, reason: "contract_alert_in_alarm", balance: 50, credit_type_id: AI, resets_at: "2027-01-01T00:00:00.000Z" });
    const never = scope([{ credit_type_id: USD, balance: 0, next_grant_at: null }]);
    expect(decideAccess({ customer, seat: never }).resets_at).toBeNull();
  });

  it("an alert on a credit type the scope does not hold reports 0 and no reset", () => {
    const customer = scope([], [{ alert_id: "a1", credit_type_id: AI, in_alarm: true }]);
    expect(decideAccess({ customer })).toEqual({ allowed: false, reason: "contract_alert_in_alarm", balance: 0, credit_type_id: AI, resets_at: null });
  });

  it("refuses a seat it does not know, unless its customer is gated (that reason first)", () => {
    expect(decideAccess({ customer: healthyPool, seat: null })).toEqual({ allowed: false, reason: "unknown_seat", balance: 0, credit_type_id: null, resets_at: null });
    expect(decideAccess({ customer: scope([{ credit_type_id: AI, balance: 0, next_grant_at: DEC_1 }]), seat: null }).reason).toBe("contract_balance_exhausted");
  });

  it("an unknown state follows the operator's choice, closed by default", () => {
    expect(decideAccess(null)).toEqual({ allowed: false, reason: "state_unknown", balance: 0, credit_type_id: null, resets_at: null });
    expect(decideAccess(null, "open")).toMatchObject({ allowed: true, reason: "state_unknown" });
  });
});
