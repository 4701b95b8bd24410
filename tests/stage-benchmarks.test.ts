import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { expectedOutcome, startSimServer } from "../src/sim/index.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite, type LoadedSuite } from "../src/suite/index.js";
import { projectRoot, runKfm, temporaryDirectory } from "./helpers/cli.js";

/** Fixture files in each supplied suite's published layout (tests/fixtures/stage-benchmarks/SOURCE.txt). */
const dataDir = join(projectRoot, "tests", "fixtures", "stage-benchmarks");

function expectedCounts(suite: LoadedSuite, options: Parameters<typeof expectedOutcome>[0]) {
  const expected = { correct: 0, incorrect: 0, "no-answer": 0, error: 0 };
  for (const entry of answerKey(suite.items, (item) => suite.render(item))) expected[expectedOutcome(options, entry)]++;
  return expected;
}

async function records(runDir: string): Promise<ItemRecord[]> {
  return (await readFile(join(runDir, "items.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ItemRecord);
}

describe("AIME 2025 (shipped)", () => {
  it("ships the 30 problems with MathArena's instruction before each", async () => {
    const suite = await loadSuite("aime2025");
    expect(suite.items).toHaveLength(30);
    expect(suite.items.map((item) => item.fields.id)).toEqual([
      ...Array.from({ length: 15 }, (_, index) => `2025-I-${index + 1}`),
      ...Array.from({ length: 15 }, (_, index) => `2025-II-${index + 1}`),
    ]);
    expect(suite.items.map((item) => item.target).slice(0, 3)).toEqual(["70", "588", "16"]);
    expect(suite.render(suite.items[0]!).messages).toEqual([
      {
        role: "user",
        content: `Please reason step by step, and put your final answer within \\boxed{}.\nThe answer is an integer between 0 and 999 inclusive.\n\n${suite.items[0]!.fields.question}`,
      },
    ]);
  });

  it("a perfect simulated model scores 30/30 over HTTP from the CLI, and a 50% one exactly as its policy decided", async () => {
    const suite = await loadSuite("aime2025");
    const perfect = await startSimServer({ seed: 3, accuracy: 1, noAnswerRate: 0, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const result = await runKfm([
        "eval",
        "aime2025",
        "--endpoint",
        perfect.url,
        "--model",
        "kfm-sim-1",
        "--out",
        out,
        "--run-id",
        "a",
        // One sample per problem here (the suite asks 8): tests/repeats.test.ts covers repeats.
        "--repeats",
        "1",
        "--json",
        "--no-probes",
      ]);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as RunSummary;
      expect(summary.counts).toEqual({ correct: 30, incorrect: 0, "no-answer": 0, error: 0 });
      expect(summary.suite.benchmark).toBe("AIME 2025");
      expect(new Set((await records(join(out, "a"))).map((record) => record.rule))).toEqual(new Set(["last-boxed"]));
    } finally {
      await perfect.close();
    }
    const options = { seed: 5, accuracy: 0.5, noAnswerRate: 0.1 };
    const half = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const result = await runKfm([
        "eval",
        "aime2025",
        "--endpoint",
        half.url,
        "--model",
        "kfm-sim-1",
        "--out",
        out,
        "--run-id",
        "h",
        "--repeats",
        "1",
        "--json",
        "--no-probes",
      ]);
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as RunSummary).counts).toEqual(expectedCounts(suite, options));
    } finally {
      await half.close();
    }
  });
});

describe("supplied stage benchmarks: MMLU-Pro, GPQA-Diamond, Humanity's Last Exam, AA-LCR", () => {
  it.each(["mmlu-pro", "gpqa-diamond", "hle", "aa-lcr"])(
    "%s without its data says what to download and where to put it (exit 2)",
    async (id) => {
      const empty = await temporaryDirectory();
      const result = await runKfm(["eval", id, "--endpoint", "sim", "--judge", "sim", "--data-dir", empty, "--out", empty]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("which kfm does not ship");
      expect(result.stderr).toMatch(/Obtain it from https:\/\//);
      expect(result.stderr).toContain("--data-dir");
    },
  );

  it("MMLU-Pro: evaluate_from_api.py's prompt, five examples of the item's category with 'A: ' cut and 'N/A' options dropped", async () => {
    const suite = await loadSuite("mmlu-pro", { dataDir });
    expect(suite.items).toHaveLength(12);
    expect(suite.items.map((item) => item.subject)).toEqual([
      ...Array(4).fill("biology"),
      ...Array(4).fill("law"),
      ...Array(4).fill("math"),
    ]);
    expect(suite.items.map((item) => item.target)).toEqual(["B", "D", "C", "I", "D", "B", "F", "A", "H", "H", "C", "H"]);
    const item = suite.items[2]!;
    const example = (index: number, letter: string) =>
      `Question: Synthetic biology example ${index}: which option is marked correct?\nOptions: A. biology option 0\nB. biology option 1\nC. biology option 2\nD. biology option 3\nAnswer: Let's think step by step. The example says option ${letter} is marked correct. The answer is (${letter}).\n\n`;
    const options = item.choices!.map((option, index) => `${"ABCDEFGHIJ"[index]}. ${option}`).join("\n");
    expect(suite.render(item).messages).toEqual([
      {
        role: "user",
        content:
          'The following are multiple choice questions (with answers) about biology. Think step by step and then output the answer in the format of "The answer is (X)" at the end.\n\n' +
          ["A", "B", "C", "D", "A"].map((letter, index) => example(index, letter)).join("") +
          `Question: ${item.fields.question}\nOptions: ${options}\nAnswer: Let's think step by step.\n\n`,
      },
    ]);
  });

  it("MMLU-Pro zero-shot: the same instruction and question format without the examples", async () => {
    const suite = await loadSuite("mmlu-pro-0shot", { dataDir });
    const item = suite.items[11]!;
    expect(suite.definition.setting).toMatchObject({ shots: 0 });
    expect(suite.render(item).messages[0]!.content).toBe(
      'The following are multiple choice questions (with answers) about math. Think step by step and then output the answer in the format of "The answer is (X)" at the end.\n\n' +
        `Question: ${item.fields.question}\nOptions: ${item.choices!.map((option, index) => `${"ABCDEFGHIJ"[index]}. ${option}`).join("\n")}\nAnswer: Let's think step by step.\n\n`,
    );
  });

  it("GPQA-Diamond: options in simple-evals' order (CPython's random.Random(0).sample per row), labelled A) to D)", async () => {
    const suite = await loadSuite("gpqa-diamond", { dataDir });
    // CPython: r = random.Random(0); [r.sample(range(4), 4) for _ in range(6)]; the correct answer is option 0 before the shuffle.
    const permutations = [
      [3, 1, 0, 2],
      [3, 1, 2, 0],
      [2, 3, 0, 1],
      [2, 0, 3, 1],
      [1, 3, 0, 2],
      [2, 1, 0, 3],
    ];
    expect(suite.items.map((item) => item.target)).toEqual(permutations.map((order) => "ABCD"[order.indexOf(0)]));
    expect(suite.items.map((item) => item.subject)).toEqual(["Physics", "Chemistry", "Biology", "Physics", "Chemistry", "Biology"]);
    const content = suite.render(suite.items[0]!).messages[0]!.content;
    expect(content).toMatch(
      /^Answer the following multiple choice question\. The last line of your response should be of the following format: 'Answer: \$LETTER'/,
    );
    expect(content.endsWith("\n\nA) wrong value 0c\nB) wrong value 0a\nC) right value 0\nD) wrong value 0b")).toBe(true);
  });

  // MMLU-Pro's last-letter fallback reads the simulator's hedges ("A 또는 B일 수 있습니다") as an answer, as the official
  // script would; its run has no hedges so the counts are the policy's.
  it.each([
    ["mmlu-pro", "answer-is", 0],
    ["gpqa-diamond", "answer-line", 0.1],
  ])(
    "%s runs over HTTP from the CLI and scores the simulated model exactly as its policy decided, per category",
    async (id, rule, noAnswerRate) => {
      const suite = await loadSuite(id, { dataDir });
      const options = { seed: 7, accuracy: 0.6, noAnswerRate };
      const sim = await startSimServer({ ...options, answerKey: answerKey(suite.items, (item) => suite.render(item)) });
      try {
        const out = await temporaryDirectory();
        const result = await runKfm([
          "eval",
          id,
          "--data-dir",
          dataDir,
          "--endpoint",
          sim.url,
          "--model",
          "kfm-sim-1",
          "--out",
          out,
          "--run-id",
          "r",
          "--json",
          "--no-probes",
        ]);
        expect(result.code).toBe(0);
        const summary = JSON.parse(result.stdout) as RunSummary;
        expect(summary.counts).toEqual(expectedCounts(suite, options));
        expect(Object.keys(summary.bySubject).sort()).toEqual([...new Set(suite.items.map((item) => item.subject))].sort());
        const answered = (await records(join(out, "r"))).filter((record) => record.status !== "no-answer");
        expect(new Set(answered.map((record) => record.rule))).toEqual(new Set([rule]));
      } finally {
        await sim.close();
      }
    },
  );

  it("HLE: the text-only subset (items with an image counted and left out), each reply judged with HLE's prompt by the simulated judge", async () => {
    const suite = await loadSuite("hle", { dataDir });
    expect(suite.items.map((item) => item.fields.id)).toEqual(["hle000", "hle001", "hle003", "hle004"]);
    expect(suite.warnings).toEqual([
      "hle/test.jsonl: 2 of 6 rows left out (questions with an image; kfm runs the text-only subset); 4 items kept",
    ]);
    expect(suite.render(suite.items[0]!).messages[0]).toMatchObject({
      role: "system",
      content: expect.stringContaining("Confidence: {your confidence score between 0% and 100% for your answer}"),
    });
    const options = { seed: 2, accuracy: 0.5, noAnswerRate: 0 };
    const sim = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const result = await runKfm([
        "eval",
        "hle",
        "--data-dir",
        dataDir,
        "--endpoint",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--judge",
        sim.url,
        "--judge-model",
        "kfm-sim-1",
        "--out",
        out,
        "--run-id",
        "h",
        "--repeats",
        "1",
        "--json",
        "--no-probes",
      ]);
      expect(result.code).toBe(0);
      const manifest = JSON.parse(await readFile(join(out, "h", "manifest.json"), "utf8")) as { warnings: string[] };
      expect(manifest.warnings).toContain(suite.warnings[0]);
      const summary = JSON.parse(result.stdout) as RunSummary;
      expect(summary.counts).toEqual(expectedCounts(suite, options));
      expect(summary.suite.benchmark).toBe("Humanity's Last Exam (text only)");
      const stored = await records(join(out, "h"));
      for (const record of stored) {
        expect(record.details!.confidence).toBeGreaterThanOrEqual(40);
        expect(record.details!.judge!.turns[0]!.prompt).toBe("hle");
      }
      // Four items are too few for HLE's calibration bins of 100.
      expect(summary.calibration).toBeUndefined();
    } finally {
      await sim.close();
    }
  });

  it("AA-LCR: each question reads its set's documents in the listed order, framed as AA's prompt, and is graded by an equality judge", async () => {
    const suite = await loadSuite("aa-lcr", { dataDir });
    expect(suite.items.map((item) => [item.subject, item.target])).toEqual([
      ["Company_Documents", "0"],
      ["Company_Documents", "neither"],
      ["Legal", "judgment"],
    ]);
    const content = suite.render(suite.items[0]!).messages[0]!.content;
    expect(content.startsWith("BEGIN INPUT DOCUMENTS\n\nBEGIN DOCUMENT 1:\nMade-up document acme_2023.pdf")).toBe(true);
    expect(content.indexOf("END DOCUMENT 1\n\nBEGIN DOCUMENT 2:\nMade-up document acme_2024.pdf")).toBeGreaterThan(0);
    expect(
      content.endsWith(
        "END INPUT DOCUMENTS\n\nAnswer the following question using the input documents provided above.\n\nSTART QUESTION\n\nBy how many units did revenue change between the two reports?\n\nEND QUESTION\n",
      ),
    ).toBe(true);
    // The equality checker's prompt is AA's, verbatim from the dataset card's "Scoring Approach".
    expect(await readFile(join(projectRoot, "suites", "supplied", "judge-prompts", "aa-lcr-equality.txt"), "utf8")).toBe(
      "Assess whether the following CANDIDATE ANSWER is CORRECT or INCORRECT.\nFor the CANDIDATE ANSWER to be correct, it must be consistent with the OFFICIAL ANSWER.\n\nThe question, for reference only: {question}\nThe OFFICIAL ANSWER: {official_answer}\nCANDIDATE ANSWER TO ASSESS: {candidate_answer}\n\nReply only with CORRECT or INCORRECT.\n",
    );
    const options = { seed: 4, accuracy: 0.5, noAnswerRate: 0 };
    const sim = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const result = await runKfm([
        "eval",
        "aa-lcr",
        "--data-dir",
        dataDir,
        "--endpoint",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--judge",
        sim.url,
        "--judge-model",
        "kfm-sim-1",
        "--out",
        out,
        "--run-id",
        "l",
        "--json",
        "--no-probes",
      ]);
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as RunSummary).counts).toEqual(expectedCounts(suite, options));
    } finally {
      await sim.close();
    }
  });

  it("AA-LCR: a document is read from the data folder only, a missing one is named, and the documents are in the content hash", async () => {
    const copy = await temporaryDirectory();
    await cp(join(dataDir, "aa-lcr"), join(copy, "aa-lcr"), { recursive: true });
    const csv = join(copy, "aa-lcr", "AA-LCR_Dataset.csv");
    const original = await readFile(csv, "utf8");
    const before = (await loadSuite("aa-lcr", { dataDir: copy })).contentHash;
    await writeFile(join(copy, "aa-lcr", "lcr", "Legal", "Lease_Case", "judgment.txt"), "changed\n");
    expect((await loadSuite("aa-lcr", { dataDir: copy })).contentHash).not.toBe(before);
    await writeFile(csv, original.replace("Legal,Lease_Case", "../../..,etc"));
    await expect(loadSuite("aa-lcr", { dataDir: copy })).rejects.toThrow(/outside the data folder|is missing/);
    await writeFile(csv, original.replace("judgment.txt", "gone.txt"));
    await expect(loadSuite("aa-lcr", { dataDir: copy })).rejects.toThrow(/document .*gone\.txt is missing/);
  });

  it("kfm eval --stage runs the stage's suites whose data is present and names the rest", async () => {
    const out = await temporaryDirectory();
    const result = await runKfm([
      "eval",
      "--stage",
      "first-review-2025-12",
      "--endpoint",
      "sim",
      "--judge",
      "sim",
      "--data-dir",
      dataDir,
      "--out",
      out,
      "--json",
      "--no-probes",
      "--limit",
      "2",
    ]);
    expect(result.code).toBe(0);
    const benchmarks = (JSON.parse(result.stdout) as RunSummary[]).map((summary) => summary.suite.benchmark);
    for (const benchmark of [
      "MMLU-Pro",
      "GPQA-Diamond",
      "Humanity's Last Exam (text only)",
      "AIME 2025",
      "AA-LCR",
      "HRM8K",
      "LiveCodeBench v6",
    ])
      expect(benchmarks).toContain(benchmark);
    expect(result.stderr).toContain("Humanity's Last Exam is measured by hle, which runs Humanity's Last Exam (text only)");
    // Issue 20: LiveCodeBench v6 runs, and tau2-bench Telecom with the simulator playing both sides.
    expect(benchmarks).toContain("tau2-bench (Telecom)");
    expect(result.stderr).not.toMatch(/no kfm suite yet/);
    expect(result.stderr).toMatch(/skipping kmmlu-pro: .*which kfm does not ship/);
  });
});
