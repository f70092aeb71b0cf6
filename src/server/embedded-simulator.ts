import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Simulator } from "../simulator/simulator-api";

/** Where the embedded simulator keeps its state between restarts. */
export interface SimulatorStore {
  load(): Promise<string | null>;
  save(json: string): Promise<void>;
}

export interface EmbeddedSimulatorOptions {
  scenario: "demo" | "empty";
  now: string | null;
  maxSeats: number | null;
  store: SimulatorStore | null;
  webhook: { url: string; secret: string; fetch: typeof fetch } | null;
}

/** A JSON file store for the simulator's state, written atomically (temp file + rename). */
export function fileStore(file: string): SimulatorStore {
  return {
    async load() {
      try {
        return await readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async save(json) {
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, json);
      await rename(temp, file);
    },
  };
}

type CreateSimulator = (options: Record<string, unknown>) => Promise<Simulator>;

/** Starts the simulator in this process. */
export async function startEmbeddedSimulator(options: EmbeddedSimulatorOptions): Promise<Simulator> {
  const specifier = "../simulator/simulator";
  const module = (await import(specifier)) as { createSimulator: CreateSimulator };
  return module.createSimulator({
    scenario: options.scenario,
    ...(options.now !== null ? { now: options.now } : {}),
    ...(options.maxSeats !== null ? { maxSeats: options.maxSeats } : {}),
    ...(options.store !== null ? { store: options.store } : {}),
    ...(options.webhook !== null ? { webhook: options.webhook } : {}),
  });
}
