/**
 * GET /v1/customers/{customer_id}/invoices and /invoices/{invoice_id}: subscription charges and
 * credit usage. The list filters on the invoice's billing period (start_timestamp, end_timestamp),
 * as the SDK documents starting_on and ending_before (see docs/metronome.md, "Proration and invoices").
 */
import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";
import type { Ctx, Handler } from "./context";
import type { InvoiceView } from "./engine";
import { windowDraws, type WindowDraw } from "./breakdowns";
import { badRequest, notFound } from "./errors";
import { UUID_RE } from "./ids";
import { pageOf, readOffsetCursor } from "./handlers-catalog";
import { creditTypeData } from "./render";
import type { PaymentGateRecord } from "./state";
import { commitChargeLines, commitType } from "./render-grants";
import { tidy } from "./rounding";
import { DAY_MS, HOUR_MS, floorHour, iso, parseIso } from "./time";

function renderInvoice(ctx: Ctx, customerId: string, inv: InvoiceView, now: number): Invoice {
  const contract = ctx.state.contracts.find((c) => c.id === inv.contract_id);
  const fiat = contract?.subscriptions[0]?.fiat_credit_type_id ?? "2714e483-4ff1-48e4-9e25-ac732e8f24f2";
  const usd = creditTypeData(ctx.state, fiat);
  const lines: Invoice["line_items"] = inv.charges.map((c) => ({
    credit_type: usd,
    name: c.product_name,
    type: "subscription",
    total: c.amount,
    quantity: c.quantity,
    unit_price: c.unit_price,
    is_prorated: c.is_prorated,
    product_id: c.product_id,
    subscription_id: c.subscription_id,
    starting_at: iso(c.service_start),
    ending_before: iso(c.service_end),
  }));
  for (const { credit, amount } of inv.credit_usage) {
    const { terms } = credit;
    const ct = creditTypeData(ctx.state, terms.credit_type_id);
    lines.push({ credit_type: ct, name: `${terms.product_name} usage`, type: "usage", total: amount, quantity: amount, starting_at: iso(inv.start), ending_before: iso(inv.end) });
    lines.push({
      credit_type: ct, name: terms.name ?? terms.product_name, type: "credit", total: -amount,
      applied_commit_or_credit: { id: credit.id, type: credit.kind }, commit_id: credit.id, commit_segment_id: credit.segment_id, commit_type: commitType(credit.kind),
    });
  }
  lines.push(...commitChargeLines(ctx.state, inv.commit_charges));
  const total = tidy(inv.charges.reduce((s, c) => s + c.amount, 0) + inv.commit_charges.reduce((s, c) => s + c.amount, 0));
  return {
    id: inv.id,
    customer_id: customerId,
    contract_id: inv.contract_id,
    credit_type: usd,
    type: inv.type,
    status: inv.gate ? gatedStatus(inv.gate) : inv.issued_at <= now ? "FINALIZED" : "DRAFT",
    ...(inv.gate?.config.payment_gate_type === "STRIPE" ? { external_invoice: stripeInvoice(inv.gate) } : {}),
    start_timestamp: iso(inv.start),
    end_timestamp: iso(inv.end),
    issued_at: iso(inv.issued_at),
    // No created_at: the SDK has it on correction invoices only, and the simulator makes none.
    line_items: lines,
    subtotal: total,
    total,
  };
}

/**
 * A payment-gated commit's invoice is finalized when its payment is attempted and voided when the
 * payment fails ("You should expect to see a voided invoice in Metronome and Stripe").
 */
const gatedStatus = (gate: PaymentGateRecord): string => (gate.status === "failed" ? "VOID" : "FINALIZED");

/** The Stripe invoice a STRIPE gate collected through: paid, voided, or finalized while it waits for the customer. */
function stripeInvoice(gate: PaymentGateRecord): NonNullable<Invoice["external_invoice"]> {
  const status = gate.status === "paid" ? "PAID" : gate.status === "failed" ? "VOID" : "FINALIZED";
  return {
    billing_provider_type: "stripe", external_status: status, invoice_id: `in_sim_${gate.invoice_id.replace(/-/g, "").slice(0, 24)}`,
    issued_at_timestamp: iso(gate.attempted_at), ...(gate.status === "failed" && gate.error_message ? { billing_provider_error: gate.error_message } : {}),
  };
}

/** The skip_zero_qty_line_items query flag: when true, line items whose quantity is 0 are left out. */
function skipZeroQuantity(query: URLSearchParams): boolean {
  const raw = query.get("skip_zero_qty_line_items");
  if (raw !== null && raw !== "true" && raw !== "false") throw badRequest("skip_zero_qty_line_items must be true or false");
  return raw === "true";
}

