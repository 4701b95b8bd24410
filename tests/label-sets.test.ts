import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { multipleChoice } from "../src/scoring/multiple-choice.js";
import type { AnswerKeyEntry } from "../src/sim/options.js";
import { chosenLetter, replyFor } from "../src/sim/policy.js";
import { startSimServer } from "../src/sim/index.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { SuiteItem } from "../src/spec/item.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite } from "../src/suite/index.js";
import { projectRoot, runKfm, temporaryDirectory } from "./helpers/cli.js";

const entry = (answer: string, count: number, question = "다음 중 옳은 것은?"): AnswerKeyEntry => ({
  question,
  choices: Array.from({ length: count }, (_, index) => `보기 ${index + 1}`),
  answer,
  subject: "s",
});

/** What kfm's scorer reads from a simulated reply, for an item of `count` options in a suite labelled A–J. */
function read(content: string, count: number): string | undefined {
  const scorer = multipleChoice.create(multipleChoice.parseArgs({ choices: [..."ABCDEFGHIJ"] }));
  const item: SuiteItem = {
    id: "x",
    index: 0,
    subject: "s",
    fields: {},
    choices: Array.from({ length: count }, (_, index) => `보기 ${index + 1}`),
    target: "A",
  };
  return scorer.score({ item, text: content }).extracted;
}

describe("simulated answer styles know the item's labels", () => {
  it("names option E in every style when E is right, so kfm reads E", () => {
    const styles = new Set<string>();
    for (let seed = 0; seed < 120; seed++) {
      const reply = replyFor(seed, entry("E", 5), "prompt", undefined, 0, () => "correct");
      styles.add(reply.content.replace(/E|⑤|5/g, "·"));
      expect({ seed, content: reply.content, read: read(reply.content, 5) }).toEqual({ seed, content: reply.content, read: "E" });
    }
    // Every style was drawn, including the circled and numbered ones that once wrote "0번".
    expect(styles.size).toBeGreaterThanOrEqual(12);
  });

  it("answers a ten-option item in J as well", () => {
    for (let seed = 0; seed < 40; seed++)
      expect(read(replyFor(seed, entry("J", 10), "prompt", undefined, 0, () => "correct").content, 10)).toBe("J");
  });

  it("picks wrong answers among all of the item's options, E included, and never beyond them", () => {
    const five = new Set(Array.from({ length: 200 }, (_, index) => chosenLetter(0, entry("A", 5, `문제 ${index}`), "incorrect")));
    expect([...five].sort()).toEqual(["B", "C", "D", "E"]);
    const four = new Set(Array.from({ length: 200 }, (_, index) => chosenLetter(0, entry("A", 4, `문제 ${index}`), "incorrect")));
    expect([...four].sort()).toEqual(["B", "C", "D"]);
  });
});

const lines = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join("\n") + "\n";

