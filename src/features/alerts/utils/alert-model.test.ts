import { describe, expect, it } from "vitest";
import { contractAlertsInAlarm, displayStatus, type CustomerAlert } from "./alert-model";

function alert(type: CustomerAlert["alert"]["type"], customer_status: CustomerAlert["customer_status"], status: CustomerAlert["alert"]["status"] = "enabled"): CustomerAlert {
  return { customer_status, alert: { id: `${type}-${customer_status}-${status}`, name: type, type, status, threshold: 10, updated_at: "2025-06-01T00:00:00.000Z" } };
}

describe("alert status", () => {
  it("shows archived and disabled alerts as such, and a missing status as evaluating", () => {
    expect(displayStatus(alert("low_remaining_seat_balance_reached", null, "archived"))).toBe("archived");
    expect(displayStatus(alert("low_remaining_seat_balance_reached", "ok", "disabled"))).toBe("disabled");
    expect(displayStatus(alert("low_remaining_seat_balance_reached", null))).toBe("evaluating");
    expect(displayStatus(alert("low_remaining_seat_balance_reached", "in_alarm"))).toBe("in_alarm");
  });

  it("counts only enabled contract-level balance alerts in alarm for the banner", () => {
    const list = [
      alert("low_remaining_contract_credit_balance_reached", "in_alarm"),
      alert("low_remaining_contract_credit_and_commit_balance_reached", "in_alarm"),
      alert("low_credit_balance_reached", "in_alarm"),
      alert("low_remaining_contract_credit_balance_reached", "ok"),
      alert("low_remaining_contract_credit_balance_reached", "in_alarm", "archived"),
      alert("low_remaining_seat_balance_reached", "in_alarm"),
      alert("spend_threshold_reached", "in_alarm"),
    ];
    expect(contractAlertsInAlarm(list).map((a) => a.alert.type)).toEqual([
      "low_remaining_contract_credit_balance_reached",
      "low_remaining_contract_credit_and_commit_balance_reached",
      "low_credit_balance_reached",
    ]);
  });
});
