/**
 * Concurrent seat edits on one contract, in process (PGlite, embedded simulator, frozen clock):
 * the policy check and the send are one critical section per contract, so edits sent together can
 * never together break the seat policy, every applied edit has exactly one applied audit row whose
 * seats before and after describe that edit alone, and one edit sent several times at once (same
 * uniqueness key) reaches Metronome once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FROZEN_NOW, quantityAt, startPortal, subscriptionSchedule, type DemoIds, type Portal } from "../../test/resilience/harness";

const EDIT = "/api/metronome/v2/contracts/edit";
/** The demo schedules +25 seats for Globex from this instant (see the simulator's demo scenario). */
const GLOBEX_SCHEDULED_AT = "2026-12-01T00:00:00.000Z";

let portal: Portal | null = null;
afterEach(async () => {
  await portal?.close();
  portal = null;
});

type QuantityUpdate = { quantity?: number; quantity_delta?: number; starting_at: string };

function quantityEdit(ids: DemoIds, key: string, quantity_updates: QuantityUpdate[]) {
  return {
    customer_id: ids.customerId,
    contract_id: ids.contractId,
    uniqueness_key: key,
    update_subscriptions: [{ subscription_id: ids.subscriptionId, quantity_updates }],
  };
}

function unassignedSeatsEdit(ids: DemoIds, key: string, quantity: number) {
  return {
    customer_id: ids.customerId,
    contract_id: ids.contractId,
    uniqueness_key: key,
    update_subscriptions: [{ subscription_id: ids.subscriptionId, seat_updates: { add_unassigned_seats: [{ quantity, starting_at: FROZEN_NOW }] } }],
  };
}

interface Answer {
  key: string;
  status: number;
  body: { message?: string; code?: string; data?: { id: string | null }; edit_id?: string };
}

/** Sends every body at once (no awaiting between them) and collects the answers in order. */
async function sendAll(p: Portal, cookie: string, bodies: Array<{ uniqueness_key: string }>): Promise<Answer[]> {
  return Promise.all(
    bodies.map(async (body) => {
      const response = await p.call("POST", EDIT, { cookie, body });
      return { key: body.uniqueness_key, status: response.status, body: (await response.json()) as Answer["body"] };
    }),
  );
}

const schedule = (p: Portal, ids: DemoIds) => subscriptionSchedule(p.simulatorJson, ids);

interface Row {
  outcome: string;
  uniqueness_key: string | null;
  edit_id: string | null;
  seats_before: Record<string, number>;
  seats_after: Record<string, number>;
  error: { status: number; message: string } | null;
  request_key: string;
}

async function auditRows(p: Portal, contractId: string): Promise<Row[]> {
  return p.sql.query<Row>(
    `select outcome, uniqueness_key, edit_id, seats_before, seats_after, error, request->>'uniqueness_key' as request_key
     from audit_log where contract_id = $1 order by seq`,
    [contractId],
  );
}

async function editHistory(p: Portal, ids: DemoIds): Promise<Array<{ id: string; uniqueness_key?: string }>> {
  const history = await p.simulatorJson("POST", "/v2/contracts/getEditHistory", { customer_id: ids.customerId, contract_id: ids.contractId });
  return (history.body as { data: Array<{ id: string; uniqueness_key?: string }> }).data;
}

/** Applied rows of these keys: one per 200 answer, each carrying the id Metronome returned. */
function expectOneAppliedRowPerSuccess(rows: Row[], answers: Answer[]): Row[] {
  const keys = new Set(answers.map((a) => a.key));
  const ours = rows.filter((r) => r.uniqueness_key !== null && keys.has(r.uniqueness_key));
  const applied = ours.filter((r) => r.outcome === "applied");
  const succeeded = answers.filter((a) => a.status === 200);
  expect(applied).toHaveLength(succeeded.length);
  expect(applied.map((r) => r.edit_id).sort()).toEqual(succeeded.map((a) => a.body.data?.id).sort());
  // Nothing is left half-written: every row of these edits is settled.
  expect(ours.filter((r) => r.outcome === "pending")).toEqual([]);
  return applied;
}

