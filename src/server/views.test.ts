import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ViewEnd, ViewLine, ViewRead } from "../contract/bff";
import { createApp, type ServerApp } from "./app";
import { call, demoSignIn, testConfig } from "./test-helpers";

const NOW = "2026-11-24T12:00:00.000Z";
let server: ServerApp;
let acme: string;
let globex: string;
let acmeCustomer: string;
let contractId: string;
let subscriptionId: string;

beforeAll(async () => {
  server = await createApp(testConfig({ upstream: { kind: "simulator", now: NOW, scenario: "demo", maxSeats: null } }));
  acme = await demoSignIn(server, "acme-admin");
  globex = await demoSignIn(server, "globex-admin");
  acmeCustomer = ((await (await call(server, "GET", "/api/session", { cookie: acme })).json()) as { customer_ids: string[] }).customer_ids[0]!;
  const list = (await (await call(server, "POST", "/api/metronome/v2/contracts/list", { cookie: acme, body: { customer_id: acmeCustomer } })).json()) as {
    data: Array<{ id: string; subscriptions: Array<{ id: string; quantity_management_mode: string }> }>;
  };
  const contract = list.data.find((c) => c.subscriptions.some((s) => s.quantity_management_mode === "SEAT_BASED"))!;
  contractId = contract.id;
  subscriptionId = contract.subscriptions.find((s) => s.quantity_management_mode === "SEAT_BASED")!.id;
  // The simulator delivers the scenario's alert webhooks shortly after it starts: wait until the feed is settled, so answers compared later agree.
  let last = "";
  for (let i = 0; i < 40; i += 1) {
    const feed = await (await call(server, "GET", `/api/alert-events?customer_id=${acmeCustomer}&limit=50`, { cookie: acme })).text();
    if (feed === last && feed !== '{"data":[]}') break;
    last = feed;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 60_000);
afterAll(async () => {
  await server.close();
});

const strip = { now: NOW, strip_from: "2026-08-26", strip_floored: "true" };

function query(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

async function view(page: string, values: Record<string, string>, cookie = acme): Promise<{ reads: ViewRead[]; end: ViewEnd | undefined; response: Response }> {
  const response = await call(server, "GET", `/api/views/${page}?${query(values)}`, { cookie });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/x-ndjson");
  const lines = (await response.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l) as ViewLine);
  return { reads: lines.filter((l): l is ViewRead => !("end" in l)), end: lines.find((l): l is ViewEnd => "end" in l), response };
}

/** Each view with the parameters of one of Acme's pages. */
function pages(): Array<[string, Record<string, string>]> {
  const contract = { customer_id: acmeCustomer, contract_id: contractId, ...strip };
  const sub = { ...contract, subscription_id: subscriptionId };
  return [
    ["customer", { customer_id: acmeCustomer }],
    ["audit", { customer_id: acmeCustomer }],
    ["overview", contract],
    ["credits", { ...contract, range_from: "2026-08-25", range_to: "2026-12-25" }],
    ["alerts", contract],
    ["billing", contract],
    ["seats", sub],
    ["history", sub],
    ["balances", { ...sub, idle_since: "2026-10-25T12:00:00.000Z" }],
    ["seat", { ...sub, seat_id: "someone@acme.example", range_from: "2026-08-25", range_to: "2026-12-25" }],
  ];
}

describe("view endpoints: parameters and scope, like the Metronome reads", () => {
  it("answers 401 without a session, 403 for another customer, 400 naming an unknown, repeated or malformed parameter", async () => {
    for (const [page, values] of pages()) {
      const path = `/api/views/${page}?${query(values)}`;
      expect((await call(server, "GET", path)).status, `${page} signed out`).toBe(401);
      const other = await call(server, "GET", path, { cookie: globex });
      expect(other.status, `${page} other customer`).toBe(403);
      expect(((await other.json()) as { code: string }).code).toBe("customer_out_of_scope");

      const unknown = await call(server, "GET", `${path}&colour=red`, { cookie: acme });
      expect(unknown.status, `${page} unknown`).toBe(400);
      expect(((await unknown.json()) as { message: string }).message).toContain('Query parameter "colour" is not allowed here');

      const twice = await call(server, "GET", `${path}&customer_id=${acmeCustomer}`, { cookie: acme });
      expect(twice.status, `${page} repeated`).toBe(400);
      expect(((await twice.json()) as { message: string }).message).toContain('"customer_id" is given 2 times');

      const { customer_id: _dropped, ...withoutCustomer } = values;
      expect((await call(server, "GET", `/api/views/${page}?${query(withoutCustomer)}`, { cookie: acme })).status, `${page} no customer`).toBe(400);
      if ("now" in values) {
        const bad = await call(server, "GET", `/api/views/${page}?${query({ ...values, now: "yesterday" })}`, { cookie: acme });
        expect(bad.status, `${page} bad now`).toBe(400);
        expect(((await bad.json()) as { message: string }).message).toContain("now");
      }
    }
  }, 60_000);

  it("answers 404 for a page that has no view", async () => {
    expect((await call(server, "GET", `/api/views/everything?customer_id=${acmeCustomer}`, { cookie: acme })).status).toBe(404);
  });
});

describe("view endpoints: the reads a page makes, each the answer its own request gets", () => {
  it("gives, for every page, reads equal to what /api/metronome and the server's own endpoints answer for the same request, then an end line", async () => {
    for (const [page, values] of pages()) {
      const { reads, end } = await view(page, values);
      expect(end, page).toMatchObject({ end: true });
      expect(reads.length, page).toBeGreaterThan(0);
      for (const read of reads) {
        const direct = await call(server, read.request.method, read.request.path, {
          cookie: acme,
          ...(read.request.body ? { body: read.request.body } : {}),
        });
        expect(read.status, `${page} ${read.request.path}`).toBe(direct.status);
        expect(read.body, `${page} ${read.request.path}`).toEqual(await direct.json());
      }
    }
  }, 120_000);

  it("follows the contract to its subscription: the balances view holds the whole seats history, the seats now and every seat's balances", async () => {
    const { reads } = await view("balances", { customer_id: acmeCustomer, contract_id: contractId, subscription_id: subscriptionId, ...strip, idle_since: "2026-10-25T12:00:00.000Z" });
    const paths = reads.map((r) => `${r.request.path} ${JSON.stringify(r.request.body)}`);
    expect(paths.some((p) => p.includes("getSubscriptionSeatsHistory") && p.includes(`"covering_date":"${NOW}"`))).toBe(true);
    expect(paths.some((p) => p.includes("getSubscriptionSeatsHistory") && p.includes('"starting_at":"2026-10-25T12:00:00.000Z"'))).toBe(true);
    const history = reads.filter((r) => r.request.path.endsWith("getSubscriptionSeatsHistory") && !("starting_at" in r.request.body!) && !("covering_date" in r.request.body!));
    const seatsEver = new Set(history.flatMap((r) => (r.body as { data: Array<{ assigned_seat_ids: string[] }> }).data.flatMap((s) => s.assigned_seat_ids)));
    const balances = reads.filter((r) => r.request.path.endsWith("seatBalances/list") && !("starting_at" in r.request.body!));
    const asked = new Set(balances.flatMap((r) => r.request.body!.seat_ids as string[]));
    expect(seatsEver.size).toBeGreaterThan(0);
    expect([...asked].sort()).toEqual([...seatsEver].sort());
  }, 60_000);

  it("records a refused read and still ends the view: an unknown contract is the refusal the page's own read gets", async () => {
    const { reads, end } = await view("overview", { customer_id: acmeCustomer, contract_id: "no-such-contract", ...strip });
    const contract = reads.find((r) => r.request.path === "/api/metronome/v2/contracts/get");
    const direct = await call(server, "POST", "/api/metronome/v2/contracts/get", { cookie: acme, body: { customer_id: acmeCustomer, contract_id: "no-such-contract" } });
    expect(direct.status).toBeGreaterThanOrEqual(400);
    expect(contract?.status).toBe(direct.status);
    expect(contract?.body).toEqual(await direct.json());
    expect(end).toMatchObject({ end: true });
    expect(reads.some((r) => r.request.path.endsWith("getSubscriptionSeatsHistory"))).toBe(false);
  });
});
