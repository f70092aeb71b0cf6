/** Seat balances, customer balances, net balance and manual ledger entries. */
import type { ContractGetNetBalanceResponse, ContractListSeatBalancesResponse } from "@metronome/sdk/resources/v1/contracts/contracts";
import { contractBalances, hasAccessIn, inWindow, type AccessWindow as Window, type ContractBalance } from "./balances";
import type { Ctx, Handler } from "./context";
import { findContract, findCustomer } from "./context";
import type { MaterialCredit, Slice } from "./credits";
import { badRequest, notFound } from "./errors";
import { ledgerTypeName } from "./grants";
import { decodeCursor, encodeCursor, UUID_RE } from "./ids";
import { asBody, optArray, optBool, optDate, optInt, optString, optStringArray, optUuid, reqNumber, reqString, reqUuid } from "./input";
import { readOffsetCursor, pageOf } from "./handlers-catalog";
import { renderBalance } from "./render-grants";
import { tidy } from "./rounding";
import { USD_CENTS_ID } from "./state";
import { iso } from "./time";

type SeatRow = ContractListSeatBalancesResponse["data"][number];

/** One seat's slice of a seat-scoped commit or credit, as seat balances list it. */
function seatItem({ credit, slice }: { credit: MaterialCredit; slice: Slice }, ledgers: boolean) {
  return {
    id: credit.id,
    balance: slice.balance,
    start_date: iso(credit.start),
    end_date: iso(credit.end),
    ...(ledgers ? { ledger_entries: slice.entries.map((e) => ({ type: ledgerTypeName(credit.kind, e.type), amount: e.amount, timestamp: iso(e.timestamp) })) } : {}),
  };
}

