import type { MetronomeUpstream } from "./upstream";

/**
 * A small in-memory Metronome for the server's tests: a few customers with ingest aliases, one
 * quantity contract each and customer alerts, for the read paths (writes are tested on the
 * simulator). Records every call.
 */
export interface FakeUpstream extends MetronomeUpstream {
  calls: Array<{ method: string; path: string; body: unknown }>;
  customers: Array<{ id: string; name: string; ingest_aliases: string[] }>;
  alerts: Array<{ id: string; customer_id: string }>;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export function createFakeUpstream(): FakeUpstream {
  const customers = [
    { id: "c-acme", name: "Acme Robotics", ingest_aliases: ["acme"] },
    { id: "c-globex", name: "Globex", ingest_aliases: ["globex"] },
    { id: "c-initech", name: "Initech", ingest_aliases: ["initech"] },
    { id: "c-umbrella", name: "Umbrella", ingest_aliases: ["umbrella"] },
    ...Array.from({ length: 60 }, (_, i) => {
      const n = String(i + 1).padStart(3, "0");
      return { id: `c-small-${n}`, name: `Small Co ${n}`, ingest_aliases: [`small-${n}`] };
    }),
  ];
  const alerts = [
    { id: "alert-acme", customer_id: "c-acme" },
    { id: "alert-globex", customer_id: "c-globex" },
  ];
  const quantities = new Map<string, number>([["sub-acme", 10], ["sub-globex", 250]]);
  const calls: FakeUpstream["calls"] = [];

  function contract(customerId: string) {
    const sub = `sub-${customerId.slice(2)}`;
    return {
      id: `k-${customerId.slice(2)}`,
      customer_id: customerId,
      subscriptions: [
        {
          id: sub,
          quantity_management_mode: "QUANTITY_ONLY",
          quantity_schedule: [{ quantity: quantities.get(sub) ?? 1, starting_at: "2026-01-01T00:00:00.000Z" }],
        },
      ],
    };
  }

  function route(method: string, url: URL, body: Record<string, unknown>): Response {
    const p = url.pathname;
    if (method === "GET" && p === "/v1/customers") {
      const alias = url.searchParams.get("ingest_alias");
      return json({ data: customers.filter((c) => alias === null || c.ingest_aliases.includes(alias)), next_page: null });
    }
    const customerPath = /^\/v1\/customers\/([^/]+)(\/invoices)?$/.exec(p);
    if (method === "GET" && customerPath) {
      const customer = customers.find((c) => c.id === decodeURIComponent(customerPath[1] ?? ""));
      if (!customer) return json({ message: "Customer not found" }, 404);
      return customerPath[2] ? json({ data: [], next_page: url.searchParams.get("next_page") }) : json({ data: customer });
    }
    if (method === "GET" && p === "/v1/credit-types/list") return json({ data: [{ id: "usd", name: "USD (cents)" }], next_page: null });
    if (method !== "POST") return json({ message: "Not found" }, 404);
    const customer = customers.find((c) => c.id === body.customer_id);
    switch (p) {
      case "/v2/contracts/get":
        if (!customer) return json({ code: "CustomerNotFound", message: "Customer not found" }, 400);
        return json({ data: contract(customer.id) });
      case "/v2/contracts/list":
        if (!customer) return json({ code: "CustomerNotFound", message: "Customer not found" }, 400);
        return json({ data: [contract(customer.id)] });
      case "/v1/customer-alerts/list":
        return json({ data: alerts.filter((a) => a.customer_id === body.customer_id), next_page: url.searchParams.get("next_page") });
      case "/v1/customer-alerts/get": {
        const alert = alerts.find((a) => a.id === body.alert_id && a.customer_id === body.customer_id);
        return alert ? json({ data: { customer_status: "ok", alert: { id: alert.id } } }) : json({ message: "Alert not found" }, 404);
      }
      default:
        return json({ message: `Unknown path ${p}` }, 404);
    }
  }

  return {
    kind: "simulator",
    calls,
    customers,
    alerts,
    async request(method, pathAndQuery, body) {
      const url = new URL(`http://fake${pathAndQuery}`);
      const parsed = body === undefined ? {} : (JSON.parse(body) as Record<string, unknown>);
      calls.push({ method, path: pathAndQuery, body: body === undefined ? undefined : parsed });
      return route(method, url, parsed);
    },
    simulator: async (request) => json({ path: new URL(request.url).pathname, method: request.method }),
    close: async () => {},
  };
}
