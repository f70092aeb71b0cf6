/**
 * Derived views of a contract (seat timelines, credits, charges, invoices), memoised on the
 * contract's version and the hour of the clock, so reads stay fast at 1,000 seats × 24 months.
 */
import { subscriptionCharges, type Charge } from "./billing";
import { assignmentIntervals, materialiseCredits, usageCalendar, type MaterialCredit, type Slice } from "./credits";
import { uuidFromKey } from "./ids";
import { tidy } from "./rounding";
import type { ContractRecord, RateCardRecord } from "./state";
import { floorHour } from "./time";
import { replay, type Segment } from "./timeline";

export interface InvoiceView {
  id: string;
  contract_id: string;
  type: "USAGE" | "SCHEDULED";
  issued_at: number;
  start: number;
  end: number;
  charges: Charge[];
  /** Credit drawn on this usage invoice, per credit: amount (positive) and credit type. */
  credit_usage: Array<{ credit: MaterialCredit; amount: number }>;
}

export interface ContractView {
  contract: ContractRecord;
  now: number;
  timelines: Map<string, Segment[]>;
  credits: MaterialCredit[];
  creditById: Map<string, MaterialCredit>;
  /** Seat id → its slices, across INDIVIDUAL credits of this contract. */
  seatSlices: Map<string, Array<{ credit: MaterialCredit; slice: Slice }>>;
  invoices(): InvoiceView[];
}

interface TimelineCache {
  version: number;
  timelines: Map<string, Segment[]>;
  intervals: Map<string, Map<string, Array<[number, number]>>>;
}

export class Engine {
  private readonly timelineCache = new Map<string, TimelineCache>();
  private readonly viewCache = new Map<string, { version: number; now: number; view: ContractView }>();

  constructor(
    private readonly maxSeats: () => number,
    private readonly rateCard: (id: string | undefined) => RateCardRecord | undefined,
  ) {}

  clear(): void {
    this.timelineCache.clear();
    this.viewCache.clear();
  }

  timelines(contract: ContractRecord): TimelineCache {
    const hit = this.timelineCache.get(contract.id);
    if (hit && hit.version === contract.version) return hit;
    const timelines = new Map<string, Segment[]>();
    const intervals = new Map<string, Map<string, Array<[number, number]>>>();
    for (const sub of contract.subscriptions) {
      const segments = replay(sub, { maxSeats: this.maxSeats() });
      timelines.set(sub.id, segments);
      if (sub.quantity_management_mode === "SEAT_BASED") intervals.set(sub.id, assignmentIntervals(segments));
    }
    const entry = { version: contract.version, timelines, intervals };
    this.timelineCache.set(contract.id, entry);
    return entry;
  }

  view(contract: ContractRecord, nowMs: number): ContractView {
    const now = floorHour(nowMs);
    const hit = this.viewCache.get(contract.id);
    if (hit && hit.version === contract.version && hit.now === now) return hit.view;
    const { timelines, intervals } = this.timelines(contract);
    const credits = materialiseCredits({ contract, timelines, intervals, now });
    const creditById = new Map(credits.map((c) => [c.id, c]));
    const seatSlices = new Map<string, Array<{ credit: MaterialCredit; slice: Slice }>>();
    for (const credit of credits) {
      if (credit.allocation !== "INDIVIDUAL") continue;
      for (const [seat, slice] of credit.slices) {
        const list = seatSlices.get(seat);
        if (list) list.push({ credit, slice });
        else seatSlices.set(seat, [{ credit, slice }]);
      }
    }
    let invoices: InvoiceView[] | undefined;
    const view: ContractView = {
      contract,
      now,
      timelines,
      credits,
      creditById,
      seatSlices,
      invoices: () => (invoices ??= this.buildInvoices(contract, timelines, credits, now)),
    };
    this.viewCache.set(contract.id, { version: contract.version, now, view });
    return view;
  }

  private buildInvoices(contract: ContractRecord, timelines: Map<string, Segment[]>, credits: MaterialCredit[], now: number): InvoiceView[] {
    const calendar = usageCalendar(contract);
    const current = calendar.periodOf(Math.max(now, contract.starting_at));
    const horizon = current.end;
    const byKey = new Map<string, InvoiceView>();
    // One usage invoice per statement period up to the current one.
    let t = contract.starting_at;
    while (t < horizon && t < (contract.ending_before ?? Infinity)) {
      const period = calendar.periodOf(t);
      byKey.set(`U:${period.end}`, {
        id: period.invoiceId, contract_id: contract.id, type: "USAGE", issued_at: period.end, start: t, end: period.end,
        charges: [], credit_usage: [],
      });
      t = period.end;
    }
    for (const sub of contract.subscriptions) {
      const charges = subscriptionCharges(sub, contract, timelines.get(sub.id) ?? [], this.rateCard(contract.rate_card_id), horizon);
      for (const charge of charges) {
        const usage = byKey.get(`U:${charge.issue_at}`);
        if (usage) {
          usage.charges.push(charge);
          continue;
        }
        const key = `S:${charge.issue_at}`;
        let inv = byKey.get(key);
        if (!inv) {
          inv = {
            id: uuidFromKey(`${contract.id}:invoice:scheduled:${charge.issue_at}`), contract_id: contract.id, type: "SCHEDULED",
            issued_at: charge.issue_at, start: charge.issue_at, end: charge.issue_at, charges: [], credit_usage: [],
          };
          byKey.set(key, inv);
        }
        inv.charges.push(charge);
      }
    }
    const byId = new Map([...byKey.values()].map((inv) => [inv.id, inv]));
    for (const credit of credits) {
      const byInvoice = new Map<string, number>();
      const entries = credit.allocation === "INDIVIDUAL" ? credit.ledger : credit.pool.entries;
      for (const e of entries) {
        if (e.type !== "CREDIT_AUTOMATED_INVOICE_DEDUCTION" || !e.invoice_id) continue;
        byInvoice.set(e.invoice_id, tidy((byInvoice.get(e.invoice_id) ?? 0) - e.amount));
      }
      for (const [invoiceId, amount] of byInvoice) byId.get(invoiceId)?.credit_usage.push({ credit, amount });
    }
    return [...byKey.values()].sort((a, b) => a.issued_at - b.issued_at || a.type.localeCompare(b.type));
  }
}
