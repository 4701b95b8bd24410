import { once } from "node:events";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { evaluate } from "../src/app/evaluate.js";
import { loadSuite } from "../src/suite/index.js";
import { projectRoot, runKfm, temporaryDirectory } from "./helpers/cli.js";

/** tests/fixtures/supplied-layouts/<suite>/<layout>/ is a --data-dir holding a few made-up rows in that published layout. */
const fixtures = join(projectRoot, "tests", "fixtures", "supplied-layouts");

/** A chat server that answers A to every question, in the forms every multiple-choice suite's extraction reads. */
async function alwaysA(content = "The answer is (A).\nAnswer: A\n정답: A") {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          id: "x",
          object: "chat.completion",
          model: "always-a",
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 5, completion_tokens: 3 },
        }),
      );
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, close: () => new Promise((done) => server.close(done)) };
}

let server: Awaited<ReturnType<typeof alwaysA>>;
beforeAll(async () => {
  server = await alwaysA();
});
afterAll(async () => {
  await server.close();
});

/** A run over HTTP through the library (the CLI's own path is tested once below: spawning it per layout is slow). */
async function run(suite: string, dataDir: string, endpoint = server.url): Promise<{ summary: RunSummary; records: ItemRecord[] }> {
  const out = await temporaryDirectory();
  const result = await evaluate({
    suite,
    endpoint,
    model: "always-a",
    noProbes: true,
    dataDir,
    outDir: out,
    runId: "r",
    progress: "none",
  });
  const text = await readFile(join(result.runDir, "items.jsonl"), "utf8");
  return {
    summary: result.summary,
    records: text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as ItemRecord),
  };
}

