/** What request handlers share: the state, the derived-view engine, the clock and id minting. */
import type { Engine } from "./engine";
import { ApiError, badRequest, notFound } from "./errors";
import { uuidFromKey } from "./ids";
import type { Body } from "./input";
import type { ContractRecord, CustomerRecord, SimState } from "./state";

export interface Ctx {
  state: SimState;
  engine: Engine;
  maxSeats: number;
  now(): number;
  newId(): string;
  /** Records that `contract` changed (derived views are recomputed). */
  touch(contract: ContractRecord): void;
}

export interface ParsedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Body;
  params: Record<string, string>;
}

export type Handler = (ctx: Ctx, req: ParsedRequest) => unknown;

export function mintId(state: SimState): string {
  state.id_counter += 1;
  return uuidFromKey(`${state.seed}:${state.scenario}:${state.id_counter}`);
}

export type NotFoundStyle = "coded400" | "plain404";

export function findCustomer(ctx: Ctx, id: string, style: NotFoundStyle): CustomerRecord {
  const customer = ctx.state.customers.find((c) => c.id === id);
  if (!customer) {
    throw style === "coded400"
      ? badRequest(`Customer ${id} not found`, "CustomerNotFound")
      : notFound(`Customer ${id} not found`);
  }
  return customer;
}

export function findContract(ctx: Ctx, customerId: string, contractId: string, style: NotFoundStyle): ContractRecord {
  findCustomer(ctx, customerId, style);
  const contract = ctx.state.contracts.find((c) => c.id === contractId && c.customer_id === customerId);
  if (!contract) {
    throw style === "coded400"
      ? badRequest(`Contract ${contractId} not found for customer ${customerId}`, "ContractNotFound")
      : notFound(`Contract ${contractId} not found for customer ${customerId}`);
  }
  return contract;
}

export function conflict(message: string, extra?: Record<string, unknown>): ApiError {
  return new ApiError(409, message, undefined, extra);
}
