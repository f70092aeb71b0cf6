/** H4/H5: ledger entries as rows with a running balance, and the balance as chart points. Pure. */

export interface LedgerSource {
  /** The commit or credit id. */
  grantId: string;
  grantName: string | null;
  creditTypeId: string | null;
  entries: ReadonlyArray<{ type: string; amount: number; timestamp: string }>;
}

export interface LedgerRow {
  /** epoch ms */
  t: number;
  type: string;
  amount: number;
  grantId: string;
  grantName: string | null;
  creditTypeId: string | null;
  /** The sum of every entry up to and including this one (same credit type). */
  balanceAfter: number;
  /** Dated after now (e.g. the pending deduction of the current period). */
  pending: boolean;
}

/**
 * Every entry, oldest first, with running balances per credit type. At one instant debits come
 * first (the ending period's usage and expiry, then the new period's grant), so the balance never
 * shows two periods' grants at once.
 */
export function ledgerRows(sources: readonly LedgerSource[], now: number): LedgerRow[] {
  const flat: Array<Omit<LedgerRow, "balanceAfter" | "pending">> = [];
  for (const s of sources) {
    for (const e of s.entries) {
      const t = Date.parse(e.timestamp);
      if (!Number.isFinite(t)) continue;
      flat.push({ t, type: e.type, amount: Number(e.amount), grantId: s.grantId, grantName: s.grantName, creditTypeId: s.creditTypeId });
    }
  }
  flat.sort((a, b) => a.t - b.t || a.amount - b.amount);
  const sums = new Map<string | null, number>();
  return flat.map((row) => {
    const sum = (sums.get(row.creditTypeId) ?? 0) + row.amount;
    sums.set(row.creditTypeId, sum);
    return { ...row, balanceAfter: Math.round(sum * 1e6) / 1e6, pending: row.t > now };
  });
}

/** The rows of one credit type dated inside [from, to). */
export function rowsInRange(rows: readonly LedgerRow[], creditTypeId: string | null, from: number, to: number): LedgerRow[] {
  return rows.filter((r) => r.creditTypeId === creditTypeId && r.t >= from && r.t < to);
}

/** Balance points inside [from, to) for one credit type: the balance at `from`, then one point per instant. */
export function balancePoints(rows: readonly LedgerRow[], creditTypeId: string | null, from: number, to: number): Array<{ t: number; value: number }> {
  const mine = rows.filter((r) => r.creditTypeId === creditTypeId);
  let atStart: number | null = null;
  const byTime = new Map<number, number>();
  for (const r of mine) {
    if (r.t < from) atStart = r.balanceAfter;
    else if (r.t < to) byTime.set(r.t, r.balanceAfter);
  }
  const points = [...byTime.entries()].map(([t, value]) => ({ t, value }));
  if (atStart !== null && !byTime.has(from)) points.unshift({ t: from, value: atStart });
  const last = points.at(-1);
  if (last && last.t < to - 1) points.push({ t: to - 1, value: last.value });
  return points;
}

/** Credit types present, in order of first appearance. */
export function ledgerCreditTypes(rows: readonly LedgerRow[]): Array<string | null> {
  return [...new Set(rows.map((r) => r.creditTypeId))];
}
