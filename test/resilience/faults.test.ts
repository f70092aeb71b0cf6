/**
 * Seat edits and reads through the BFF while the simulator injects faults (2 s latency, 30 %
 * server errors and dropped connections on the edit endpoint, dropped reads): a client that
 * behaves like the dashboard (one uniqueness key per submission, 5xx retried with the same key,
 * a 409 on a retry meaning an earlier attempt landed, one "Try again") ends with every edit
 * applied exactly once or cleanly refused, the seat totals match, and the audit log agrees.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_RETRIES } from "../../src/lib/query-client";
import { reconcileEdits, type Submission } from "./edit-ledger";
import { bearer, FROZEN_NOW, isSpecificMessage, jsonOf, reportCounts, startPortal, type DemoIds, type Portal } from "./harness";

const EDIT = "/api/metronome/v2/contracts/edit";

let portal: Portal;
let globex: DemoIds;
let admin: string;
let manager: string;
let faults = 0;
const submissions: Submission[] = [];
let keySeq = 0;

async function setFaults(rules: unknown[]) {
  const response = await portal.call("POST", "/api/simulator/_simulator/faults", { origin: null, headers: bearer, body: { rules } });
  expect(response.status).toBe(200);
}

async function attempt(cookie: string, body: unknown): Promise<{ status: number; body: unknown }> {
  try {
    const response = await portal.call("POST", EDIT, { cookie, body });
    return { status: response.status, body: await jsonOf(response) };
  } catch {
    return { status: 0, body: null };
  }
}

/** Submits one seat edit the way the dashboard does; returns what the person is finally told. */
async function submitEdit(cookie: string, delta: number): Promise<Submission> {
  keySeq += 1;
  const key = `faults-${keySeq}-${Math.random().toString(36).slice(2, 8)}`;
  const body = {
    customer_id: globex.customerId,
    contract_id: globex.contractId,
    uniqueness_key: key,
    update_subscriptions: [{ subscription_id: globex.subscriptionId, quantity_updates: [{ quantity_delta: delta, starting_at: FROZEN_NOW }] }],
  };
  let sent = false;
  // The automatic attempts, then once more when the person presses "Try again" (same key).
  for (let press = 0; press < 2; press++) {
    for (let n = 0; n <= MAX_RETRIES; n++) {
      const result = await attempt(cookie, body);
      if (result.status === 200) return { key, contractId: globex.contractId, outcome: "applied" };
      if (result.status === 409 && sent) return { key, contractId: globex.contractId, outcome: "applied" };
      sent = true;
      if (result.status === 0 || result.status >= 500) {
        faults += 1;
        continue;
      }
      // A 4xx is final and must say why.
      expect(isSpecificMessage(result.body), JSON.stringify(result.body)).toBe(true);
      return { key, contractId: globex.contractId, outcome: "error" };
    }
  }
  return { key, contractId: globex.contractId, outcome: "error" };
}

async function globexQuantityNow(): Promise<number> {
  const contract = (await portal.simulatorJson("POST", "/v2/contracts/get", { customer_id: globex.customerId, contract_id: globex.contractId })).body as {
    data: { subscriptions: Array<{ id: string; quantity_schedule: Array<{ quantity: number; starting_at: string; ending_before?: string }> }> };
  };
  const sub = contract.data.subscriptions.find((s) => s.id === globex.subscriptionId);
  const now = Date.parse(FROZEN_NOW);
  const item = sub?.quantity_schedule.find((q) => Date.parse(q.starting_at) <= now && (q.ending_before === undefined || now < Date.parse(q.ending_before)));
  if (!item) throw new Error("no quantity at now");
  return item.quantity;
}

const history = async (contractId: string) =>
  ((await portal.simulatorJson("POST", "/v2/contracts/getEditHistory", { customer_id: globex.customerId, contract_id: contractId })).body as {
    data: Array<{ id: string; uniqueness_key?: string }>;
  }).data;

beforeAll(async () => {
  portal = await startPortal();
  globex = await portal.ids("globex");
  admin = await portal.signIn("globex-admin");
  manager = await portal.signIn("account-manager");
}, 60_000);

