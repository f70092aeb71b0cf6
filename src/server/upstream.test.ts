import { describe, expect, it } from "vitest";
import { sharingReads } from "./upstream";
import type { MetronomeUpstream } from "./upstream";

function countingUpstream() {
  const calls: string[] = [];
  const upstream: MetronomeUpstream = {
    kind: "simulator",
    simulator: null,
    close: async () => undefined,
    request: async (method, path, body) => {
      calls.push(`${method} ${path} ${body ?? ""}`);
      return new Response(JSON.stringify({ data: { path, n: calls.length } }), { status: 200, headers: { "content-type": "application/json" } });
    },
  };
  return { upstream, calls };
}

describe("sharingReads", () => {
  it("sends identical reads once, even at the same time, and gives each caller a readable answer", async () => {
    const { upstream, calls } = countingUpstream();
    const reads = sharingReads(upstream);
    const body = JSON.stringify({ customer_id: "c", contract_id: "k" });
    const [a, b] = await Promise.all([reads.request("POST", "/v2/contracts/get", body), reads.request("POST", "/v2/contracts/get", body)]);
    const c = await reads.request("POST", "/v2/contracts/get", body);
    expect(await a.json()).toEqual({ data: { path: "/v2/contracts/get", n: 1 } });
    expect(await b.json()).toEqual({ data: { path: "/v2/contracts/get", n: 1 } });
    expect(c.status).toBe(200);
    expect(await c.json()).toEqual({ data: { path: "/v2/contracts/get", n: 1 } });
    expect(calls).toHaveLength(1);
  });

  it("sends different reads and every write each time", async () => {
    const { upstream, calls } = countingUpstream();
    const reads = sharingReads(upstream);
    await reads.request("POST", "/v2/contracts/get", JSON.stringify({ contract_id: "k1" }));
    await reads.request("POST", "/v2/contracts/get", JSON.stringify({ contract_id: "k2" }));
    await reads.request("POST", "/v2/contracts/edit", "{}");
    await reads.request("POST", "/v2/contracts/edit", "{}");
    expect(calls).toHaveLength(4);
  });
});
