import { describe, expect, it } from "vitest";
import { decodeCsvBytes, formatSeatIdList, parseSeatCount, parseSeatCsv, parseSeatIdList } from "./seat-input";

describe("parseSeatCount", () => {
  it("accepts whole numbers and signed changes", () => {
    expect(parseSeatCount(" 12 ", "total")).toEqual({ ok: true, value: 12 });
    expect(parseSeatCount("0", "total")).toEqual({ ok: true, value: 0 });
    expect(parseSeatCount("+5", "change")).toEqual({ ok: true, value: 5 });
    expect(parseSeatCount("\u22123", "change")).toEqual({ ok: true, value: -3 });
  });
  it("explains each kind of bad number", () => {
    const error = (raw: string, kind: "total" | "change" | "unassigned") => {
      const r = parseSeatCount(raw, kind);
      return r.ok ? null : r.error;
    };
    expect(error("", "total")).toMatch(/Enter a number of seats/);
    expect(error("   ", "change")).toMatch(/add \(e\.g\. \+5\)/);
    expect(error("2.5", "total")).toMatch(/whole numbers/);
    expect(error("1e3", "total")).toMatch(/not a number of seats/);
    expect(error("12345678", "total")).toMatch(/more than 1,000,000/);
    expect(error("-1", "total")).toMatch(/can't be negative/);
    expect(error("0", "change")).toMatch(/0 seats does nothing/);
    expect(error("0", "unassigned")).toMatch(/1 or more/);
  });
});

describe("parseSeatIdList", () => {
  it("splits on lines and commas, trims, and skips empty lines", () => {
    expect(parseSeatIdList("a@x, b@x\n\n c@x ;d@x\n")).toEqual({ ids: ["a@x", "b@x", "c@x", "d@x"], problems: [] });
  });
  it("reports blank, duplicate and over-long IDs by position", () => {
    const { ids, problems } = parseSeatIdList(`a\n   \na\n${"z".repeat(257)}`);
    expect(ids).toEqual(["a"]);
    expect(problems.map((p) => p.message)).toEqual([
      "Entry 2 is blank (only spaces)",
      "a is listed twice",
      "Entry 4 is 257 characters long; the limit is 256",
    ]);
  });
  it("keeps HTML as an ordinary ID and caps one list at 1,000", () => {
    expect(parseSeatIdList("<script>x</script>").ids).toEqual(["<script>x</script>"]);
    const many = parseSeatIdList(Array.from({ length: 1001 }, (_, i) => `s${i}`).join("\n"));
    expect(many.problems.at(-1)?.message).toMatch(/1,001 seat IDs at once is too many/);
  });  it("reads a quoted ID as one, commas and quotes included", () => {
    expect(parseSeatIdList('"doe, jane", b@x\n"say ""hi"""').ids).toEqual(["doe, jane", "b@x", 'say "hi"']);
  });
});

describe("formatSeatIdList", () => {
  it("writes IDs that parseSeatIdList reads back unchanged", () => {
    const ids = ["a@x", "doe, jane", "x;y", 'say "hi"', "tab\there"];
    expect(formatSeatIdList(ids)).toBe('a@x\n"doe, jane"\n"x;y"\n"say ""hi"""\n"tab\there"');
    expect(parseSeatIdList(formatSeatIdList(ids)).ids).toEqual(ids.slice(0, 4));
  });
});

describe("CSV files", () => {
  it("refuses invalid UTF-8 and drops a BOM", () => {
    expect(decodeCsvBytes(new Uint8Array([0x61, 0xff, 0x62]))).toMatchObject({ ok: false, error: expect.stringMatching(/not valid UTF-8/) });
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, value: "a" });
  });
  it("marks each row valid or says why not", () => {
    const result = parseSeatCsv('email,name\nnew@x,New\n"quoted, id@x",Q\nold@x\nnew@x\n" "', { assigned: new Set(["old@x"]), purpose: "add" });
    expect(result.header).toBe(true);
    expect(result.valid).toEqual(["new@x", "quoted, id@x"]);
    expect(result.rows.filter((r) => r.problem).map((r) => [r.line, r.problem])).toEqual([
      [4, "already has a seat"],
      [5, "listed twice in this file"],
      [6, "blank (only spaces)"],
    ]);
    expect(result.fileProblem).toBeNull();
  });
  it("refuses more than 1,000 IDs from one file and says when nothing is usable", () => {
    const big = parseSeatCsv(Array.from({ length: 10_000 }, (_, i) => `u${i}@x`).join("\n"), { purpose: "add" });
    expect(big.valid).toHaveLength(10_000);
    expect(big.fileProblem).toMatch(/10,000 valid seat IDs; import at most 1,000/);
    expect(parseSeatCsv("gone@x", { assigned: new Set(), purpose: "remove" }).fileProblem).toMatch(/None of the rows/);
  });
});
