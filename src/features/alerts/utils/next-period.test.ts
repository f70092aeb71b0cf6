import { describe, expect, it } from "vitest";
import { teamContract } from "../../../domain/test-fixtures";
import { nextPeriodStart } from "./next-period";

const at = (iso: string) => Date.parse(iso);

describe("nextPeriodStart", () => {
  it("is the end of the current statement period", () => {
    const contract = teamContract();
    expect(nextPeriodStart(contract, at("2025-06-16T12:00:00.000Z"))).toEqual({ kind: "next_period", at: at("2025-07-01T00:00:00.000Z") });
    expect(nextPeriodStart(contract, at("2025-07-01T00:00:00.000Z"))).toEqual({ kind: "next_period", at: at("2025-08-01T00:00:00.000Z") });
  });

  it("follows a mid-month anchor and quarterly statements", () => {
    const contract = teamContract({}, undefined, { usage_statement_schedule: { frequency: "QUARTERLY", billing_anchor_date: "2025-06-15T00:00:00.000Z" } });
    expect(nextPeriodStart(contract, at("2025-08-01T00:00:00.000Z"))).toEqual({ kind: "next_period", at: at("2025-09-15T00:00:00.000Z") });
  });

  it("says when the contract ends instead of a next period", () => {
    const contract = teamContract({}, undefined, { ending_before: "2025-07-01T00:00:00.000Z" });
    expect(nextPeriodStart(contract, at("2025-06-20T00:00:00.000Z"))).toEqual({ kind: "contract_ends", at: at("2025-07-01T00:00:00.000Z") });
    expect(nextPeriodStart(contract, at("2025-07-02T00:00:00.000Z"))).toBeNull();
    expect(nextPeriodStart(contract, at("2025-05-01T00:00:00.000Z"))).toBeNull();
  });
});
