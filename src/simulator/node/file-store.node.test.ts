import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator } from "../simulator";
import type { ScenarioName } from "../simulator-api";
import { simStateProblems } from "../state-schema";
import { FileStore } from "./file-store";
import { parseCli } from "./cli";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sim-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const post = async (sim: Awaited<ReturnType<typeof createSimulator>>, path: string, body: unknown) =>
  (await sim.handle(new Request(`http://s${path}`, { method: "POST", headers: { authorization: "Bearer t" }, body: JSON.stringify(body) }))).json() as Promise<{ data: { id: string } }>;

describe("FileStore", () => {
  it("keeps state across a restart and writes atomically (no temp files left)", async () => {
    const first = await createSimulator({ scenario: "empty", now: "2025-06-01T00:00:00.000Z", store: FileStore.inDirectory(dir), tickSeconds: 0 });
    const created = await post(first, "/v1/customers", { name: "Persisted", ingest_aliases: ["keep-me"] });
    await first.close();
    expect(await readdir(dir)).toEqual(["simulator-state.json"]);
    const second = await createSimulator({ store: FileStore.inDirectory(dir), tickSeconds: 0 });
    const res = await second.handle(new Request(`http://s/v1/customers/${created.data.id}`, { headers: { authorization: "Bearer t" } }));
    expect(((await res.json()) as { data: { name: string } }).data.name).toBe("Persisted");
    const clock = await second.handle(new Request("http://s/_simulator/clock"));
    expect(await clock.json()).toEqual({ now: "2025-06-01T00:00:00.000Z", frozen: true });
    await second.close();
  });

  it("refuses a corrupt state file with a clear error and leaves it untouched", async () => {
    const file = join(dir, "simulator-state.json");
    await writeFile(file, "{ not json", "utf8");
    const start = createSimulator({ store: FileStore.inDirectory(dir), tickSeconds: 0 });
    await expect(start).rejects.toThrow(/corrupt.*left untouched/);
    await expect(start).rejects.toThrow(`${file} is corrupt (not JSON:`);
    await expect(start).rejects.toThrow(/restore a backup or delete it to start from the scenario/);
    expect(await readFile(file, "utf8")).toBe("{ not json");
  });
});

describe("a stored state is checked whole before the simulator starts", () => {
  const NOW = "2026-03-18T10:00:00.000Z";
  const file = () => join(dir, "simulator-state.json");
  /** A state the simulator saved itself (the empty scenario: small and fast). */
  async function savedState(): Promise<Record<string, unknown>> {
    const sim = await createSimulator({ scenario: "empty", now: NOW, store: FileStore.inDirectory(dir), tickSeconds: 0 });
    await post(sim, "/v1/customers", { name: "Stored", ingest_aliases: ["stored"] });
    await sim.close();
    return JSON.parse(await readFile(file(), "utf8")) as Record<string, unknown>;
  }
  /** Writes `state` as the state file and expects the start to be refused, the file untouched. */
  async function refused(state: unknown, ...problems: string[]): Promise<string> {
    const text = JSON.stringify(state);
    await writeFile(file(), text, "utf8");
    let message = "";
    await createSimulator({ store: FileStore.inDirectory(dir), tickSeconds: 0 }).then(
      () => expect.fail("the simulator started on an invalid state file"),
      (err: unknown) => {
        message = (err as Error).message;
      },
    );
    expect(message).toContain(`${file()} is not a valid simulator state: `);
    expect(message).toContain("restore a backup or delete it to start from the scenario");
    for (const problem of problems) expect(message).toContain(problem);
    expect(await readFile(file(), "utf8")).toBe(text);
    return message;
  }

  it('refuses {"schema":1}, naming the first few missing collections and how many more', async () => {
    const message = await refused({ schema: 1 }, "scenario: required", "seed: required", "id_counter: required", "and 9 more");
    expect(message.split("; ")).toHaveLength(6);
  });

  it("refuses another schema version", async () => {
    await refused({ ...(await savedState()), schema: 2 }, "schema: expected 1, got 2");
  });

  it("refuses a collection of the wrong type, and a state that is not an object", async () => {
    await refused({ ...(await savedState()), customers: {} }, "customers: expected an array, got an object");
    await refused([], "top level: expected an object, got an array");
  });

  it("refuses a nested field of the wrong type or missing, with its path", async () => {
    const sim = await createSimulator({ scenario: "demo", now: NOW, store: FileStore.inDirectory(dir), tickSeconds: 0 });
    await sim.close();
    const state = JSON.parse(await readFile(file(), "utf8")) as { contracts: Array<{ subscriptions: Array<Record<string, unknown>> }> };
    const sub = state.contracts[3]!.subscriptions[0]!;
    sub.initial_quantity = "12";
    delete sub.billing_cycle_config;
    await refused(
      state,
      'contracts[3].subscriptions[0].initial_quantity: expected a number, got the string "12"',
      "contracts[3].subscriptions[0].billing_cycle_config: required",
    );
  });

  it("accepts fields typed optional when absent, and unknown extra fields", async () => {
    const state = (await savedState()) as { customers: Array<Record<string, unknown>>; extra?: unknown };
    state.extra = "from a newer simulator";
    expect(simStateProblems(state)).toEqual([]);
    await writeFile(file(), JSON.stringify(state), "utf8");
    const sim = await createSimulator({ store: FileStore.inDirectory(dir), tickSeconds: 0 });
    expect(sim.state.customers.map((c) => c.name)).toEqual(["Stored"]);
    await sim.close();
  });

  it.each<ScenarioName>(["empty", "demo"])("loads the state the %s scenario saves, unchanged", async (scenario) => {
    const first = await createSimulator({ scenario, now: NOW, store: FileStore.inDirectory(dir), tickSeconds: 0 });
    await first.close();
    const saved = await readFile(file(), "utf8");
    expect(simStateProblems(JSON.parse(saved))).toEqual([]);
    const second = await createSimulator({ store: FileStore.inDirectory(dir), tickSeconds: 0 });
    expect(JSON.stringify(second.state)).toBe(saved);
    await second.close();
  });
});

describe("CLI arguments", () => {
  it("parses the documented flags and rejects bad ones", () => {
    const parsed = parseCli(["--port", "4010", "--scenario", "empty", "--now", "2025-06-01T00:00:00Z", "--data-dir", dir, "--webhook-url", "http://x", "--webhook-secret", "s"]);
    expect(parsed.port).toBe(4010);
    expect(parsed.options).toMatchObject({ scenario: "empty", now: "2025-06-01T00:00:00Z", webhook: { url: "http://x", secret: "s" } });
    expect(parsed.options.store).toBeInstanceOf(FileStore);
    expect(() => parseCli(["--scenario", "nope"])).toThrow(/scenario/);
    expect(() => parseCli(["--webhook-url", "http://x"])).toThrow(/go together/);
  });
});
