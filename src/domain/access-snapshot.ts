/**
 * The access state of one customer, derived from Metronome's reads at one instant: what each scope
 * (the customer's pooled credits, each seat's seat-scoped credits) holds of each credit type, when
 * it is next granted, and which low-balance alerts are in alarm for which scope. The server stores
 * it as its access projection; decideAccess (./access.ts) reads it.
 *
 * - Pooled credits: the customer's commits and credits in force now that are not allocated per seat
 *   (Metronome's `balance`, summed per credit type). Postpaid commits are an obligation to spend,
 *   not credits to use, so they never gate.
 * - A seat's credits: its seatBalances row (every contract's, summed per credit type).
 * - Next grant: the earliest of a scheduled commit or credit segment starting after now, and each
 *   recurring credit or commit's next period (the end of its latest segment, while it still runs;
 *   its start when it has not started), for the same holder (pooled or per seat) and credit type.
 * - Alerts: enabled alerts of the gating types. A contract-level alert in alarm gates the customer;
 *   a seat alert for one seat gates that seat; a fanned-out seat alert (one row for every seat)
 *   that is in alarm gates the seats whose balance of its credit type is at or below its threshold,
 *   Metronome's own condition. Webhooks then keep each (alert, scope) current.
 */
import type { ContractV2 } from "@metronome/sdk/resources/shared";
import type { CustomerAlert } from "@metronome/sdk/resources/v1/customers/alerts";
import { GATING_ALERT_TYPES, SEAT_ALERT_TYPE, type ScopeCredit } from "./access";
import type { SeatBalance } from "./balance-at";
import { creditFigures, isSeatScoped, type BalanceItem } from "./credit-figures";
import { parseTime } from "./time";

export interface AccessReads {
  contracts: readonly ContractV2[];
  /** customerBalances/list covering now, contract balances and balances included. */
  balances: readonly BalanceItem[];
  /** seatBalances/list covering now, of every contract with seat-based subscriptions. */
  seats: readonly SeatBalance[];
  /** customer-alerts/list (enabled alerts). */
  alerts: readonly CustomerAlert[];
  /** epoch ms */
  now: number;
}

/** A low-balance alert in alarm for one scope ("" for the customer, else a seat id). */
export interface AlertAlarm {
  alert_id: string;
  scope: string;
  credit_type_id: string | null;
}

export interface AccessSnapshot {
  customer: ScopeCredit[];
  seats: Map<string, ScopeCredit[]>;
  /** Every gating alert of the customer (those not listed are archived or gone). */
  alertIds: string[];
  alarms: AlertAlarm[];
}

type Holder = "pool" | "seat";

const holderOf = (item: Parameters<typeof isSeatScoped>[0]): Holder => (isSeatScoped(item) ? "seat" : "pool");
const grantKey = (holder: Holder, creditTypeId: string) => `${holder}|${creditTypeId}`;

/** One contract's recurring grants, with the end of each one's latest segment. */
function recurringGrants(contract: ContractV2, latestEnd: ReadonlyMap<string, number>) {
  const recurring = [...(contract.recurring_credits ?? []), ...(contract.recurring_commits ?? [])];
  const contractEnd = parseTime(contract.ending_before);
  return recurring.map((r) => {
    const ends = [parseTime(r.ending_before), contractEnd].filter((t): t is number => t !== null);
    return {
      holder: holderOf(r),
      creditTypeId: r.access_amount.credit_type_id,
      start: parseTime(r.starting_at),
      end: ends.length > 0 ? Math.min(...ends) : null,
      latestEnd: latestEnd.get(r.id) ?? null,
    };
  });
}

