import { describe, expect, it } from "vitest";
import { csvCell, csvFileName, toCsv } from "./csv";

describe("csvCell", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvCell("alice@acme.com")).toBe("alice@acme.com");
    expect(csvCell(1234.5)).toBe("1234.5");
    expect(csvCell(-350)).toBe("-350");
    expect(csvCell(true)).toBe("true");
  });
  it("writes nothing for null, undefined and non-finite numbers", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });
  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
  });
  it("neutralises text a spreadsheet would run as a formula", () => {
    expect(csvCell("=HYPERLINK(\"x\")")).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe("\"'\rx\"");
  });
});

describe("toCsv", () => {
  it("writes a header and one CRLF-terminated line per row", () => {
    const csv = toCsv(
      [
        { header: "Seat", value: (r: { id: string; n: number }) => r.id },
        { header: "Balance", value: (r) => r.n },
      ],
      [
        { id: "a@x.com", n: 1 },
        { id: "=cmd", n: -2.5 },
      ],
    );
    expect(csv).toBe("Seat,Balance\r\na@x.com,1\r\n'=cmd,-2.5\r\n");
  });
  it("writes only the header for no rows", () => {
    expect(toCsv([{ header: "A", value: () => 1 }], [])).toBe("A\r\n");
  });
});

describe("csvFileName", () => {
  it("makes a safe file name", () => {
    expect(csvFileName("Seat balances", "2026-11-24")).toBe("seat-balances-2026-11-24.csv");
    expect(csvFileName("ledger", "alice@acme.com")).toBe("ledger-alice@acme.com.csv");
    expect(csvFileName("", null)).toBe("export.csv");
  });
});
