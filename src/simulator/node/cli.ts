/**
 * Standalone simulator server:
 *   npm run simulator -- --port 4010 [--scenario demo|empty] [--now ISO] [--data-dir DIR]
 *                        [--webhook-url URL --webhook-secret S]
 */
import { serve } from "@hono/node-server";
import { parseArgs } from "node:util";
import { createSimulator, type SimulatorOptions } from "../simulator";
import { FileStore } from "./file-store";

export interface CliOptions {
  port: number;
  options: SimulatorOptions;
}

export function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "4010" },
      scenario: { type: "string", default: "demo" },
      now: { type: "string" },
      "data-dir": { type: "string" },
      "webhook-url": { type: "string" },
      "webhook-secret": { type: "string" },
      "max-seats": { type: "string" },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  if (values.scenario !== "demo" && values.scenario !== "empty") throw new Error(`--scenario must be demo or empty, got "${values.scenario}"`);
  if (values.now !== undefined && Number.isNaN(Date.parse(values.now))) throw new Error(`--now must be an ISO date-time, got "${values.now}"`);
  if ((values["webhook-url"] === undefined) !== (values["webhook-secret"] === undefined)) {
    throw new Error("--webhook-url and --webhook-secret go together");
  }
  const options: SimulatorOptions = { scenario: values.scenario };
  if (values.now !== undefined) options.now = values.now;
  if (values["data-dir"] !== undefined) options.store = FileStore.inDirectory(values["data-dir"]);
  if (values["webhook-url"] !== undefined && values["webhook-secret"] !== undefined) {
    options.webhook = { url: values["webhook-url"], secret: values["webhook-secret"] };
  }
  if (values["max-seats"] !== undefined) options.maxSeats = Number(values["max-seats"]);
  return { port, options };
}

export async function main(argv: string[]): Promise<void> {
  const { port, options } = parseCli(argv);
  const simulator = await createSimulator(options);
  const server = serve({ fetch: (req) => simulator.handle(req), port }, (info) => {
    console.log(`Metronome simulator listening on http://localhost:${info.port} (scenario ${options.scenario ?? "demo"})`);
  });
  const stop = () => {
    server.close();
    void simulator.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
