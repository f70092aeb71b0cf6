/**
 * What buying a pack and setting auto-recharge share: each is one `/v2/contracts/edit` the server
 * builds itself, sent under the contract's edit lock (the seat edits' lock, edit-reconcile.ts) after
 * its row is written as "sending", with a uniqueness key of its own namespace so a double submit is
 * one edit; a retry is answered from the first attempt's row, and a row whose answer was lost is
 * settled by sending it again (Metronome answers 409 for a key it already applied, and its edit
 * history names the edit).
 */
import type { ContractEditParams } from "@metronome/sdk/resources/v2/contracts";
import type { TopUpPurchase } from "../contract/bff";
import type { Sql } from "./db";
import { editLockKey } from "./edit-reconcile";
import { HttpError } from "./errors";
import { isLive, type ServerInstance } from "./instances";
import { isObject } from "./json";
import type { ReadLayer } from "./read-layer";
import type { KeyedTopUp, NewTopUpRow, TopUpStore, TopUpUpdate } from "./top-ups-store";
import { upstreamJson, upstreamMessage, type MetronomeUpstream } from "./upstream";

export interface TopUpSendDeps {
  sql: Sql;
  upstream: MetronomeUpstream;
  store: TopUpStore;
  instance: ServerInstance;
  /** Drops the customer's cached Metronome reads once a write changed them (the read layer). */
  reads?: Pick<ReadLayer, "invalidateCustomer"> | undefined;
}

/** What Metronome answered an applied edit: its id, the commit it added and that commit's invoice (null when not echoed). */
export interface AppliedEdit {
  edit_id: string;
  commit_id: string | null;
  invoice_id: string | null;
}

/** One write: the row to keep, the edit to send, and how a retry is recognised as the same write. */
interface TopUpWrite {
  customer_id: string;
  contract_id: string;
  /** The person's key; the Metronome key is `${namespace}:${key}`. */
  uniqueness_key: string;
  namespace: "top-up" | "auto-recharge";
  row: NewTopUpRow;
  /** The edit without its uniqueness key, built inside the lock (it may read the upstream's clock). */
  build: () => Promise<Omit<ContractEditParams, "uniqueness_key">>;
  /** Whether an earlier row with the same key asked for the same thing. */
  sameAs: (earlier: TopUpPurchase) => boolean;
  /** The row's update once Metronome applied the edit (before payment events, which come later). */
  applied: (edit: AppliedEdit) => TopUpUpdate;
}

/**
 * Metronome gates a purchase or a recharge on payment: it charges the invoice at once, releases the
 * credits once paid, voids the invoice when the payment fails and says so by webhook
 * (payment_gate.*; see docs/metronome.md, "Top-ups and payment gates").
 */
export const PAYMENT_GATE = { payment_gate_type: "STRIPE", stripe_config: { payment_type: "INVOICE" }, tax_type: "NONE" } as const;

const NEVER_SENT = "Metronome never received this (its answer was lost or the server stopped, and Metronome has no edit with its key), so nothing was bought or changed; send it again";

function outcomeUnknown(): HttpError {
  return new HttpError(502, "Metronome's answer was lost, so whether this was applied is not known yet; send it again (it is never applied twice)", "outcome_unknown");
}

/** The invoice a commit's first invoice schedule item is billed on (a gated commit's payment invoice). */
function commitInvoiceId(commit: unknown): string | null {
  const schedule = isObject(commit) && isObject(commit.invoice_schedule) && Array.isArray(commit.invoice_schedule.schedule_items) ? commit.invoice_schedule.schedule_items : [];
  const item: unknown = schedule[0];
  return isObject(item) && typeof item.invoice_id === "string" && item.invoice_id !== "" ? item.invoice_id : null;
}

/** The first commit an edit (its answer or its history record) added, with its invoice. */
function addedCommit(edit: unknown): Pick<AppliedEdit, "commit_id" | "invoice_id"> {
  const commits = isObject(edit) && Array.isArray(edit.add_commits) ? edit.add_commits.filter(isObject) : [];
  const commit = commits[0];
  return { commit_id: typeof commit?.id === "string" ? commit.id : null, invoice_id: commitInvoiceId(commit) };
}

/** The edit carrying this Metronome key in the contract's history; null: none; undefined: the history could not be read. */
async function editByKey(upstream: MetronomeUpstream, customerId: string, contractId: string, key: string): Promise<AppliedEdit | null | undefined> {
  const history = await upstreamJson(upstream, "POST", "/v2/contracts/getEditHistory", { customer_id: customerId, contract_id: contractId }).catch(() => null);
  if (!history?.ok || !isObject(history.body) || !Array.isArray(history.body.data)) return undefined;
  const edit = history.body.data.filter(isObject).find((e) => e.uniqueness_key === key);
  return edit && typeof edit.id === "string" ? { edit_id: edit.id, ...addedCommit(edit) } : null;
}

function contractNotFound(customerId: string, contractId: string): HttpError {
  return new HttpError(404, `contract_id ${contractId} is not a contract of customer ${customerId}`, "contract_not_found");
}

/** 404 unless the contract is the customer's (read upstream, inside the lock). */
export async function assertContractOfCustomer(upstream: MetronomeUpstream, customerId: string, contractId: string): Promise<Record<string, unknown>> {
  const found = await upstreamJson(upstream, "POST", "/v2/contracts/get", { customer_id: customerId, contract_id: contractId });
  if (found.status === 404 || found.status === 400) throw contractNotFound(customerId, contractId);
  if (!found.ok || !isObject(found.body) || !isObject(found.body.data)) {
    throw new HttpError(502, "The contract could not be read from Metronome, so nothing was sent; try again shortly", "upstream_unreachable");
  }
  return found.body.data;
}

