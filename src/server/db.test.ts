import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, type Sql } from "./db";
import { HttpError } from "./errors";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("PGlite withLock and ping", () => {
  let sql: Sql;
  let closed = false;
  beforeAll(async () => {
    sql = await openPglite(null);
  }, 60_000);
  afterAll(async () => {
    if (!closed) await sql.close();
  });

  it("runs the critical sections of one key one at a time, in arrival order", async () => {
    const order: number[] = [];
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        sql.withLock("sub-1", async (lock) => {
          await lock.assertHeld();
          inside++;
          maxInside = Math.max(maxInside, inside);
          order.push(i);
          await sleep(2);
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("runs different keys in parallel", async () => {
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      ["a", "b", "c"].map((key) =>
        sql.withLock(key, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await sleep(20);
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(3);
  });

  it("gives up after waitMs with 503 busy, and the lock is free again after fn throws", async () => {
    let releaseHolder!: () => void;
    const holding = sql.withLock("sub-2", () => new Promise<void>((resolve) => (releaseHolder = resolve)));
    const started = Date.now();
    const waited = await sql.withLock("sub-2", async () => "ran", { waitMs: 50 }).catch((error: unknown) => error);
    expect(waited).toBeInstanceOf(HttpError);
    expect(waited).toMatchObject({ status: 503, code: "busy" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    releaseHolder();
    await holding;

    await expect(sql.withLock("sub-2", async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    await expect(sql.withLock("sub-2", async () => "after", { waitMs: 50 })).resolves.toBe("after");
  });

  it("a waiter that timed out leaves the queue; the next waiter still gets its turn", async () => {
    let releaseHolder!: () => void;
    const holding = sql.withLock("sub-3", () => new Promise<void>((resolve) => (releaseHolder = resolve)));
    const impatient = sql.withLock("sub-3", async () => "impatient", { waitMs: 20 });
    const patient = sql.withLock("sub-3", async () => "patient", { waitMs: 5000 });
    await expect(impatient).rejects.toMatchObject({ code: "busy" });
    releaseHolder();
    await holding;
    await expect(patient).resolves.toBe("patient");
  });

  it("ping is true while open and false once closed (last: closes the database)", async () => {
    expect(await sql.ping()).toBe(true);
    await sql.close();
    closed = true;
    expect(await sql.ping(500)).toBe(false);
  });
});