export const listSeatBalances: Handler = (ctx, req) => {
  const body = req.body;
  const customerId = reqUuid(body, "customer_id");
  const contractId = reqUuid(body, "contract_id");
  const covering = optDate(body, "covering_date");
  const starting = optDate(body, "starting_at");
  const before = optDate(body, "effective_before");
  if (covering !== undefined && (starting !== undefined || before !== undefined)) {
    throw badRequest("covering_date cannot be used with starting_at or effective_before");
  }
  const limit = optInt(body, "limit", 1, 100) ?? 25;
  const includeCredits = optBool(body, "include_credits_and_commits") ?? false;
  const includeLedgers = includeCredits && (optBool(body, "include_ledgers") ?? false);
  const seatIds = optStringArray(body, "seat_ids");
  const skipMissing = optBool(body, "skip_missing_seat_ids") ?? false;
  const subIds = optStringArray(body, "subscription_ids");
  const cursorRaw = optString(body, "cursor");
  let after: string | undefined;
  if (cursorRaw) {
    const decoded = decodeCursor(cursorRaw);
    if (typeof decoded?.last_seat_id !== "string") throw badRequest("cursor is not valid");
    after = decoded.last_seat_id;
  }
  const contract = findContract(ctx, customerId, contractId, "plain404");
  const now = ctx.now();
  const window: Window = covering !== undefined || starting !== undefined || before !== undefined ? { covering, starting, before } : { covering: now };
  const seatSubs = contract.subscriptions.filter((s) => s.quantity_management_mode === "SEAT_BASED");
  let subs = seatSubs;
  if (subIds) {
    subs = subIds.map((id) => {
      if (!UUID_RE.test(id)) throw badRequest(`subscription_ids contains an invalid UUID: "${id}"`);
      const sub = contract.subscriptions.find((s) => s.id === id);
      if (!sub) throw badRequest(`Subscription ${id} not found on contract ${contract.id}`);
      if (sub.quantity_management_mode !== "SEAT_BASED") throw badRequest(`Subscription ${id} is not a SEAT_BASED subscription`);
      return sub;
    });
  }
  const subSet = new Set(subs.map((s) => s.id));
  const view = ctx.engine.view(contract, now);
  const { timelines } = view;
  // Seat universe (see docs/metronome.md, "Balances and ledgers"): seats assigned at the reference instant plus seats holding a slice in the window.
  const reference = window.covering ?? Math.min(now, window.before !== undefined ? window.before - 1 : now);
  const universe = new Set<string>();
  for (const sub of subs) {
    const segments = timelines.get(sub.id) ?? [];
    for (const seg of segments) {
      if (seg.start <= reference && (seg.end === null || reference < seg.end)) for (const s of seg.assigned) universe.add(s);
    }
  }
  const slicesOf = (seat: string): Array<{ credit: MaterialCredit; slice: Slice }> =>
    (view.seatSlices.get(seat) ?? []).filter(
      ({ credit }) => credit.subscription !== undefined && subSet.has(credit.subscription.id) && inWindow(credit.start, credit.end, window),
    );
  for (const [seat] of view.seatSlices) if (!universe.has(seat) && slicesOf(seat).length > 0) universe.add(seat);
  let seats = [...universe];
  if (seatIds) {
    const known = new Set<string>();
    for (const sub of subs) for (const seg of timelines.get(sub.id) ?? []) for (const s of seg.assigned) known.add(s);
    const missing = seatIds.filter((s) => !known.has(s));
    if (missing.length && !skipMissing) throw badRequest(`Seat IDs not found on the contract's seat-based subscriptions: ${JSON.stringify(missing)}`);
    const wanted = new Set(seatIds);
    seats = [...new Set(seatIds.filter((s) => known.has(s)))];
    seats = seats.filter((s) => wanted.has(s));
  }
  seats.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (after !== undefined) seats = seats.filter((s) => s > after);
  const data: ContractListSeatBalancesResponse["data"] = [];
  let objects = 0;
  for (const seat of seats) {
    if (data.length >= limit) break;
    if (includeCredits && data.length > 0 && objects >= 100) break;
    const slices = slicesOf(seat);
    const byType = new Map<string, { balance: number; starting_balance: number }>();
    for (const { credit, slice } of slices) {
      const ct = credit.terms.credit_type_id;
      const b = byType.get(ct) ?? { balance: 0, starting_balance: 0 };
      b.balance = tidy(b.balance + slice.balance);
      b.starting_balance = tidy(b.starting_balance + slice.granted);
      byType.set(ct, b);
    }
    const row: SeatRow = {
      seat_id: seat,
      balances: [...byType].map(([credit_type_id, b]) => ({ credit_type_id, ...b })),
    };
    if (includeCredits) {
      row.commits = slices.filter((s) => s.credit.kind !== "CREDIT").map((s) => seatItem(s, includeLedgers)) as NonNullable<SeatRow["commits"]>;
      row.credits = slices.filter((s) => s.credit.kind === "CREDIT").map((s) => seatItem(s, includeLedgers)) as NonNullable<SeatRow["credits"]>;
      objects += slices.length;
    }
    data.push(row);
  }
  const last = data[data.length - 1];
  const remaining = last ? seats.length - seats.indexOf(last.seat_id) - 1 : 0;
  return {
    data,
    pagination: {
      seats_included: data.length,
      seats_available_for_next_page: remaining,
      next_page: remaining > 0 && last ? encodeCursor({ last_seat_id: last.seat_id }) : null,
    },
  } satisfies ContractListSeatBalancesResponse;
};

/** Every commit and credit of a customer's contracts (archived contracts' only when asked). */
export function customerBalances(ctx: Ctx, customerId: string, includeArchived: boolean): ContractBalance[] {
  const now = ctx.now();
  return ctx.state.contracts
    .filter((c) => c.customer_id === customerId && (includeArchived || c.archived_at === null))
    .flatMap((c) => contractBalances(c, ctx.engine.view(c, now).credits));
}

