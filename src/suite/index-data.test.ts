import { describe, expect, it } from "vitest";
import type { DataFile } from "./data.js";
import { keepRows, keptRowsFile, type KeptRows } from "./index-data.js";

const entry = { path: "/suite/data/law.csv", relativePath: "data/law.csv" };

function dataFile(count: number): DataFile {
  const rows = Array.from({ length: count }, (_, row) => ({
    file: entry.path,
    row,
    line: row + 2,
    // A value with a line break and one with non-ASCII text: the rows file's lines must survive both.
    values: { question: `질문 ${row}\n두 번째 줄`, answer: String(row % 4) },
  }));
  return { ...entry, bytes: Buffer.alloc(1000), columns: ["question", "answer"], rows };
}

function kept(file: DataFile): Buffer {
  const cache = new Map<string, KeptRows>();
  expect(keepRows(cache, file, 1_000_000)).toBeGreaterThan(0);
  return cache.get(file.path) as Buffer;
}

describe("kept rows", () => {
  it("give back the file's columns and rows, one JSON line a row", () => {
    const file = dataFile(5);
    const bytes = kept(file);
    expect(bytes.toString("utf8").split("\n")).toHaveLength(1 + 5 + 1); // header, rows, the final line break
    const back = keptRowsFile(entry, bytes)!;
    expect(back.columns).toEqual(file.columns);
    expect(back.rows).toEqual(file.rows);
  });

  it("parse only the rows taken, and stop after the last of them", () => {
    const bytes = kept(dataFile(10));
    const lines = bytes.toString("utf8").split("\n");
    // Row 7 damaged: a sample that does not take it never reads it.
    lines[1 + 7] = "[7, 9, {not json";
    const damaged = Buffer.from(lines.join("\n"));
    const back = keptRowsFile(entry, damaged, new Set([1, 4]))!;
    expect(back.rows).toHaveLength(5);
    expect(Object.keys(back.rows)).toEqual(["1", "4"]); // the rows not taken are holes
    expect(back.rows[4]!.values.question).toBe("질문 4\n두 번째 줄");
    // Taking the damaged row, or every row, finds it: the caller reads the data file instead.
    expect(keptRowsFile(entry, damaged, new Set([7]))).toBeUndefined();
    expect(keptRowsFile(entry, damaged)).toBeUndefined();
  });

  it("give a run most of a very large file (no limit on how many rows it takes)", () => {
    const rows = Array.from({ length: 200_000 }, (_, row) => ({ file: entry.path, row, line: row + 2, values: { q: String(row) } }));
    const cache = new Map<string, KeptRows>();
    expect(keepRows(cache, { ...entry, bytes: Buffer.alloc(0), columns: ["q"], rows }, 64 * 1024 * 1024)).toBeGreaterThan(0);
    const bytes = cache.get(entry.path) as Buffer;
    const only = new Set(Array.from({ length: 150_000 }, (_, offset) => offset + 1));
    const back = keptRowsFile(entry, bytes, only)!;
    expect(back.rows).toHaveLength(150_001);
    expect(back.rows[150_000]!.values.q).toBe("150000");
  });

  it("are not taken when cut short or not of this format", () => {
    const bytes = kept(dataFile(3));
    expect(keptRowsFile(entry, bytes.subarray(0, bytes.length - 4))).toBeUndefined();
    expect(keptRowsFile(entry, Buffer.from('{"columns":["q"],"rows":[[0,2,{"q":"x"}]]}'))).toBeUndefined();
    expect(keptRowsFile(entry, Buffer.from('{"columns":["q"]}\n[0,2]\n'))).toBeUndefined();
    expect(keptRowsFile(entry, undefined)).toBeUndefined();
  });
});
