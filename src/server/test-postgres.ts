// A throwaway PostgreSQL cluster for tests: initdb in a fresh temp dir, one port, trust auth,
// fsync off. As root the cluster runs as the `postgres` OS user (PostgreSQL refuses root).
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";

export interface TestPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** stops the server, waits ms, starts it again */
  outage(ms: number): Promise<void>;
  /** pg_terminate_backend on every other client backend (of `database` when given) */
  terminateBackends(database?: string): Promise<void>;
  /** a fresh database; returns its URL */
  createDatabase(name?: string): Promise<string>;
}

let cachedBinDir: string | null | undefined;

function hasInitdb(dir: string): boolean {
  return existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"));
}

/** The directory holding initdb and pg_ctl (newest /usr/lib/postgresql/N/bin, else pg_config --bindir, else PATH), or null. */
export function postgresBinDir(): string | null {
  if (cachedBinDir !== undefined) return cachedBinDir;
  cachedBinDir = null;
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v) && hasInitdb(path.join(root, v, "bin")))
      .sort((a, b) => Number(b) - Number(a));
    const newest = versions[0];
    if (newest !== undefined) cachedBinDir = path.join(root, newest, "bin");
  }
  if (cachedBinDir === null) {
    try {
      const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
      if (dir && hasInitdb(dir)) cachedBinDir = dir;
    } catch {
      // no pg_config
    }
  }
  if (cachedBinDir === null) {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
      if (dir && hasInitdb(dir)) {
        cachedBinDir = dir;
        break;
      }
    }
  }
  return cachedBinDir;
}

/** True when PostgreSQL's server binaries (initdb, pg_ctl) are found. */
export function postgresAvailable(): boolean {
  return postgresBinDir() !== null;
}

const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** Runs a PostgreSQL binary, as the `postgres` OS user when we are root. */
function run(bin: string, args: string[], cwd: string): Promise<string> {
  const [command, argv] = runningAsRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    execFile(command, argv, { encoding: "utf8", timeout: 60_000, cwd }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(bin)} ${args.join(" ")} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const binDir = postgresBinDir();
  if (binDir === null) {
    throw new Error("PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin, pg_config --bindir and PATH); install the `postgresql` package");
  }
  const initdb = path.join(binDir, "initdb");
  const pgCtl = path.join(binDir, "pg_ctl");
  const base = mkdtempSync(path.join(tmpdir(), "test-postgres-"));
  if (runningAsRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(base, uid, gid); // initdb (as postgres) creates everything inside
  }
  const dataDir = path.join(base, "data");
  const logFile = path.join(base, "postgres.log");
  const port = await freePort();
  const superuser = runningAsRoot ? "postgres" : userInfo().username;
  await run(initdb, ["-D", dataDir, "-A", "trust", "-U", superuser, "--no-sync", "-E", "UTF8", "--locale=C"], base);
  const serverOptions = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
  const start = () => run(pgCtl, ["-D", dataDir, "-l", logFile, "-o", serverOptions, "-w", "-t", "30", "start"], base);
  const stopServer = () => run(pgCtl, ["-D", dataDir, "-m", "fast", "-w", "-t", "30", "stop"], base);
  await start();

  const urlFor = (database: string) => `postgresql://${encodeURIComponent(superuser)}@127.0.0.1:${port}/${database}`;
  const url = urlFor("postgres");
  let running = true;
  let counter = 0;

  async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {});
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => {});
    }
  }

  return {
    url,
    port,
    async stop() {
      if (running) {
        running = false;
        await run(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"], base).catch(() => {});
      }
      rmSync(base, { recursive: true, force: true });
    },
    async restart() {
      await stopServer();
      await start();
    },
    async outage(ms) {
      await stopServer();
      await new Promise((resolve) => setTimeout(resolve, ms));
      await start();
    },
    async terminateBackends(database) {
      await admin((client) =>
        client.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
           where pid <> pg_backend_pid() and backend_type = 'client backend' and ($1::text is null or datname = $1)`,
          [database ?? null],
        ),
      );
    },
    async createDatabase(name) {
      const database = name ?? `test_${process.pid}_${++counter}`;
      if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`unsafe database name: ${database}`);
      await admin((client) => client.query(`create database ${database}`));
      return urlFor(database);
    },
  };
}
