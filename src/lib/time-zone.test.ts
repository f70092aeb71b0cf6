import { describe, expect, it } from "vitest";
import { fromWallClock, isTimeZone, resolveTimeZone, toWallClock, wholeUtcHourStepMinutes, zoneOffsetMinutes } from "./time-zone";

const at = (iso: string) => Date.parse(iso);

describe("time zones", () => {
  it("knows IANA zones and falls back to the browser's, then UTC", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(resolveTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(resolveTimeZone("Mars/Olympus")).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(resolveTimeZone(null)).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it("reads offsets, DST included", () => {
    expect(zoneOffsetMinutes("Europe/Berlin", at("2026-01-15T12:00:00Z"))).toBe(60);
    expect(zoneOffsetMinutes("Europe/Berlin", at("2026-07-15T12:00:00Z"))).toBe(120);
    expect(zoneOffsetMinutes("Asia/Kolkata", at("2026-07-15T12:00:00Z"))).toBe(330);
    expect(zoneOffsetMinutes("America/New_York", at("2026-01-15T12:00:00Z"))).toBe(-300);
  });

  it("converts wall clocks to UTC and back", () => {
    expect(fromWallClock("2026-12-01T10:00", "Europe/Berlin")).toEqual({ ok: true, instant: at("2026-12-01T09:00:00Z"), ambiguous: false });
    expect(fromWallClock("2026-07-01T10:00", "Europe/Berlin")).toEqual({ ok: true, instant: at("2026-07-01T08:00:00Z"), ambiguous: false });
    expect(fromWallClock("2026-12-01T10:30", "Asia/Kolkata")).toEqual({ ok: true, instant: at("2026-12-01T05:00:00Z"), ambiguous: false });
    expect(fromWallClock("2026-12-01T10:00", "UTC")).toEqual({ ok: true, instant: at("2026-12-01T10:00:00Z"), ambiguous: false });
    expect(toWallClock(at("2026-12-01T09:00:00Z"), "Europe/Berlin")).toBe("2026-12-01T10:00");
    expect(toWallClock(at("2026-12-01T05:00:00Z"), "Asia/Kolkata")).toBe("2026-12-01T10:30");
  });

  it("Europe/Berlin 2026-03-29: 02:00–02:59 does not exist, 01:00 and 03:00 are one hour apart", () => {
    expect(fromWallClock("2026-03-29T02:00", "Europe/Berlin")).toEqual({ ok: false, reason: "skipped" });
    expect(fromWallClock("2026-03-29T02:30", "Europe/Berlin")).toEqual({ ok: false, reason: "skipped" });
    expect(fromWallClock("2026-03-29T01:00", "Europe/Berlin")).toMatchObject({ instant: at("2026-03-29T00:00:00Z") });
    expect(fromWallClock("2026-03-29T03:00", "Europe/Berlin")).toMatchObject({ instant: at("2026-03-29T01:00:00Z"), ambiguous: false });
  });

  it("Europe/Berlin 2026-10-25: 02:00–02:59 happens twice, the earlier (summer time) is taken and marked", () => {
    expect(fromWallClock("2026-10-25T02:00", "Europe/Berlin")).toEqual({ ok: true, instant: at("2026-10-25T00:00:00Z"), ambiguous: true });
    expect(fromWallClock("2026-10-25T01:00", "Europe/Berlin")).toEqual({ ok: true, instant: at("2026-10-24T23:00:00Z"), ambiguous: false });
    expect(fromWallClock("2026-10-25T03:00", "Europe/Berlin")).toEqual({ ok: true, instant: at("2026-10-25T02:00:00Z"), ambiguous: false });
    expect(toWallClock(at("2026-10-25T01:00:00Z"), "Europe/Berlin")).toBe("2026-10-25T02:00");
  });

  it("refuses what is not a date and time", () => {
    expect(fromWallClock("2026-02-30T10:00", "Europe/Berlin")).toEqual({ ok: false, reason: "invalid" });
    expect(fromWallClock("2026-02-01T24:00", "Europe/Berlin")).toEqual({ ok: false, reason: "invalid" });
    expect(fromWallClock("", "Europe/Berlin")).toEqual({ ok: false, reason: "invalid" });
  });

  it("steps a picker so whole UTC hours can be chosen", () => {
    const july = at("2026-07-01T00:00:00Z");
    expect(wholeUtcHourStepMinutes("Europe/Berlin", july)).toBe(60);
    expect(wholeUtcHourStepMinutes("Asia/Kolkata", july)).toBe(30);
    expect(wholeUtcHourStepMinutes("Asia/Kathmandu", july)).toBe(15);
  });
});
