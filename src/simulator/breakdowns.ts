/**
 * Usage per time window for GET /v1/customers/{customer_id}/invoices/breakdowns (see
 * docs/metronome.md, "Usage within a period: invoice breakdowns"). The window's usage is what the
 * simulator's one usage model (usage.ts, drawn day by day in drawdown.ts) draws between the
 * window's ends: the contract is materialised at each window boundary and the running deduction of
 * each balance towards its usage invoice is compared. Each period's deduction is rounded to the
 * cent as it runs, so a period's windows sum exactly to its usage invoice.
 */
import { materialiseCredits, type MaterialCredit } from "./credits";
import type { Engine } from "./engine";
import type { ContractRecord } from "./state";
import { floorHour } from "./time";

/** What one balance (one seat's slice of a seat-scoped one, or the pooled slice) drew in one window towards one usage invoice. */
export interface WindowDraw {
  start: number;
  end: number;
  invoiceId: string;
  credit: MaterialCredit;
  /** The seat whose slice drew (null: the pooled or plain balance). */
  seat: string | null;
  amount: number;
}

type Running = Map<string, { credit: MaterialCredit; seat: string | null; invoiceId: string; amount: number }>;

/** Each balance's running deduction per usage invoice, as materialised at one instant. */
function running(credits: readonly MaterialCredit[]): Running {
  const out: Running = new Map();
  for (const credit of credits) {
    const slices = credit.allocation === "INDIVIDUAL" ? [...credit.slices.values()] : [credit.pool];
    for (const slice of slices) {
      for (const e of slice.entries) {
        if (e.type !== "AUTOMATED_INVOICE_DEDUCTION" || !e.invoice_id) continue;
        const key = `${credit.segment_id}|${slice.seat ?? ""}|${e.invoice_id}`;
        const prev = out.get(key);
        if (prev) prev.amount -= e.amount;
        else out.set(key, { credit, seat: slice.seat, invoiceId: e.invoice_id, amount: -e.amount });
      }
    }
  }
  return out;
}

/** The draws of each window [start, end) (hour-aligned, in order, each end the next start or later), from one chain of materialisations. */
export function windowDraws(engine: Engine, contract: ContractRecord, windows: ReadonlyArray<readonly [number, number]>): WindowDraw[] {
  const first = windows[0];
  if (!first) return [];
  const { timelines, intervals } = engine.timelines(contract);
  let now = floorHour(first[0]);
  let credits = materialiseCredits({ contract, timelines, intervals, now });
  let before = running(credits);
  const out: WindowDraw[] = [];
  for (const [start, end] of windows) {
    if (floorHour(start) !== now) {
      credits = materialiseCredits({ contract, timelines, intervals, now: floorHour(start), previous: { now, credits } });
      now = floorHour(start);
      before = running(credits);
    }
    credits = materialiseCredits({ contract, timelines, intervals, now: floorHour(end), previous: { now, credits } });
    now = floorHour(end);
    const after = running(credits);
    for (const [key, hit] of after) {
      const amount = Math.round((hit.amount - (before.get(key)?.amount ?? 0)) * 100) / 100;
      if (amount > 0) out.push({ start, end, invoiceId: hit.invoiceId, credit: hit.credit, seat: hit.seat, amount });
    }
    before = after;
  }
  return out;
}
