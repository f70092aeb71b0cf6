import { afterEach, describe, expect, it } from "vitest";
import { AI, workedExample, type Json, type WorkedExample } from "./test-support";

let ex: WorkedExample | undefined;
afterEach(async () => {
  await ex?.sim.close();
  ex = undefined;
});

async function breakdowns(e: WorkedExample, query: string): Promise<Json[]> {
  const res = await e.sim.call("GET", `/v1/customers/${e.customerId}/invoices/breakdowns?${query}`);
  expect(res.status).toBe(200);
  return res.body.data;
}

const usageTotal = (inv: Json, seat?: string): number =>
  inv.line_items.filter((l: Json) => l.type === "usage" && (seat === undefined || l.group_value === seat)).reduce((s: number, l: Json) => s + l.total, 0);

/** The worked example with its seats using credits: fixed 10 AI credits a day per seat (worked numbers), or the seeded pattern. */
async function withUsage(daily: boolean, now: string): Promise<WorkedExample> {
  const e = await workedExample();
  const contract = e.sim.state.contracts.find((c) => c.id === e.contractId);
  if (!contract) throw new Error("no contract");
  contract.usage = daily ? { seed: 1, intensity: 1, daily: [{ credit_type_id: AI, amount: 10, per_seat: true }] } : { seed: 11, intensity: 1.4 };
  contract.version += 1;
  await e.sim.setNow(now);
  return e;
}

describe("GET /v1/customers/{id}/invoices/breakdowns", () => {
  it("breaks June's usage invoice into days: 10 AI credits a seat a day, 30 days × 3 seats = 900", async () => {
    ex = await withUsage(true, "2025-07-20T00:00:00.000Z");
    const days = await breakdowns(ex, "starting_on=2025-06-01T00:00:00.000Z&ending_before=2025-07-01T00:00:00.000Z&window_size=DAY");
    expect(days).toHaveLength(30);
    expect(days[0].breakdown_start_timestamp).toBe("2025-06-01T00:00:00.000Z");
    expect(days[0].breakdown_end_timestamp).toBe("2025-06-02T00:00:00.000Z");
    expect(days.every((d) => d.status === "FINALIZED" && d.type === "USAGE")).toBe(true);
    expect(usageTotal(days[0])).toBe(30);
    expect(usageTotal(days[0], "alice")).toBe(10);
    expect(days[0].line_items.find((l: Json) => l.type === "usage").group_key).toBe("user_id");
    const june = (await ex.sim.call("GET", `/v1/customers/${ex.customerId}/invoices?limit=100&starting_on=2025-06-01T00:00:00.000Z&ending_before=2025-07-01T00:00:00.000Z&type=USAGE`)).body.data[0];
    expect(usageTotal(june)).toBe(900);
    expect(days.reduce((s, d) => s + usageTotal(d), 0)).toBe(900);
  });

  it("the daily windows of a period sum to its usage invoice under the seeded pattern, and the current period's are DRAFT up to now", async () => {
    ex = await withUsage(false, "2025-07-20T12:00:00.000Z");
    const days = await breakdowns(ex, "starting_on=2025-06-01T00:00:00.000Z&ending_before=2025-07-01T00:00:00.000Z");
    const invoices = (await ex.sim.call("GET", `/v1/customers/${ex.customerId}/invoices?limit=100&type=USAGE`)).body.data;
    const june = invoices.find((i: Json) => i.start_timestamp.startsWith("2025-06-01"));
    const sum = Math.round(days.reduce((s, d) => s + usageTotal(d), 0) * 100) / 100;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBe(Math.round(usageTotal(june) * 100) / 100);
    // Usage varies by day (weekday noise, quieter weekends): the burn is not one step.
    expect(new Set(days.map((d) => usageTotal(d))).size).toBeGreaterThan(5);
    const july = await breakdowns(ex, "starting_on=2025-07-01T00:00:00.000Z&ending_before=2025-08-01T00:00:00.000Z&window_size=day");
    expect(july).toHaveLength(20);
    expect(july.every((d) => d.status === "DRAFT")).toBe(true);
    expect(july.at(-1).breakdown_end_timestamp).toBe("2025-07-20T12:00:00.000Z");
    const draft = invoices.find((i: Json) => i.start_timestamp.startsWith("2025-07-01"));
    expect(Math.round(july.reduce((s, d) => s + usageTotal(d), 0) * 100) / 100).toBe(Math.round(usageTotal(draft) * 100) / 100);
  });

  it("answers 400 without starting_on or ending_before, on an unknown window size and past 35 days or 24 hours", async () => {
    ex = await withUsage(true, "2025-07-20T00:00:00.000Z");
    const status = async (q: string) => (await ex!.sim.call("GET", `/v1/customers/${ex!.customerId}/invoices/breakdowns?${q}`)).status;
    expect(await status("starting_on=2025-06-01T00:00:00.000Z")).toBe(400);
    expect(await status("starting_on=2025-06-01T00:00:00.000Z&ending_before=2025-06-02T00:00:00.000Z&window_size=WEEK")).toBe(400);
    expect(await status("starting_on=2025-06-01T00:00:00.000Z&ending_before=2025-07-07T00:00:00.000Z")).toBe(400);
    expect(await status("starting_on=2025-06-01T00:00:00.000Z&ending_before=2025-06-02T01:00:00.000Z&window_size=HOUR")).toBe(400);
    const hours = await breakdowns(ex, "starting_on=2025-06-01T00:00:00.000Z&ending_before=2025-06-02T00:00:00.000Z&window_size=HOUR");
    expect(hours).toHaveLength(24);
    expect(Math.round(hours.reduce((s, d) => s + usageTotal(d), 0) * 100) / 100).toBe(30);
  });
});
