/**
 * Which invoice a seat change landed on (B1), from the change's time and the invoices' service
 * periods. Metronome bills a seat change on the invoice whose subscription line covers the hour
 * the change takes effect and which is issued at or after it:
 * - an increase charged now (prorated or not) lands on the SCHEDULED invoice issued at its hour,
 *   whose subscription line starts then (docs/metronome.md, "Proration and invoices");
 * - a change billed at the next collection date, or a decrease taking effect at the next period,
 *   lands on the period invoice whose subscription line covers that hour (in advance: the invoice
 *   opening the period; in arrears: the one closing it).
 * Of the candidates the earliest issued wins. Voided invoices never count. A change no invoice
 * covers yet (scheduled far ahead, or the draft not generated) has none: null.
 */

/** The parts of an invoice (Metronome's Invoice) the choice reads. */
export interface InvoiceForMatching {
  id: string;
  contract_id?: string | null | undefined;
  status: string;
  issued_at?: string | null | undefined;
  start_timestamp?: string | null | undefined;
  end_timestamp?: string | null | undefined;
  line_items: ReadonlyArray<{
    type: string;
    subscription_id?: string | null | undefined;
    starting_at?: string | null | undefined;
    ending_before?: string | null | undefined;
  }>;
}

export interface SeatChangeForMatching {
  contractId: string;
  subscriptionIds: readonly string[];
  /** When the change takes effect (epoch ms); see changeEffectiveAt. */
  effectiveAt: number;
}

const time = (value: string | null | undefined): number | null => {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : null;
};

function coversChange(invoice: InvoiceForMatching, change: SeatChangeForMatching): boolean {
  const wanted = new Set(change.subscriptionIds);
  return invoice.line_items.some((line) => {
    if (line.type !== "subscription" || !line.subscription_id || !wanted.has(line.subscription_id)) return false;
    const start = time(line.starting_at);
    const end = time(line.ending_before);
    return start !== null && start <= change.effectiveAt && (end === null || change.effectiveAt < end);
  });
}

/** The invoice the change landed on (see above), or null when none covers it yet. */
export function invoiceForChange<I extends InvoiceForMatching>(change: SeatChangeForMatching, invoices: readonly I[]): I | null {
  let best: { invoice: I; issued: number } | null = null;
  for (const invoice of invoices) {
    if (invoice.contract_id !== change.contractId || invoice.status.toUpperCase() === "VOID") continue;
    const issued = time(invoice.issued_at) ?? time(invoice.end_timestamp);
    if (issued === null || issued < change.effectiveAt || !coversChange(invoice, change)) continue;
    if (!best || issued < best.issued) best = { invoice, issued };
  }
  return best?.invoice ?? null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

/**
 * When a seat edit (the `/v2/contracts/edit` body the server recorded) takes effect: the earliest
 * `starting_at` of its quantity and seat updates; `madeAt` (epoch ms) when it names none (a change
 * "now" takes effect when it was made).
 */
export function changeEffectiveAt(request: unknown, madeAt: number): number {
  const starts: number[] = [];
  const updates = isObject(request) ? objects(request.update_subscriptions) : [];
  for (const update of updates) {
    const changes = [...objects(update.quantity_updates)];
    if (isObject(update.seat_updates)) for (const list of Object.values(update.seat_updates)) changes.push(...objects(list));
    for (const change of changes) {
      const t = typeof change.starting_at === "string" ? time(change.starting_at) : null;
      if (t !== null) starts.push(t);
    }
  }
  return starts.length > 0 ? Math.min(...starts) : madeAt;
}
