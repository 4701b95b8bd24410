import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { expectedOutcome, startSimServer } from "../src/sim/index.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

/** Small synthetic files in each dataset's published format (the real data is gated or non-commercial). */
async function syntheticData(): Promise<string> {
  const dir = await temporaryDirectory("kfm-supplied-");
  const lines = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
  const write = async (path: string, rows: unknown[]) => {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), lines(rows));
  };
  await write(
    "kmmlu-redux/test.jsonl",
    Array.from({ length: 12 }, (_, index) => ({
      question: `리덕스 문제 ${index}: 옳은 것은?`,
      options: [`가${index}`, `나${index}`, `다${index}`, `라${index}`],
      solution: (index % 4) + 1,
      category: index % 2 ? "Law" : "Accounting",
    })),
  );
  await write(
    "kmmlu-pro/test.jsonl",
    Array.from({ length: 10 }, (_, index) => ({
      question: `프로 문제 ${index}`,
      options: ["①", "②", "③", "④", "⑤"].map((label) => `${label} 보기 ${index}`),
      solution: (index % 5) + 1,
      license_name: "공인회계사",
    })),
  );
  await write(
    "click/click.jsonl",
    Array.from({ length: 8 }, (_, index) => ({
      id: `c${index}`,
      paragraph: `지문 ${index}`,
      question: `질문 ${index}?`,
      choices: [`답${index}-1`, `답${index}-2`, `답${index}-3`, `답${index}-4`],
      answer: `답${index}-${(index % 4) + 1}`,
    })),
  );
  await write(
    "kobalt/kobalt-700.jsonl",
    Array.from({ length: 10 }, (_, index) => ({
      Question: `다음 중 문법적으로 옳은 문장은? (${index})\nA. 가\nB. 나\nC. 다\nD. 라\nE. 마\nF. 바\nG. 사\nH. 아\nI. 자\nJ. 차`,
      Answer: "ABCDEFGHIJ"[index % 10],
      Class: "Syntax",
    })),
  );
  return dir;
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await syntheticData();
});

describe("suites whose data kfm may not ship", () => {
  it.each(["kmmlu-redux", "kmmlu-pro", "click", "kobalt"])(
    "%s without its data says where to get it, under which licence, and where to put it (exit 2)",
    async (id) => {
      const empty = await temporaryDirectory();
      const result = await runKfm(["eval", id, "--endpoint", "sim", "--data-dir", empty, "--out", empty]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("which kfm does not ship");
      expect(result.stderr).toMatch(/Obtain it from https:\/\/(huggingface\.co\/datasets|github\.com)\//);
      expect(result.stderr).toContain("licence");
      expect(result.stderr).toContain("--data-dir");
    },
  );

  it("maps each published format: options from a list, targets by index, letter or text", async () => {
    const redux = await loadSuite("kmmlu-redux", { dataDir });
    expect(redux.items).toHaveLength(12);
    expect(redux.items[1]!.target).toBe("B");
    expect(redux.render(redux.items[1]!).messages[0]!.content).toContain("A. 가1\nB. 나1\nC. 다1\nD. 라1");
    const pro = await loadSuite("kmmlu-pro", { dataDir });
    expect(pro.items[4]!.target).toBe("E");
    expect(pro.items[0]!.choices).toHaveLength(5);
    const click = await loadSuite("click", { dataDir });
    expect(click.items.map((item) => item.target).slice(0, 4)).toEqual(["A", "B", "C", "D"]);
    const kobalt = await loadSuite("kobalt", { dataDir });
    expect(kobalt.items[9]!.target).toBe("J");
  });

  it("kmmlu-redux runs over HTTP from the CLI with the user's data and records where it came from", async () => {
    const suite = await loadSuite("kmmlu-redux", { dataDir });
    const options = { seed: 2, accuracy: 0.5, noAnswerRate: 0 };
    const sim = await startSimServer({ ...options, answerKey: answerKey(suite.items, (item) => suite.render(item)) });
    try {
      const out = await temporaryDirectory();
      const result = await runKfm([
        "eval",
        "kmmlu-redux",
        "--data-dir",
        dataDir,
        "--endpoint",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--out",
        out,
        "--run-id",
        "redux",
        "--json",
      ]);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as RunSummary;
      const expected = { correct: 0, incorrect: 0, "no-answer": 0, error: 0 };
      for (const entry of answerKey(suite.items, (item) => suite.render(item))) expected[expectedOutcome(options, entry)]++;
      expect(summary.counts).toEqual(expected);
      expect(summary.suite.benchmark).toBe("KMMLU-Redux");
    } finally {
      await sim.close();
    }
  });

  it("a checksum that does not match names the file and both hashes", async () => {
    const dir = await temporaryDirectory();
    await mkdir(join(dir, "d"));
    await writeFile(join(dir, "d", "x.jsonl"), '{"q":"a","o":["x","y"],"s":1}\n');
    await writeFile(
      join(dir, "s.yaml"),
      `kfm: suite/v1\nid: s\nversion: "1"\ntitle: t\nbenchmark: B\nlanguage: ko\nlicence: x\nsource: { citation: c }\ndata:\n  format: jsonl\n  files: d/x.jsonl\n  supplied: { name: N, obtain: https://example.org, licence: L, files: [{ path: d/x.jsonl, sha256: "${"0".repeat(64)}" }] }\n  fields: { question: q, options: o, answer: s }\n  choices_field: options\n  target: { field: answer, choice: index1 }\nprompt: { user: "{{question}}\\n{{options}}" }\nscorer: { id: multiple-choice }\n`,
    );
    const error = await loadSuite(join(dir, "s.yaml"), { dataDir: dir }).catch((caught: unknown) => caught as Error);
    expect((error as Error).message).toContain("x.jsonl has sha256");
    expect((error as Error).message).toContain("0".repeat(64));
  });
});
