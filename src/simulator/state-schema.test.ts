import { describe, expect, it } from "vitest";
import { createSimulator, memoryStore } from "./simulator";
import { parseSimState, simStateProblems } from "./state-schema";
import { AI_CREDITS_ID } from "./state";

/** A state saved before contracts had commits, credits and recurring commits: one contract without them. */
async function stateWithoutCommits(): Promise<Record<string, unknown>> {
  const store = memoryStore();
  const sim = await createSimulator({ scenario: "empty", now: "2025-06-01T00:00:00.000Z", store, tickSeconds: 0 });
  const post = (path: string, body: unknown) =>
    sim.handle(new Request(`http://sim${path}`, { method: "POST", headers: { authorization: "Bearer t" }, body: JSON.stringify(body) }));
  const customer = (await (await post("/v1/customers", { name: "Old" })).json()) as { data: { id: string } };
  await post("/v1/contracts/create", { customer_id: customer.data.id, starting_at: "2025-06-01T00:00:00.000Z" });
  await sim.close();
  const state = JSON.parse((await store.load()) ?? "{}") as { contracts: Array<Record<string, unknown>> };
  for (const contract of state.contracts) {
    delete contract.recurring_commits;
    delete contract.commits;
    delete contract.credits;
  }
  return state;
}

describe("stored state", () => {
  it("loads a state saved before commits existed, with no commits, credits or recurring commits", async () => {
    const old = await stateWithoutCommits();
    expect(simStateProblems(old)).toEqual([]);
    const state = parseSimState(JSON.stringify(old), undefined);
    expect(state.contracts[0]).toMatchObject({ recurring_commits: [], commits: [], credits: [] });
  });

  it("refuses a stored commit of an unknown type, naming its path", async () => {
    const old = (await stateWithoutCommits()) as { contracts: Array<Record<string, unknown>> };
    const contract = old.contracts[0] as Record<string, unknown>;
    contract.commits = [{
      id: "c", type: "PREPAYED", product_id: "p", product_name: "P", priority: 1, rate_type: "LIST_RATE", credit_type_id: AI_CREDITS_ID,
      access_schedule: [], created_at: 0,
    }];
    expect(simStateProblems(old)).toEqual(['contracts[0].commits[0].type: expected one of "PREPAID", "POSTPAID", "CREDIT", got the string "PREPAYED"']);
  });
});
