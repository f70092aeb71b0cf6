import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator } from "../simulator";
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
    await expect(createSimulator({ store: FileStore.inDirectory(dir), tickSeconds: 0 })).rejects.toThrow(/corrupt.*left untouched/);
    expect(await readFile(file, "utf8")).toBe("{ not json");
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
