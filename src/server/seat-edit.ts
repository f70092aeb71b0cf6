/**
 * One seat edit, top to bottom: parse → authorise → lock → policy → pending audit row → upstream →
 * settle. The request is parsed into an operation (operations.ts); the Metronome request is built
 * here from it, so what the policy checked is exactly what is sent. The check and the send are one
 * critical section per contract across every server instance (db.ts withLock), so concurrent edits
 * cannot together break the seat policy, and the audit row's seats before and after describe this
 * edit alone.
 */
import { randomUUID } from "node:crypto";
import type { ContractEditParams } from "@metronome/sdk/resources/v2/contracts";
import { previewRecord, previewSubscriptionChange } from "../domain/preview";
import { isSeatBased, type Subscription } from "../domain/subscription";
import { toIso } from "../domain/time";
import { parsePreviewHeader, readSeatTotals, type AuditSettlement, type AuditStore, type NewAuditEntry } from "./audit";
import type { SeatPolicyConfig } from "./config";
import type { CustomerDirectory } from "./customers";
import type { Sql } from "./db";
import { editLockKey, findAppliedEdit } from "./edit-reconcile";
import { HttpError, jsonError } from "./errors";
import { isLive, type ServerInstance } from "./instances";
import { isObject, jsonResponse } from "./json";
import { log } from "./log";
import { changeTimes, parseSeatEdit, type SeatEditOperation } from "./operations";
import { assertMayStartAt, policyRefusal, readSubscriptionState, resolveSeatPolicy } from "./policy";
import type { ReadLayer } from "./read-layer";
import { assertCanWrite, assertCustomerInScope } from "./scope";
import type { ActiveSession } from "./sessions";
import { sharingReads, upstreamMessage, upstreamNow, type MetronomeUpstream } from "./upstream";

export interface SeatEditDeps {
  sql: Sql;
  upstream: MetronomeUpstream;
  /** The customer's cached reads are dropped once an edit was sent, before its answer returns. */
  reads: Pick<ReadLayer, "invalidateCustomer">;
  directory: CustomerDirectory;
  audit: AuditStore;
  instance: ServerInstance;
  seatPolicy: SeatPolicyConfig;
  /** The server's wall clock (the embedded simulator's own clock wins when it answers). */
  now: () => Date;
  /** Seat cap of seat-based subscriptions (the embedded simulator's setting); null: the domain's default. */
  maxSeats: number | null;
}

export interface SeatEditRequest {
  session: ActiveSession;
  body: string;
  /** The X-Seat-Preview header: what the browser says it showed (kept as a claim). */
  claimedPreview: string | undefined;
}

/** The Metronome request for a parsed operation; nothing else of the browser's body reaches it. */
function contractEditBody(op: SeatEditOperation, uniquenessKey: string): ContractEditParams {
  const { subscription_id, quantity_updates, seat_updates } = op.update;
  return {
    customer_id: op.customer_id,
    contract_id: op.contract_id,
    uniqueness_key: uniquenessKey,
    update_subscriptions: [{ subscription_id, ...(quantity_updates ? { quantity_updates } : { seat_updates }) }],
  };
}

function alreadyApplied(editId: string): Response {
  return jsonResponse({ message: `This change was already applied (edit ${editId}); it was not sent again`, code: "already_applied", edit_id: editId }, 409);
}

function outcomeUnknown(): HttpError {
  return new HttpError(
    502,
    "Metronome's answer was lost, so whether the change was applied is not known yet; send the same change again (it is never applied twice)",
    "outcome_unknown",
  );
}

/** A seat count change goes to a quantity-only subscription, named seats to a seat-based one. */
function assertUpdateFitsMode(update: SeatEditOperation["update"], subscription: Subscription): void {
  const seatBased = isSeatBased(subscription);
  if (seatBased && update.quantity_updates) {
    throw new HttpError(400, "This subscription counts named seats: change it with seat_updates (add or remove seat IDs or unassigned seats), not quantity_updates", "wrong_mode");
  }
  if (!seatBased && update.seat_updates) {
    throw new HttpError(400, "This subscription counts seats by quantity: change it with quantity_updates (a new total or a change), not seat_updates", "wrong_mode");
  }
}

