// The Idempotency-Key header sent by the official SDK over real HTTP on loopback.
import Metronome from "@metronome/sdk";
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator } from "../simulator";
import type { Simulator } from "../simulator-api";
import { AI_CREDITS_ID } from "../state";

let sim: Simulator & { readonly state: { alerts: unknown[] } };
let server: ServerType;
let client: Metronome;

beforeAll(async () => {
  sim = await createSimulator({ scenario: "empty", now: "2025-06-02T00:00:00.000Z", tickSeconds: 0 });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: (req) => sim.handle(req), port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  client = new Metronome({ bearerToken: "sdk-token", baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxRetries: 0 });
});

afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("Idempotency-Key through @metronome/sdk", () => {
  it("the SDK sends the header when given in the request's headers; one key creates one alert", async () => {
    const customer = await client.v1.customers.create({ name: "Acme" });
    const params = {
      alert_type: "low_remaining_contract_credit_balance_reached" as const, name: "low", threshold: 5,
      credit_type_id: AI_CREDITS_ID, customer_id: customer.data.id,
    };
    const options = { headers: { "Idempotency-Key": "sdk-key-1" } };
    const first = await client.v1.alerts.create(params, options);
    const again = await client.v1.alerts.create(params, options);
    expect(again.data.id).toBe(first.data.id);
    expect(sim.state.alerts).toHaveLength(1);
    await expect(client.v1.alerts.create({ ...params, threshold: 6 }, options)).rejects.toBeInstanceOf(Metronome.ConflictError);
    expect(sim.state.alerts).toHaveLength(1);
  });

  it("the SDK's idempotencyKey request option sends nothing (this client sets no idempotency header)", async () => {
    const customer = await client.v1.customers.create({ name: "Globex" });
    const params = {
      alert_type: "low_remaining_contract_credit_balance_reached" as const, name: "low", threshold: 5,
      credit_type_id: AI_CREDITS_ID, customer_id: customer.data.id,
    };
    const before = sim.state.alerts.length;
    const a = await client.v1.alerts.create(params, { idempotencyKey: "ignored" });
    const b = await client.v1.alerts.create(params, { idempotencyKey: "ignored" });
    expect(b.data.id).not.toBe(a.data.id);
    expect(sim.state.alerts).toHaveLength(before + 2);
  });
});
