/**
 * Crash safety: the real server process (node --import tsx src/server/main.ts, its own PORT and
 * DATA_DIR) takes concurrent seat edits and is killed with SIGKILL in the middle of them, then
 * restarted, several times. After each restart the state file parses, the database opens, every
 * acknowledged edit is in Metronome's edit history exactly once, and the edit history and the
 * audit log agree both ways.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AuditEntry, AuditPage } from "../../src/contract/bff";
import { FROZEN_NOW, reportCounts } from "./harness";

const PORT = Number(process.env.CRASH_PORT ?? 4391);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const CYCLES = 3;
const dataDir = mkdtempSync(path.join(tmpdir(), "seats-crash-"));
let child: ChildProcess | null = null;

function start(): ChildProcess {
  const proc = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    env: {
      ...process.env, PORT: String(PORT), HOST: "127.0.0.1", DATA_DIR: dataDir, SIMULATOR_NOW: FROZEN_NOW,
      PORTAL_SECRET: "crash-portal-secret", METRONOME_API_TOKEN: "", DATABASE_URL: "", DIST_DIR: path.join(dataDir, "no-dist"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout?.on("data", (d: Buffer) => process.env.CRASH_VERBOSE && process.stdout.write(d));
  proc.stderr?.on("data", (d: Buffer) => process.stderr.write(d));
  return proc;
}

async function waitHealthy(proc: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode} during start`);
    try {
      if ((await fetch(`${ORIGIN}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not become healthy");
}

async function kill(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGKILL");
  await exited;
}

async function signIn(): Promise<string> {
  const response = await fetch(`${ORIGIN}/api/demo-sign-in`, {
    method: "POST", headers: { origin: ORIGIN, "content-type": "application/json" }, body: JSON.stringify({ person_id: "globex-admin" }),
  });
  const cookie = /seats_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
  if (!cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie;
}

async function api<T>(cookie: string, method: string, pathname: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${ORIGIN}${pathname}`, {
    method,
    headers: { origin: ORIGIN, "content-type": "application/json", cookie: `seats_session=${cookie}` },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

afterAll(async () => {
  if (child) await kill(child);
  if (!process.env.CRASH_KEEP) rmSync(dataDir, { recursive: true, force: true });
  else console.log(`kept ${dataDir}`);
});

describe("SIGKILL in the middle of seat edits", () => {
  it(`keeps the simulator and the audit log in agreement over ${CYCLES} kills`, async () => {
    const acknowledged = new Set<string>();
    let sent = 0;
    let ids: { customer_id: string; contract_id: string; subscription_id: string } | null = null;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      child = start();
      await waitHealthy(child);
      const cookie = await signIn();
      if (!ids) {
        const session = await api<{ customer_ids: string[] }>(cookie, "GET", "/api/session");
        const customerId = session.body.customer_ids[0] as string;
        const contracts = await api<{ data: Array<{ id: string; subscriptions: Array<{ id: string }> }> }>(cookie, "POST", "/api/metronome/v2/contracts/list", { customer_id: customerId });
        const contract = contracts.body.data[0];
        ids = { customer_id: customerId, contract_id: contract?.id ?? "", subscription_id: contract?.subscriptions[0]?.id ?? "" };
      }
      const target = ids;
      // Edits in flight, two at a time, until the process is killed after a random moment.
      const killAt = Date.now() + 800 + Math.floor(Math.random() * 1500);
      const workers = [0, 1].map(async (worker) => {
        while (Date.now() < killAt + 2000) {
          const n = sent++;
          const key = `crash-${cycle}-${worker}-${n}`;
          try {
            const result = await api<{ data?: { id: string } }>(cookie, "POST", "/api/metronome/v2/contracts/edit", {
              ...target, subscription_id: undefined, uniqueness_key: key,
              update_subscriptions: [{ subscription_id: target.subscription_id, quantity_updates: [{ quantity_delta: n % 2 === 0 ? 1 : -1, starting_at: FROZEN_NOW }] }],
            });
            if (result.status === 200) acknowledged.add(key);
          } catch {
            return; // the connection died with the process
          }
        }
      });
      while (Date.now() < killAt) await new Promise((r) => setTimeout(r, 20));
      await kill(child);
      await Promise.all(workers);
    }

    // Restart once more and compare.
    child = start();
    await waitHealthy(child);
    const state = JSON.parse(readFileSync(path.join(dataDir, "simulator-state.json"), "utf8")) as { schema: number };
    expect(state.schema).toBe(1);
    const leftovers = readdirSync(dataDir).filter((f) => f.endsWith(".tmp"));
    const cookie = await signIn();
    const target = ids as NonNullable<typeof ids>;
    const history = await api<{ data: Array<{ id: string; uniqueness_key?: string }> }>(cookie, "POST", "/api/metronome/v2/contracts/getEditHistory", { customer_id: target.customer_id, contract_id: target.contract_id });
    const ours = history.body.data.filter((e) => e.uniqueness_key?.startsWith("crash-"));
    const audit: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: AuditPage } = await api<AuditPage>(cookie, "GET", `/api/audit?customer_id=${target.customer_id}&limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      audit.push(...page.body.data);
      cursor = page.body.next_page;
    } while (cursor);
    const appliedRows = audit.filter((r) => r.outcome === "applied");

    const problems: string[] = [];
    const keyCounts = new Map<string, number>();
    for (const edit of ours) keyCounts.set(edit.uniqueness_key ?? "", (keyCounts.get(edit.uniqueness_key ?? "") ?? 0) + 1);
    for (const [key, count] of keyCounts) if (count > 1) problems.push(`${key} applied ${count} times`);
    for (const key of acknowledged) if (!keyCounts.has(key)) problems.push(`${key} acknowledged but not in the edit history`);
    for (const edit of ours) {
      const rows = appliedRows.filter((r) => r.edit_id === edit.id);
      if (rows.length !== 1) problems.push(`edit ${edit.id} (${edit.uniqueness_key}) has ${rows.length} applied audit rows`);
    }
    const historyIds = new Set(history.body.data.map((e) => e.id));
    for (const row of appliedRows) if (row.edit_id && !historyIds.has(row.edit_id)) problems.push(`audit row ${row.id} names edit ${row.edit_id}, not in the history`);
    const settledNotApplied = audit.filter((r) => r.outcome === "rejected" && r.error?.status === 503).length;

    console.log(`[resilience] crash: ${CYCLES} kills, ${sent} edits sent, ${acknowledged.size} acknowledged, ${ours.length} in the history, ${appliedRows.length} applied audit rows, ${settledNotApplied} settled as not applied on restart, ${leftovers.length} temp state files left by kills`);
    reportCounts("crash", { faults: CYCLES, edits: sent, applied_once: ours.length, lost: problems.length });
    expect(problems).toEqual([]);
    expect(ours.length).toBeGreaterThanOrEqual(acknowledged.size);
    expect(acknowledged.size).toBeGreaterThan(0);
  }, 600_000);
});