export const listCustomerBalances: Handler = (ctx, req) => {
  const body = req.body;
  const customerId = reqUuid(body, "customer_id");
  const id = optUuid(body, "id");
  const covering = optDate(body, "covering_date");
  const starting = optDate(body, "starting_at");
  const before = optDate(body, "effective_before");
  const includeContract = optBool(body, "include_contract_balances") ?? false;
  const includeArchived = optBool(body, "include_archived") ?? false;
  const includeBalance = optBool(body, "include_balance") ?? false;
  const includeLedgers = optBool(body, "include_ledgers") ?? false;
  const excludeZero = optBool(body, "exclude_zero_balances") ?? false;
  const limit = optInt(body, "limit", 1, 25) ?? 25;
  const offset = readOffsetCursor(optString(body, "next_page"));
  findCustomer(ctx, customerId, "plain404");
  const window: Window = { covering, starting, before };
  // Customer-level commits and credits are not simulated: every commit and credit is on a contract.
  const items = includeContract
    ? customerBalances(ctx, customerId, includeArchived)
        .filter((b) => id === undefined || b.id === id)
        .filter((b) => hasAccessIn(b, window))
        .filter((b) => !excludeZero || b.balance > 0)
    : [];
  const page = pageOf(items, offset, limit);
  return {
    data: page.data.map((b) => renderBalance(ctx.state, b, { balance: includeBalance, ledger: includeLedgers })),
    next_page: page.next_page,
  };
};

const BALANCE_TYPES = ["PREPAID_COMMIT", "POSTPAID_COMMIT", "CREDIT"] as const;
type BalanceType = (typeof BALANCE_TYPES)[number];
const BALANCE_TYPE: Record<MaterialCredit["kind"], BalanceType> = { CREDIT: "CREDIT", PREPAID: "PREPAID_COMMIT", POSTPAID: "POSTPAID_COMMIT" };

interface NetFilter {
  types: BalanceType[] | undefined;
  ids: string[] | undefined;
  custom: Record<string, string> | undefined;
}

function readFilters(body: Record<string, unknown>): NetFilter[] {
  return (optArray(body, "filters") ?? []).map((f, i) => {
    const fb = asBody(f, `filters[${i}]`);
    const types = optStringArray(fb, "balance_types", `filters[${i}].balance_types`)?.map((t) => {
      const upper = t.toUpperCase();
      const known = BALANCE_TYPES.find((b) => b === upper);
      if (!known) throw badRequest(`filters[${i}].balance_types contains unknown type "${t}"`);
      return known;
    });
    const ids = optStringArray(fb, "ids", `filters[${i}].ids`);
    const raw = fb.custom_fields;
    const custom = raw && typeof raw === "object" && Object.keys(raw).length > 0 ? (raw as Record<string, string>) : undefined;
    return { types, ids, custom };
  });
}

/** "OR across filters; AND inside one": the type, the ids and every custom field given must match. */
function matches(f: NetFilter, b: ContractBalance): boolean {
  if (f.types && !f.types.includes(BALANCE_TYPE[b.kind])) return false;
  if (f.ids && !f.ids.includes(b.id)) return false;
  if (f.custom) {
    const own = b.record?.custom_fields ?? {};
    if (!Object.entries(f.custom).every(([k, v]) => own[k] === v)) return false;
  }
  return true;
}

/**
 * The balance of the matching segments active now. Seat-scoped (INDIVIDUAL) commits and credits
 * are left out, as from every customer-level aggregate (an assumption, see docs/metronome.md,
 * "Balances and ledgers"), except those a filter names by id:
 * "Specific IDs: Target exact commit or credit IDs."
 */
