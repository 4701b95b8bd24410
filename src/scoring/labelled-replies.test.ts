import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SuiteItem } from "../spec/item.js";
import { multipleChoice } from "./multiple-choice.js";
import { numeric } from "./numeric.js";

/**
 * Replies labelled by hand as a careful reader would, grouped by the way they are written. Each
 * reply is its own test, so a regression names the reply; the goal tests report accuracy per
 * category and hold the ladders to the accuracy the verdicts need (a 95% verdict is decided by a
 * few points, so a misread reply is a wrong PASS or FAIL).
 */
/** A reply the ladder is known to misread, and why: counted against the goal, and checked still wrong so a fix removes the flag. */
interface Known {
  miss?: string;
}

interface ChoiceRow extends Known {
  category: string;
  /** The suite's declared labels (a CLIcK suite declares A–E, KMMLU-Pro A–J). */
  labels: string[];
  /** The item's options, in order: an item may have fewer than the suite's labels. */
  options: string[];
  reply: string;
  expected: string | null;
}

interface NumberRow extends Known {
  category: string;
  reply: string;
  expected: number | null;
}

const read = <Row>(name: string) =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Row);

const choiceRows = read<ChoiceRow>("multiple-choice-labelled.jsonl");
const numberRows = read<NumberRow>("numeric-labelled.jsonl");

function readChoice(row: ChoiceRow): string | null {
  const scorer = multipleChoice.create(multipleChoice.parseArgs({ choices: row.labels }));
  const item: SuiteItem = { id: "x", index: 0, subject: "s", fields: {}, choices: row.options, target: row.expected ?? "A" };
  return scorer.score({ item, text: row.reply }).extracted ?? null;
}

function readNumber(row: NumberRow): number | null {
  const scorer = numeric.create(numeric.parseArgs({}));
  const item: SuiteItem = { id: "x", index: 0, subject: "s", fields: {}, target: String(row.expected ?? 1) };
  const result = scorer.score({ item, text: row.reply });
  if (result.status === "no-answer") return null;
  // The scorer compares within its tolerance; a correct status means the expected value was read.
  return result.status === "correct" ? row.expected : Number.NaN;
}

/** Accuracy per category and overall, printed so a run shows where the ladder is weak. */
function accuracy<Row extends { category: string }>(
  rows: Row[],
  right: (row: Row) => boolean,
): { overall: number; table: Record<string, string> } {
  const byCategory = new Map<string, { right: number; total: number }>();
  let total = 0;
  for (const row of rows) {
    const entry = byCategory.get(row.category) ?? { right: 0, total: 0 };
    const ok = right(row);
    entry.right += ok ? 1 : 0;
    entry.total++;
    total += ok ? 1 : 0;
    byCategory.set(row.category, entry);
  }
  const table = Object.fromEntries([...byCategory].map(([category, entry]) => [category, `${entry.right}/${entry.total}`]));
  return { overall: total / rows.length, table };
}

describe("multiple choice, labelled replies", () => {
  it("covers every category with enough replies, in Korean and English", () => {
    expect(choiceRows.length).toBeGreaterThanOrEqual(400);
    const categories = new Set(choiceRows.map((row) => row.category));
    for (const category of [
      "bare-label",
      "letter-options",
      "no-commit",
      "ordinal",
      "answer-then-reasons",
      "label-set",
      "option-text",
      "reasoning-tags",
      "latex",
      "markdown",
    ]) {
      expect(categories, category).toContain(category);
    }
    expect(choiceRows.filter((row) => row.expected === null).length).toBeGreaterThanOrEqual(60);
  });

  it("reads at least 99% of them as labelled", () => {
    const { overall, table } = accuracy(choiceRows, (row) => readChoice(row) === row.expected);
    console.info("multiple choice, per category:", table, `overall ${(overall * 100).toFixed(1)}%`);
    expect(overall).toBeGreaterThanOrEqual(0.99);
  });

  it.each(choiceRows.map((row, index) => [`${index + 1} ${row.category} ${JSON.stringify(row.reply).slice(0, 60)}`, row] as const))(
    "%s",
    (_name, row) => {
      const read = { reply: row.reply, options: row.options, read: readChoice(row) };
      const labelled = { reply: row.reply, options: row.options, read: row.expected };
      if (row.miss) expect(read, `known miss, now read right: remove "miss" (${row.miss})`).not.toEqual(labelled);
      else expect(read).toEqual(labelled);
    },
  );
});

describe("numbers, labelled replies", () => {
  it("covers every category with enough replies", () => {
    expect(numberRows.length).toBeGreaterThanOrEqual(200);
    const categories = new Set(numberRows.map((row) => row.category));
    for (const category of ["korean-magnitude", "fraction", "power", "unit-exponent", "alternatives", "truncated"])
      expect(categories, category).toContain(category);
  });

  it("reads at least 98% of them as labelled", () => {
    const { overall, table } = accuracy(numberRows, (row) => readNumber(row) === row.expected);
    console.info("numbers, per category:", table, `overall ${(overall * 100).toFixed(1)}%`);
    expect(overall).toBeGreaterThanOrEqual(0.98);
  });

  it.each(numberRows.map((row, index) => [`${index + 1} ${row.category} ${JSON.stringify(row.reply).slice(0, 60)}`, row] as const))(
    "%s",
    (_name, row) => {
      const read = { reply: row.reply, read: readNumber(row) };
      const labelled = { reply: row.reply, read: row.expected };
      if (row.miss) expect(read, `known miss, now read right: remove "miss" (${row.miss})`).not.toEqual(labelled);
      else expect(read).toEqual(labelled);
    },
  );
});
