import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validateSuite } from "../src/app/check-suite.js";
import { evaluate } from "../src/app/evaluate.js";
import { rescore } from "../src/app/rescore.js";
import { builtInScorers, createScorerRegistry, defineScorer } from "../src/scoring/index.js";
import { KfmError } from "../src/spec/errors.js";
import type { RunSummary } from "../src/spec/run.js";
import type { ScorerMetric } from "../src/spec/scorer-metric.js";
import { temporaryDirectory } from "./helpers/cli.js";

/** What the throwaway scorer keeps on each record. */
type LetterDetails = { letter?: string };

/** Its own metric: how often each letter was answered (absent when none was). */
const letterTally: ScorerMetric<LetterDetails> = {
  name: "letterTally",
  aggregate(records) {
    const tally: Record<string, number> = {};
    for (const { details } of records) if (details?.letter) tally[details.letter] = (tally[details.letter] ?? 0) + 1;
    return Object.keys(tally).length > 0 ? tally : undefined;
  },
};

/** A throwaway scorer: the reply's first letter against the target, with a metric of its own over the details it keeps. */
const firstLetter = defineScorer({
  id: "first-letter",
  description: "The first A–D letter of the reply against the target.",
  args: z
    .object({
      letters: z
        .string()
        .regex(/^[A-Z]+$/)
        .default("ABCD"),
    })
    .strict(),
  metrics: [letterTally],
  create(args) {
    return {
      score({ item, text }) {
        const letter = [...text].find((character) => args.letters.includes(character));
        if (!letter) return { status: "no-answer", rule: "no-letter" };
        return { status: letter === item.target ? "correct" : "incorrect", extracted: letter, rule: "first-letter", details: { letter } };
      },
    };
  },
});

const SUITE = `kfm: suite/v1
id: mini-letters
version: 1.0.0
title: Mini
benchmark: MINI
language: ko
licence: test
source: { citation: test }
data:
  format: csv
  files: data/*.csv
  fields: { question: question, A: A, B: B, C: C, D: D, answer: answer }
  choices: [A, B, C, D]
  target: { field: answer, map: { "1": A, "2": B, "3": C, "4": D } }
prompt:
  user: "{{question}}\\nA. {{A}}\\nB. {{B}}\\nC. {{C}}\\nD. {{D}}"
scorer: { id: first-letter, args: { letters: ABCD } }
`;

async function miniSuite(): Promise<string> {
  const dir = await temporaryDirectory("kfm-custom-scorer-");
  await mkdir(join(dir, "data"));
  const rows = Array.from({ length: 12 }, (_, index) => `${index}+1?,${(index % 4) + 1},1,2,3,4`);
  await writeFile(join(dir, "data", "t.csv"), `question,answer,A,B,C,D\n${rows.join("\n")}\n`);
  await writeFile(join(dir, "suite.yaml"), SUITE);
  return join(dir, "suite.yaml");
}

describe("a scorer kfm does not ship", () => {
  it("runs through evaluate() against the simulated endpoint, and its metric lands in summary.json (and again after a re-score)", async () => {
    const file = await miniSuite();
    const scorers = createScorerRegistry([...builtInScorers, firstLetter]);
    const out = await temporaryDirectory();
    const result = await evaluate({ suite: file, endpoint: "sim", outDir: out, runId: "letters", noProbes: true, scorers });
    const summary = JSON.parse(await readFile(join(result.runDir, "summary.json"), "utf8")) as RunSummary & {
      letterTally?: Record<string, number>;
    };
    expect(result.manifest.scorer).toEqual({ id: "first-letter", args: { letters: "ABCD" } });
    expect(summary.done).toBe(12);
    const tally = summary.letterTally!;
    expect(Object.values(tally).reduce((a, b) => a + b, 0)).toBe(summary.counts.correct + summary.counts.incorrect);
    const rescored = await rescore({ runDir: result.runDir, outDir: join(out, "again"), scorers });
    expect((rescored.summary as RunSummary & { letterTally?: unknown }).letterTally).toEqual(tally);
  });

  it("is an unknown scorer to kfm's own registry: validate and eval say so before any run directory exists", async () => {
    const file = await miniSuite();
    await expect(validateSuite(file, { scorers: createScorerRegistry([...builtInScorers, firstLetter]) })).resolves.toBeDefined();
    const error = await validateSuite(file).catch((caught: unknown) => caught);
    expect(KfmError.isInstance(error) && error.code).toBe("suite");
    expect((error as Error).message).toMatch(/suite\.yaml:17 \(scorer\.id\): unknown scorer "first-letter"/);
    const out = await temporaryDirectory();
    await expect(evaluate({ suite: file, endpoint: "sim", outDir: out, noProbes: true })).rejects.toThrow(/unknown scorer "first-letter"/);
    expect(await readdir(out)).toEqual([]);
  });

  it("cannot take an id or a metric name that is already used", () => {
    expect(() => createScorerRegistry([...builtInScorers, { ...firstLetter, id: "numeric" }])).toThrow(/two scorers have the id "numeric"/);
    const clash = { ...firstLetter, metrics: [{ name: "accuracy", aggregate: () => 1 }] };
    expect(() => createScorerRegistry([clash])).toThrow(/metric "accuracy" would overwrite a summary field/);
  });
});
