import { describe, expect, it } from "vitest";
import { chainDepth, type RecordedRequest } from "./requests";

const req = (path: string, issued: number | null, start: number, end: number): RecordedRequest => ({
  method: "GET",
  url: `http://x${path}`,
  path,
  body: null,
  type: "fetch",
  start,
  issued,
  end,
  status: 200,
});

describe("chainDepth", () => {
  const session = req("/api/session", 0, 0, 10);
  const contract = req("/api/metronome/v2/contracts/get", 12, 12, 40);
  // Asked for together once the contract arrived; the browser sent the third one only after the first answered.
  const a = req("/api/metronome/a", 45, 45, 60);
  const b = req("/api/metronome/b", 45, 46, 70);
  const queued = req("/api/metronome/c", 45, 61, 80);

  it("counts waves from when the page asked for each request", () => {
    const result = chainDepth([session, contract, a, b, queued]);
    expect(result.depth).toBe(2);
    expect(result.chain).toEqual(["GET v2/contracts/get", "GET a"]);
  });

  it("counts a request queued for a connection as one wave deeper when counted from when it was sent", () => {
    expect(chainDepth([session, contract, a, b, queued], "sent").depth).toBe(3);
  });

  it("falls back to the sent time when the asking time is unknown", () => {
    expect(chainDepth([session, contract, a, b, { ...queued, issued: null }]).depth).toBe(3);
  });
});
