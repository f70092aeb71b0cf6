import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** The small SQL surface the server uses, the same for embedded PGlite and PostgreSQL. */
export interface Sql {
  query<T extends object>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs statements (no parameters) in one transaction. */
  transaction(statements: string): Promise<void>;
  close(): Promise<void>;
}

export async function openPglite(dataDir: string | null): Promise<Sql> {
  const db = dataDir === null ? await PGlite.create() : await PGlite.create(path.join(dataDir, "db"));
  return {
    async query<T extends object>(text: string, params: unknown[] = []) {
      return (await db.query<T>(text, params)).rows;
    },
    async transaction(statements) {
      await db.transaction(async (tx) => {
        await tx.exec(statements);
      });
    },
    async close() {
      await db.close();
    },
  };
}

export async function openPostgres(url: string): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query("select 1");
  return {
    async query<T extends object>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
    async transaction(statements) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        await client.query(statements);
        await client.query("commit");
      } catch (error) {
        await client.query("rollback");
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

export async function openDatabase(databaseUrl: string | null, dataDir: string | null): Promise<Sql> {
  return databaseUrl ? openPostgres(databaseUrl) : openPglite(dataDir);
}
