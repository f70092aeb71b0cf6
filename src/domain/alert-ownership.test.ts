import { describe, expect, it } from "vitest";
import { customerAlertKey, isCustomerOwnedAlert } from "./alert-ownership";

describe("alert ownership", () => {
  it("recognises only the customer's own namespace", () => {
    const key = customerAlertKey("c-1", "alert-abc");
    expect(key).toBe("seats:c-1:alert-abc");
    expect(isCustomerOwnedAlert("c-1", key)).toBe(true);
    expect(isCustomerOwnedAlert("c-2", key)).toBe(false);
    expect(isCustomerOwnedAlert("c", key)).toBe(false);
    expect(isCustomerOwnedAlert("c-1", "seats:c-1:")).toBe(false);
    expect(isCustomerOwnedAlert("c-1", "alert-abc")).toBe(false);
    expect(isCustomerOwnedAlert("c-1", undefined)).toBe(false);
  });
});
