import { afterEach, describe, expect, it, vi } from "vitest";
import type { ViewLine } from "../contract/bff";
import { startView, takeViewAnswer, viewDataAsOf } from "./view-reads";

afterEach(() => vi.unstubAllGlobals());

const contractRead = (customer: string): ViewLine => ({
  request: { method: "POST", path: "/api/metronome/v2/contracts/list", body: { customer_id: customer } },
  status: 200,
  body: { data: [{ id: `k-${customer}` }] },
  fetched_at: "2026-11-24T11:59:00.000Z",
});

/** A fetch answering one view as a stream: the lines given, then (when `release` is called) the end line. */
function streamingFetch(lines: ViewLine[], ageMs = 0) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const fetch = vi.fn(async () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const line of lines) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        await gate;
        controller.enqueue(encoder.encode(`${JSON.stringify({ end: true, fetched_at: "2026-11-24T11:59:00.000Z", age_ms: ageMs, fresh_ms: 5_000 })}\n`));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "application/x-ndjson" } });
  });
  return { fetch, release: () => release() };
}

describe("view reads", () => {
  it("answers a request from its view once, whatever the order of the body's keys, and waits for a view still arriving", async () => {
    const { fetch, release } = streamingFetch([contractRead("a")]);
    vi.stubGlobal("fetch", fetch);
    const view = startView("overview", { customer_id: "a" });
    // Not in the view: answered (undefined) only once the view has ended.
    const missing = takeViewAnswer("POST", "/api/metronome/v2/contracts/get", { customer_id: "a", contract_id: "k" });
    const found = await takeViewAnswer("POST", "/api/metronome/v2/contracts/list", { customer_id: "a" });
    expect(found).toEqual({ status: 200, body: { data: [{ id: "k-a" }] } });
    let settled = false;
    void missing.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    release();
    expect(await missing).toBeUndefined();
    expect(await view).toBe(Date.parse("2026-11-24T11:59:00.000Z"));
    // Fresh answers: no "data as of".
    expect(viewDataAsOf()).toBeNull();
    // Taken once: the next identical request goes to the network.
    expect(await takeViewAnswer("POST", "/api/metronome/v2/contracts/list", { customer_id: "a" })).toBeUndefined();
    expect(fetch).toHaveBeenCalledWith("/api/views/overview?customer_id=a", expect.anything());
  });

  it("leaves the answer for the next request when the one that asked was cancelled, and drops everything on a write", async () => {
    const { fetch, release } = streamingFetch([contractRead("b"), contractRead("c")], 42_000);
    vi.stubGlobal("fetch", fetch);
    const view = startView("overview", { customer_id: "b" });
    release();
    await view;
    // Answers 42 s old, past the 5 s window: shown with their time.
    expect(Date.now() - viewDataAsOf()!).toBeGreaterThanOrEqual(42_000);
    const cancelled = new AbortController();
    cancelled.abort();
    expect(await takeViewAnswer("POST", "/api/metronome/v2/contracts/list", { customer_id: "b" }, cancelled.signal)).toBeUndefined();
    expect(await takeViewAnswer("POST", "/api/metronome/v2/contracts/list", { customer_id: "b" })).toMatchObject({ status: 200 });
    // A seat edit: nothing read before it may answer after it.
    expect(await takeViewAnswer("POST", "/api/metronome/v2/contracts/edit", { customer_id: "c" })).toBeUndefined();
    expect(await takeViewAnswer("POST", "/api/metronome/v2/contracts/list", { customer_id: "c" })).toBeUndefined();
  });

  it("never fails a page: a refused view leaves every request to the network", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ message: "no" }), { status: 403 })));
    expect(await startView("overview", { customer_id: "d" })).toBeNull();
    expect(await takeViewAnswer("POST", "/api/metronome/v2/contracts/list", { customer_id: "d" })).toBeUndefined();
  });
});