describe("concurrent seat edits of one contract (one server, in process)", () => {
  it("Globex at 301 (max 400): of 20 concurrent +20 edits exactly 4 apply, one after another; the rest are refused naming 400", async () => {
    portal = await startPortal();
    const ids = await portal.ids("globex");
    const sub = ids.subscriptionId;
    const cookie = await portal.signIn("globex-admin");
    // One edit: 301 from now on, cancelling the demo's scheduled +25 on December 1 so the whole
    // schedule is flat at 301 (else December 1 would be the binding instant, see the next test).
    const [setup] = await sendAll(portal, cookie, [
      quantityEdit(ids, "set-301", [{ quantity: 301, starting_at: FROZEN_NOW }, { quantity_delta: -25, starting_at: GLOBEX_SCHEDULED_AT }]),
    ]);
    expect(setup?.status).toBe(200);
    expect((await schedule(portal, ids)).map((i) => i.quantity)).toEqual([301]);

    const answers = await sendAll(portal, cookie, Array.from({ length: 20 }, (_, i) => quantityEdit(ids, `plus20-${i}`, [{ quantity_delta: 20, starting_at: FROZEN_NOW }])));
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(ok).toHaveLength(4);
    expect(refused).toHaveLength(16);
    for (const answer of refused) {
      expect(answer.status).toBe(422);
      expect(answer.body.code).toBe("above_max_seats");
      expect(answer.body.message).toContain("400");
      expect(answer.body.message).toContain("401"); // what the 5th would have made it
    }

    const after = await schedule(portal, ids);
    expect(quantityAt(after, FROZEN_NOW)).toBe(381);
    expect(Math.max(...after.map((i) => i.quantity))).toBeLessThanOrEqual(400);

    const rows = await auditRows(portal, ids.contractId);
    const applied = expectOneAppliedRowPerSuccess(rows, answers);
    // Each row describes its own edit alone: before → before + 20, the befores a chain from 301.
    for (const row of applied) expect(row.seats_after[sub]).toBe((row.seats_before[sub] ?? Number.NaN) + 20);
    expect(applied.map((r) => r.seats_before[sub]).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([301, 321, 341, 361]);
    // The refusals are in the log too, each seeing the total the four applied edits left.
    const rejected = rows.filter((r) => r.outcome === "rejected");
    expect(rejected).toHaveLength(16);
    for (const row of rejected) {
      expect(row.error).toMatchObject({ status: 422, message: expect.stringContaining("400") as unknown });
      expect(row.seats_before[sub]).toBe(381);
      expect(row.seats_after[sub]).toBe(381);
    }
    // Metronome has exactly the four applied edits, each once.
    const sent = (await editHistory(portal, ids)).filter((e) => e.uniqueness_key?.startsWith("plus20-"));
    expect(sent.map((e) => e.uniqueness_key).sort()).toEqual(ok.map((a) => a.key).sort());

    // What the people see: the audit log lists the applied and refused rows, never a pending one.
    const listed = (await (await portal.call("GET", `/api/audit?customer_id=${ids.customerId}&limit=100`, { cookie })).json()) as { data: Array<{ outcome: string }> };
    expect(listed.data.filter((r) => r.outcome === "applied")).toHaveLength(5); // set-301 and the four
    expect(listed.data.filter((r) => r.outcome === "rejected")).toHaveLength(16);
  }, 60_000);

  it("a later scheduled change counts too: at 301 with +25 scheduled for December 1, only 3 of 20 concurrent +20 edits fit", async () => {
    portal = await startPortal();
    const ids = await portal.ids("globex");
    const cookie = await portal.signIn("globex-admin");
    const [setup] = await sendAll(portal, cookie, [quantityEdit(ids, "set-301", [{ quantity: 301, starting_at: FROZEN_NOW }])]);
    expect(setup?.status).toBe(200);
    expect((await schedule(portal, ids)).map((i) => i.quantity)).toEqual([301, 326]);

    const answers = await sendAll(portal, cookie, Array.from({ length: 20 }, (_, i) => quantityEdit(ids, `plus20-${i}`, [{ quantity_delta: 20, starting_at: FROZEN_NOW }])));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect(answer).toMatchObject({ status: 422, body: { code: "above_max_seats" } });
      expect(answer.body.message).toMatch(/406 seats on December 1, 2026.*400/);
    }
    expect((await schedule(portal, ids)).map((i) => i.quantity)).toEqual([361, 386]);
    expectOneAppliedRowPerSuccess(await auditRows(portal, ids.contractId), answers);
  }, 60_000);

  it("Acme (seat-based, max 60): 20 concurrent +5 unassigned seats never take it past 60; refusals say why", async () => {
    portal = await startPortal();
    const ids = await portal.ids("acme");
    expect(ids.seatBased).toBe(true);
    const sub = ids.subscriptionId;
    const cookie = await portal.signIn("acme-admin");
    const before = await schedule(portal, ids);
    const startTotal = quantityAt(before, FROZEN_NOW);

    const answers = await sendAll(portal, cookie, Array.from({ length: 20 }, (_, i) => unassignedSeatsEdit(ids, `acme-plus5-${i}`, 5)));
    const ok = answers.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.length).toBeLessThan(20);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect(answer.status).toBe(422);
      expect(["above_max_seats", "above_seat_cap"]).toContain(answer.body.code);
      expect(answer.body.message).toMatch(/\b60\b/);
    }
    const after = await schedule(portal, ids);
    expect(quantityAt(after, FROZEN_NOW)).toBe(startTotal + 5 * ok.length);
    expect(Math.max(...after.map((i) => i.quantity))).toBeLessThanOrEqual(60);
    // As many as fit: one more would have passed 60 somewhere in the schedule.
    expect(Math.max(...after.map((i) => i.quantity)) + 5).toBeGreaterThan(60);

    const applied = expectOneAppliedRowPerSuccess(await auditRows(portal, ids.contractId), answers);
    const befores = applied.map((r) => r.seats_before[sub] ?? Number.NaN).sort((a, b) => a - b);
    expect(befores).toEqual(Array.from({ length: ok.length }, (_, i) => startTotal + 5 * i));
    for (const row of applied) expect(row.seats_after[sub]).toBe((row.seats_before[sub] ?? Number.NaN) + 5);
  }, 60_000);

  it("13 concurrent +1 edits: 13 applied rows with 13 distinct seats before, each one seat more after", async () => {
    portal = await startPortal();
    const ids = await portal.ids("globex");
    const sub = ids.subscriptionId;
    const cookie = await portal.signIn("globex-admin");
    const startTotal = quantityAt(await schedule(portal, ids), FROZEN_NOW);

    const answers = await sendAll(portal, cookie, Array.from({ length: 13 }, (_, i) => quantityEdit(ids, `plus1-${i}`, [{ quantity_delta: 1, starting_at: FROZEN_NOW }])));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 13 }, () => 200));
    const applied = expectOneAppliedRowPerSuccess(await auditRows(portal, ids.contractId), answers);
    const befores = applied.map((r) => r.seats_before[sub] ?? Number.NaN);
    expect(new Set(befores).size).toBe(13);
    expect([...befores].sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => startTotal + i));
    for (const row of applied) expect(row.seats_after[sub]).toBe((row.seats_before[sub] ?? Number.NaN) + 1);
    expect(quantityAt(await schedule(portal, ids), FROZEN_NOW)).toBe(startTotal + 13);
  }, 60_000);

  it("the same edit (same uniqueness key) sent 5 times at once reaches Metronome once, with one applied row; the others answer 409 already_applied", async () => {
    portal = await startPortal();
    const ids = await portal.ids("globex");
    const cookie = await portal.signIn("globex-admin");
    const startTotal = quantityAt(await schedule(portal, ids), FROZEN_NOW);
    const body = quantityEdit(ids, "same-key-5x", [{ quantity_delta: 20, starting_at: FROZEN_NOW }]);

    const answers = await sendAll(portal, cookie, Array.from({ length: 5 }, () => body));
    const ok = answers.filter((a) => a.status === 200);
    expect(ok).toHaveLength(1);
    const editId = ok[0]?.body.data?.id;
    expect(editId).toEqual(expect.any(String));
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ code: "already_applied", edit_id: editId });
    }

    const sent = (await editHistory(portal, ids)).filter((e) => e.uniqueness_key === "same-key-5x");
    expect(sent.map((e) => e.id)).toEqual([editId]);
    const rows = (await auditRows(portal, ids.contractId)).filter((r) => r.request_key === "same-key-5x");
    expect(rows.map((r) => [r.outcome, r.edit_id])).toEqual([["applied", editId]]);
    expect(quantityAt(await schedule(portal, ids), FROZEN_NOW)).toBe(startTotal + 20);
  }, 60_000);
});