afterAll(async () => {
  await portal?.close();
});

describe("seat edits under faults", () => {
  let startQuantity = 0;

  it("lands concurrent edits by a customer admin and an account manager in order under 2 s latency", async () => {
    startQuantity = await globexQuantityNow();
    await setFaults([{ path: "/v2/contracts/edit", latency_ms: 2000 }]);
    const started = Date.now();
    for (let pair = 0; pair < 2; pair++) {
      const both = await Promise.all([submitEdit(admin, 1), submitEdit(manager, 1)]);
      submissions.push(...both);
      faults += 2;
      expect(both.map((s) => s.outcome)).toEqual(["applied", "applied"]);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    await setFaults([]);
    // Each sees the other's change on the next read.
    const asAdmin = (await (await portal.call("POST", "/api/metronome/v2/contracts/getEditHistory", { cookie: admin, body: { customer_id: globex.customerId, contract_id: globex.contractId } })).json()) as { data: Array<{ uniqueness_key?: string }> };
    const asManager = (await (await portal.call("POST", "/api/metronome/v2/contracts/getEditHistory", { cookie: manager, body: { customer_id: globex.customerId, contract_id: globex.contractId } })).json()) as { data: Array<{ uniqueness_key?: string }> };
    const keys = submissions.map((s) => s.key);
    expect(asAdmin.data.map((e) => e.uniqueness_key).filter((k) => keys.includes(k ?? ""))).toHaveLength(4);
    expect(asManager.data.map((e) => e.uniqueness_key)).toEqual(asAdmin.data.map((e) => e.uniqueness_key));
    expect(await globexQuantityNow()).toBe(startQuantity + 4);
  }, 60_000);

  it("applies each edit exactly once under 30 % server errors and dropped connections", async () => {
    await setFaults([
      { path: "/v2/contracts/edit", error_rate: 0.3, drop_rate: 0.1 },
      { path: "/v2/contracts/get", drop_rate: 0.1 },
    ]);
    for (let i = 0; i < 40; i++) submissions.push(await submitEdit(i % 2 === 0 ? admin : manager, 1));
    await setFaults([]);
    const report = await reconcileEdits(submissions, history, portal.sql);
    const applied = submissions.filter((s) => s.outcome === "applied").length;
    reportCounts("faults", { faults, edits: report.edits, applied_once: report.applied_once, lost: report.lost + report.audit_gaps + report.audit_orphans });
    console.log(`[resilience] faults detail: told applied ${applied}, clean errors ${report.clean_errors}, audit gaps ${report.audit_gaps}, orphans ${report.audit_orphans}`, report.problems);
    expect(await globexQuantityNow()).toBe(startQuantity + report.applied_once);
    expect(report.problems).toEqual([]);
    expect(report.applied_once + report.clean_errors).toBe(report.edits);
  }, 120_000);

  it("retries reads and answers a failed read with a specific error, never a blank 500", async () => {
    await setFaults([{ path: "/v2/contracts/get", error_rate: 0.3, drop_rate: 0.1 }]);
    let succeeded = 0;
    let readFaults = 0;
    const vague: string[] = [];
    for (let i = 0; i < 30; i++) {
      for (let n = 0; n <= MAX_RETRIES; n++) {
        const response = await portal.call("POST", "/api/metronome/v2/contracts/get", { cookie: admin, body: { customer_id: globex.customerId, contract_id: globex.contractId } });
        if (response.status === 200) {
          succeeded += 1;
          break;
        }
        readFaults += 1;
        const body = await jsonOf(response);
        expect(response.status).toBeGreaterThanOrEqual(500);
        if (!isSpecificMessage(body)) vague.push(`${response.status} ${JSON.stringify(body)}`);
      }
    }
    await setFaults([]);
    console.log(`[resilience] reads: ${succeeded}/30 succeeded within ${MAX_RETRIES} retries; vague failures: ${vague.length}`);
    reportCounts("fault-reads", { faults: readFaults });
    expect(vague).toEqual([]);
    expect(succeeded).toBeGreaterThanOrEqual(25);
  }, 60_000);
});