function withoutZeroQuantity(invoice: Invoice, skip: boolean): Invoice {
  return skip ? { ...invoice, line_items: invoice.line_items.filter((line) => line.quantity !== 0) } : invoice;
}

function customerInvoices(ctx: Ctx, customerId: string): Array<{ inv: InvoiceView }> {
  const now = ctx.now();
  return ctx.state.contracts
    .filter((c) => c.customer_id === customerId)
    .flatMap((c) => ctx.engine.view(c, now).invoices().map((inv) => ({ inv })));
}

export const listInvoices: Handler = (ctx, req) => {
  const customerId = req.params.customer_id ?? "";
  if (!UUID_RE.test(customerId)) throw badRequest(`customer_id must be a valid UUID, got "${customerId}"`);
  if (!ctx.state.customers.some((c) => c.id === customerId)) throw notFound("Customer not found");
  const q = req.query;
  const rawLimit = q.get("limit");
  const limit = rawLimit === null ? 25 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badRequest(`limit must be an integer between 1 and 100, got "${rawLimit ?? ""}"`);
  const contractId = q.get("contract_id");
  const creditTypeId = q.get("credit_type_id");
  if (creditTypeId !== null && !UUID_RE.test(creditTypeId)) throw badRequest(`credit_type_id must be a valid UUID, got "${creditTypeId}"`);
  const status = q.get("status")?.toUpperCase();
  const type = q.get("type")?.toUpperCase();
  const sort = q.get("sort") ?? "date_asc";
  if (sort !== "date_asc" && sort !== "date_desc") throw badRequest("sort must be date_asc or date_desc");
  const parseBound = (name: string): number | undefined => {
    const raw = q.get(name);
    if (raw === null) return undefined;
    const ms = parseIso(raw);
    if (ms === null) throw badRequest(`${name} must be an RFC 3339 date-time string`);
    return ms;
  };
  const startingOn = parseBound("starting_on");
  const endingBefore = parseBound("ending_before");
  const skipZero = skipZeroQuantity(q);
  const offset = readOffsetCursor(q.get("next_page"));
  const now = ctx.now();
  let list = customerInvoices(ctx, customerId)
    .map(({ inv }) => withoutZeroQuantity(renderInvoice(ctx, customerId, inv, now), skipZero))
    .filter((inv) => contractId === null || inv.contract_id === contractId)
    .filter((inv) => creditTypeId === null || inv.credit_type.id === creditTypeId)
    .filter((inv) => status === undefined || inv.status === status)
    .filter((inv) => type === undefined || inv.type === type)
    // Billing periods that start at or after starting_on and end by ending_before (exclusive).
    .filter((inv) => startingOn === undefined || Date.parse(inv.start_timestamp ?? "") >= startingOn)
    .filter((inv) => endingBefore === undefined || Date.parse(inv.end_timestamp ?? "") <= endingBefore);
  list.sort((a, b) => Date.parse(a.issued_at ?? "") - Date.parse(b.issued_at ?? ""));
  if (sort === "date_desc") list = list.reverse();
  return pageOf(list, offset, limit);
};

export const getInvoice: Handler = (ctx, req) => {
  const customerId = req.params.customer_id ?? "";
  const invoiceId = req.params.invoice_id ?? "";
  const skipZero = skipZeroQuantity(req.query);
  if (!ctx.state.customers.some((c) => c.id === customerId)) throw notFound("Customer not found");
  const now = ctx.now();
  const hit = customerInvoices(ctx, customerId).find(({ inv }) => inv.id === invoiceId);
  if (!hit) throw notFound(`Invoice ${invoiceId} not found`);
  return { data: withoutZeroQuantity(renderInvoice(ctx, customerId, hit.inv, now), skipZero) };
};

/** The usage and credit lines one window adds to a usage invoice: per balance, and per seat for a seat-scoped one (grouped by the subscription's seat group key). */
function breakdownLines(ctx: Ctx, draws: readonly WindowDraw[]): Invoice["line_items"] {
  const lines: Invoice["line_items"] = [];
  for (const { credit, seat, amount, start, end } of draws) {
    const { terms } = credit;
    const ct = creditTypeData(ctx.state, terms.credit_type_id);
    const group = seat !== null && credit.subscription?.seat_group_key ? { group_key: credit.subscription.seat_group_key, group_value: seat } : {};
    lines.push({ credit_type: ct, name: `${terms.product_name} usage`, type: "usage", total: amount, quantity: amount, starting_at: iso(start), ending_before: iso(end), ...group });
    lines.push({
      credit_type: ct, name: terms.name ?? terms.product_name, type: "credit", total: -amount, ...group,
      applied_commit_or_credit: { id: credit.id, type: credit.kind }, commit_id: credit.id, commit_segment_id: credit.segment_id, commit_type: commitType(credit.kind),
    });
  }
  return lines;
}

