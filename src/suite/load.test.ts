import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import { builtInSuitesDir } from "./catalog.js";
import { loadSuite, type LoadedSuite } from "./load.js";
import { selectItems } from "./select.js";

interface SubjectInfo {
  subject: string;
  supercategory: string;
  n_test: number;
}
const subjects = JSON.parse(readFileSync(join(builtInSuitesDir, "kmmlu", "data", "subjects.json"), "utf8")) as SubjectInfo[];

let kmmlu: LoadedSuite;
let fiveShot: LoadedSuite;
beforeAll(async () => {
  [kmmlu, fiveShot] = await Promise.all([loadSuite("kmmlu"), loadSuite("kmmlu-5shot")]);
});

describe("the KMMLU suites", () => {
  it("hold all 35,030 test items in 45 subjects, as subjects.json counts them", () => {
    expect(kmmlu.items).toHaveLength(35_030);
    const counts = new Map<string, number>();
    for (const item of kmmlu.items) counts.set(item.subject, (counts.get(item.subject) ?? 0) + 1);
    expect(counts.size).toBe(45);
    for (const subject of subjects) expect(counts.get(subject.subject)).toBe(subject.n_test);
    expect(new Set(kmmlu.items.map((item) => item.id)).size).toBe(35_030);
    expect(new Set(kmmlu.items.map((item) => item.supercategory))).toEqual(new Set(subjects.map((subject) => subject.supercategory)));
  });

  it("map math-test.csv by column name although its columns are in another order", () => {
    const math = kmmlu.items.find((item) => item.id === "math-test:0")!;
    expect(math.fields.question!.startsWith("함수 f(x)=-x3+2x+3")).toBe(true);
    expect(math.target).toBe("A");
    expect(math.choices).toEqual(["6", "12", "18", "36"]);
    expect(math.supercategory).toBe("STEM");
  });

  it("zero-shot prompt asks for a final `정답: X` line and carries the options", () => {
    const [message] = kmmlu.render(kmmlu.items[0]!).messages;
    expect(message!.role).toBe("user");
    expect(message!.content).toContain("정답: X");
    expect(message!.content).toContain(`A. ${kmmlu.items[0]!.choices![0]}`);
    expect(kmmlu.generation).toEqual({ temperature: 0, maxTokens: 2048 });
    expect(kmmlu.scorer).toEqual({ id: "multiple-choice", args: { choices: ["A", "B", "C", "D"] } });
  });

  it("5-shot prompt: five examples of the item's subject in the direct form, ending with 정답：", () => {
    const item = fiveShot.items.find((candidate) => candidate.subject === "Biology")!;
    const content = fiveShot.render(item).messages[0]!.content;
    expect(content.endsWith("정답：")).toBe(true);
    expect(content.match(/\n정답：[A-D]/g)).toHaveLength(5);
    expect(
      content.endsWith(
        `${item.fields.question}\nA. ${item.fields.A}\nB. ${item.fields.B}\nC. ${item.fields.C}\nD. ${item.fields.D}\n정답：`,
      ),
    ).toBe(true);
    const dev = readFileSync(join(builtInSuitesDir, "kmmlu", "data", "dev", "Biology-dev.csv"), "utf8");
    const firstDevQuestion = content.split("\nA. ")[0]!;
    expect(dev).toContain(firstDevQuestion.slice(0, 30));
  });

  it("records a content hash of the suite file and its data", () => {
    expect(kmmlu.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fiveShot.contentHash).not.toBe(kmmlu.contentHash);
  });
});

describe("selectItems", () => {
  it("samples deterministically, stratified by subject, in suite order", () => {
    const a = selectItems(kmmlu.items, { sample: 450, seed: 1 });
    const b = selectItems(kmmlu.items, { sample: 450, seed: 1 });
    const c = selectItems(kmmlu.items, { sample: 450, seed: 2 });
    expect(a).toHaveLength(450);
    expect(a.map((item) => item.id)).toEqual(b.map((item) => item.id));
    expect(a.map((item) => item.id)).not.toEqual(c.map((item) => item.id));
    expect(a.map((item) => item.index)).toEqual([...a.map((item) => item.index)].sort((x, y) => x - y));
    const perSubject = new Map<string, number>();
    for (const item of a) perSubject.set(item.subject, (perSubject.get(item.subject) ?? 0) + 1);
    for (const subject of subjects) {
      const exact = (450 * subject.n_test) / 35_030;
      expect(Math.abs((perSubject.get(subject.subject) ?? 0) - exact)).toBeLessThan(1);
    }
  });

  it("--limit takes the first N; shards partition the selection", () => {
    expect(selectItems(kmmlu.items, { limit: 3 }).map((item) => item.id)).toEqual(kmmlu.items.slice(0, 3).map((item) => item.id));
    const shards = [0, 1, 2].map((index) => selectItems(kmmlu.items, { sample: 100, seed: 4, shard: { index, count: 3 } }));
    expect(
      shards
        .flat()
        .map((item) => item.id)
        .sort(),
    ).toEqual(
      selectItems(kmmlu.items, { sample: 100, seed: 4 })
        .map((item) => item.id)
        .sort(),
    );
  });
});

