import { describe, expect, it } from "vitest";
import { effectiveWindow, parseWindowDate, rowsInWindow } from "./date-window.js";

const row = (date: string, index: number) => ({ file: "test6.jsonl", row: index, line: index + 1, values: { contest_date: date } });

describe("the date window (LiveCodeBench's start_date <= contest_date <= end_date)", () => {
  it("keeps rows whose date lies in the window, both ends inclusive, a date without a zone read as UTC", () => {
    const rows = ["2025-01-31T23:59:59", "2025-02-01T00:00:00", "2025-04-30T12:00:00", "2025-05-01T00:00:00", "2025-05-01T00:00:01"].map(
      row,
    );
    const kept = rowsInWindow(rows, { field: "contest_date", from: "2025-02-01", to: "2025-05-01" });
    expect(kept.map((entry) => entry.values.contest_date)).toEqual(["2025-02-01T00:00:00", "2025-04-30T12:00:00", "2025-05-01T00:00:00"]);
    expect(parseWindowDate("2025-02-01")).toBe(Date.UTC(2025, 1, 1));
    expect(parseWindowDate("February 1")).toBeUndefined();
  });

  it("names the line of a row whose date cannot be read", () => {
    expect(() => rowsInWindow([row("soon", 4)], { field: "contest_date" })).toThrow(
      /test6\.jsonl:5 \(contest_date\): row 4: contest_date "soon" is not a date/,
    );
  });

  it("moves the suite's ends with --from/--to, and refuses them for a suite without a window", () => {
    const declared = { field: "contest_date", from: "2025-02-01", to: "2025-05-01" };
    expect(effectiveWindow("lcb", declared, { from: "2025-03-01" })).toEqual({
      field: "contest_date",
      from: "2025-03-01",
      to: "2025-05-01",
    });
    expect(effectiveWindow("lcb", declared, {})).toBe(declared);
    expect(() => effectiveWindow("kmmlu", undefined, { to: "2025-01-01" })).toThrow("suite kmmlu has no data.window");
    expect(() => effectiveWindow("lcb", declared, { to: "2025-13-45" })).toThrow('--to "2025-13-45" is not a date');
  });
});
