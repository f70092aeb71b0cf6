import { describe, expect, it } from "vitest";
import { describeAlertEvent, eventKind } from "./alert-events";

describe("describeAlertEvent", () => {
  it("reads a seat alert's webhook", () => {
    const view = describeAlertEvent({
      id: "7d0c4b3e-2f1a-4e9d-8c7b-6a5f4e3d2c1b",
      type: "alerts.low_remaining_seat_balance_reached",
      received_at: "2025-06-24T13:00:05.000Z",
      customer_id: "d8319d6f-8ee0-43a7-b76f-d7587c0a811c",
      alert_id: "e9c0d89d-040e-4ffc-91f6-001c6954d7a7",
      properties: {
        timestamp: "2025-06-24T13:00:00.000Z",
        threshold: 15,
        alert_name: "15 AI credits remaining reached",
        credit_type_id: "d3cb2827-dcb5-44af-9354-947a7197b9a6",
        remaining_balance: 12,
        seat_filter: { seat_group_key: "seat_id", seat_group_value: "seat123" },
      },
    });
    expect(view).toEqual({
      id: "7d0c4b3e-2f1a-4e9d-8c7b-6a5f4e3d2c1b",
      kind: "reached",
      alertType: "low_remaining_seat_balance_reached",
      alertId: "e9c0d89d-040e-4ffc-91f6-001c6954d7a7",
      alertName: "15 AI credits remaining reached",
      seatId: "seat123",
      remainingBalance: 12,
      threshold: 15,
      creditTypeId: "d3cb2827-dcb5-44af-9354-947a7197b9a6",
      at: "2025-06-24T13:00:00.000Z",
    });
  });

  it("tolerates missing and odd fields (the payloads are untyped)", () => {
    const view = describeAlertEvent({
      id: "e1",
      type: "alerts.low_remaining_contract_credit_balance_resolved",
      received_at: "2025-07-01T00:00:02.000Z",
      customer_id: "c",
      alert_id: "a",
      properties: { remaining_balance: "12", seat_filter: { value: "old-style" }, alert_name: "" },
    });
    expect(view).toMatchObject({ kind: "resolved", alertName: null, seatId: "old-style", remainingBalance: null, threshold: null, at: "2025-07-01T00:00:02.000Z" });
  });

  it("classifies webhook types", () => {
    expect(eventKind("alerts.low_remaining_seat_balance_resolved")).toBe("resolved");
    expect(eventKind("alerts.low_remaining_contract_credit_and_commit_balance_reached")).toBe("reached");
    expect(eventKind("invoice.finalized")).toBe("other");
  });
});