/** A small suite in a temporary folder, to break in controlled ways. */
async function miniSuite(yaml: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kfm-suite-"));
  await mkdir(join(dir, "data"), { recursive: true });
  const csv = files["data/t.csv"] ?? "question,answer,A,B,C,D\n1+1?,2,1,2,3,4\n2+2?,4,1,2,3,4\n";
  await writeFile(join(dir, "data", "t.csv"), csv);
  for (const [name, content] of Object.entries(files)) if (name !== "data/t.csv") await writeFile(join(dir, name), content);
  await writeFile(join(dir, "suite.yaml"), yaml);
  return join(dir, "suite.yaml");
}

const GOOD = `kfm: suite/v1
id: mini
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
scorer: { id: multiple-choice }
`;

async function failure(file: string): Promise<KfmError> {
  const error = await loadSuite(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(KfmError.isInstance(error)).toBe(true);
  return error as KfmError;
}

describe("suite validation errors name file, line and field path", () => {
  it("a good mini suite loads", async () => {
    const suite = await loadSuite(await miniSuite(GOOD));
    expect(suite.items.map((item) => [item.id, item.target, item.subject])).toEqual([
      ["t:0", "B", "t"],
      ["t:1", "D", "t"],
    ]);
  });

  it.each([
    ["a bad enum", GOOD.replace("format: csv", "format: tsv"), 10, "data.format"],
    ["a wrong type", GOOD.replace("version: 1.0.0", "version: [1]"), 3, "version"],
    ["a missing field", GOOD.replace("title: Mini\n", ""), 1, "title"],
    ["an unknown key", GOOD.replace("language: ko", "language: ko\nlangauge: ko"), 7, "langauge"],
    ["a glob leaving the folder", GOOD.replace("files: data/*.csv", "files: ../x/*.csv"), 11, "data.files"],
    ["an unknown template variable", GOOD.replace("{{question}}", "{{questoin}}"), 16, "prompt.user"],
    ["a choice that is not a field", GOOD.replace("choices: [A, B, C, D]", "choices: [A, B, C, E]"), 13, "data.choices[3]"],
  ])("%s", async (_name, yaml, line, path) => {
    const file = await miniSuite(yaml);
    const error = await failure(file);
    expect(error.message).toContain(`suite.yaml:${line}`);
    expect(error.message).toContain(`(${path})`);
  });

  it("a YAML syntax error names its line", async () => {
    const error = await failure(await miniSuite(GOOD.replace("prompt:\n", "prompt: [\n")));
    expect(error.message).toMatch(/suite\.yaml:\d+:\d+: YAML syntax error/);
  });

  it("a CSV missing a mapped column names the file, the column and the columns it has", async () => {
    const error = await failure(await miniSuite(GOOD, { "data/t.csv": "question,answer,A,B,C\n1+1?,2,1,2,3\n" }));
    expect(error.code).toBe("data");
    expect(error.message).toContain("t.csv:1");
    expect(error.message).toContain('missing column "D"');
    expect(error.message).toContain("question, answer, A, B, C");
  });

  it("a target outside the map names the file, line and item id", async () => {
    const error = await failure(await miniSuite(GOOD, { "data/t.csv": "question,answer,A,B,C,D\n1+1?,2,1,2,3,4\n2+2?,9,1,2,3,4\n" }));
    expect(error.message).toContain("t.csv:3");
    expect(error.message).toContain("item t:1");
  });

  it("data under a link out of the suite's folder is refused, naming where it leads", async () => {
    const file = await miniSuite(GOOD);
    const outside = await mkdtemp(join(tmpdir(), "kfm-outside-"));
    await writeFile(join(outside, "t.csv"), "question,answer,A,B,C,D\n1+1?,2,1,2,3,4\n");
    await rm(join(file, "..", "data"), { recursive: true });
    await symlink(outside, join(file, "..", "data"));
    const error = await failure(file);
    expect(error.message).toContain("(data.files)");
    expect(error.message).toContain(`resolves outside the suite's folder (${join(await realpath(outside), "t.csv")})`);
  });

  it("a glob matching nothing says so", async () => {
    const error = await failure(await miniSuite(GOOD.replace("files: data/*.csv", "files: data/*.jsonl")));
    expect(error.message).toContain('no file matches "data/*.jsonl"');
  });

  it("the content hash changes when one data byte changes", async () => {
    const a = await loadSuite(await miniSuite(GOOD));
    const b = await loadSuite(await miniSuite(GOOD, { "data/t.csv": "question,answer,A,B,C,D\n1+1?,2,1,2,3,4\n2+2?,4,1,2,3,5\n" }));
    expect(a.contentHash).not.toBe(b.contentHash);
    const again = await loadSuite(await miniSuite(GOOD));
    expect(again.contentHash).toBe(a.contentHash);
  });

  it("jsonl data and a subject from a field", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "kfm-suite-")), "s");
    await cp(join(builtInSuitesDir, "kmmlu", "LICENSE"), join(dir, "LICENSE"), { recursive: true });
    await mkdir(join(dir, "data"), { recursive: true });
    await writeFile(
      join(dir, "data", "x.jsonl"),
      '{"q":"a?","gold":"B","opts":"x","topic":"law"}\n{"q":"b?","gold":"A","opts":"y","topic":"tax"}\n',
    );
    await writeFile(
      join(dir, "s.yaml"),
      GOOD.replace("format: csv", "format: jsonl")
        .replace("files: data/*.csv", "files: data/*.jsonl\n  subject: { from: field, field: topic }")
        .replace("fields: { question: question, A: A, B: B, C: C, D: D, answer: answer }", "fields: { question: q, answer: gold }")
        .replace("  choices: [A, B, C, D]\n", "")
        .replace('target: { field: answer, map: { "1": A, "2": B, "3": C, "4": D } }', "target: { field: answer }")
        .replace('user: "{{question}}\\nA. {{A}}\\nB. {{B}}\\nC. {{C}}\\nD. {{D}}"', 'user: "{{question}} ({{subject}})"'),
    );
    const suite = await loadSuite(join(dir, "s.yaml"));
    expect(suite.items.map((item) => [item.subject, item.target])).toEqual([
      ["law", "B"],
      ["tax", "A"],
    ]);
    expect(suite.render(suite.items[0]!).messages[0]!.content).toBe("a? (law)");
  });
});

