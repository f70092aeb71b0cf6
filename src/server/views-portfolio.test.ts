import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ViewLine, ViewRead } from "../contract/bff";
import { createApp, type ServerApp } from "./app";
import { call, demoSignIn, testConfig } from "./test-helpers";

let server: ServerApp;
let manager: string;
let acme: string;

beforeAll(async () => {
  server = await createApp(testConfig({ upstream: { kind: "simulator", now: "2026-11-24T12:00:00.000Z", scenario: "demo", maxSeats: null } }));
  manager = await demoSignIn(server, "account-manager");
  acme = await demoSignIn(server, "acme-admin");
}, 60_000);
afterAll(async () => {
  await server.close();
});

async function portfolio(cookie: string, query = ""): Promise<{ status: number; reads: ViewRead[]; ended: boolean; text: string }> {
  const response = await call(server, "GET", `/api/views/portfolio${query}`, { cookie });
  const text = await response.text();
  if (response.status !== 200) return { status: response.status, reads: [], ended: false, text };
  const lines = text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as ViewLine);
  return { status: 200, reads: lines.filter((l): l is ViewRead => !("end" in l)), ended: lines.some((l) => "end" in l), text };
}

const customerOf = (read: ViewRead) => {
  const body = read.request.body as { customer_id?: string } | null;
  return body?.customer_id ?? new URL(read.request.path, "http://x").searchParams.get("customer_id");
};

describe("GET /api/views/portfolio", () => {
  it("answers an account manager's every customer: names, contracts, balances, alerts and access, each once", async () => {
    const session = (await (await call(server, "GET", "/api/session", { cookie: manager })).json()) as { customer_ids: string[] };
    const { reads, ended } = await portfolio(manager);
    expect(ended).toBe(true);
    const paths = (suffix: string) => reads.filter((r) => r.request.path.includes(suffix));
    expect(paths("/api/customers?limit=100")).toHaveLength(1);
    for (const suffix of ["/v2/contracts/list", "/v1/contracts/customerBalances/list", "/v1/customer-alerts/list", "/api/access?"]) {
      const found = paths(suffix);
      expect(new Set(found.map(customerOf))).toEqual(new Set(session.customer_ids));
    }
    // Paged reads (a customer's balances) may take several requests, but no request is answered twice.
    const keys = reads.map((r) => `${r.request.method} ${r.request.path} ${JSON.stringify(r.request.body)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(reads.every((r) => r.status === 200)).toBe(true);
    const names = paths("/api/customers")[0]!.body as { data: Array<{ id: string }> };
    expect(names.data.map((c) => c.id).sort()).toEqual([...session.customer_ids].sort());
  }, 60_000);

  it("shows a customer admin their own customer only", async () => {
    const session = (await (await call(server, "GET", "/api/session", { cookie: acme })).json()) as { customer_ids: string[] };
    const { reads } = await portfolio(acme);
    expect(new Set(reads.filter((r) => r.request.path !== "/api/customers?limit=100").map(customerOf))).toEqual(new Set(session.customer_ids));
  }, 30_000);

  it("refuses unknown parameters and a signed-out caller", async () => {
    const unknown = await portfolio(manager, "?customer_id=x");
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("customer_id");
    const signedOut = await call(server, "GET", "/api/views/portfolio");
    expect(signedOut.status).toBe(401);
  });
});
