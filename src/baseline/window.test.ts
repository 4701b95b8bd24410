import { describe, expect, it } from "vitest";
import { BOUNDARY_RULE, inWindow, parseDate, parseWindow, windowStart } from "./window.js";

describe("window", () => {
  it("parses months and days, and rejects the rest", () => {
    expect(parseWindow("6mo")).toEqual({ months: 6 });
    expect(parseWindow("180d")).toEqual({ days: 180 });
    expect(() => parseWindow("6 weeks")).toThrow(/--window/);
    expect(() => parseWindow("0mo")).toThrow(/--window/);
    expect(() => parseDate("2026-02-30")).toThrow(/YYYY-MM-DD/);
    expect(() => parseDate("26-02-01")).toThrow(/YYYY-MM-DD/);
  });

  it("subtracts calendar months, clamped to the month's end", () => {
    expect(windowStart("2026-11-23", { months: 6 })).toBe("2026-05-23");
    expect(windowStart("2026-08-31", { months: 6 })).toBe("2026-02-28");
    expect(windowStart("2028-08-31", { months: 6 })).toBe("2028-02-29");
    expect(windowStart("2026-03-31", { months: 1 })).toBe("2026-02-28");
    expect(windowStart("2026-01-15", { months: 6 })).toBe("2025-07-15");
    expect(windowStart("2026-01-15", { days: 30 })).toBe("2025-12-16");
  });

  it("boundary: start exclusive, as-of inclusive, the future never", () => {
    const asOf = "2026-11-23";
    const window = { months: 6 };
    expect(inWindow("2026-05-23", asOf, window)).toBe(false); // exactly six months old: aged out
    expect(inWindow("2026-05-24", asOf, window)).toBe(true);
    expect(inWindow("2026-11-23", asOf, window)).toBe(true); // released on the review day
    expect(inWindow("2026-11-24", asOf, window)).toBe(false); // after the as-of date
  });

  it("boundary at a clamped month end: 2026-08-31 minus 6mo leaves 2026-02-28 out and 2026-03-01 in", () => {
    const window = { months: 6 };
    expect(inWindow("2026-02-28", "2026-08-31", window)).toBe(false);
    expect(inWindow("2026-03-01", "2026-08-31", window)).toBe(true);
    expect(inWindow("2026-08-31", "2026-08-31", window)).toBe(true);
  });

  it("boundary in days: 180d before 2026-11-23 is 2026-05-27, itself out", () => {
    const window = { days: 180 };
    expect(windowStart("2026-11-23", window)).toBe("2026-05-27");
    expect(inWindow("2026-05-27", "2026-11-23", window)).toBe(false);
    expect(inWindow("2026-05-28", "2026-11-23", window)).toBe(true);
    expect(inWindow("2026-11-23", "2026-11-23", window)).toBe(true);
    expect(inWindow("2026-11-24", "2026-11-23", window)).toBe(false);
  });

  it("states the rule it applies", () => {
    expect(BOUNDARY_RULE).toContain("windowStart < release_date <= asOf");
  });
});
