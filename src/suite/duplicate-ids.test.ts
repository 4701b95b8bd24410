import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSuite } from "./load.js";

const task = (id: string) =>
  JSON.stringify({
    id,
    target: "x",
    messages: [{ role: "user", content: "서울 시간" }],
    tools: [{ type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } }],
    expected: { decision: "call", calls: [{ name: "get_time", arguments: {} }] },
  });

async function agenticSuite(files: Record<string, string[]>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kfm-duplicate-"));
  await mkdir(join(dir, "data"));
  for (const [name, lines] of Object.entries(files)) await writeFile(join(dir, "data", name), lines.join("\n") + "\n");
  await writeFile(
    join(dir, "suite.yaml"),
    `kfm: suite/v1\nid: t\nversion: "1"\ntitle: t\nbenchmark: T\nlanguage: ko\nlicence: x\nsource: { citation: x }\ndata:\n  format: jsonl\n  files: data/*.jsonl\n  subject: { from: value, value: s }\n  fields: { id: id, target: target, messages: messages, tools: tools, expected: expected }\n  target: { field: target }\nagentic: { mode: single-step }\nscorer: { id: tool-call }\n`,
  );
  return join(dir, "suite.yaml");
}

describe("duplicate item ids name both places", () => {
  it("a task id used twice in one file names the file and both lines", async () => {
    const file = await agenticSuite({ "a.jsonl": [task("t-1"), task("t-2"), task("t-1")] });
    await expect(loadSuite(file)).rejects.toThrow(/duplicate task id t-1 in data\/a\.jsonl:3 \(first at data\/a\.jsonl:1\)/);
  });

  it("a task id used in two files names both files and lines", async () => {
    const file = await agenticSuite({ "a.jsonl": [task("t-1")], "b.jsonl": [task("t-2"), task("t-1")] });
    await expect(loadSuite(file)).rejects.toThrow(/duplicate task id t-1 in data\/b\.jsonl:2 \(first at data\/a\.jsonl:1\)/);
  });
});

describe("tau2's step and error limits", () => {
  it("are refused outside dual control, naming the field and its line", async () => {
    const file = await agenticSuite({ "a.jsonl": [task("t-1")] });
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace("agentic: { mode: single-step }", "agentic:\n  mode: loop\n  limits: { steps: 200 }"),
    );
    await expect(loadSuite(file)).rejects.toThrow(
      /suite\.yaml:\d+ \(agentic\.limits\.steps\): limits\.steps counts tau2's orchestrator steps/,
    );
  });
});
