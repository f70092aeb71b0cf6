import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { acceptedEncodings, createStaticHandler } from "./static-files";

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

describe("static compression", () => {
  const big = `export const text = ${JSON.stringify("seat balance ".repeat(400))};\n`;
  writeFileSync(path.join(dir, "assets", "big-abc123.js"), big);
  writeFileSync(path.join(dir, "assets", "logo-abc123.png"), Buffer.alloc(4096, 7));

  it("reads Accept-Encoding with its q-values, brotli before gzip", () => {
    expect(acceptedEncodings("gzip, deflate, br, zstd")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("gzip;q=0.8, br;q=0")).toEqual(["gzip"]);
    expect(acceptedEncodings("*")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("identity")).toEqual([]);
    expect(acceptedEncodings(null)).toEqual([]);
  });

  it("serves text files compressed when accepted, with their own ETag, and plain otherwise", async () => {
    const br = await serve("/assets/big-abc123.js", "GET", new Headers({ "accept-encoding": "gzip, br" }));
    expect(br?.headers.get("content-encoding")).toBe("br");
    expect(br?.headers.get("vary")).toBe("Accept-Encoding");
    expect(br?.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const brBody = Buffer.from(await br!.arrayBuffer());
    expect(Number(br?.headers.get("content-length"))).toBe(brBody.length);
    expect(brBody.length).toBeLessThan(big.length / 5);
    expect(brotliDecompressSync(brBody).toString()).toBe(big);

    const gz = await serve("/assets/big-abc123.js", "GET", new Headers({ "accept-encoding": "gzip" }));
    expect(gz?.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz!.arrayBuffer())).toString()).toBe(big);

    const plain = await serve("/assets/big-abc123.js", "GET");
    expect(plain?.headers.get("content-encoding")).toBeNull();
    expect(await plain?.text()).toBe(big);
    expect(new Set([br, gz, plain].map((r) => r?.headers.get("etag"))).size).toBe(3);

    const png = await serve("/assets/logo-abc123.png", "GET", new Headers({ "accept-encoding": "br" }));
    expect(png?.headers.get("content-encoding")).toBeNull();
    expect(png?.headers.get("vary")).toBeNull();
  });

  it("answers a matching If-None-Match with 304 and no body", async () => {
    const first = await serve("/", "GET", new Headers({ "accept-encoding": "gzip" }));
    const etag = first?.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await serve("/", "GET", new Headers({ "accept-encoding": "gzip", "if-none-match": etag! }));
    expect(again?.status).toBe(304);
    expect(await again?.text()).toBe("");
    const changed = await serve("/", "GET", new Headers({ "if-none-match": '"other"' }));
    expect(changed?.status).toBe(200);
  });
});
