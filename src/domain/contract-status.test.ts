import { describe, expect, it } from "vitest";
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import { contractStatus, customerStripTarget } from "./contract-status";

const NOW = new Date("2026-11-24T12:00:00.000Z");
const contract = (id: string, starting_at: string, ending_before: string | null, subs: string[]) =>
  ({ id, starting_at, ending_before, subscriptions: subs.map((s) => ({ id: s })) }) as unknown as ContractV2;

const ended = contract("ended", "2024-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z", ["e1"]);
const active = contract("active", "2025-01-01T00:00:00.000Z", null, ["a1", "a2"]);
const upcoming = contract("upcoming", "2027-01-01T00:00:00.000Z", null, ["u1"]);
const all = [ended, active, upcoming];

describe("contractStatus", () => {
  it("reads archived, upcoming, ended and active", () => {
    expect([ended, active, upcoming].map((c) => contractStatus(c, NOW))).toEqual(["ended", "active", "upcoming"]);
    expect(contractStatus({ ...active, archived_at: "2026-01-01T00:00:00.000Z" }, NOW)).toBe("archived");
  });
});

describe("customerStripTarget", () => {
  const target = (contractId: string | null, subscriptionId: string | null, contracts = all) => {
    const t = customerStripTarget(contracts, { contractId, subscriptionId }, NOW);
    return t ? `${t.contract.id}/${t.subscription.id}` : null;
  };

  it("draws the filtered subscription, in its contract", () => {
    expect(target(null, "a2")).toBe("active/a2");
    expect(target("active", "a2")).toBe("active/a2");
  });

  it("draws the filtered contract's first subscription, else the first active contract's", () => {
    expect(target("ended", null)).toBe("ended/e1");
    expect(target(null, null)).toBe("active/a1");
  });

  it("ignores ids that name nothing of the customer, and a subscription of another contract than the filtered one", () => {
    expect(target("nope", "nope")).toBe("active/a1");
    expect(target("ended", "a2")).toBe("ended/e1");
  });

  it("falls back to the first contract when none is active, and to nothing without subscriptions", () => {
    expect(target(null, null, [ended, upcoming])).toBe("ended/e1");
    expect(target(null, null, [contract("bare", "2025-01-01T00:00:00.000Z", null, [])])).toBeNull();
    expect(target(null, null, [])).toBeNull();
  });
});