export function createTopUpSender(deps: TopUpSendDeps) {
  const { sql, upstream, store, instance } = deps;

  /** The row of an earlier attempt that settles this request, or the pending row to send again, or null. */
  async function earlier(write: TopUpWrite): Promise<{ answer: TopUpPurchase } | { resend: string } | null> {
    const row = await store.byKey(write.contract_id, write.uniqueness_key);
    if (!row) return null;
    // A contract belongs to one customer: a row of another customer's on it means it is not this
    // customer's contract. Answered as when no row exists, so a key never reveals another customer's purchase.
    if (row.customer_id !== write.customer_id) throw contractNotFound(write.customer_id, write.contract_id);
    if (!write.sameAs(row)) {
      throw new HttpError(409, "This uniqueness_key was already used for a different request on this contract; send a new key for a new request", "key_reused");
    }
    // A refused attempt is sent again (Metronome judges it anew); any other outcome answers the retry.
    if (row.status !== "sending" && row.status !== "rejected") return { answer: row };
    if (row.status === "sending" && (await beingSent(row))) throw new HttpError(503, "This request is still being sent; try again in a moment", "busy");
    await store.update(row.id, { status: "sending", status_message: null });
    return { resend: row.id };
  }

  /** Whether a "sending" row's edit may still be on its way: in flight here, or its server is live. */
  async function beingSent(row: KeyedTopUp): Promise<boolean> {
    return instance.inFlight.has(row.id) || (row.instance_id !== null && row.instance_id !== instance.id && (await isLive(sql, row.instance_id)));
  }

  /**
   * Settles rows left "sending" that nobody is sending (the answer was lost, or their server
   * stopped) from Metronome's edit history, under their contract's lock: applied when an edit
   * carries the row's key, else never sent. Rows it cannot decide now stay as they are.
   */
  async function settleAbandoned(rows: KeyedTopUp[], applied: (row: TopUpPurchase, edit: AppliedEdit) => TopUpUpdate): Promise<void> {
    for (const row of rows) {
      const key = isObject(row.request) && typeof row.request.uniqueness_key === "string" ? row.request.uniqueness_key : null;
      if (row.status !== "sending" || key === null || (await beingSent(row))) continue;
      await sql
        .withLock(
          editLockKey(row.contract_id),
          async () => {
            if (instance.inFlight.has(row.id)) return;
            const found = await editByKey(upstream, row.customer_id, row.contract_id, key);
            if (found === undefined) return;
            await store.update(row.id, found ? { edit_id: found.edit_id, ...applied(row, found) } : { status: "rejected", status_message: NEVER_SENT });
          },
          { waitMs: 2_000 },
        )
        .catch(() => undefined);
    }
  }

  async function send(body: ContractEditParams): Promise<{ status: number; ok: boolean; body: unknown }> {
    try {
      return await upstreamJson(upstream, "POST", "/v2/contracts/edit", body);
    } catch {
      throw outcomeUnknown();
    }
  }

  /** Sends the edit of a row already written; settles it from Metronome's answer. */
  async function sendAndSettle(write: TopUpWrite, rowId: string, body: ContractEditParams, lockHeld: () => Promise<void>): Promise<TopUpPurchase> {
    instance.inFlight.add(rowId);
    try {
      await lockHeld();
      const answer = await send(body);
      let applied: AppliedEdit | null = null;
      if (answer.ok) {
        const data = isObject(answer.body) && isObject(answer.body.data) ? answer.body.data : {};
        applied = typeof data.id === "string" ? { edit_id: data.id, ...addedCommit(data.edit) } : null;
        // An answer without the edit (or, for a purchase, its commit): the edit history names them.
        if (applied === null || (applied.commit_id === null && write.namespace === "top-up")) {
          applied = (await editByKey(upstream, write.customer_id, write.contract_id, body.uniqueness_key ?? "")) ?? applied;
        }
        if (applied === null) throw outcomeUnknown();
      } else if (answer.status === 409) {
        // The key was used already: an earlier attempt reached Metronome; its edit history names it.
        const found = await editByKey(upstream, write.customer_id, write.contract_id, body.uniqueness_key ?? "");
        if (found === undefined) throw outcomeUnknown();
        applied = found;
      }
      if (!applied) {
        const message = upstreamMessage(answer.body, answer.status);
        const row = await store.update(rowId, { status: "rejected", status_message: `Metronome refused it, nothing was bought or changed: ${message}` });
        throw new HttpError(answer.status >= 500 ? 502 : answer.status === 409 ? 409 : 400, row?.status_message ?? message, "upstream_rejected");
      }
      const row = await store.update(rowId, { edit_id: applied.edit_id, ...write.applied(applied) });
      await deps.reads?.invalidateCustomer(write.customer_id).catch(() => undefined);
      if (!row) throw new Error("top-up row vanished");
      return row;
    } finally {
      instance.inFlight.delete(rowId);
    }
  }

  /** The write under the contract's lock: an earlier attempt's answer, or the edit sent once and its row settled. */
  async function submit(write: TopUpWrite): Promise<TopUpPurchase> {
    return sql.withLock(editLockKey(write.contract_id), async (lock) => {
      const before = await earlier(write);
      if (before && "answer" in before) return before.answer;
      const edit = await write.build();
      const body: ContractEditParams = { ...edit, uniqueness_key: `${write.namespace}:${write.uniqueness_key}` };
      const rowId = before?.resend ?? (await store.insert({ ...write.row, request: body }, { uniqueness_key: write.uniqueness_key, instance_id: instance.id })).id;
      return sendAndSettle(write, rowId, body, () => lock.assertHeld());
    });
  }

  return { submit, settleAbandoned };
}