describe("supplied suites read their published layouts from --data-dir", () => {
  // [suite, layout, items, items whose answer is A (or which accept any answer)]
  it.each([
    ["click", "dataset-folder", 5, 3],
    ["click", "parquet", 3, 2],
    ["kmmlu-redux", "parquet", 5, 3],
    ["kmmlu-redux", "harness-fork", 5, 3],
    ["kmmlu-pro", "parquet", 5, 3],
    ["kmmlu-pro", "harness-fork", 5, 3],
    ["kobalt", "parquet", 5, 2],
    ["kobalt", "json", 5, 2],
    ["kobalt", "parquet-en", 4, 2],
    ["kobalt", "json-en", 4, 2],
    ["mmlu-pro", "parquet", 4, 2],
  ])("%s in its %s layout: an always-A model scores exactly the items whose answer is A", async (suite, layout, items, correct) => {
    const dataDir = join(fixtures, suite, layout);
    const loaded = await loadSuite(suite, { dataDir });
    // The fixture folder is named after the layout it holds (the harness fork is read by the suites' json layout).
    expect(loaded.layout?.id).toBe(layout === "harness-fork" ? "json" : layout);
    const answeredA = loaded.items.filter((item) => (item.accepted ?? [item.target]).includes("A")).length;
    expect(answeredA).toBe(correct);
    const { summary, records } = await run(suite, dataDir);
    expect(summary.counts).toEqual({ correct, incorrect: items - correct, "no-answer": 0, error: 0 });
    expect(records).toHaveLength(items);
  });

  it("GPQA-Diamond from the authors' zip folder: the shuffle decides which items an always-A model gets right", async () => {
    const dataDir = join(fixtures, "gpqa-diamond", "zip-folder");
    const loaded = await loadSuite("gpqa-diamond", { dataDir });
    const { summary } = await run("gpqa-diamond", dataDir);
    expect(summary.counts.correct).toBe(loaded.items.filter((item) => item.target === "A").length);
    expect(summary.counts.correct + summary.counts.incorrect).toBe(3);
  });

  it("the harness fork's voided item (a list of every option) is correct whatever the answer, and its record lists what was accepted", async () => {
    const dataDir = join(fixtures, "kmmlu-redux", "harness-fork");
    const { records } = await run("kmmlu-redux", dataDir);
    const voided = records.find((record) => record.id === "Law:2")!;
    expect(voided.accepted).toEqual(["A", "B", "C", "D"]);
    expect(voided.status).toBe("correct");
    expect(records.filter((record) => record.accepted)).toHaveLength(1);
  });

  it("options numbered by the data are labelled once: `1) 가` is rendered `A. 가`, `① 하나` is `A. 하나`", async () => {
    const redux = await loadSuite("kmmlu-redux", { dataDir: join(fixtures, "kmmlu-redux", "harness-fork") });
    expect(redux.render(redux.items[0]!).messages[0]!.content).toContain("A. 가\nB. 나\nC. 다\nD. 라");
    const click = await loadSuite("click", { dataDir: join(fixtures, "click", "dataset-folder") });
    const grammar = click.items.find((item) => item.subject === "Grammar")!;
    expect(grammar.choices).toEqual(["하나", "둘", "셋", "넷", "다섯"]);
    expect(click.render(grammar).messages[0]!.content).toContain("A. 하나\nB. 둘");
  });

  it("CLIcK's categories come from the path, with Culture and Language as supercategories", async () => {
    const click = await loadSuite("click", { dataDir: join(fixtures, "click", "dataset-folder") });
    expect(click.items.map((item) => [item.subject, item.supercategory, item.target])).toEqual([
      ["Korean History", "Culture", "A"],
      ["Korean Law", "Culture", "A"],
      ["Korean Law", "Culture", "C"],
      ["Grammar", "Language", "A"],
      ["Grammar", "Language", "D"],
    ]);
    expect(click.layout?.id).toBe("dataset-folder");
  });

  it("HLE from its Parquet: the text columns only, items with an image left out and counted", async () => {
    const hle = await loadSuite("hle", { dataDir: join(fixtures, "hle", "parquet") });
    expect(hle.items.map((item) => [item.fields.id, item.subject, item.target])).toEqual([
      ["a1", "Math", "42"],
      ["a3", "Physics", "C"],
    ]);
    expect(hle.warnings.some((warning) => warning.includes("1 of 3 rows left out"))).toBe(true);
  });

  it("MMLU-Pro from its Parquet takes its five examples from the validation Parquet and drops the N/A padding", async () => {
    const mmlu = await loadSuite("mmlu-pro", { dataDir: join(fixtures, "mmlu-pro", "parquet") });
    const prompt = mmlu.render(mmlu.items[0]!).messages[0]!.content;
    expect(prompt.match(/Answer: Let's think step by step\. The answer is \(B\)\./g)).toHaveLength(5);
    expect(mmlu.items[0]!.choices).toHaveLength(9);
  });

  it("KoBALT's Korean columns: subject from 대분류, the options inline, the evaluation protocol's prompt, whose required ending is read", async () => {
    const dataDir = join(fixtures, "kobalt", "json");
    const kobalt = await loadSuite("kobalt", { dataDir });
    expect(kobalt.items.map((item) => [item.subject, item.target])).toEqual([
      ["통사론", "A"],
      ["의미론", "H"],
      ["음운론", "A"],
      ["화용론", "C"],
      ["형태론", "J"],
    ]);
    const [system, user] = kobalt.render(kobalt.items[1]!).messages;
    expect(system).toEqual({ role: "system", content: "당신은 문제를 해결하는 전문가입니다." });
    expect(user!.content).toMatch(
      /^다음 문제에 대해서 충분히 생각하고 추론하여, 10개의 보기\(A, B, C, D, E, F, G, H, I, J\) 중 정답을 고르세요\.\n\n지문:/,
    );
    expect(user!.content).toContain("A: 벌이려고, 면했어서, 들러볼게\nB: ");
    expect(user!.content).toMatch(
      /J: 벌까, 면했을, 들르자\n\n답변은 반드시 다음 형식을 엄격히 지켜야 합니다: .*\n\n정답: 문제를 풀기 위해, 한 번 천천히 생각해봅시다\.$/,
    );
    const alwaysH = await alwaysA("보기를 하나씩 따져 보면 H만 세 빈칸에 모두 자연스럽습니다.\n\n정답은 H입니다.");
    try {
      const { summary, records } = await run("kobalt", dataDir, alwaysH.url);
      expect(summary.counts).toEqual({ correct: 1, incorrect: 4, "no-answer": 0, error: 0 });
      expect(records.filter((record) => record.status === "correct").map((record) => record.target)).toEqual(["H"]);
    } finally {
      await alwaysH.close();
    }
  });

  it("layouts with the same files are told apart by their columns; a file with neither layout's columns is refused, naming both", async () => {
    const dir = await temporaryDirectory();
    await mkdir(join(dir, "kobalt"));
    await writeFile(join(dir, "kobalt", "train.jsonl"), JSON.stringify({ id: "x", prompt: "문제", label: "A" }) + "\n");
    const result = await runKfm(["eval", "kobalt", "--endpoint", server.url, "--model", "m", "--data-dir", dir, "--out", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("in none of its published layouts by their columns");
    expect(result.stderr).toContain(
      "layout json expects columns 대분류, question, answer in the first row of kobalt/train.jsonl, which has id, prompt, label",
    );
    expect(result.stderr).toContain("layout json-en expects columns Class, Question, Answer");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("kfm eval runs a published layout from the CLI", async () => {
    const out = await temporaryDirectory();
    const dataDir = join(fixtures, "click", "dataset-folder");
    const result = await runKfm([
      "eval",
      "click",
      "--endpoint",
      server.url,
      "--model",
      "always-a",
      "--no-probes",
      "--data-dir",
      dataDir,
      "--out",
      out,
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as RunSummary).counts).toEqual({ correct: 3, incorrect: 2, "no-answer": 0, error: 0 });
    const runs = await readdir(out);
    const manifest = JSON.parse(await readFile(join(out, runs[0]!, "manifest.json"), "utf8")) as RunManifest;
    expect(manifest.suite.layout).toBe("dataset-folder");
  });

  it("no data, or data in no published layout: exit 2 naming each layout's files and what was found instead", async () => {
    const empty = await temporaryDirectory();
    const missing = await runKfm(["eval", "click", "--endpoint", server.url, "--model", "m", "--data-dir", empty, "--out", empty]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("none of its published layouts is in");
    expect(missing.stderr).toContain("click/**/Dataset/{Culture,Language}/*/*.json");
    expect(missing.stderr).toContain("click/**/*.parquet");
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    await mkdir(join(empty, "click"));
    await writeFile(join(empty, "click", "click.csv"), "id,question\n1,q\n");
    const unknown = await runKfm(["eval", "click", "--endpoint", server.url, "--model", "m", "--data-dir", empty, "--out", empty]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("found instead: click/click.csv");
  });
});
