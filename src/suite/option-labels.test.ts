import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSuite } from "./load.js";
import { singleAnswer, stripOptionLabels } from "./option-labels.js";

describe("published answers and options", () => {
  it("reads a list of one answer as that answer, and reports a list of several", () => {
    expect(singleAnswer('["3"]')).toEqual({ value: "3" });
    expect(singleAnswer("3")).toEqual({ value: "3" });
    expect(singleAnswer('["1", "2", "3", "4"]')).toEqual({ several: ["1", "2", "3", "4"] });
  });

  it("strips the options' own numbering once, only when every option carries it in order", () => {
    expect(stripOptionLabels(["1) 가", "2) 나", "3) 다"])).toEqual(["가", "나", "다"]);
    expect(stripOptionLabels(["(1) 가", "(2) (1)과 같다"])).toEqual(["가", "(1)과 같다"]);
    expect(stripOptionLabels(["① 가", "② 나"])).toEqual(["가", "나"]);
    expect(stripOptionLabels(["1) 가", "나"])).toEqual(["1) 가", "나"]);
    expect(stripOptionLabels(["2) 가", "1) 나"])).toEqual(["2) 가", "1) 나"]);
  });

  it("loads the KMMLU harness fork's layout: solution as a list of strings, options numbered 1) to 4)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-labels-"));
    await mkdir(join(dir, "d"));
    const rows = [
      { question: "첫 문제", options: ["1) 가", "2) 나", "3) 다", "4) 라"], solution: ["3"], category: "Law" },
      { question: "둘째 문제", options: ["1) 마", "2) 바", "3) 사", "4) 아"], solution: ["1"], category: "Law" },
    ];
    await writeFile(join(dir, "d", "test.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n"));
    await writeFile(
      join(dir, "s.yaml"),
      `kfm: suite/v1\nid: s\nversion: "1"\ntitle: t\nbenchmark: B\nlanguage: ko\nlicence: x\nsource: { citation: c }\ndata:\n  format: jsonl\n  files: d/test.jsonl\n  subject: { from: field, field: category }\n  fields: { question: question, options: options, answer: solution }\n  choices_field: options\n  target: { field: answer, choice: index1 }\nprompt: { user: "{{question}}\\n{{options}}" }\nscorer: { id: multiple-choice }\n`,
    );
    const suite = await loadSuite(join(dir, "s.yaml"));
    expect(suite.items.map((item) => item.target)).toEqual(["C", "A"]);
    expect(suite.render(suite.items[0]!).messages[0]!.content).toBe("첫 문제\nA. 가\nB. 나\nC. 다\nD. 라");
    await writeFile(join(dir, "d", "test.jsonl"), JSON.stringify({ ...rows[0], solution: ["1", "2", "3", "4"] }));
    // Every option listed: a voided item, correct whatever the answer (the record says which were accepted).
    const voided = await loadSuite(join(dir, "s.yaml"));
    expect(voided.items[0]!.accepted).toEqual(["A", "B", "C", "D"]);
  });
});