export const getNetBalance: Handler = (ctx, req) => {
  const body = req.body;
  const customerId = reqUuid(body, "customer_id");
  const creditTypeId = optUuid(body, "credit_type_id") ?? USD_CENTS_ID;
  const mode = optString(body, "invoice_inclusion_mode")?.toUpperCase() ?? "FINALIZED_AND_DRAFT";
  if (mode !== "FINALIZED" && mode !== "FINALIZED_AND_DRAFT") throw badRequest("invoice_inclusion_mode must be FINALIZED or FINALIZED_AND_DRAFT");
  const filters = readFilters(body);
  findCustomer(ctx, customerId, "plain404");
  if (!ctx.state.credit_types.some((t) => t.id === creditTypeId)) throw badRequest(`credit_type_id ${creditTypeId} not found`);
  const now = ctx.now();
  let balance = 0;
  for (const b of customerBalances(ctx, customerId, false)) {
    if (b.terms.credit_type_id !== creditTypeId) continue;
    const matching = filters.filter((f) => matches(f, b));
    if (filters.length && matching.length === 0) continue;
    const seatScoped = b.terms.subscription?.allocation === "INDIVIDUAL";
    if (seatScoped && !matching.some((f) => f.ids?.includes(b.id))) continue;
    for (const segment of b.segments) {
      if (!(segment.start <= now && now < segment.end)) continue;
      let value = segment.balance;
      if (mode === "FINALIZED") {
        // leave out pending deductions of draft invoices (those dated after now)
        const pending = segment.ledger.filter((e) => e.type === "AUTOMATED_INVOICE_DEDUCTION" && e.timestamp > now).reduce((s, e) => s + e.amount, 0);
        value = Math.max(0, tidy(value - pending));
      }
      balance = tidy(balance + Math.max(0, value));
    }
  }
  return { data: { balance, credit_type_id: creditTypeId } } satisfies ContractGetNetBalanceResponse;
};

/** The per-seat amounts of a manual entry on a seat-scoped balance, checked against its seats and total. */
function perGroupAmounts(raw: unknown, amount: number, segment: MaterialCredit | undefined, creditId: string): Record<string, number> | undefined {
  const seatScoped = segment?.allocation === "INDIVIDUAL";
  if (raw === undefined || raw === null) {
    if (seatScoped) throw badRequest("per_group_amounts is required for seat-scoped (INDIVIDUAL) commits and credits");
    return undefined;
  }
  if (!seatScoped) throw badRequest("per_group_amounts is only allowed on seat-scoped (INDIVIDUAL) commits and credits");
  const perGroup: Record<string, number> = {};
  let sum = 0;
  for (const [seat, v] of Object.entries(asBody(raw, "per_group_amounts"))) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw badRequest(`per_group_amounts.${seat} must be a number`);
    if (!segment.slices.has(seat)) throw badRequest(`per_group_amounts: seat "${seat}" has no allocation on ${creditId}`);
    perGroup[seat] = v;
    sum += v;
  }
  if (Math.abs(tidy(sum) - amount) > 1e-9) throw badRequest(`per_group_amounts must sum to amount (${amount}), got ${tidy(sum)}`);
  return perGroup;
}

/** A manual ledger entry on one segment of a commit or credit; "If not provided, it will default to the start of the segment." */
export const addManualLedgerEntry: Handler = (ctx, req) => {
  const body = req.body;
  const creditId = reqUuid(body, "id");
  const customerId = reqUuid(body, "customer_id");
  const segmentId = reqUuid(body, "segment_id");
  const amount = reqNumber(body, "amount");
  const reason = reqString(body, "reason");
  const contractId = optUuid(body, "contract_id");
  const given = optDate(body, "timestamp");
  findCustomer(ctx, customerId, "plain404");
  const contracts = ctx.state.contracts.filter((c) => c.customer_id === customerId && (contractId === undefined || c.id === contractId));
  const now = ctx.now();
  for (const contract of contracts) {
    const credits = ctx.engine.view(contract, now).credits;
    const found = contractBalances(contract, credits).find((b) => b.id === creditId);
    if (!found) continue;
    const item = found.schedule.find((i) => i.id === segmentId);
    if (!item) throw badRequest(`segment_id ${segmentId} is not a segment of ${creditId}`);
    const timestamp = given ?? item.start;
    if (timestamp < item.start || timestamp >= item.end) throw badRequest("timestamp must fall within the segment's access period");
    const segment = found.segments.find((c) => c.segment_id === segmentId);
    const perGroup = perGroupAmounts(body.per_group_amounts, amount, segment, creditId);
    contract.manual_entries.push({ credit_id: creditId, segment_id: segmentId, amount, reason, timestamp, per_group_amounts: perGroup, created_at: now });
    ctx.touch(contract);
    return {};
  }
  throw notFound(`Commit or credit ${creditId} not found for customer ${customerId}`);
};