describe("labels per item, from the CLI against the simulated endpoint", () => {
  it("CLIcK mixes four- and five-option items: a perfect model scores all, and E on a four-option item is no answer", async () => {
    const dataDir = await temporaryDirectory("kfm-click-");
    await mkdir(join(dataDir, "click"));
    const four = Array.from({ length: 6 }, (_, index) => ({
      id: `f${index}`,
      paragraph: `지문 ${index}`,
      question: `사지선다 ${index}?`,
      choices: [1, 2, 3, 4].map((n) => `답${index}-${n}`),
      answer: `답${index}-${(index % 4) + 1}`,
    }));
    const five = Array.from({ length: 6 }, (_, index) => ({
      id: `v${index}`,
      paragraph: `지문 ${index}`,
      question: `오지선다 ${index}?`,
      choices: [1, 2, 3, 4, 5].map((n) => `보기${index}-${n}`),
      answer: `보기${index}-5`,
    }));
    await writeFile(join(dataDir, "click", "click.jsonl"), lines([...four, ...five]));
    const suite = await loadSuite("click", { dataDir });
    const sim = await startSimServer({
      seed: 4,
      accuracy: 1,
      noAnswerRate: 0,
      answerKey: answerKey(suite.items, (item) => suite.render(item)),
    });
    try {
      const out = await temporaryDirectory();
      const run = await runKfm([
        "eval",
        "click",
        "--data-dir",
        dataDir,
        "--endpoint",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--out",
        out,
        "--run-id",
        "click",
        "--json",
        "--no-probes",
      ]);
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as RunSummary).counts).toEqual({ correct: 12, incorrect: 0, "no-answer": 0, error: 0 });

      // The same run with one four-option reply rewritten to "E" (items 0–5 have four options), re-scored from the CLI.
      const itemsPath = join(out, "click", "items.jsonl");
      const records = (await readFile(itemsPath, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as ItemRecord);
      const victim = records.find((record) => record.id === "click:1")!;
      victim.reply = "E";
      await writeFile(itemsPath, lines(records));
      const rescored = await runKfm(["rescore", join(out, "click"), "--json"], { env: { KFM_DATA_DIR: dataDir } });
      expect(rescored.code).toBe(0);
      expect((JSON.parse(rescored.stdout) as RunSummary).counts).toEqual({ correct: 11, incorrect: 0, "no-answer": 1, error: 0 });
      const after = (await readFile(itemsPath, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as ItemRecord);
      expect(after.find((record) => record.id === victim.id)).toMatchObject({ status: "no-answer", reply: "E" });
    } finally {
      await sim.close();
    }
  });

  it("kmmlu-5shot: a perfect model replying bare letters scores every item of subjects whose options are letters", async () => {
    // A slice of the real suite: its YAML and two subjects' files (Information-Technology has the
    // items with options "R-S, D, A, J-K" and "A, A + B, B, A · B").
    const dir = await temporaryDirectory("kfm-kmmlu-slice-");
    const source = join(projectRoot, "suites", "kmmlu");
    await mkdir(join(dir, "data", "test"), { recursive: true });
    await mkdir(join(dir, "data", "dev"), { recursive: true });
    for (const subject of ["Information-Technology", "Industrial-Engineer"]) {
      await copyFile(join(source, "data", "test", `${subject}-test.csv`), join(dir, "data", "test", `${subject}-test.csv`));
      await copyFile(join(source, "data", "dev", `${subject}-dev.csv`), join(dir, "data", "dev", `${subject}-dev.csv`));
    }
    await copyFile(join(source, "data", "subjects.json"), join(dir, "data", "subjects.json"));
    await copyFile(join(source, "kmmlu-5shot.yaml"), join(dir, "kmmlu-5shot.yaml"));
    const suitePath = join(dir, "kmmlu-5shot.yaml");
    const suite = await loadSuite(suitePath);
    const sim = await startSimServer({
      seed: 1,
      accuracy: 1,
      noAnswerRate: 0,
      answerKey: answerKey(suite.items, (item) => suite.render(item)),
    });
    try {
      const out = await temporaryDirectory();
      const run = await runKfm([
        "eval",
        suitePath,
        "--endpoint",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--out",
        out,
        "--run-id",
        "slice",
        "--json",
        "--no-probes",
        "--concurrency",
        "16",
      ]);
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as RunSummary;
      expect(summary.total).toBe(suite.items.length);
      expect(summary.counts).toEqual({ correct: suite.items.length, incorrect: 0, "no-answer": 0, error: 0 });
      const records = (await readFile(join(out, "slice", "items.jsonl"), "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as ItemRecord);
      expect(records.find((record) => record.id === "Information-Technology-test:701")).toMatchObject({
        status: "correct",
        reply: "D",
        rule: "bare-letter",
      });
      expect(records.find((record) => record.id === "Information-Technology-test:528")).toMatchObject({
        status: "correct",
        reply: "B",
        rule: "bare-letter",
      });
    } finally {
      await sim.close();
    }
  });
});
