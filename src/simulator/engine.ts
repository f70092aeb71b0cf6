/**
 * Derived views of a contract (seat timelines, credits, charges, invoices), memoised on the
 * contract's version and the hour of the clock, so reads stay fast at 1,000 seats × 24 months.
 * When only the clock has moved, a view is derived from the contract's previous one: credits
 * that had ended by both instants are kept, the others continue their usage draw from where it
 * stood, and subscription charges are recomputed only when the current statement period changes.
 */
import { subscriptionCharges, type Charge } from "./billing";
import { commitCharges, type CommitCharge } from "./commit-charges";
import { assignmentIntervals, materialiseCredits, scheduledInvoiceId, usageCalendar, type MaterialCredit, type Slice } from "./credits";
import { tidy } from "./rounding";
import type { ContractRecord, PaymentGateRecord, RateCardRecord } from "./state";
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
  /** Commit purchases and postpaid true-ups billed on this (scheduled) invoice. */
  commit_charges: CommitCharge[];
  /** Credit drawn on this usage invoice, per credit: amount (positive) and credit type. */
  credit_usage: Array<{ credit: MaterialCredit; amount: number }>;
  /** A payment-gated commit's invoice: the payment it collects decides its status. */
  gate?: PaymentGateRecord;
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

type SeatSlices = Map<string, Array<{ credit: MaterialCredit; slice: Slice }>>;

/**
 * Seat id → its slices across INDIVIDUAL credits, in credit order. The credits the previous view
 * shares at the head of the list (kept because they had ended) head each seat's previous list
 * too, so that head is reused and only the later credits' slices are added.
 */
function indexSeatSlices(credits: readonly MaterialCredit[], previous: ContractView | undefined): SeatSlices {
  const out: SeatSlices = new Map();
  let from = 0;
  while (previous && from < credits.length && credits[from] === previous.credits[from]) from++;
  if (previous && from > 0) {
    const head = new Set(credits.slice(0, from));
    for (const [seat, list] of previous.seatSlices) {
      let n = list.length;
      while (n > 0 && !head.has((list[n - 1] as { credit: MaterialCredit }).credit)) n--;
      if (n > 0) out.set(seat, list.slice(0, n));
    }
  }
  for (const credit of credits.slice(from)) {
    if (credit.allocation !== "INDIVIDUAL") continue;
    for (const [seat, slice] of credit.slices) {
      const list = out.get(seat);
      if (list) list.push({ credit, slice });
      else out.set(seat, [{ credit, slice }]);
    }
  }
  return out;
}

interface TimelineCache {
  version: number;
  timelines: Map<string, Segment[]>;
  intervals: Map<string, Map<string, Array<[number, number]>>>;
}

export class Engine {
  private readonly timelineCache = new Map<string, TimelineCache>();
  private readonly viewCache = new Map<string, { version: number; now: number; view: ContractView }>();
  private readonly chargeCache = new Map<string, { version: number; horizon: number; rates: number; charges: Charge[][] }>();

  constructor(
    private readonly maxSeats: () => number,
    private readonly rateCard: (id: string | undefined) => RateCardRecord | undefined,
  ) {}

  clear(): void {
    this.timelineCache.clear();
    this.viewCache.clear();
    this.chargeCache.clear();
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
    const previous = hit && hit.version === contract.version ? hit.view : undefined;
    const credits = materialiseCredits({ contract, timelines, intervals, now, previous });
    const creditById = new Map(credits.map((c) => [c.id, c]));
    const seatSlices = indexSeatSlices(credits, previous);
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

  /**
   * Each subscription's charges issued by `horizon`; they change only with the contract, the
   * horizon or the rate card (whose rates are only ever added, so their count tells).
   */
  private charges(contract: ContractRecord, timelines: Map<string, Segment[]>, horizon: number): Charge[][] {
    const rateCard = this.rateCard(contract.rate_card_id);
    const rates = rateCard?.rates.length ?? -1;
    const hit = this.chargeCache.get(contract.id);
    if (hit && hit.version === contract.version && hit.horizon === horizon && hit.rates === rates) return hit.charges;
    const charges = contract.subscriptions.map((sub) => subscriptionCharges(sub, contract, timelines.get(sub.id) ?? [], rateCard, horizon));
    this.chargeCache.set(contract.id, { version: contract.version, horizon, rates, charges });
    return charges;
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
        charges: [], commit_charges: [], credit_usage: [],
      });
      t = period.end;
    }
    const scheduled = (issueAt: number): InvoiceView => {
      const key = `S:${issueAt}`;
      let inv = byKey.get(key);
      if (!inv) {
        inv = {
          id: scheduledInvoiceId(contract.id, issueAt), contract_id: contract.id, type: "SCHEDULED",
          issued_at: issueAt, start: issueAt, end: issueAt, charges: [], commit_charges: [], credit_usage: [],
        };
        byKey.set(key, inv);
      }
      return inv;
    };
    const charges = this.charges(contract, timelines, horizon);
    for (const subCharges of charges) {
      for (const charge of subCharges) {
        const usage = byKey.get(`U:${charge.issue_at}`);
        if (usage) usage.charges.push(charge);
        else scheduled(charge.issue_at).charges.push(charge);
      }
    }
    for (const charge of commitCharges(contract, credits, horizon)) {
      if (charge.gate) {
        const { gate } = charge;
        byKey.set(`G:${gate.invoice_id}`, {
          id: gate.invoice_id, contract_id: contract.id, type: "SCHEDULED", issued_at: charge.issue_at, start: charge.issue_at, end: charge.issue_at,
          charges: [], commit_charges: [charge], credit_usage: [], gate,
        });
      } else scheduled(charge.issue_at).commit_charges.push(charge);
    }
    const byId = new Map([...byKey.values()].map((inv) => [inv.id, inv]));
    for (const credit of credits) {
      const byInvoice = new Map<string, number>();
      const entries = credit.allocation === "INDIVIDUAL" ? credit.ledger : credit.pool.entries;
      for (const e of entries) {
        if (e.type !== "AUTOMATED_INVOICE_DEDUCTION" || !e.invoice_id) continue;
        byInvoice.set(e.invoice_id, tidy((byInvoice.get(e.invoice_id) ?? 0) - e.amount));
      }
      for (const [invoiceId, amount] of byInvoice) byId.get(invoiceId)?.credit_usage.push({ credit, amount });
    }
    return [...byKey.values()].sort((a, b) => a.issued_at - b.issued_at || a.type.localeCompare(b.type));
  }
}
