import { describe, expect, it } from "vitest";
import {
  HOUR_MS,
  addCalendarMonths,
  floorToHour,
  formatInstant,
  isOnHour,
  parseTime,
  toIso,
  wholeHoursBetween,
} from "./time";

const t = (iso: string) => Date.parse(iso);

describe("parseTime", () => {
  it("accepts RFC 3339 with Z or an offset and rejects anything else", () => {
    expect(parseTime("2025-06-16T00:00:00.000Z")).toBe(t("2025-06-16T00:00:00Z"));
    expect(parseTime("2025-06-16T02:00:00+02:00")).toBe(t("2025-06-16T00:00:00Z"));
    expect(parseTime("2025-06-16")).toBeNull();
    expect(parseTime("2025-06-16T00:00:00")).toBeNull();
    expect(parseTime("2025-13-40T00:00:00Z")).toBeNull();
    expect(parseTime(undefined)).toBeNull();
  });

  it("prints the form Metronome emits", () => {
    expect(toIso(t("2025-06-16T00:00:00+00:00"))).toBe("2025-06-16T00:00:00.000Z");
  });
});

describe("hours", () => {
  it("checks and floors hour boundaries", () => {
    expect(isOnHour(t("2025-06-16T14:00:00Z"))).toBe(true);
    expect(isOnHour(t("2025-06-16T14:30:00Z"))).toBe(false);
    expect(toIso(floorToHour(t("2025-06-16T14:59:59.999Z")))).toBe("2025-06-16T14:00:00.000Z");
  });

  it("counts whole hours, floored", () => {
    expect(wholeHoursBetween(t("2025-06-16T00:00:00Z"), t("2025-07-01T00:00:00Z"))).toBe(360);
    expect(wholeHoursBetween(t("2025-06-01T00:00:00Z"), t("2025-07-01T00:00:00Z"))).toBe(720);
    expect(wholeHoursBetween(0, HOUR_MS * 2 - 1)).toBe(1);
  });
});

describe("addCalendarMonths", () => {
  const jan31 = t("2025-01-31T00:00:00Z");
  it("clamps the day to the month's end without drifting", () => {
    expect(toIso(addCalendarMonths(jan31, 1))).toBe("2025-02-28T00:00:00.000Z");
    expect(toIso(addCalendarMonths(jan31, 2))).toBe("2025-03-31T00:00:00.000Z");
    expect(toIso(addCalendarMonths(jan31, 3))).toBe("2025-04-30T00:00:00.000Z");
    expect(toIso(addCalendarMonths(t("2024-01-31T00:00:00Z"), 1))).toBe("2024-02-29T00:00:00.000Z");
  });

  it("goes backwards and across years, keeping the time of day", () => {
    expect(toIso(addCalendarMonths(t("2025-03-31T06:00:00Z"), -1))).toBe("2025-02-28T06:00:00.000Z");
    expect(toIso(addCalendarMonths(t("2025-11-15T00:00:00Z"), 3))).toBe("2026-02-15T00:00:00.000Z");
    expect(toIso(addCalendarMonths(t("2025-01-15T00:00:00Z"), -13))).toBe("2023-12-15T00:00:00.000Z");
  });
});

describe("formatInstant", () => {
  it("says the date, and the hour when not midnight", () => {
    expect(formatInstant(t("2025-07-01T00:00:00Z"))).toBe("July 1, 2025");
    expect(formatInstant(t("2025-06-16T14:00:00Z"))).toBe("June 16, 2025 14:00 UTC");
  });
});
