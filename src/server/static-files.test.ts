import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createStaticHandler } from "./static-files";

const dir = mkdtempSync(path.join(tmpdir(), "seats-dist-"));
mkdirSync(path.join(dir, "assets"));
writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>Seats</title>");
writeFileSync(path.join(dir, "assets", "index-abc123.js"), "console.log(1)");
writeFileSync(path.join(dir, "favicon.svg"), "<svg/>");
writeFileSync(path.join(tmpdir(), "outside-secret.txt"), "secret");
const serve = createStaticHandler(dir)!;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("static files", () => {
  it("serves hashed assets with a long cache and the shell with no-cache", async () => {
    const asset = await serve("/assets/index-abc123.js", "GET");
    expect(asset?.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset?.headers.get("content-type")).toContain("text/javascript");
    const shell = await serve("/", "GET");
    expect(shell?.headers.get("cache-control")).toBe("no-cache");
    expect(await shell?.text()).toContain("<title>Seats</title>");
  });

  it("answers client routes with index.html and missing files with nothing", async () => {
    expect(await (await serve("/customers/c-1/seats", "GET"))?.text()).toContain("<title>Seats</title>");
    expect(await (await serve("/c/c-1/k/k-1/s/s-1/balances/alice%40acme.example", "GET"))?.text()).toContain("<title>Seats</title>");
    expect(await serve("/assets/missing.js", "GET")).toBeNull();
    expect(await serve("/", "POST")).toBeNull();
  });

  it("never leaves the build directory", async () => {
    for (const p of ["/../outside-secret.txt", "/%2e%2e/outside-secret.txt", "/assets/..%2f..%2foutside-secret.txt"]) {
      const response = await serve(p, "GET");
      expect(response === null || !(await response.text()).includes("secret"), p).toBe(true);
    }
  });

  it("is absent without a build", () => {
    expect(createStaticHandler(path.join(dir, "nope"))).toBeNull();
    expect(createStaticHandler(null)).toBeNull();
  });
});
