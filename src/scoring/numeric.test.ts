import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SuiteItem } from "../spec/item.js";
import { parseNumber } from "./extract-number.js";
import { numeric } from "./numeric.js";

interface Row {
  reply: string;
  target: string;
  status: string;
  rule?: string;
  extracted?: string;
}

const table = readFileSync(new URL("./__fixtures__/numeric-replies.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Row);

describe("numeric scorer on labelled replies", () => {
  const scorer = numeric.create(numeric.parseArgs({}));
  it.each(table.map((row, index) => [index, row] as const))("reply %i", (_index, row) => {
    const item: SuiteItem = { id: "x:0", index: 0, subject: "s", fields: {}, target: row.target };
    const result = scorer.score({ item, text: row.reply });
    expect({ reply: row.reply, status: result.status }).toEqual({ reply: row.reply, status: row.status });
    if (row.rule) expect({ reply: row.reply, rule: result.rule }).toEqual({ reply: row.reply, rule: row.rule });
    if (row.extracted !== undefined) expect(result.extracted).toBe(row.extracted);
  });
});

describe("parseNumber", () => {
  it("reads separators, signs, fractions and LaTeX fractions", () => {
    expect(parseNumber("1,200")).toBe(1200);
    expect(parseNumber("−3.5")).toBe(-3.5);
    expect(parseNumber("3/4")).toBe(0.75);
    expect(parseNumber("\\frac{1}{4}")).toBe(0.25);
    expect(parseNumber("-\\dfrac{3}{2}")).toBe(-1.5);
    expect(parseNumber("18.0")).toBe(18);
    expect(parseNumber("x+1")).toBeUndefined();
    expect(parseNumber("1/0")).toBeUndefined();
  });
});