describe("agentic and multi-turn suites: bad data names the file, line, item and field", () => {
  async function agenticSuite(lines: string[], extra = ""): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "kfm-agentic-"));
    await mkdir(join(dir, "data"));
    await writeFile(join(dir, "data", "tasks.jsonl"), lines.join("\n") + "\n");
    await writeFile(
      join(dir, "suite.yaml"),
      `kfm: suite/v1\nid: t\nversion: "1"\ntitle: t\nbenchmark: T\nlanguage: ko\nlicence: x\nsource: { citation: x }\ndata:\n  format: jsonl\n  files: data/tasks.jsonl\n  subject: { from: value, value: s }\n  fields: { target: target, messages: messages, tools: tools, expected: expected }\n  target: { field: target }\nagentic: { mode: single-step }\nscorer: { id: tool-call }\n${extra}`,
    );
    return join(dir, "suite.yaml");
  }
  const good = {
    target: "x",
    messages: [{ role: "user", content: "서울 시간" }],
    tools: [{ type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } }],
    expected: { decision: "call", calls: [{ name: "get_time", arguments: {} }] },
  };

  it("loads a task in OpenAI's shapes into kfm's task", async () => {
    const suite = await loadSuite(await agenticSuite([JSON.stringify(good)]));
    expect(suite.items[0]!.task).toMatchObject({
      messages: [{ role: "user", content: "서울 시간" }],
      tools: [{ name: "get_time" }],
      expected: { decision: "call" },
    });
    expect(suite.render(suite.items[0]!)).toMatchObject({ tools: [{ name: "get_time" }] });
  });

  it.each([
    [
      "an unknown decision",
      { ...good, expected: { decision: "maybe" } },
      /tasks\.jsonl:2 \(expected\): item tasks:1: expected \[decision\]/,
    ],
    [
      "a call decision without calls or state",
      { ...good, expected: { decision: "call" } },
      /a `call` decision needs the expected calls or an expected state/,
    ],
    [
      "a message with an unknown role",
      { ...good, messages: [{ role: "robot", content: "x" }] },
      /tasks\.jsonl:2 \(messages\): item tasks:1: messages \[0\]\[role\]/,
    ],
  ])("%s", async (_label, task, message) => {
    const failure = await loadSuite(await agenticSuite([JSON.stringify(good), JSON.stringify(task)])).catch((error: unknown) => error);
    expect(KfmError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toMatch(message);
  });

  it("an agentic suite must map messages and expected; an environment module must export createEnvironment", async () => {
    const path = await agenticSuite([JSON.stringify(good)]);
    await writeFile(path, readFileSync(path, "utf8").replace("expected: expected }", "}"));
    await expect(loadSuite(path)).rejects.toThrow(/an agentic suite maps the task field "expected" under data.fields/);
    const withModule = await agenticSuite([JSON.stringify(good)]);
    await writeFile(
      withModule,
      readFileSync(withModule, "utf8").replace("agentic: { mode: single-step }", "agentic: { mode: loop, environment: env.mjs }"),
    );
    await writeFile(join(withModule, "..", "env.mjs"), "export const nothing = 1;\n");
    await expect(loadSuite(withModule)).rejects.toThrow(/env\.mjs does not export createEnvironment\(task\)/);
  });
});