/** When each holder and credit type is next granted (the module's rule), keyed by grantKey. */
export function nextGrants(contracts: readonly ContractV2[], now: number): Map<string, number> {
  const next = new Map<string, number>();
  const offer = (holder: Holder, creditTypeId: string | undefined, at: number | null) => {
    if (!creditTypeId || at === null || at <= now) return;
    const key = grantKey(holder, creditTypeId);
    next.set(key, Math.min(next.get(key) ?? Infinity, at));
  };
  for (const contract of contracts) {
    const latestEnd = new Map<string, number>();
    const grants = [...(contract.credits ?? []), ...contract.commits.filter((c) => c.type === "PREPAID")];
    for (const grant of grants) {
      const recurringId = grant.type === "CREDIT" ? grant.recurring_credit_id : grant.recurring_commit_id;
      for (const item of grant.access_schedule?.schedule_items ?? []) {
        offer(holderOf(grant), grant.access_schedule?.credit_type?.id, parseTime(item.starting_at));
        const end = parseTime(item.ending_before);
        if (recurringId && end !== null) latestEnd.set(recurringId, Math.max(latestEnd.get(recurringId) ?? -Infinity, end));
      }
    }
    for (const r of recurringGrants(contract, latestEnd)) {
      if (r.start !== null && r.start > now) offer(r.holder, r.creditTypeId, r.start);
      else if (r.latestEnd !== null && (r.end === null || r.latestEnd < r.end)) offer(r.holder, r.creditTypeId, r.latestEnd);
    }
  }
  return next;
}

function seatCredits(seats: readonly SeatBalance[], next: ReadonlyMap<string, number>): Map<string, ScopeCredit[]> {
  const sums = new Map<string, Map<string, number>>();
  for (const row of seats) {
    const byType = sums.get(row.seat_id) ?? new Map<string, number>();
    for (const b of row.balances) byType.set(b.credit_type_id, (byType.get(b.credit_type_id) ?? 0) + Number(b.balance));
    sums.set(row.seat_id, byType);
  }
  const out = new Map<string, ScopeCredit[]>();
  for (const [seat, byType] of sums) {
    out.set(seat, [...byType].map(([id, balance]) => ({ credit_type_id: id, balance, next_grant_at: next.get(grantKey("seat", id)) ?? null })));
  }
  return out;
}

function alarmsOf(alerts: readonly CustomerAlert[], seats: ReadonlyMap<string, ScopeCredit[]>): Pick<AccessSnapshot, "alertIds" | "alarms"> {
  const alertIds: string[] = [];
  const alarms: AlertAlarm[] = [];
  for (const { alert, customer_status } of alerts) {
    if (alert.status !== "enabled" || !GATING_ALERT_TYPES.includes(alert.type)) continue;
    alertIds.push(alert.id);
    if (customer_status !== "in_alarm") continue;
    const credit_type_id = alert.credit_type?.id ?? null;
    if (alert.type !== SEAT_ALERT_TYPE) {
      alarms.push({ alert_id: alert.id, scope: "", credit_type_id });
      continue;
    }
    const one = alert.seat_filter?.seat_group_value;
    if (one !== undefined) {
      alarms.push({ alert_id: alert.id, scope: one, credit_type_id });
      continue;
    }
    for (const [seat, credits] of seats) {
      const balance = credits.find((c) => c.credit_type_id === credit_type_id)?.balance ?? 0;
      if (balance <= alert.threshold) alarms.push({ alert_id: alert.id, scope: seat, credit_type_id });
    }
  }
  return { alertIds, alarms };
}

/** The customer's access state from Metronome's reads (the module's rules). */
export function accessSnapshot(reads: AccessReads): AccessSnapshot {
  const next = nextGrants(reads.contracts, reads.now);
  const spendable = reads.balances.filter((item) => item.type !== "POSTPAID");
  const customer = creditFigures(spendable)
    .filter((f) => f.hasPooled)
    .map((f) => ({ credit_type_id: f.creditTypeId, balance: f.pooled, next_grant_at: next.get(grantKey("pool", f.creditTypeId)) ?? null }));
  const seats = seatCredits(reads.seats, next);
  return { customer, seats, ...alarmsOf(reads.alerts, seats) };
}
