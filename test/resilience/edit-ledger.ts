/**
 * Reconciles seat edits the client submitted with what Metronome (the simulator) applied and what
 * the audit log recorded: every submission either landed exactly once (client told success) or
 * not at all (client told an error), and every applied edit has exactly one "applied" audit row.
 */
import type { Sql } from "../../src/server/db";

export interface Submission {
  key: string;
  contractId: string;
  /** What the client finally told the person. */
  outcome: "applied" | "error";
}

export interface LedgerReport {
  edits: number;
  applied_once: number;
  /** Submissions that failed cleanly (error shown, nothing applied). */
  clean_errors: number;
  /** Told applied but missing, applied twice, or applied while the person was told it failed. */
  lost: number;
  /** Applied edits with no "applied" audit row, or with more than one. */
  audit_gaps: number;
  /** "applied" audit rows whose edit is not in Metronome's edit history. */
  audit_orphans: number;
  problems: string[];
}

type HistoryEntry = { id: string; uniqueness_key?: string };

export async function reconcileEdits(
  submissions: Submission[],
  history: (contractId: string) => Promise<HistoryEntry[]>,
  sql: Sql,
): Promise<LedgerReport> {
  const report: LedgerReport = { edits: submissions.length, applied_once: 0, clean_errors: 0, lost: 0, audit_gaps: 0, audit_orphans: 0, problems: [] };
  const byContract = new Map<string, HistoryEntry[]>();
  for (const contractId of new Set(submissions.map((s) => s.contractId))) byContract.set(contractId, await history(contractId));
  const rows = await sql.query<{ edit_id: string | null; outcome: string; contract_id: string }>("select edit_id, outcome, contract_id from audit_log");
  const appliedRows = new Map<string, number>();
  for (const row of rows) if (row.outcome === "applied" && row.edit_id) appliedRows.set(row.edit_id, (appliedRows.get(row.edit_id) ?? 0) + 1);

  for (const submission of submissions) {
    const landed = (byContract.get(submission.contractId) ?? []).filter((e) => e.uniqueness_key === submission.key);
    if (landed.length > 1) {
      report.lost += 1;
      report.problems.push(`${submission.key} applied ${landed.length} times`);
    } else if (submission.outcome === "applied" && landed.length === 0) {
      report.lost += 1;
      report.problems.push(`${submission.key} reported applied but not in the edit history`);
    } else if (submission.outcome === "error" && landed.length === 1) {
      report.lost += 1;
      report.problems.push(`${submission.key} applied while the person was told it failed`);
    } else if (landed.length === 1) {
      report.applied_once += 1;
    } else {
      report.clean_errors += 1;
    }
    for (const edit of landed) {
      const count = appliedRows.get(edit.id) ?? 0;
      if (count !== 1) {
        report.audit_gaps += 1;
        report.problems.push(`edit ${edit.id} (${submission.key}) has ${count} applied audit rows`);
      }
    }
  }
  const known = new Set([...byContract.values()].flat().map((e) => e.id));
  for (const row of rows) {
    if (row.outcome !== "applied" || !row.edit_id || !byContract.has(row.contract_id)) continue;
    if (!known.has(row.edit_id)) {
      report.audit_orphans += 1;
      report.problems.push(`audit row for edit ${row.edit_id} has no edit in the history`);
    }
  }
  return report;
}
