import { FileStore } from "../simulator/node/file-store";
import { createSimulator, type StateStore } from "../simulator/simulator";
import type { Simulator } from "../simulator/simulator-api";

export interface EmbeddedSimulatorOptions {
  scenario: "demo" | "empty";
  now: string | null;
  maxSeats: number | null;
  /** Directory of the simulator's state file; null keeps the state in memory. */
  dataDir: string | null;
  webhook: { url: string; secret: string; fetch: typeof fetch } | null;
}

/** Starts the simulator in this process, its state persisted under dataDir. */
export async function startEmbeddedSimulator(options: EmbeddedSimulatorOptions): Promise<Simulator> {
  const store: StateStore | undefined = options.dataDir === null ? undefined : FileStore.inDirectory(options.dataDir);
  return createSimulator({
    scenario: options.scenario,
    ...(options.now !== null ? { now: options.now } : {}),
    ...(options.maxSeats !== null ? { maxSeats: options.maxSeats } : {}),
    ...(store ? { store } : {}),
    ...(options.webhook !== null ? { webhook: options.webhook } : {}),
  });
}
