/**
 * POST /v1/contracts/customerCommits/list and /v1/contracts/customerCredits/list (the SDK's
 * `v1.customers.commits.list` and `v1.customers.credits.list`): a customer's commits, resp.
 * credits, "limited to 25 … per page" with a body `next_page` cursor (BodyCursorPage).
 */
import type { ContractBalance } from "./balances";
import { hasAccessIn } from "./balances";
import { findCustomer, type Handler, type ParsedRequest } from "./context";
import { pageOf, readOffsetCursor } from "./handlers-catalog";
import { customerBalances } from "./handlers-balances";
import { optBool, optDate, optInt, optString, optUuid, reqUuid } from "./input";
import { renderCommit, renderCredit } from "./render-grants";

interface ListQuery {
  customerId: string;
  id: string | undefined;
  window: { covering?: number; starting?: number; before?: number };
  includeContract: boolean;
  includeArchived: boolean;
  opts: { balance: boolean; ledger: boolean };
  offset: number;
  limit: number;
}

/** The parameters both lists share; `idKey` and `contractKey` are the ones they name differently. */
function readQuery(req: ParsedRequest, idKey: "commit_id" | "credit_id", contractKey: "include_contract_commits" | "include_contract_credits"): ListQuery {
  const body = req.body;
  return {
    customerId: reqUuid(body, "customer_id"),
    id: optUuid(body, idKey),
    window: { covering: optDate(body, "covering_date"), starting: optDate(body, "starting_at"), before: optDate(body, "effective_before") },
    includeContract: optBool(body, contractKey) ?? false,
    includeArchived: optBool(body, "include_archived") ?? false,
    opts: { balance: optBool(body, "include_balance") ?? false, ledger: optBool(body, "include_ledgers") ?? false },
    offset: readOffsetCursor(optString(body, "next_page")),
    limit: optInt(body, "limit", 1, 25) ?? 25,
  };
}

/**
 * The customer's balances the query selects. Customer-level commits and credits are not
 * simulated, so without include_contract_* the list is empty.
 */
const select = (q: ListQuery, all: ContractBalance[], wanted: (b: ContractBalance) => boolean): ContractBalance[] =>
  q.includeContract ? all.filter((b) => wanted(b) && (q.id === undefined || b.id === q.id) && hasAccessIn(b, q.window)) : [];

export const listCustomerCommits: Handler = (ctx, req) => {
  const q = readQuery(req, "commit_id", "include_contract_commits");
  findCustomer(ctx, q.customerId, "plain404");
  const page = pageOf(select(q, customerBalances(ctx, q.customerId, q.includeArchived), (b) => b.kind !== "CREDIT"), q.offset, q.limit);
  return { data: page.data.map((b) => renderCommit(ctx.state, b, q.opts)), next_page: page.next_page };
};

export const listCustomerCredits: Handler = (ctx, req) => {
  const q = readQuery(req, "credit_id", "include_contract_credits");
  findCustomer(ctx, q.customerId, "plain404");
  const page = pageOf(select(q, customerBalances(ctx, q.customerId, q.includeArchived), (b) => b.kind === "CREDIT"), q.offset, q.limit);
  return { data: page.data.map((b) => renderCredit(ctx.state, b, q.opts)), next_page: page.next_page };
};