const WINDOW_LIMIT = { DAY: { size: DAY_MS, max: 35 }, HOUR: { size: HOUR_MS, max: 24 } } as const;

/** The windows [start, end) from starting_on (floored to the hour) to ending_before, the last clipped to it and to now. */
function breakdownWindows(q: URLSearchParams, now: number): Array<[number, number]> {
  const bound = (name: string): number => {
    const raw = q.get(name);
    const ms = raw === null ? null : parseIso(raw);
    if (ms === null) throw badRequest(`${name} is required and must be an RFC 3339 date-time string`);
    return ms;
  };
  const from = floorHour(bound("starting_on"));
  const to = bound("ending_before");
  if (to <= from) throw badRequest("ending_before must be after starting_on");
  const size = (q.get("window_size") ?? "DAY").toUpperCase();
  if (size !== "DAY" && size !== "HOUR") throw badRequest("window_size must be HOUR or DAY");
  const limit = WINDOW_LIMIT[size];
  if (to - from > limit.size * limit.max) throw badRequest(`${size === "DAY" ? "Daily breakdowns cover up to 35 days" : "Hourly breakdowns cover up to 24 hours"} per request`);
  const out: Array<[number, number]> = [];
  for (let t = from; t < to && t < now; t += limit.size) out.push([t, Math.min(t + limit.size, to, now)]);
  return out;
}

/**
 * GET /v1/customers/{customer_id}/invoices/breakdowns: each usage invoice broken into windows of a
 * day or an hour, with the usage and credit lines of that window (the invoice's status tells a
 * settled window, FINALIZED, from a pending one, DRAFT). Subscription and commit charges are not
 * usage and are not split by window.
 */
export const listInvoiceBreakdowns: Handler = (ctx, req) => {
  const customerId = req.params.customer_id ?? "";
  if (!UUID_RE.test(customerId)) throw badRequest(`customer_id must be a valid UUID, got "${customerId}"`);
  if (!ctx.state.customers.some((c) => c.id === customerId)) throw notFound("Customer not found");
  const q = req.query;
  const rawLimit = q.get("limit");
  const limit = rawLimit === null ? 100 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badRequest(`limit must be an integer between 1 and 100, got "${rawLimit ?? ""}"`);
  const creditTypeId = q.get("credit_type_id");
  const status = q.get("status")?.toUpperCase();
  const sort = q.get("sort") ?? "date_asc";
  if (sort !== "date_asc" && sort !== "date_desc") throw badRequest("sort must be date_asc or date_desc");
  const skipZero = skipZeroQuantity(q);
  const offset = readOffsetCursor(q.get("next_page"));
  const now = ctx.now();
  const windows = breakdownWindows(q, now);
  const out: Array<Invoice & { breakdown_start_timestamp: string; breakdown_end_timestamp: string }> = [];
  for (const contract of ctx.state.contracts.filter((c) => c.customer_id === customerId)) {
    const invoices = new Map(ctx.engine.view(contract, now).invoices().filter((inv) => inv.type === "USAGE").map((inv) => [inv.id, inv]));
    const draws = windowDraws(ctx.engine, contract, windows);
    for (const [start, end] of windows) {
      for (const inv of invoices.values()) {
        if (inv.start >= end || inv.end <= start) continue;
        const mine = draws.filter((d) => d.start === start && d.invoiceId === inv.id);
        const whole = renderInvoice(ctx, customerId, inv, now);
        const lines = breakdownLines(ctx, mine);
        const total = tidy(lines.reduce((s, l) => s + (l.credit_type.id === whole.credit_type.id ? l.total : 0), 0));
        const invoice = { ...whole, line_items: lines, subtotal: total, total, breakdown_start_timestamp: iso(start), breakdown_end_timestamp: iso(end) };
        if (skipZero && lines.length === 0) continue;
        out.push(withoutZeroQuantity(invoice, skipZero) as typeof invoice);
      }
    }
  }
  let list = out
    .filter((inv) => creditTypeId === null || inv.credit_type.id === creditTypeId)
    .filter((inv) => status === undefined || inv.status === status);
  if (sort === "date_desc") list = list.reverse();
  return pageOf(list, offset, limit);
};
