import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { loadConfig } from "./config";
import { log } from "./log";

// A stray rejection (a lost connection in a background task) is logged, never fatal to the server.
process.on("unhandledRejection", (error) => log("error", "unhandled rejection", { error }));

const config = await loadConfig();
const server = await createApp(config);
const listener = serve({ fetch: server.fetch, port: config.port, hostname: process.env.HOST || "0.0.0.0" }, (info) => {
  const mode = config.upstream.kind === "simulator" ? "embedded simulator" : `Metronome at ${config.upstream.baseUrl}`;
  log("info", `Seats dashboard on http://localhost:${info.port}`, { upstream: mode, data_dir: config.dataDir });
});
// Idle keep-alive connections stay open longer than clients and proxies keep them (Node's 5 s
// default races a client reusing the socket just as the server closes it: ECONNRESET).
if ("keepAliveTimeout" in listener) {
  listener.keepAliveTimeout = 65_000;
  listener.headersTimeout = 66_000;
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  listener.close();
  await server.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
