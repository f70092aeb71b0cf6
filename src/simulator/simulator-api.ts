/**
 * What the rest of the repository may rely on from the simulator. The simulator answers
 * Metronome's own paths and JSON, plus its control API under /_simulator/, through one
 * WHATWG fetch-style handler, so it runs the same in Node (behind the BFF or the standalone
 * server) and in a browser.
 */
export interface Simulator {
  /** Answers one HTTP request: Metronome paths and /_simulator/* control paths. */
  handle(request: Request): Promise<Response>;
  /** Stops timers (webhook retries, clock ticks) and flushes state. */
  close(): Promise<void>;
}

export type ScenarioName = "demo" | "empty";
