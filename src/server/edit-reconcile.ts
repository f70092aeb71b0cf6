/**
 * Settling seat-edit rows whose outcome nobody is waiting for: the request that sent the edit lost
 * its answer, or the instance sending it died. Metronome's edit history decides: an edit carrying
 * the row's uniqueness key was applied; none means it was not. A row is settled only under its
 * contract's edit lock (so no edit of that contract is in flight anywhere) and only when no live
 * request owns it (instance leases, see instances.ts).
 */
import type { AuditStore } from "./audit";
import type { Sql } from "./db";
import { LEASE_SECONDS, type ServerInstance } from "./instances";
import { isObject } from "./json";
import { log } from "./log";
import { upstreamJson, type MetronomeUpstream } from "./upstream";

export const NOT_APPLIED_AFTER_RESTART =
  "Metronome never confirmed this edit (the server sending it stopped or lost its connection) and has no edit with its uniqueness key, so it was not applied";

/** The critical section of every edit of one contract, across instances. */
export function editLockKey(contractId: string): string {
  return `contract-edit:${contractId}`;
}

/** The id of the edit carrying this uniqueness key; null when Metronome has none; undefined when its history cannot be read. */
export async function findAppliedEdit(upstream: MetronomeUpstream, customerId: string, contractId: string, uniquenessKey: string): Promise<string | null | undefined> {
  const history = await upstreamJson(upstream, "POST", "/v2/contracts/getEditHistory", { customer_id: customerId, contract_id: contractId }).catch(() => null);
  if (!history?.ok || !isObject(history.body) || !Array.isArray(history.body.data)) return undefined;
  const edit = history.body.data.filter(isObject).find((e) => e.uniqueness_key === uniquenessKey);
  return edit && typeof edit.id === "string" ? edit.id : null;
}

export interface ReconcileDeps {
  sql: Sql;
  upstream: MetronomeUpstream;
  audit: AuditStore;
  instance: ServerInstance;
}

export interface ReconcileResult {
  applied: number;
  not_applied: number;
  unresolved: number;
}

/** Settles every abandoned pending row it can; rows it cannot decide stay pending for the next run. */
export async function reconcileAbandoned({ sql, upstream, audit, instance }: ReconcileDeps): Promise<ReconcileResult> {
  const result: ReconcileResult = { applied: 0, not_applied: 0, unresolved: 0 };
  for (const row of await audit.abandoned({ instance_id: instance.id, in_flight: instance.inFlight }, LEASE_SECONDS)) {
    if (row.uniqueness_key === null) {
      result.unresolved += 1;
      continue;
    }
    const key = row.uniqueness_key;
    try {
      await sql.withLock(
        editLockKey(row.contract_id),
        async () => {
          if (instance.inFlight.has(row.id)) return;
          const editId = await findAppliedEdit(upstream, row.customer_id, row.contract_id, key);
          if (editId === undefined) result.unresolved += 1;
          else if (editId !== null) {
            if (await audit.settle(row.id, { edit_id: editId, outcome: "applied", error: null }, "reconcile")) result.applied += 1;
          } else if (await audit.settle(row.id, { edit_id: null, outcome: "rejected", error: { status: 503, message: NOT_APPLIED_AFTER_RESTART } }, "reconcile")) {
            result.not_applied += 1;
          }
        },
        { waitMs: 2_000 },
      );
    } catch {
      result.unresolved += 1;
    }
  }
  return result;
}

export interface Reconciler {
  /** One run now (start-up awaits it); overlapping runs are skipped. */
  runNow(): Promise<void>;
  stop(): void;
}

/** Reconciles every `everyMs` from now on. */
export function startReconciler(deps: ReconcileDeps, everyMs = 30_000): Reconciler {
  let running = false;
  const runNow = async () => {
    if (running) return;
    running = true;
    try {
      const settled = await reconcileAbandoned(deps);
      if (settled.applied + settled.not_applied + settled.unresolved > 0) log("info", "pending seat edits reconciled", { ...settled });
    } catch (error) {
      log("warn", "could not reconcile pending seat edits", { error });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void runNow(), everyMs);
  timer.unref();
  return { runNow, stop: () => clearInterval(timer) };
}
