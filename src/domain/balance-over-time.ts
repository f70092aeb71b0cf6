/**
 * Balance over time: one holder's (a seat's, the pool's, or the strip's credits in all) balance of
 * one credit type, day by day, from the settled ledger plus the usage by day of the invoice
 * breakdowns (see docs/metronome.md, "Usage within a period: invoice breakdowns"). The ledger
 * dates a period's usage at the period's end; where that period's daily windows were read, the
 * deduction is replaced by them, so the balance falls as the credits are used. Each point says
 * whether it is settled (its usage is on finalized invoices) or pending (on the draft invoice).
 * Every balance chart uses it: the strip, the credits page and a seat's ledger.
 */
import type { ContractListBalancesResponse } from "@metronome/sdk/resources/v1/contracts/contracts";
import type { InvoiceListBreakdownsResponse } from "@metronome/sdk/resources/v1/customers/invoices";
import { balanceAt, type HeldGrant, type LedgerMovement } from "./balance-at";
import { DAY_MS, parseTime, toIso } from "./time";

/** What one commit or credit (one seat's slice of it, when `seat` is set) drew in one window. */
export interface UsageWindow {
  grantId: string;
  /** The seat (group_value of a seat-scoped line), or null for a pooled or plain balance. */
  seat: string | null;
  /** epoch ms: [start, end) of the window */
  start: number;
  end: number;
  /** End of the usage invoice's period, where the ledger dates its deduction. */
  invoiceEnd: number;
  amount: number;
  /** On a draft (not yet finalized) invoice. */
  pending: boolean;
}

/** The credit draw-down lines of invoice breakdowns as usage windows, normalised once where they are fetched. */
export function usageWindows(breakdowns: readonly InvoiceListBreakdownsResponse[]): UsageWindow[] {
  const out: UsageWindow[] = [];
  for (const b of breakdowns) {
    const start = parseTime(b.breakdown_start_timestamp);
    const end = parseTime(b.breakdown_end_timestamp);
    const invoiceEnd = parseTime(b.end_timestamp);
    if (start === null || end === null || invoiceEnd === null) continue;
    for (const line of b.line_items) {
      const grantId = line.applied_commit_or_credit?.id ?? line.commit_id;
      const amount = -Number(line.total);
      if (line.type.toLowerCase() !== "credit" || !grantId || !(amount > 0)) continue;
      out.push({ grantId, seat: line.group_value ?? null, start, end, invoiceEnd, amount, pending: b.status !== "FINALIZED" });
    }
  }
  return out;
}

const DEDUCTION = /AUTOMATED_INVOICE_DEDUCTION$/;
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * One grant's ledger with each usage deduction replaced by the windows of its invoice period that
 * were read (matched on the deduction's timestamp, the period's end). What the windows do not
 * cover (usage before the first window read) stays, dated at the first window's start.
 */
export function spreadDeductions(grant: HeldGrant, windows: readonly UsageWindow[]): HeldGrant {
  const byEnd = new Map<number, UsageWindow[]>();
  for (const w of windows) {
    if (w.grantId !== grant.id) continue;
    const list = byEnd.get(w.invoiceEnd);
    if (list) list.push(w);
    else byEnd.set(w.invoiceEnd, [w]);
  }
  if (byEnd.size === 0) return grant;
  const entries: LedgerMovement[] = [];
  for (const e of grant.entries) {
    const mine = DEDUCTION.test(e.type) ? byEnd.get(Date.parse(e.timestamp)) : undefined;
    if (!mine) {
      entries.push(e);
      continue;
    }
    const residual = round6(-Number(e.amount) - mine.reduce((s, w) => s + w.amount, 0));
    if (residual !== 0) entries.push({ type: e.type, amount: -residual, timestamp: toIso(Math.min(...mine.map((w) => w.start))) });
    for (const w of mine) entries.push({ type: e.type, amount: -w.amount, timestamp: toIso(w.end) });
  }
  return { ...grant, entries };
}

export interface BalancePoint {
  /** epoch ms */
  t: number;
  balance: number;
  /** After the last finalized usage invoice's period: counts usage on the draft invoice. */
  pending: boolean;
}

/**
 * The balance at the start of each day of [from, to) up to now, and at now, over `grants` (one
 * holder's: pass only the windows of that holder, e.g. one seat's). Points after the earliest
 * start of a pending window are pending; `settledUntil` is that instant (null: none pending).
 */
export function balanceOverTime(
  grants: readonly HeldGrant[],
  creditTypeId: string | null,
  windows: readonly UsageWindow[],
  range: { from: number; to: number },
  now: number,
): { points: BalancePoint[]; settledUntil: number | null } {
  const spread = grants.map((g) => spreadDeductions(g, windows));
  const ids = new Set(grants.filter((g) => g.creditTypeId === creditTypeId).map((g) => g.id));
  const pendingStarts = windows.filter((w) => w.pending && ids.has(w.grantId)).map((w) => w.start);
  const settledUntil = pendingStarts.length ? Math.min(...pendingStarts) : null;
  const last = Math.min(range.to, now);
  const times: number[] = [];
  for (let t = Math.floor(range.from / DAY_MS) * DAY_MS; t < last; t += DAY_MS) if (t >= range.from) times.push(t);
  if (range.from <= now && now < range.to) times.push(now);
  const points = times.map((t) => ({ t, balance: balanceAt(spread, creditTypeId, t, now).balance, pending: settledUntil !== null && t > settledUntil }));
  return { points, settledUntil };
}

/** The windows of one holder: one seat's slices, or (seat undefined) every window of the grants, seats summed. */
export function holderWindows(windows: readonly UsageWindow[], seat: string | null | undefined): UsageWindow[] {
  return seat === undefined ? [...windows] : windows.filter((w) => w.seat === seat);
}

/** A commit or credit of customerBalances/list (its access schedule and ledger) as a held grant. */
export function balanceItemGrant(item: ContractListBalancesResponse): HeldGrant {
  const schedule = item.access_schedule?.schedule_items ?? [];
  return {
    id: item.id,
    creditTypeId: item.access_schedule?.credit_type?.id ?? null,
    start: schedule.length ? Math.min(...schedule.map((s) => Date.parse(s.starting_at))) : Number.NEGATIVE_INFINITY,
    end: schedule.length ? Math.max(...schedule.map((s) => Date.parse(s.ending_before))) : null,
    entries: (item.ledger ?? []).map((e) => ({ type: e.type, amount: Number(e.amount), timestamp: e.timestamp })),
  };
}
