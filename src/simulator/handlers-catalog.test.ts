import { afterEach, describe, expect, it } from "vitest";
import { testSimulator, type TestSim } from "./test-support";

let sim: TestSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("POST /v1/customers", () => {
  it("cuts a name longer than 160 characters to 160, by characters (a pair of surrogates is one)", async () => {
    sim = await testSimulator("2025-06-01T00:00:00.000Z");
    const long = "n".repeat(200);
    const created = await sim.post("/v1/customers", { name: long });
    expect(created.data.name).toBe("n".repeat(160));
    expect((await sim.call("GET", `/v1/customers/${created.data.id}`)).body.data.name).toBe("n".repeat(160));
    const emoji = `${"e".repeat(159)}😀😀`;
    expect((await sim.post("/v1/customers", { name: emoji })).data.name).toBe(`${"e".repeat(159)}😀`);
  });

  it("accepts ingest aliases and external_id of 1 to 128 characters and refuses longer ones with 400", async () => {
    sim = await testSimulator("2025-06-01T00:00:00.000Z");
    expect((await sim.call("POST", "/v1/customers", { name: "a", ingest_aliases: ["a".repeat(128)] })).status).toBe(200);
    const tooLong = await sim.call("POST", "/v1/customers", { name: "b", ingest_aliases: ["ok", "b".repeat(129)] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toMatch(/ingest_aliases\[1\] must be 1 to 128 characters/);
    expect((await sim.call("POST", "/v1/customers", { name: "c", ingest_aliases: [""] })).status).toBe(400);
    expect((await sim.call("POST", "/v1/customers", { name: "d", external_id: "d".repeat(129) })).status).toBe(400);
    // Nothing was created by the refused requests.
    expect((await sim.call("GET", "/v1/customers")).body.data.map((c: { name: string }) => c.name)).toEqual(["a"]);
  });
});
