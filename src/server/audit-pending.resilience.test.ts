/**
 * A seat edit's audit row survives a lost answer and a crash: the row is written before the edit
 * goes upstream and settled after; what a dead process left pending is settled from Metronome's
 * edit history when the server starts, or when a retry is answered 409.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FROZEN_NOW, startPortal, type Portal } from "../../test/resilience/harness";
import { createApp } from "./app";
import { createAuditStore } from "./audit";
import { NOT_APPLIED_AFTER_RESTART } from "./edit-reconcile";
import { HttpError } from "./errors";
import { testConfig } from "./test-helpers";
import type { MetronomeUpstream } from "./upstream";

let portal: Portal | null = null;
afterEach(async () => {
  await portal?.close();
  portal = null;
});

const EDIT = "/api/metronome/v2/contracts/edit";

async function globexEdit(p: Portal, key: string) {
  const ids = await p.ids("globex");
  return {
    ids,
    body: {
      customer_id: ids.customerId, contract_id: ids.contractId, uniqueness_key: key,
      update_subscriptions: [{ subscription_id: ids.subscriptionId, quantity_updates: [{ quantity_delta: 1, starting_at: FROZEN_NOW }] }],
    },
  };
}

async function rows(p: Portal) {
  return p.sql.query<{ edit_id: string | null; outcome: string; error: { status: number; message: string } | null; key: string }>(
    "select edit_id, outcome, error, request->>'uniqueness_key' as key from audit_log order by seq",
  );
}

describe("seat edit audit rows under lost answers and crashes", () => {
  it("records an applied edit even when the totals after it cannot be read", async () => {
    let editDone = false;
    portal = await startPortal({}, {
      wrapUpstream: (inner): MetronomeUpstream => ({
        ...inner,
        async request(method, path, body) {
          if (editDone && path.startsWith("/v2/contracts/get")) throw new HttpError(502, "The simulator dropped the connection; try again", "upstream_unreachable");
          const response = await inner.request(method, path, body);
          if (path === "/v2/contracts/edit" && response.ok) editDone = true;
          return response;
        },
      }),
    });
    const cookie = await portal.signIn("globex-admin");
    const { body } = await globexEdit(portal, "after-read-fails");
    const first = await portal.call("POST", EDIT, { cookie, body });
    expect(first.status).toBe(200);
    const editId = ((await first.json()) as { data: { id: string } }).data.id;
    expect(await rows(portal)).toEqual([{ edit_id: editId, outcome: "applied", error: null, key: "after-read-fails" }]);
  }, 60_000);

  it("a lost answer is an unknown outcome: the row stays pending and the retry is answered from Metronome's history", async () => {
    let lose = true;
    portal = await startPortal({}, {
      wrapUpstream: (inner): MetronomeUpstream => ({
        ...inner,
        async request(method, path, body) {
          const response = await inner.request(method, path, body);
          if (path === "/v2/contracts/edit" && lose) {
            lose = false;
            throw new HttpError(502, "The simulator dropped the connection; try again", "upstream_unreachable");
          }
          return response;
        },
      }),
    });
    const cookie = await portal.signIn("globex-admin");
    const { ids, body } = await globexEdit(portal, "lost-answer");
    const first = await portal.call("POST", EDIT, { cookie, body });
    expect(first.status).toBe(502);
    expect(await first.json()).toMatchObject({ code: "outcome_unknown" });
    expect(await rows(portal)).toEqual([{ edit_id: null, outcome: "pending", error: null, key: "lost-answer" }]);
    const editsBefore = await editCount(portal, ids);
    const retry = await portal.call("POST", EDIT, { cookie, body });
    expect(retry.status).toBe(409);
    expect(await editCount(portal, ids)).toBe(editsBefore);
    expect((await rows(portal)).map((r) => r.outcome)).toEqual(["applied"]);
  }, 60_000);

  it("settles a retry from the first attempt's own row: one applied row, nothing sent twice; adds a key to an edit sent without one", async () => {
    portal = await startPortal();
    const cookie = await portal.signIn("globex-admin");
    const { ids, body } = await globexEdit(portal, "retry-409");
    // A previous attempt reached Metronome, but its process never settled the row.
    const audit = createAuditStore(portal.sql, () => new Date(FROZEN_NOW));
    await audit.begin({ actor: { id: "u", name: "U", email: "u@x.example" }, role: "customer_admin", customer_id: ids.customerId, contract_id: ids.contractId, subscription_ids: [ids.subscriptionId], request: body, preview: null, claimed_preview: null, seats_before: {} }, { uniqueness_key: "retry-409", instance_id: "a-dead-instance" });
    const applied = await portal.simulatorJson("POST", "/v2/contracts/edit", body);
    expect(applied.status).toBe(200);
    const editsBefore = await editCount(portal, ids);
    const retry = await portal.call("POST", EDIT, { cookie, body });
    expect(retry.status).toBe(409);
    expect(await retry.json()).toMatchObject({ code: "already_applied" });
    expect(await editCount(portal, ids)).toBe(editsBefore);
    expect(await rows(portal)).toEqual([{ edit_id: (applied.body as { data: { id: string } }).data.id, outcome: "applied", error: null, key: "retry-409" }]);

    const { uniqueness_key: _key, ...keyless } = body;
    const sent = await portal.call("POST", EDIT, { cookie, body: keyless });
    expect(sent.status).toBe(200);
    const history = (await portal.simulatorJson("POST", "/v2/contracts/getEditHistory", { customer_id: ids.customerId, contract_id: ids.contractId })).body as { data: Array<{ id: string; uniqueness_key?: string }> };
    const last = history.data.at(-1);
    expect(last?.uniqueness_key).toMatch(/^seats-/);
    expect((await rows(portal)).at(-1)).toMatchObject({ edit_id: last?.id, outcome: "applied", key: last?.uniqueness_key });
  }, 60_000);

  it("settles on start what a killed process left pending: applied from the edit history, else not applied", async () => {
    portal = await startPortal();
    const { ids, body } = await globexEdit(portal, "crash-applied");
    const audit = createAuditStore(portal.sql, () => new Date(FROZEN_NOW));
    const entry = { actor: { id: "u", name: "U", email: "u@x.example" }, role: "customer_admin" as const, customer_id: ids.customerId, contract_id: ids.contractId, subscription_ids: [ids.subscriptionId], preview: null, claimed_preview: null, seats_before: { [ids.subscriptionId]: 250 } };
    await audit.begin({ ...entry, request: body }, { uniqueness_key: "crash-applied", instance_id: "a-dead-instance" });
    await audit.begin({ ...entry, request: { ...body, uniqueness_key: "crash-never-sent" } }, { uniqueness_key: "crash-never-sent", instance_id: "a-dead-instance" });
    // On PGlite a killed process's instance still looks live; the next start settles its rows at
    // once (a live instance's rows on PostgreSQL are left alone: write-path.postgres.test.ts).
    await portal.sql.query("insert into server_instances (id, started_at, heartbeat_at) values ('a-killed-instance', now(), now())");
    await audit.begin({ ...entry, request: { ...body, uniqueness_key: "killed-never-sent" } }, { uniqueness_key: "killed-never-sent", instance_id: "a-killed-instance" });
    const applied = await portal.simulatorJson("POST", "/v2/contracts/edit", body);
    const cookie = await portal.signIn("globex-admin");
    const hidden = (await (await portal.call("GET", `/api/audit?customer_id=${ids.customerId}`, { cookie })).json()) as { data: unknown[] };
    expect(hidden.data).toEqual([]);

    // A new process on the same database and upstream.
    const restarted = await createApp(testConfig(), { upstream: { ...simulatorOf(portal), close: async () => {} }, sql: portal.sql });
    await restarted.close();
    const after = await rows(portal);
    expect(after).toEqual([
      { edit_id: (applied.body as { data: { id: string } }).data.id, outcome: "applied", error: null, key: "crash-applied" },
      { edit_id: null, outcome: "rejected", error: { status: 503, message: NOT_APPLIED_AFTER_RESTART }, key: "crash-never-sent" },
      { edit_id: null, outcome: "rejected", error: { status: 503, message: NOT_APPLIED_AFTER_RESTART }, key: "killed-never-sent" },
    ]);
    const listed = (await (await portal.call("GET", `/api/audit?customer_id=${ids.customerId}`, { cookie })).json()) as { data: Array<{ outcome: string; seats_after: unknown }> };
    expect(listed.data.map((r) => r.outcome)).toEqual(["rejected", "rejected", "applied"]);
    expect(listed.data[1]?.seats_after).toEqual({ [ids.subscriptionId]: 250 });
  }, 60_000);
});

async function editCount(p: Portal, ids: { customerId: string; contractId: string }): Promise<number> {
  const history = await p.simulatorJson("POST", "/v2/contracts/getEditHistory", { customer_id: ids.customerId, contract_id: ids.contractId });
  return (history.body as { data: unknown[] }).data.length;
}

function simulatorOf(p: Portal): MetronomeUpstream {
  return p.server.upstream;
}

describe("audit log pages", () => {
  it("pages through more than 100 rows newest first, each row once", async () => {
    const { openPglite } = await import("./db");
    const { migrate } = await import("./migrations");
    const sql = await openPglite(null);
    try {
      await migrate(sql);
      const audit = createAuditStore(sql, () => new Date(FROZEN_NOW));
      const entry = { actor: { id: "u", name: "U", email: "u@x.example" }, role: "customer_admin" as const, customer_id: "c-1", contract_id: "k-1", subscription_ids: [], preview: null, claimed_preview: null, seats_before: {}, seats_after: {}, edit_id: null, outcome: "rejected" as const, error: null };
      for (let i = 0; i < 130; i++) await audit.record({ ...entry, request: { n: i } });
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof audit.list>> = await audit.list({ customer_id: "c-1" }, 25, cursor);
        seen.push(...page.data.map((r) => (r.request as { n: number }).n));
        cursor = page.next_page;
      } while (cursor);
      expect(seen).toEqual(Array.from({ length: 130 }, (_, i) => 129 - i));
    } finally {
      await sql.close();
    }
  }, 60_000);
});