export function createSeatEdits(deps: SeatEditDeps) {
  const { sql, upstream, audit, instance } = deps;

  /**
   * Earlier attempts with the same uniqueness key, seen inside the lock (so none is being sent):
   * an applied one ends this request; a pending one is settled from Metronome's edit history.
   * Returns the applied edit's id, or null to go on.
   */
  async function earlierAttempt(op: SeatEditOperation, key: string): Promise<string | null> {
    for (const row of await audit.byKey(op.contract_id, key)) {
      if (row.outcome === "applied") return row.edit_id ?? "unknown";
      // Still being sent: by this process, or by a live instance (whose lock connection may have dropped).
      if (instance.inFlight.has(row.id) || (row.instance_id !== instance.id && row.instance_id !== null && (await isLive(sql, row.instance_id)))) {
        throw new HttpError(503, "This change is still being sent; try again in a moment", "busy");
      }
      const editId = await findAppliedEdit(upstream, op.customer_id, op.contract_id, key);
      if (editId === undefined) throw new HttpError(502, "Metronome's edit history could not be read to check an earlier attempt of this change; try again shortly", "upstream_unreachable");
      if (editId !== null) {
        await audit.settle(row.id, { edit_id: editId, outcome: "applied", error: null }, "reconcile");
        return editId;
      }
      await audit.settle(row.id, { edit_id: null, outcome: "rejected", error: { status: 409, message: "Superseded by a retry with the same uniqueness key; this attempt never reached Metronome" } }, "reconcile");
    }
    return null;
  }

  /**
   * Settles the row of an edit Metronome applied. The edit is done whatever the database does now:
   * when the row cannot be written, the person is still told it was applied (not "nothing was
   * changed"), and the row stays pending until reconciliation settles it from the edit history.
   */
  async function settleApplied(rowId: string, settlement: Omit<AuditSettlement, "outcome" | "error">): Promise<void> {
    try {
      await audit.settle(rowId, { ...settlement, outcome: "applied", error: null }, "owner");
    } catch (error) {
      log("warn", "applied seat edit left pending for reconciliation", { error });
    }
  }

  /**
   * Sends the edit; a lost answer means its outcome is not known (the row stays pending). Whatever
   * the answer, the customer's cached reads are dropped, so the next read shows what Metronome holds.
   */
  async function send(customerId: string, body: string): Promise<{ response: Response; answer: unknown }> {
    try {
      const response = await upstream.request("POST", "/v2/contracts/edit", body);
      const text = await response.text();
      let answer: unknown = null;
      try {
        answer = JSON.parse(text);
      } catch {
        answer = null; // not JSON: no message, no edit id
      }
      return { response, answer };
    } catch {
      throw outcomeUnknown();
    } finally {
      await deps.reads.invalidateCustomer(customerId);
    }
  }

  /** Inside the contract's lock: policy, pending row, send, settle. */
  async function checkAndSend(op: SeatEditOperation, key: string, entry: Omit<NewAuditEntry, "edit_id" | "outcome" | "error" | "seats_before" | "seats_after" | "preview">, lockHeld: () => Promise<void>): Promise<Response> {
    const earlier = await earlierAttempt(op, key);
    if (earlier !== null) return alreadyApplied(earlier);

    const before = sharingReads(upstream);
    const subscriptionKey = { customer_id: op.customer_id, contract_id: op.contract_id, subscription_id: op.update.subscription_id };
    const effectiveAt = toIso(Math.min(...changeTimes(op.update)));
    const edited = [{ id: op.update.subscription_id, effectiveAt }];
    const [state, policy, seatsBefore, nowMs] = await Promise.all([
      readSubscriptionState(before, subscriptionKey),
      resolveSeatPolicy(deps.seatPolicy, op.customer_id, deps.directory),
      readSeatTotals(before, op.customer_id, op.contract_id, edited),
      upstreamNow(upstream, deps.now),
    ]);
    // The lock may have been waited for: the current hour is judged again, at the time the edit is checked.
    assertMayStartAt(entry.role, changeTimes(op.update), nowMs);
    assertUpdateFitsMode(op.update, state.subscription);
    const preview = previewSubscriptionChange({
      contract: state.contract,
      update: op.update,
      now: toIso(nowMs),
      quantityHistory: state.quantityHistory,
      seatsHistory: state.seatsHistory,
      editHistory: state.editHistory,
      policy,
      ...(deps.maxSeats !== null ? { maxSeats: deps.maxSeats } : {}),
    });
    if (preview.issues.some((i) => i.severity === "error" && i.code === "missing_data")) {
      throw new HttpError(502, "The subscription's current seats could not be read completely from Metronome, so the change was not checked or sent; try again shortly", "state_unreadable");
    }
    const row = { ...entry, preview: previewRecord(preview), seats_before: seatsBefore };
    const refusal = policyRefusal(preview);
    if (refusal) {
      await audit.record({ ...row, edit_id: null, outcome: "rejected", error: { status: 422, message: refusal.message }, seats_after: seatsBefore });
      return jsonError(422, refusal.message, refusal.code);
    }

    // The row is written before the edit goes upstream and settled after, so an applied edit has
    // its row even when this process dies or the answer is lost (see edit-reconcile.ts).
    const rowId = await audit.begin(row, { uniqueness_key: key, instance_id: instance.id });
    instance.inFlight.add(rowId);
    try {
      await lockHeld();
      const { response, answer } = await send(op.customer_id, JSON.stringify(entry.request));
      if (response.status === 409) {
        // The key was used already: an attempt this server has no row for reached Metronome.
        const editId = await findAppliedEdit(upstream, op.customer_id, op.contract_id, key);
        // Unreadable history: the row stays pending for reconciliation rather than saying "not applied".
        if (editId === undefined) throw outcomeUnknown();
        if (editId) {
          await settleApplied(rowId, { edit_id: editId, seats_after: await readSeatTotals(upstream, op.customer_id, op.contract_id, edited).catch(() => ({})) });
          return alreadyApplied(editId);
        }
      }
      if (!response.ok) {
        const message = upstreamMessage(answer, response.status);
        await audit.settle(rowId, { edit_id: null, outcome: "rejected", error: { status: response.status, message } }, "owner");
        return jsonError(response.status >= 500 ? 502 : response.status, message, "upstream_rejected");
      }
      const editId = isObject(answer) && isObject(answer.data) && typeof answer.data.id === "string" ? answer.data.id : null;
      // The totals after are informative: failing to read them must not lose the row of an applied edit.
      const seatsAfter = await readSeatTotals(upstream, op.customer_id, op.contract_id, edited).catch(() => ({}));
      await settleApplied(rowId, { edit_id: editId, seats_after: seatsAfter });
      return jsonResponse({ data: { id: editId } });
    } finally {
      // A row still pending here (the answer was lost, or the database failed) is settled by
      // reconciliation from Metronome's edit history.
      instance.inFlight.delete(rowId);
    }
  }

  return async function seatEdit({ session, body, claimedPreview }: SeatEditRequest): Promise<Response> {
    assertCanWrite(session);
    const op = parseSeatEdit(body);
    assertCustomerInScope(session, op.customer_id);
    assertMayStartAt(session.role, changeTimes(op.update), await upstreamNow(upstream, deps.now));
    const key = op.uniqueness_key ?? `seats-${randomUUID()}`;
    const entry = {
      actor: session.user,
      role: session.role,
      customer_id: op.customer_id,
      contract_id: op.contract_id,
      subscription_ids: [op.update.subscription_id],
      request: contractEditBody(op, key),
      claimed_preview: parsePreviewHeader(claimedPreview),
    };
    return sql.withLock(editLockKey(op.contract_id), (lock) => checkAndSend(op, key, entry, () => lock.assertHeld()));
  };
}
